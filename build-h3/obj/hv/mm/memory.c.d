build-h3/obj/hv/mm/memory.c.o: hv/mm/memory.c hv/mm/memory.h \
 hv/mm/../boot_info.h hv/mm/../types.h hv/mm/pagetable.h hv/mm/../types.h \
 hv/mm/range_set.h hv/mm/page_alloc.h hv/mm/../../boot/boot.h \
 hv/mm/../../boot/../hv/types.h hv/mm/../log.h
hv/mm/memory.h:
hv/mm/../boot_info.h:
hv/mm/../types.h:
hv/mm/pagetable.h:
hv/mm/../types.h:
hv/mm/range_set.h:
hv/mm/page_alloc.h:
hv/mm/../../boot/boot.h:
hv/mm/../../boot/../hv/types.h:
hv/mm/../log.h:
