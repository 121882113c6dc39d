build-h3/obj/hv/tdx/td_debug_park.c.o: hv/tdx/td_debug_park.c \
 hv/tdx/td_debug.h hv/tdx/td.h hv/tdx/td_irq.h hv/tdx/../arch/x86/vmx.h \
 hv/tdx/../arch/x86/../../types.h hv/tdx/../types.h \
 hv/tdx/../dev/guest_ports.h hv/tdx/../dev/uart_model.h \
 hv/tdx/../dev/../spinlock.h hv/tdx/../dev/../types.h \
 hv/tdx/../dev/../types.h hv/tdx/../manifest.h hv/tdx/../log.h \
 hv/tdx/../types.h hv/tdx/../mm/sept_mirror.h hv/tdx/../mm/pagetable.h \
 hv/tdx/../mm/../types.h hv/tdx/seamcall.h hv/tdx/tdh_leaves.h \
 hv/tdx/../arch/x86/apic.h hv/tdx/../arch/x86/cpu.h \
 hv/tdx/../arch/x86/insn.h hv/tdx/../arch/x86/percpu.h \
 hv/tdx/../arch/x86/descriptors.h hv/tdx/../arch/x86/smp.h
hv/tdx/td_debug.h:
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
hv/tdx/../log.h:
hv/tdx/../types.h:
hv/tdx/../mm/sept_mirror.h:
hv/tdx/../mm/pagetable.h:
hv/tdx/../mm/../types.h:
hv/tdx/seamcall.h:
hv/tdx/tdh_leaves.h:
hv/tdx/../arch/x86/apic.h:
hv/tdx/../arch/x86/cpu.h:
hv/tdx/../arch/x86/insn.h:
hv/tdx/../arch/x86/percpu.h:
hv/tdx/../arch/x86/descriptors.h:
hv/tdx/../arch/x86/smp.h:
