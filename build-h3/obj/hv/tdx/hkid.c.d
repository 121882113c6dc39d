build-h3/obj/hv/tdx/hkid.c.o: hv/tdx/hkid.c hv/tdx/hkid.h \
 hv/tdx/../types.h hv/tdx/../log.h hv/tdx/../types.h hv/tdx/../spinlock.h
hv/tdx/hkid.h:
hv/tdx/../types.h:
hv/tdx/../log.h:
hv/tdx/../types.h:
hv/tdx/../spinlock.h:
