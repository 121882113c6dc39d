build-h3/obj/hv/arch/x86/vmx_caps.c.o: hv/arch/x86/vmx_caps.c \
 hv/arch/x86/insn.h hv/arch/x86/../../types.h hv/arch/x86/msr.h \
 hv/arch/x86/vmx.h hv/arch/x86/vmx_caps.h hv/arch/x86/../../lib/format.h \
 hv/arch/x86/../../lib/../types.h
hv/arch/x86/insn.h:
hv/arch/x86/../../types.h:
hv/arch/x86/msr.h:
hv/arch/x86/vmx.h:
hv/arch/x86/vmx_caps.h:
hv/arch/x86/../../lib/format.h:
hv/arch/x86/../../lib/../types.h:
