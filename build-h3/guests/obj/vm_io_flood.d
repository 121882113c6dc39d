build-h3/guests/obj/vm_io_flood.o: guest-abi/tests/vm_io_flood.c \
 guest-abi/tests/rt.h guest-abi/tdvisor_pv.h guest-abi/tests/insn.h
guest-abi/tests/rt.h:
guest-abi/tdvisor_pv.h:
guest-abi/tests/insn.h:
