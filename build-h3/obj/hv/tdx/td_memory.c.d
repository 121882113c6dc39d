build-h3/obj/hv/tdx/td_memory.c.o: hv/tdx/td_memory.c hv/tdx/seamcall.h \
 hv/tdx/../types.h hv/tdx/tdh_leaves.h hv/tdx/td.h hv/tdx/td_irq.h \
 hv/tdx/../arch/x86/vmx.h hv/tdx/../arch/x86/../../types.h \
 hv/tdx/../dev/guest_ports.h hv/tdx/../dev/uart_model.h \
 hv/tdx/../dev/../spinlock.h hv/tdx/../dev/../types.h \
 hv/tdx/../dev/../types.h hv/tdx/../manifest.h hv/tdx/../log.h \
 hv/tdx/../types.h hv/tdx/../mm/sept_mirror.h hv/tdx/../mm/pagetable.h \
 hv/tdx/../mm/../types.h hv/tdx/tdx_status.h hv/tdx/tdx_status_list.h \
 hv/tdx/tdx_operand_list.h hv/tdx/../arch.h hv/tdx/../arch/x86/insn.h \
 hv/tdx/../../guest-abi/tdx_ghci.h hv/tdx/../lib/string.h \
 hv/tdx/../lib/../types.h hv/tdx/../log.h hv/tdx/../mm/ept.h \
 hv/tdx/../mm/page_alloc.h hv/tdx/../mm/range_set.h hv/tdx/../mm/phys.h
hv/tdx/seamcall.h:
hv/tdx/../types.h:
hv/tdx/tdh_leaves.h:
hv/tdx/td.h:
hv/tdx/td_irq.h:
hv/tdx/../arch/x86/vmx.h:
hv/tdx/../arch/x86/../../types.h:
hv/tdx/../dev/guest_ports.h:
hv/tdx/../dev/uart_model.h:
hv/tdx/../dev/../spinlock.h:
hv/tdx/../dev/../types.h:
hv/tdx/../dev/../types.h:
hv/tdx/../manifest.h:
hv/tdx/../log.h:
hv/tdx/../types.h:
hv/tdx/../mm/sept_mirror.h:
hv/tdx/../mm/pagetable.h:
hv/tdx/../mm/../types.h:
hv/tdx/tdx_status.h:
hv/tdx/tdx_status_list.h:
hv/tdx/tdx_operand_list.h:
hv/tdx/../arch.h:
hv/tdx/../arch/x86/insn.h:
hv/tdx/../../guest-abi/tdx_ghci.h:
hv/tdx/../lib/string.h:
hv/tdx/../lib/../types.h:
hv/tdx/../log.h:
hv/tdx/../mm/ept.h:
hv/tdx/../mm/page_alloc.h:
hv/tdx/../mm/range_set.h:
hv/tdx/../mm/phys.h:
