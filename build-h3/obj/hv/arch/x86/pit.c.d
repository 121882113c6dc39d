build-h3/obj/hv/arch/x86/pit.c.o: hv/arch/x86/pit.c hv/arch/x86/insn.h \
 hv/arch/x86/../../types.h hv/arch/x86/pit.h
hv/arch/x86/insn.h:
hv/arch/x86/../../types.h:
hv/arch/x86/pit.h:
