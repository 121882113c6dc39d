build-h3/obj/hv/guests.c.o: hv/guests.c hv/arch.h hv/types.h hv/guests.h \
 hv/arch/x86/insn.h hv/arch/x86/../../types.h hv/log.h
hv/arch.h:
hv/types.h:
hv/guests.h:
hv/arch/x86/insn.h:
hv/arch/x86/../../types.h:
hv/log.h:
