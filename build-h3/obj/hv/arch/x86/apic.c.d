build-h3/obj/hv/arch/x86/apic.c.o: hv/arch/x86/apic.c hv/arch/x86/apic.h \
 hv/arch/x86/../../types.h hv/arch/x86/cpu.h hv/arch/x86/insn.h \
 hv/arch/x86/msr.h hv/arch/x86/../../mm/phys.h \
 hv/arch/x86/../../mm/../types.h
hv/arch/x86/apic.h:
hv/arch/x86/../../types.h:
hv/arch/x86/cpu.h:
hv/arch/x86/insn.h:
hv/arch/x86/msr.h:
hv/arch/x86/../../mm/phys.h:
hv/arch/x86/../../mm/../types.h:
