build-h3/guests/td-obj/td_test.o: guest-abi/tests/td_test.c \
 guest-abi/tests/td_rt.h guest-abi/tdx_ghci.h guest-abi/tests/rt.h \
 guest-abi/tdvisor_pv.h guest-abi/tests/insn.h seam/crypto/sha384.h \
 seam/crypto/../../hv/types.h
guest-abi/tests/td_rt.h:
guest-abi/tdx_ghci.h:
guest-abi/tests/rt.h:
guest-abi/tdvisor_pv.h:
guest-abi/tests/insn.h:
seam/crypto/sha384.h:
seam/crypto/../../hv/types.h:
