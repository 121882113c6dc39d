build-h3/obj/hv/arch/x86/uart16550.c.o: hv/arch/x86/uart16550.c \
 hv/arch/x86/uart16550.h hv/arch/x86/../../types.h hv/arch/x86/insn.h
hv/arch/x86/uart16550.h:
hv/arch/x86/../../types.h:
hv/arch/x86/insn.h:
