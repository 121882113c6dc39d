build-h3/obj/seam/measure.c.o: seam/measure.c seam/measure.h \
 seam/crypto/sha384.h seam/crypto/../../hv/types.h \
 seam/../hv/lib/string.h seam/../hv/lib/../types.h
seam/measure.h:
seam/crypto/sha384.h:
seam/crypto/../../hv/types.h:
seam/../hv/lib/string.h:
seam/../hv/lib/../types.h:
