build-h3/obj/hv/arch/x86/gdb_x86.c.o: hv/arch/x86/gdb_x86.c \
 hv/arch/x86/gdb_x86.h hv/arch/x86/exceptions.h hv/arch/x86/../../types.h \
 hv/arch/x86/percpu.h hv/arch/x86/descriptors.h \
 hv/arch/x86/../../gdbstub.h hv/arch/x86/../../gdb_packet.h \
 hv/arch/x86/../../types.h hv/arch/x86/insn.h hv/arch/x86/uart16550.h \
 hv/arch/x86/../../lib/format.h hv/arch/x86/../../lib/../types.h \
 hv/arch/x86/../../mm/memory.h hv/arch/x86/../../mm/../boot_info.h \
 hv/arch/x86/../../mm/../types.h hv/arch/x86/../../mm/pagetable.h \
 hv/arch/x86/../../mm/../types.h hv/arch/x86/../../mm/range_set.h \
 hv/arch/x86/../../mm/pagetable.h hv/arch/x86/../../mm/phys.h
hv/arch/x86/gdb_x86.h:
hv/arch/x86/exceptions.h:
hv/arch/x86/../../types.h:
hv/arch/x86/percpu.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/../../gdbstub.h:
hv/arch/x86/../../gdb_packet.h:
hv/arch/x86/../../types.h:
hv/arch/x86/insn.h:
hv/arch/x86/uart16550.h:
hv/arch/x86/../../lib/format.h:
hv/arch/x86/../../lib/../types.h:
hv/arch/x86/../../mm/memory.h:
hv/arch/x86/../../mm/../boot_info.h:
hv/arch/x86/../../mm/../types.h:
hv/arch/x86/../../mm/pagetable.h:
hv/arch/x86/../../mm/../types.h:
hv/arch/x86/../../mm/range_set.h:
hv/arch/x86/../../mm/pagetable.h:
hv/arch/x86/../../mm/phys.h:
