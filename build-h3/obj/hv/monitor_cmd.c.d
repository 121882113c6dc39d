build-h3/obj/hv/monitor_cmd.c.o: hv/monitor_cmd.c hv/lib/format.h \
 hv/lib/../types.h hv/lib/string.h hv/monitor_cmd.h hv/log.h hv/types.h \
 hv/manifest.h
hv/lib/format.h:
hv/lib/../types.h:
hv/lib/string.h:
hv/monitor_cmd.h:
hv/log.h:
hv/types.h:
hv/manifest.h:
