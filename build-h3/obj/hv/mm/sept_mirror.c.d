build-h3/obj/hv/mm/sept_mirror.c.o: hv/mm/sept_mirror.c \
 hv/mm/sept_mirror.h hv/mm/pagetable.h hv/mm/../types.h hv/mm/ept.h \
 hv/mm/../log.h hv/mm/../types.h
hv/mm/sept_mirror.h:
hv/mm/pagetable.h:
hv/mm/../types.h:
hv/mm/ept.h:
hv/mm/../log.h:
hv/mm/../types.h:
