build-h3/obj/hv/tdx/tdh_sys.c.o: hv/tdx/tdh_sys.c hv/tdx/seamcall.h \
 hv/tdx/../types.h hv/tdx/tdh_leaves.h hv/tdx/tdh_sys.h
hv/tdx/seamcall.h:
hv/tdx/../types.h:
hv/tdx/tdh_leaves.h:
hv/tdx/tdh_sys.h:
