build-h3/obj/hv/arch/x86/seamcall.S.o: hv/arch/x86/seamcall.S
