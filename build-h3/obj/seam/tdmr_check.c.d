build-h3/obj/seam/tdmr_check.c.o: seam/tdmr_check.c seam/tdmr_check.h \
 seam/../hv/tdx/tdmr.h seam/../hv/tdx/../mm/range_set.h \
 seam/../hv/tdx/../mm/../types.h seam/../hv/tdx/../types.h \
 seam/../hv/types.h seam/../hv/lib/format.h seam/../hv/lib/../types.h \
 seam/../hv/tdx/tdx_status.h seam/../hv/tdx/tdx_status_list.h \
 seam/../hv/tdx/tdx_operand_list.h
seam/tdmr_check.h:
seam/../hv/tdx/tdmr.h:
seam/../hv/tdx/../mm/range_set.h:
seam/../hv/tdx/../mm/../types.h:
seam/../hv/tdx/../types.h:
seam/../hv/types.h:
seam/../hv/lib/format.h:
seam/../hv/lib/../types.h:
seam/../hv/tdx/tdx_status.h:
seam/../hv/tdx/tdx_status_list.h:
seam/../hv/tdx/tdx_operand_list.h:
