build-h3/guests/obj/vm_wild_ept.o: guest-abi/tests/vm_wild_ept.c \
 guest-abi/tests/rt.h guest-abi/tdvisor_pv.h guest-abi/tests/insn.h
guest-abi/tests/rt.h:
guest-abi/tdvisor_pv.h:
guest-abi/tests/insn.h:
