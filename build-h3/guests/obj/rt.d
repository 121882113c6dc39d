build-h3/guests/obj/rt.o: guest-abi/tests/rt.c guest-abi/tests/rt.h \
 guest-abi/tdvisor_pv.h guest-abi/tests/insn.h
guest-abi/tests/rt.h:
guest-abi/tdvisor_pv.h:
guest-abi/tests/insn.h:
