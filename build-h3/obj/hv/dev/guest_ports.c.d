build-h3/obj/hv/dev/guest_ports.c.o: hv/dev/guest_ports.c \
 hv/dev/guest_ports.h hv/dev/uart_model.h hv/dev/../spinlock.h \
 hv/dev/../types.h hv/dev/../types.h hv/dev/../lib/format.h \
 hv/dev/../lib/../types.h hv/dev/../../guest-abi/tdvisor_pv.h
hv/dev/guest_ports.h:
hv/dev/uart_model.h:
hv/dev/../spinlock.h:
hv/dev/../types.h:
hv/dev/../types.h:
hv/dev/../lib/format.h:
hv/dev/../lib/../types.h:
hv/dev/../../guest-abi/tdvisor_pv.h:
