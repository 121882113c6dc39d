build-h3/obj/seam/td.c.o: seam/td.c seam/td_state.h seam/measure.h \
 seam/crypto/sha384.h seam/crypto/../../hv/types.h seam/pamt.h \
 seam/seam_state.h seam/seam.h seam/../hv/boot_info.h seam/../hv/types.h \
 seam/../hv/manifest.h seam/../hv/log.h seam/../hv/tdx/seamcall.h \
 seam/../hv/tdx/../types.h seam/../hv/tdx/tdh_leaves.h seam/../hv/types.h \
 seam/../hv/tdx/tdmr.h seam/../hv/tdx/../mm/range_set.h \
 seam/../hv/tdx/../mm/../types.h seam/../hv/spinlock.h seam/tdmr_check.h \
 seam/../hv/mm/phys.h seam/../hv/mm/../types.h \
 seam/../hv/tdx/tdx_status.h seam/../hv/tdx/tdx_status_list.h \
 seam/../hv/tdx/tdx_operand_list.h
seam/td_state.h:
seam/measure.h:
seam/crypto/sha384.h:
seam/crypto/../../hv/types.h:
seam/pamt.h:
seam/seam_state.h:
seam/seam.h:
seam/../hv/boot_info.h:
seam/../hv/types.h:
seam/../hv/manifest.h:
seam/../hv/log.h:
seam/../hv/tdx/seamcall.h:
seam/../hv/tdx/../types.h:
seam/../hv/tdx/tdh_leaves.h:
seam/../hv/types.h:
seam/../hv/tdx/tdmr.h:
seam/../hv/tdx/../mm/range_set.h:
seam/../hv/tdx/../mm/../types.h:
seam/../hv/spinlock.h:
seam/tdmr_check.h:
seam/../hv/mm/phys.h:
seam/../hv/mm/../types.h:
seam/../hv/tdx/tdx_status.h:
seam/../hv/tdx/tdx_status_list.h:
seam/../hv/tdx/tdx_operand_list.h:
