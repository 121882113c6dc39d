build-h3/obj/hv/monitor.c.o: hv/monitor.c hv/arch.h hv/types.h \
 hv/arch/x86/insn.h hv/arch/x86/../../types.h hv/arch/x86/percpu.h \
 hv/arch/x86/descriptors.h hv/arch/x86/uart16550.h hv/cmdline.h hv/log.h \
 hv/lib/format.h hv/lib/../types.h hv/lib/string.h hv/mm/memory.h \
 hv/mm/../boot_info.h hv/mm/../types.h hv/mm/pagetable.h hv/mm/../types.h \
 hv/mm/range_set.h hv/mm/page_alloc.h hv/monitor.h hv/manifest.h \
 hv/tdx/td.h hv/tdx/td_irq.h hv/tdx/../arch/x86/vmx.h \
 hv/tdx/../arch/x86/../../types.h hv/tdx/../types.h \
 hv/tdx/../dev/guest_ports.h hv/tdx/../dev/uart_model.h \
 hv/tdx/../dev/../spinlock.h hv/tdx/../dev/../types.h \
 hv/tdx/../dev/../types.h hv/tdx/../manifest.h hv/tdx/../mm/sept_mirror.h \
 hv/tdx/../mm/pagetable.h hv/tdx/seamcall.h hv/tdx/tdh_leaves.h \
 hv/monitor_cmd.h hv/tdx/hkid.h hv/tdx/seamcall.h hv/tdx/tdx.h \
 hv/tdx/../boot_info.h hv/vm.h hv/arch/x86/guest_regs.h \
 hv/dev/guest_ports.h hv/mm/pagetable.h hv/spinlock.h
hv/arch.h:
hv/types.h:
hv/arch/x86/insn.h:
hv/arch/x86/../../types.h:
hv/arch/x86/percpu.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/uart16550.h:
hv/cmdline.h:
hv/log.h:
hv/lib/format.h:
hv/lib/../types.h:
hv/lib/string.h:
hv/mm/memory.h:
hv/mm/../boot_info.h:
hv/mm/../types.h:
hv/mm/pagetable.h:
hv/mm/../types.h:
hv/mm/range_set.h:
hv/mm/page_alloc.h:
hv/monitor.h:
hv/manifest.h:
hv/tdx/td.h:
hv/tdx/td_irq.h:
hv/tdx/../arch/x86/vmx.h:
hv/tdx/../arch/x86/../../types.h:
hv/tdx/../types.h:
hv/tdx/../dev/guest_ports.h:
hv/tdx/../dev/uart_model.h:
hv/tdx/../dev/../spinlock.h:
hv/tdx/../dev/../types.h:
hv/tdx/../dev/../types.h:
hv/tdx/../manifest.h:
hv/tdx/../mm/sept_mirror.h:
hv/tdx/../mm/pagetable.h:
hv/tdx/seamcall.h:
hv/tdx/tdh_leaves.h:
hv/monitor_cmd.h:
hv/tdx/hkid.h:
hv/tdx/seamcall.h:
hv/tdx/tdx.h:
hv/tdx/../boot_info.h:
hv/vm.h:
hv/arch/x86/guest_regs.h:
hv/dev/guest_ports.h:
hv/mm/pagetable.h:
hv/spinlock.h:
