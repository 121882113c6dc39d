build-h3/obj/hv/cmdline.c.o: hv/cmdline.c hv/cmdline.h hv/log.h \
 hv/types.h hv/lib/string.h hv/lib/../types.h
hv/cmdline.h:
hv/log.h:
hv/types.h:
hv/lib/string.h:
hv/lib/../types.h:
