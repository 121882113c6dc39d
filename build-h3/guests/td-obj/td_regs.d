build-h3/guests/td-obj/td_regs.o: guest-abi/tests/td_regs.S
