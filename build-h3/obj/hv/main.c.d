build-h3/obj/hv/main.c.o: hv/main.c hv/../boot/boot.h \
 hv/../boot/../hv/types.h hv/arch.h hv/types.h hv/platform.h \
 hv/boot_info.h hv/mm/range_set.h hv/mm/../types.h hv/arch/x86/apic.h \
 hv/arch/x86/../../types.h hv/arch/x86/cpu.h hv/arch/x86/descriptors.h \
 hv/arch/x86/insn.h hv/arch/x86/percpu.h hv/arch/x86/descriptors.h \
 hv/arch/x86/pic8259.h hv/arch/x86/smp.h hv/arch/x86/uart16550.h \
 hv/arch/x86/vmx_probe.h hv/cmdline.h hv/log.h hv/crashtest.h \
 hv/gdbstub.h hv/gdb_packet.h hv/lib/string.h hv/lib/../types.h \
 hv/manifest.h hv/monitor.h hv/mm/memory.h hv/mm/../boot_info.h \
 hv/mm/pagetable.h hv/mm/range_set.h hv/mm/page_alloc.h hv/mm/phys.h \
 hv/multiboot2.h hv/panic.h hv/summary.h hv/arch/x86/vmx_cpu.h \
 hv/arch/x86/vmx_caps.h hv/vm.h hv/arch/x86/guest_regs.h \
 hv/dev/guest_ports.h hv/dev/uart_model.h hv/dev/../spinlock.h \
 hv/dev/../types.h hv/dev/../types.h hv/mm/pagetable.h hv/spinlock.h \
 hv/guests.h hv/tdx/td.h hv/tdx/td_irq.h hv/tdx/../arch/x86/vmx.h \
 hv/tdx/../arch/x86/../../types.h hv/tdx/../types.h \
 hv/tdx/../dev/guest_ports.h hv/tdx/../manifest.h \
 hv/tdx/../mm/sept_mirror.h hv/tdx/../mm/pagetable.h hv/tdx/seamcall.h \
 hv/tdx/tdh_leaves.h hv/tdx/tdx.h hv/tdx/../boot_info.h
hv/../boot/boot.h:
hv/../boot/../hv/types.h:
hv/arch.h:
hv/types.h:
hv/platform.h:
hv/boot_info.h:
hv/mm/range_set.h:
hv/mm/../types.h:
hv/arch/x86/apic.h:
hv/arch/x86/../../types.h:
hv/arch/x86/cpu.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/insn.h:
hv/arch/x86/percpu.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/pic8259.h:
hv/arch/x86/smp.h:
hv/arch/x86/uart16550.h:
hv/arch/x86/vmx_probe.h:
hv/cmdline.h:
hv/log.h:
hv/crashtest.h:
hv/gdbstub.h:
hv/gdb_packet.h:
hv/lib/string.h:
hv/lib/../types.h:
hv/manifest.h:
hv/monitor.h:
hv/mm/memory.h:
hv/mm/../boot_info.h:
hv/mm/pagetable.h:
hv/mm/range_set.h:
hv/mm/page_alloc.h:
hv/mm/phys.h:
hv/multiboot2.h:
hv/panic.h:
hv/summary.h:
hv/arch/x86/vmx_cpu.h:
hv/arch/x86/vmx_caps.h:
hv/vm.h:
hv/arch/x86/guest_regs.h:
hv/dev/guest_ports.h:
hv/dev/uart_model.h:
hv/dev/../spinlock.h:
hv/dev/../types.h:
hv/dev/../types.h:
hv/mm/pagetable.h:
hv/spinlock.h:
hv/guests.h:
hv/tdx/td.h:
hv/tdx/td_irq.h:
hv/tdx/../arch/x86/vmx.h:
hv/tdx/../arch/x86/../../types.h:
hv/tdx/../types.h:
hv/tdx/../dev/guest_ports.h:
hv/tdx/../manifest.h:
hv/tdx/../mm/sept_mirror.h:
hv/tdx/../mm/pagetable.h:
hv/tdx/seamcall.h:
hv/tdx/tdh_leaves.h:
hv/tdx/tdx.h:
hv/tdx/../boot_info.h:
