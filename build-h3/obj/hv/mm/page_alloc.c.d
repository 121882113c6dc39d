build-h3/obj/hv/mm/page_alloc.c.o: hv/mm/page_alloc.c hv/mm/page_alloc.h \
 hv/mm/../types.h hv/mm/range_set.h hv/mm/phys.h hv/mm/../lib/string.h \
 hv/mm/../lib/../types.h hv/mm/../log.h hv/mm/../types.h \
 hv/mm/../spinlock.h
hv/mm/page_alloc.h:
hv/mm/../types.h:
hv/mm/range_set.h:
hv/mm/phys.h:
hv/mm/../lib/string.h:
hv/mm/../lib/../types.h:
hv/mm/../log.h:
hv/mm/../types.h:
hv/mm/../spinlock.h:
