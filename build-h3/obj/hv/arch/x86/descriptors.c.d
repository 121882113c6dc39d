build-h3/obj/hv/arch/x86/descriptors.c.o: hv/arch/x86/descriptors.c \
 hv/arch/x86/apic.h hv/arch/x86/../../types.h hv/arch/x86/descriptors.h \
 hv/arch/x86/insn.h hv/arch/x86/percpu.h hv/arch/x86/../../lib/string.h \
 hv/arch/x86/../../lib/../types.h
hv/arch/x86/apic.h:
hv/arch/x86/../../types.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/insn.h:
hv/arch/x86/percpu.h:
hv/arch/x86/../../lib/string.h:
hv/arch/x86/../../lib/../types.h:
