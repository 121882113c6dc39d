build-h3/obj/hv/dev/uart_model.c.o: hv/dev/uart_model.c \
 hv/dev/uart_model.h hv/dev/../spinlock.h hv/dev/../types.h \
 hv/dev/../types.h hv/dev/../log.h
hv/dev/uart_model.h:
hv/dev/../spinlock.h:
hv/dev/../types.h:
hv/dev/../types.h:
hv/dev/../log.h:
