build-h3/guests/td-obj/sha384.o: seam/crypto/sha384.c \
 seam/crypto/sha384.h seam/crypto/../../hv/types.h \
 seam/crypto/../../hv/lib/string.h seam/crypto/../../hv/lib/../types.h
seam/crypto/sha384.h:
seam/crypto/../../hv/types.h:
seam/crypto/../../hv/lib/string.h:
seam/crypto/../../hv/lib/../types.h:
