build-h3/obj/hv/panic.c.o: hv/panic.c hv/arch.h hv/types.h hv/gdbstub.h \
 hv/gdb_packet.h hv/lib/format.h hv/lib/../types.h hv/log.h hv/panic.h
hv/arch.h:
hv/types.h:
hv/gdbstub.h:
hv/gdb_packet.h:
hv/lib/format.h:
hv/lib/../types.h:
hv/log.h:
hv/panic.h:
