build-h3/obj/hv/log_levels.c.o: hv/log_levels.c hv/log.h hv/types.h \
 hv/lib/string.h hv/lib/../types.h
hv/log.h:
hv/types.h:
hv/lib/string.h:
hv/lib/../types.h:
