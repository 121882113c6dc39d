build-h3/guests/td-obj/td_badcalls.o: guest-abi/tests/td_badcalls.c \
 guest-abi/tests/td_rt.h guest-abi/tdx_ghci.h guest-abi/tests/rt.h \
 guest-abi/tdvisor_pv.h guest-abi/tests/insn.h
guest-abi/tests/td_rt.h:
guest-abi/tdx_ghci.h:
guest-abi/tests/rt.h:
guest-abi/tdvisor_pv.h:
guest-abi/tests/insn.h:
