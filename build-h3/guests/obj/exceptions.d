build-h3/guests/obj/exceptions.o: guest-abi/tests/exceptions.S
