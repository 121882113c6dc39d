build-h3/obj/hv/tdx/tdmr_setup.c.o: hv/tdx/tdmr_setup.c hv/tdx/tdh_sys.h \
 hv/tdx/../types.h hv/tdx/tdmr.h hv/tdx/../mm/range_set.h \
 hv/tdx/../mm/../types.h hv/tdx/tdmr_setup.h hv/tdx/tdx_status.h \
 hv/tdx/tdx_status_list.h hv/tdx/tdx_operand_list.h hv/tdx/../boot_info.h \
 hv/tdx/../types.h hv/tdx/../lib/string.h hv/tdx/../lib/../types.h \
 hv/tdx/../log.h hv/tdx/../mm/page_alloc.h hv/tdx/../mm/range_set.h \
 hv/tdx/../mm/phys.h
hv/tdx/tdh_sys.h:
hv/tdx/../types.h:
hv/tdx/tdmr.h:
hv/tdx/../mm/range_set.h:
hv/tdx/../mm/../types.h:
hv/tdx/tdmr_setup.h:
hv/tdx/tdx_status.h:
hv/tdx/tdx_status_list.h:
hv/tdx/tdx_operand_list.h:
hv/tdx/../boot_info.h:
hv/tdx/../types.h:
hv/tdx/../lib/string.h:
hv/tdx/../lib/../types.h:
hv/tdx/../log.h:
hv/tdx/../mm/page_alloc.h:
hv/tdx/../mm/range_set.h:
hv/tdx/../mm/phys.h:
