build-h3/obj/hv/arch/x86/vmx_cpu.c.o: hv/arch/x86/vmx_cpu.c \
 hv/arch/x86/cpu.h hv/arch/x86/../../types.h hv/arch/x86/insn.h \
 hv/arch/x86/msr.h hv/arch/x86/percpu.h hv/arch/x86/descriptors.h \
 hv/arch/x86/vmx.h hv/arch/x86/vmx_cpu.h hv/arch/x86/vmx_caps.h \
 hv/arch/x86/../../lib/string.h hv/arch/x86/../../lib/../types.h \
 hv/arch/x86/../../log.h hv/arch/x86/../../types.h \
 hv/arch/x86/../../mm/page_alloc.h hv/arch/x86/../../mm/../types.h \
 hv/arch/x86/../../mm/range_set.h hv/arch/x86/../../mm/phys.h
hv/arch/x86/cpu.h:
hv/arch/x86/../../types.h:
hv/arch/x86/insn.h:
hv/arch/x86/msr.h:
hv/arch/x86/percpu.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/vmx.h:
hv/arch/x86/vmx_cpu.h:
hv/arch/x86/vmx_caps.h:
hv/arch/x86/../../lib/string.h:
hv/arch/x86/../../lib/../types.h:
hv/arch/x86/../../log.h:
hv/arch/x86/../../types.h:
hv/arch/x86/../../mm/page_alloc.h:
hv/arch/x86/../../mm/../types.h:
hv/arch/x86/../../mm/range_set.h:
hv/arch/x86/../../mm/phys.h:
