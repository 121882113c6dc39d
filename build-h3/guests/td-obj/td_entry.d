build-h3/guests/td-obj/td_entry.o: guest-abi/tests/td_entry.S \
 guest-abi/tests/td_rt.h
guest-abi/tests/td_rt.h:
