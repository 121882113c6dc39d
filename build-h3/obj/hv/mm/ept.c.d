build-h3/obj/hv/mm/ept.c.o: hv/mm/ept.c hv/mm/ept.h hv/mm/pagetable.h \
 hv/mm/../types.h
hv/mm/ept.h:
hv/mm/pagetable.h:
hv/mm/../types.h:
