build-h3/obj/hv/gdb_packet.c.o: hv/gdb_packet.c hv/gdb_packet.h \
 hv/types.h hv/lib/string.h hv/lib/../types.h
hv/gdb_packet.h:
hv/types.h:
hv/lib/string.h:
hv/lib/../types.h:
