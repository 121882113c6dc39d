build-h3/obj/hv/arch/x86/stack_switch.S.o: hv/arch/x86/stack_switch.S
