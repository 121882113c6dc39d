build-h3/guests/obj/console.o: guest-abi/tests/console.c \
 guest-abi/tests/rt.h guest-abi/tdvisor_pv.h guest-abi/tests/insn.h
guest-abi/tests/rt.h:
guest-abi/tdvisor_pv.h:
guest-abi/tests/insn.h:
