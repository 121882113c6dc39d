build-h3/obj/hv/arch/x86/vmx_probe.c.o: hv/arch/x86/vmx_probe.c \
 hv/arch/x86/cpu.h hv/arch/x86/../../types.h hv/arch/x86/insn.h \
 hv/arch/x86/msr.h hv/arch/x86/vmx_probe.h
hv/arch/x86/cpu.h:
hv/arch/x86/../../types.h:
hv/arch/x86/insn.h:
hv/arch/x86/msr.h:
hv/arch/x86/vmx_probe.h:
