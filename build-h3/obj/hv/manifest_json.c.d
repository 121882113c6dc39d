build-h3/obj/hv/manifest_json.c.o: hv/manifest_json.c hv/manifest_json.h \
 hv/manifest.h hv/log.h hv/types.h hv/lib/format.h hv/lib/../types.h \
 hv/lib/string.h build-h3/jsmn-include/jsmn.h
hv/manifest_json.h:
hv/manifest.h:
hv/log.h:
hv/types.h:
hv/lib/format.h:
hv/lib/../types.h:
hv/lib/string.h:
build-h3/jsmn-include/jsmn.h:
