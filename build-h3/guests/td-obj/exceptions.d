build-h3/guests/td-obj/exceptions.o: guest-abi/tests/exceptions.S
