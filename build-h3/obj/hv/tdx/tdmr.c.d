build-h3/obj/hv/tdx/tdmr.c.o: hv/tdx/tdmr.c hv/tdx/tdmr.h \
 hv/tdx/../mm/range_set.h hv/tdx/../mm/../types.h hv/tdx/../types.h \
 hv/tdx/../lib/format.h hv/tdx/../lib/../types.h hv/tdx/../lib/string.h
hv/tdx/tdmr.h:
hv/tdx/../mm/range_set.h:
hv/tdx/../mm/../types.h:
hv/tdx/../types.h:
hv/tdx/../lib/format.h:
hv/tdx/../lib/../types.h:
hv/tdx/../lib/string.h:
