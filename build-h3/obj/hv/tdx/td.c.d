build-h3/obj/hv/tdx/td.c.o: hv/tdx/td.c hv/tdx/seamcall.h \
 hv/tdx/../types.h hv/tdx/tdh_leaves.h hv/tdx/hkid.h hv/tdx/td.h \
 hv/tdx/td_irq.h hv/tdx/../arch/x86/vmx.h \
 hv/tdx/../arch/x86/../../types.h hv/tdx/../dev/guest_ports.h \
 hv/tdx/../dev/uart_model.h hv/tdx/../dev/../spinlock.h \
 hv/tdx/../dev/../types.h hv/tdx/../dev/../types.h hv/tdx/../manifest.h \
 hv/tdx/../log.h hv/tdx/../types.h hv/tdx/../mm/sept_mirror.h \
 hv/tdx/../mm/pagetable.h hv/tdx/../mm/../types.h hv/tdx/td_layout.h \
 hv/tdx/td_params.h hv/tdx/tdh_sys.h hv/tdx/tdx.h hv/tdx/../boot_info.h \
 hv/tdx/tdx_status.h hv/tdx/tdx_status_list.h hv/tdx/tdx_operand_list.h \
 hv/tdx/../arch.h hv/tdx/../arch/x86/apic.h hv/tdx/../arch/x86/cpu.h \
 hv/tdx/../arch/x86/insn.h hv/tdx/../arch/x86/percpu.h \
 hv/tdx/../arch/x86/descriptors.h hv/tdx/../arch/x86/smp.h \
 hv/tdx/../guests.h hv/tdx/../arch/x86/insn.h hv/tdx/../lib/format.h \
 hv/tdx/../lib/../types.h hv/tdx/../lib/string.h hv/tdx/../log.h \
 hv/tdx/../mm/page_alloc.h hv/tdx/../mm/range_set.h hv/tdx/../mm/phys.h
hv/tdx/seamcall.h:
hv/tdx/../types.h:
hv/tdx/tdh_leaves.h:
hv/tdx/hkid.h:
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
hv/tdx/td_layout.h:
hv/tdx/td_params.h:
hv/tdx/tdh_sys.h:
hv/tdx/tdx.h:
hv/tdx/../boot_info.h:
hv/tdx/tdx_status.h:
hv/tdx/tdx_status_list.h:
hv/tdx/tdx_operand_list.h:
hv/tdx/../arch.h:
hv/tdx/../arch/x86/apic.h:
hv/tdx/../arch/x86/cpu.h:
hv/tdx/../arch/x86/insn.h:
hv/tdx/../arch/x86/percpu.h:
hv/tdx/../arch/x86/descriptors.h:
hv/tdx/../arch/x86/smp.h:
hv/tdx/../guests.h:
hv/tdx/../arch/x86/insn.h:
hv/tdx/../lib/format.h:
hv/tdx/../lib/../types.h:
hv/tdx/../lib/string.h:
hv/tdx/../log.h:
hv/tdx/../mm/page_alloc.h:
hv/tdx/../mm/range_set.h:
hv/tdx/../mm/phys.h:
