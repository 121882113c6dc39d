build-h3/obj/hv/arch/x86/guest_cpuid.c.o: hv/arch/x86/guest_cpuid.c \
 hv/arch/x86/../../guests.h hv/arch/x86/../../arch/x86/insn.h \
 hv/arch/x86/../../arch/x86/../../types.h hv/arch/x86/../../types.h \
 hv/arch/x86/../../../guest-abi/tdvisor_pv.h
hv/arch/x86/../../guests.h:
hv/arch/x86/../../arch/x86/insn.h:
hv/arch/x86/../../arch/x86/../../types.h:
hv/arch/x86/../../types.h:
hv/arch/x86/../../../guest-abi/tdvisor_pv.h:
