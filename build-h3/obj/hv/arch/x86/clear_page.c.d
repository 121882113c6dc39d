build-h3/obj/hv/arch/x86/clear_page.c.o: hv/arch/x86/clear_page.c \
 hv/arch/x86/cpu.h hv/arch/x86/../../types.h hv/arch/x86/insn.h \
 hv/arch/x86/../../lib/string.h hv/arch/x86/../../lib/../types.h
hv/arch/x86/cpu.h:
hv/arch/x86/../../types.h:
hv/arch/x86/insn.h:
hv/arch/x86/../../lib/string.h:
hv/arch/x86/../../lib/../types.h:
