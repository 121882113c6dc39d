build-h3/obj/hv/mm/range_set.c.o: hv/mm/range_set.c hv/mm/range_set.h \
 hv/mm/../types.h hv/mm/../lib/string.h hv/mm/../lib/../types.h
hv/mm/range_set.h:
hv/mm/../types.h:
hv/mm/../lib/string.h:
hv/mm/../lib/../types.h:
