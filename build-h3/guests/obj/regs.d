build-h3/guests/obj/regs.o: guest-abi/tests/regs.S
