build-h3/obj/hv/arch/x86/pic8259.c.o: hv/arch/x86/pic8259.c \
 hv/arch/x86/insn.h hv/arch/x86/../../types.h hv/arch/x86/pic8259.h
hv/arch/x86/insn.h:
hv/arch/x86/../../types.h:
hv/arch/x86/pic8259.h:
