build-h3/obj/seam/crypto/hmac_sha384.c.o: seam/crypto/hmac_sha384.c \
 seam/crypto/hmac_sha384.h seam/crypto/sha384.h \
 seam/crypto/../../hv/types.h seam/crypto/../../hv/lib/string.h \
 seam/crypto/../../hv/lib/../types.h
seam/crypto/hmac_sha384.h:
seam/crypto/sha384.h:
seam/crypto/../../hv/types.h:
seam/crypto/../../hv/lib/string.h:
seam/crypto/../../hv/lib/../types.h:
