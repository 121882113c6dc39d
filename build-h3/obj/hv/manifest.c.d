build-h3/obj/hv/manifest.c.o: hv/manifest.c hv/manifest.h hv/log.h \
 hv/types.h hv/manifest_json.h hv/lib/format.h hv/lib/../types.h \
 hv/lib/string.h hv/tdx/tdh_leaves.h
hv/manifest.h:
hv/log.h:
hv/types.h:
hv/manifest_json.h:
hv/lib/format.h:
hv/lib/../types.h:
hv/lib/string.h:
hv/tdx/tdh_leaves.h:
