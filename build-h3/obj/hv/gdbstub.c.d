build-h3/obj/hv/gdbstub.c.o: hv/gdbstub.c hv/gdbstub.h hv/gdb_packet.h \
 hv/types.h hv/lib/string.h hv/lib/../types.h
hv/gdbstub.h:
hv/gdb_packet.h:
hv/types.h:
hv/lib/string.h:
hv/lib/../types.h:
