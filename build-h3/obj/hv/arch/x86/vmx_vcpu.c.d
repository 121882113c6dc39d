build-h3/obj/hv/arch/x86/vmx_vcpu.c.o: hv/arch/x86/vmx_vcpu.c \
 hv/arch/x86/descriptors.h hv/arch/x86/../../types.h hv/arch/x86/insn.h \
 hv/arch/x86/msr.h hv/arch/x86/percpu.h hv/arch/x86/smp.h \
 hv/arch/x86/vmx.h hv/arch/x86/vmx_cpu.h hv/arch/x86/vmx_caps.h \
 hv/arch/x86/vmx_exit.h hv/arch/x86/../../lib/string.h \
 hv/arch/x86/../../lib/../types.h hv/arch/x86/../../log.h \
 hv/arch/x86/../../types.h hv/arch/x86/../../mm/ept.h \
 hv/arch/x86/../../mm/pagetable.h hv/arch/x86/../../mm/../types.h \
 hv/arch/x86/../../mm/page_alloc.h hv/arch/x86/../../mm/range_set.h \
 hv/arch/x86/../../mm/phys.h hv/arch/x86/../../vm.h \
 hv/arch/x86/../../arch/x86/guest_regs.h \
 hv/arch/x86/../../arch/x86/../../types.h \
 hv/arch/x86/../../dev/guest_ports.h hv/arch/x86/../../dev/uart_model.h \
 hv/arch/x86/../../dev/../spinlock.h hv/arch/x86/../../dev/../types.h \
 hv/arch/x86/../../dev/../types.h hv/arch/x86/../../manifest.h \
 hv/arch/x86/../../log.h hv/arch/x86/../../mm/pagetable.h \
 hv/arch/x86/../../spinlock.h hv/arch/x86/../../../guest-abi/tdvisor_pv.h
hv/arch/x86/descriptors.h:
hv/arch/x86/../../types.h:
hv/arch/x86/insn.h:
hv/arch/x86/msr.h:
hv/arch/x86/percpu.h:
hv/arch/x86/smp.h:
hv/arch/x86/vmx.h:
hv/arch/x86/vmx_cpu.h:
hv/arch/x86/vmx_caps.h:
hv/arch/x86/vmx_exit.h:
hv/arch/x86/../../lib/string.h:
hv/arch/x86/../../lib/../types.h:
hv/arch/x86/../../log.h:
hv/arch/x86/../../types.h:
hv/arch/x86/../../mm/ept.h:
hv/arch/x86/../../mm/pagetable.h:
hv/arch/x86/../../mm/../types.h:
hv/arch/x86/../../mm/page_alloc.h:
hv/arch/x86/../../mm/range_set.h:
hv/arch/x86/../../mm/phys.h:
hv/arch/x86/../../vm.h:
hv/arch/x86/../../arch/x86/guest_regs.h:
hv/arch/x86/../../arch/x86/../../types.h:
hv/arch/x86/../../dev/guest_ports.h:
hv/arch/x86/../../dev/uart_model.h:
hv/arch/x86/../../dev/../spinlock.h:
hv/arch/x86/../../dev/../types.h:
hv/arch/x86/../../dev/../types.h:
hv/arch/x86/../../manifest.h:
hv/arch/x86/../../log.h:
hv/arch/x86/../../mm/pagetable.h:
hv/arch/x86/../../spinlock.h:
hv/arch/x86/../../../guest-abi/tdvisor_pv.h:
