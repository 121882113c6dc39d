build-h3/obj/hv/arch/x86/acpi.c.o: hv/arch/x86/acpi.c hv/arch/x86/acpi.h \
 hv/arch/x86/../../types.h hv/arch/x86/../../lib/string.h \
 hv/arch/x86/../../lib/../types.h hv/arch/x86/../../log.h \
 hv/arch/x86/../../types.h hv/arch/x86/../../mm/phys.h \
 hv/arch/x86/../../mm/../types.h
hv/arch/x86/acpi.h:
hv/arch/x86/../../types.h:
hv/arch/x86/../../lib/string.h:
hv/arch/x86/../../lib/../types.h:
hv/arch/x86/../../log.h:
hv/arch/x86/../../types.h:
hv/arch/x86/../../mm/phys.h:
hv/arch/x86/../../mm/../types.h:
