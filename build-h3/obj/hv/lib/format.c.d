build-h3/obj/hv/lib/format.c.o: hv/lib/format.c hv/lib/format.h \
 hv/lib/../types.h
hv/lib/format.h:
hv/lib/../types.h:
