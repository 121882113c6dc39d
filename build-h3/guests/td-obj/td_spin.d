build-h3/guests/td-obj/td_spin.o: guest-abi/tests/td_spin.c \
 guest-abi/tests/td_rt.h guest-abi/tdx_ghci.h guest-abi/tests/rt.h \
 guest-abi/tdvisor_pv.h guest-abi/tests/insn.h
guest-abi/tests/td_rt.h:
guest-abi/tdx_ghci.h:
guest-abi/tests/rt.h:
guest-abi/tdvisor_pv.h:
guest-abi/tests/insn.h:
