build-h3/guests/obj/entry.o: guest-abi/tests/entry.S
