build-h3/guests/obj/vm_tight_loop.o: guest-abi/tests/vm_tight_loop.c \
 guest-abi/tests/rt.h guest-abi/tdvisor_pv.h guest-abi/tests/insn.h
guest-abi/tests/rt.h:
guest-abi/tdvisor_pv.h:
guest-abi/tests/insn.h:
