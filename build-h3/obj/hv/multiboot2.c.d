build-h3/obj/hv/multiboot2.c.o: hv/multiboot2.c hv/multiboot2.h \
 hv/boot_info.h hv/types.h hv/lib/format.h hv/lib/../types.h \
 hv/lib/string.h hv/log.h
hv/multiboot2.h:
hv/boot_info.h:
hv/types.h:
hv/lib/format.h:
hv/lib/../types.h:
hv/lib/string.h:
hv/log.h:
