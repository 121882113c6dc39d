build-h3/obj/hv/arch/x86/smp_package.c.o: hv/arch/x86/smp_package.c \
 hv/arch/x86/percpu.h hv/arch/x86/../../types.h hv/arch/x86/descriptors.h \
 hv/arch/x86/smp.h hv/arch/x86/../../arch.h hv/arch/x86/../../types.h
hv/arch/x86/percpu.h:
hv/arch/x86/../../types.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/smp.h:
hv/arch/x86/../../arch.h:
hv/arch/x86/../../types.h:
