build-h3/obj/hv/log.c.o: hv/log.c hv/arch.h hv/types.h hv/gdbstub.h \
 hv/gdb_packet.h hv/lib/format.h hv/lib/../types.h hv/lib/string.h \
 hv/log.h hv/spinlock.h
hv/arch.h:
hv/types.h:
hv/gdbstub.h:
hv/gdb_packet.h:
hv/lib/format.h:
hv/lib/../types.h:
hv/lib/string.h:
hv/log.h:
hv/spinlock.h:
