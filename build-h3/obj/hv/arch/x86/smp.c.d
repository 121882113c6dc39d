build-h3/obj/hv/arch/x86/smp.c.o: hv/arch/x86/smp.c hv/arch/x86/apic.h \
 hv/arch/x86/../../types.h hv/arch/x86/cpu.h hv/arch/x86/descriptors.h \
 hv/arch/x86/gdb_x86.h hv/arch/x86/exceptions.h hv/arch/x86/percpu.h \
 hv/arch/x86/../../gdbstub.h hv/arch/x86/../../gdb_packet.h \
 hv/arch/x86/../../types.h hv/arch/x86/insn.h hv/arch/x86/msr.h \
 hv/arch/x86/pit.h hv/arch/x86/smp.h hv/arch/x86/vmx_cpu.h \
 hv/arch/x86/vmx_caps.h hv/arch/x86/../../../boot/boot.h \
 hv/arch/x86/../../../boot/../hv/types.h hv/arch/x86/../../lib/string.h \
 hv/arch/x86/../../lib/../types.h hv/arch/x86/../../arch.h \
 hv/arch/x86/../../log.h hv/arch/x86/../../mm/memory.h \
 hv/arch/x86/../../mm/../boot_info.h hv/arch/x86/../../mm/../types.h \
 hv/arch/x86/../../mm/pagetable.h hv/arch/x86/../../mm/../types.h \
 hv/arch/x86/../../mm/range_set.h hv/arch/x86/../../mm/phys.h \
 hv/arch/x86/../../monitor.h hv/arch/x86/../../manifest.h \
 hv/arch/x86/../../log.h hv/arch/x86/../../vm.h \
 hv/arch/x86/../../arch/x86/guest_regs.h \
 hv/arch/x86/../../arch/x86/../../types.h \
 hv/arch/x86/../../dev/guest_ports.h hv/arch/x86/../../dev/uart_model.h \
 hv/arch/x86/../../dev/../spinlock.h hv/arch/x86/../../dev/../types.h \
 hv/arch/x86/../../dev/../types.h hv/arch/x86/../../mm/pagetable.h \
 hv/arch/x86/../../spinlock.h
hv/arch/x86/apic.h:
hv/arch/x86/../../types.h:
hv/arch/x86/cpu.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/gdb_x86.h:
hv/arch/x86/exceptions.h:
hv/arch/x86/percpu.h:
hv/arch/x86/../../gdbstub.h:
hv/arch/x86/../../gdb_packet.h:
hv/arch/x86/../../types.h:
hv/arch/x86/insn.h:
hv/arch/x86/msr.h:
hv/arch/x86/pit.h:
hv/arch/x86/smp.h:
hv/arch/x86/vmx_cpu.h:
hv/arch/x86/vmx_caps.h:
hv/arch/x86/../../../boot/boot.h:
hv/arch/x86/../../../boot/../hv/types.h:
hv/arch/x86/../../lib/string.h:
hv/arch/x86/../../lib/../types.h:
hv/arch/x86/../../arch.h:
hv/arch/x86/../../log.h:
hv/arch/x86/../../mm/memory.h:
hv/arch/x86/../../mm/../boot_info.h:
hv/arch/x86/../../mm/../types.h:
hv/arch/x86/../../mm/pagetable.h:
hv/arch/x86/../../mm/../types.h:
hv/arch/x86/../../mm/range_set.h:
hv/arch/x86/../../mm/phys.h:
hv/arch/x86/../../monitor.h:
hv/arch/x86/../../manifest.h:
hv/arch/x86/../../log.h:
hv/arch/x86/../../vm.h:
hv/arch/x86/../../arch/x86/guest_regs.h:
hv/arch/x86/../../arch/x86/../../types.h:
hv/arch/x86/../../dev/guest_ports.h:
hv/arch/x86/../../dev/uart_model.h:
hv/arch/x86/../../dev/../spinlock.h:
hv/arch/x86/../../dev/../types.h:
hv/arch/x86/../../dev/../types.h:
hv/arch/x86/../../mm/pagetable.h:
hv/arch/x86/../../spinlock.h:
