build-h3/obj/hv/tdx/td_layout.c.o: hv/tdx/td_layout.c hv/tdx/td_layout.h \
 hv/tdx/../manifest.h hv/tdx/../log.h hv/tdx/../types.h hv/tdx/../types.h \
 hv/tdx/../lib/format.h hv/tdx/../lib/../types.h hv/tdx/../lib/string.h
hv/tdx/td_layout.h:
hv/tdx/../manifest.h:
hv/tdx/../log.h:
hv/tdx/../types.h:
hv/tdx/../types.h:
hv/tdx/../lib/format.h:
hv/tdx/../lib/../types.h:
hv/tdx/../lib/string.h:
