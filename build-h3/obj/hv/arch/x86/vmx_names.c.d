build-h3/obj/hv/arch/x86/vmx_names.c.o: hv/arch/x86/vmx_names.c \
 hv/arch/x86/vmx.h hv/arch/x86/../../types.h
hv/arch/x86/vmx.h:
hv/arch/x86/../../types.h:
