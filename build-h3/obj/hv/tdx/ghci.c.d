build-h3/obj/hv/tdx/ghci.c.o: hv/tdx/ghci.c hv/tdx/ghci.h \
 hv/tdx/seamcall.h hv/tdx/../types.h hv/tdx/tdh_leaves.h \
 hv/tdx/../../guest-abi/tdvisor_pv.h hv/tdx/../../guest-abi/tdx_ghci.h
hv/tdx/ghci.h:
hv/tdx/seamcall.h:
hv/tdx/../types.h:
hv/tdx/tdh_leaves.h:
hv/tdx/../../guest-abi/tdvisor_pv.h:
hv/tdx/../../guest-abi/tdx_ghci.h:
