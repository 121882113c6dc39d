build-h3/obj/hv/tdx/detect.c.o: hv/tdx/detect.c hv/tdx/../arch/x86/msr.h \
 hv/tdx/detect.h hv/tdx/../types.h hv/tdx/../log.h hv/tdx/../types.h
hv/tdx/../arch/x86/msr.h:
hv/tdx/detect.h:
hv/tdx/../types.h:
hv/tdx/../log.h:
hv/tdx/../types.h:
