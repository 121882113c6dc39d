build-h3/obj/hv/vm.c.o: hv/vm.c hv/arch.h hv/types.h hv/arch/x86/apic.h \
 hv/arch/x86/../../types.h hv/arch/x86/cpu.h hv/arch/x86/percpu.h \
 hv/arch/x86/descriptors.h hv/arch/x86/vmx_cpu.h hv/arch/x86/vmx_caps.h \
 hv/boot_info.h hv/guests.h hv/arch/x86/insn.h hv/lib/format.h \
 hv/lib/../types.h hv/lib/string.h hv/log.h hv/mm/ept.h hv/mm/pagetable.h \
 hv/mm/../types.h hv/mm/page_alloc.h hv/mm/range_set.h hv/mm/phys.h \
 hv/vm.h hv/arch/x86/guest_regs.h hv/dev/guest_ports.h \
 hv/dev/uart_model.h hv/dev/../spinlock.h hv/dev/../types.h \
 hv/dev/../types.h hv/manifest.h hv/mm/pagetable.h hv/spinlock.h
hv/arch.h:
hv/types.h:
hv/arch/x86/apic.h:
hv/arch/x86/../../types.h:
hv/arch/x86/cpu.h:
hv/arch/x86/percpu.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/vmx_cpu.h:
hv/arch/x86/vmx_caps.h:
hv/boot_info.h:
hv/guests.h:
hv/arch/x86/insn.h:
hv/lib/format.h:
hv/lib/../types.h:
hv/lib/string.h:
hv/log.h:
hv/mm/ept.h:
hv/mm/pagetable.h:
hv/mm/../types.h:
hv/mm/page_alloc.h:
hv/mm/range_set.h:
hv/mm/phys.h:
hv/vm.h:
hv/arch/x86/guest_regs.h:
hv/dev/guest_ports.h:
hv/dev/uart_model.h:
hv/dev/../spinlock.h:
hv/dev/../types.h:
hv/dev/../types.h:
hv/manifest.h:
hv/mm/pagetable.h:
hv/spinlock.h:
