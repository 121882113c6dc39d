build-h3/obj/hv/lib/string.c.o: hv/lib/string.c hv/lib/string.h \
 hv/lib/../types.h
hv/lib/string.h:
hv/lib/../types.h:
