build-h3/obj/hv/tdx/tdx_status.c.o: hv/tdx/tdx_status.c \
 hv/tdx/tdx_status.h hv/tdx/../types.h hv/tdx/tdx_status_list.h \
 hv/tdx/tdx_operand_list.h hv/tdx/../lib/format.h \
 hv/tdx/../lib/../types.h
hv/tdx/tdx_status.h:
hv/tdx/../types.h:
hv/tdx/tdx_status_list.h:
hv/tdx/tdx_operand_list.h:
hv/tdx/../lib/format.h:
hv/tdx/../lib/../types.h:
