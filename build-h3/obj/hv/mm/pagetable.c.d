build-h3/obj/hv/mm/pagetable.c.o: hv/mm/pagetable.c hv/mm/pagetable.h \
 hv/mm/../types.h hv/mm/page_alloc.h hv/mm/range_set.h hv/mm/phys.h
hv/mm/pagetable.h:
hv/mm/../types.h:
hv/mm/page_alloc.h:
hv/mm/range_set.h:
hv/mm/phys.h:
