build-h3/obj/hv/tdx/seamcall.c.o: hv/tdx/seamcall.c hv/tdx/seamcall.h \
 hv/tdx/../types.h hv/tdx/tdh_leaves.h hv/tdx/tdx_status.h \
 hv/tdx/tdx_status_list.h hv/tdx/tdx_operand_list.h hv/tdx/../log.h \
 hv/tdx/../types.h
hv/tdx/seamcall.h:
hv/tdx/../types.h:
hv/tdx/tdh_leaves.h:
hv/tdx/tdx_status.h:
hv/tdx/tdx_status_list.h:
hv/tdx/tdx_operand_list.h:
hv/tdx/../log.h:
hv/tdx/../types.h:
