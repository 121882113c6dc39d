build-h3/obj/hv/crashtest.c.o: hv/crashtest.c hv/crashtest.h \
 hv/lib/string.h hv/lib/../types.h hv/log.h hv/types.h
hv/crashtest.h:
hv/lib/string.h:
hv/lib/../types.h:
hv/log.h:
hv/types.h:
