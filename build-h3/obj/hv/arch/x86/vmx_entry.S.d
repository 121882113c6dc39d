build-h3/obj/hv/arch/x86/vmx_entry.S.o: hv/arch/x86/vmx_entry.S \
 hv/arch/x86/guest_regs.h
hv/arch/x86/guest_regs.h:
