build-h3/guests/obj/vm_triple_fault.o: guest-abi/tests/vm_triple_fault.c \
 guest-abi/tests/rt.h guest-abi/tdvisor_pv.h guest-abi/tests/insn.h
guest-abi/tests/rt.h:
guest-abi/tdvisor_pv.h:
guest-abi/tests/insn.h:
