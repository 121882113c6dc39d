build-h3/obj/hv/arch/x86/platform.c.o: hv/arch/x86/platform.c \
 hv/arch/x86/acpi.h hv/arch/x86/../../types.h hv/arch/x86/../../log.h \
 hv/arch/x86/../../types.h hv/arch/x86/../../mm/phys.h \
 hv/arch/x86/../../mm/../types.h hv/arch/x86/../../platform.h \
 hv/arch/x86/../../boot_info.h hv/arch/x86/../../mm/range_set.h
hv/arch/x86/acpi.h:
hv/arch/x86/../../types.h:
hv/arch/x86/../../log.h:
hv/arch/x86/../../types.h:
hv/arch/x86/../../mm/phys.h:
hv/arch/x86/../../mm/../types.h:
hv/arch/x86/../../platform.h:
hv/arch/x86/../../boot_info.h:
hv/arch/x86/../../mm/range_set.h:
