build-h3/obj/hv/arch/x86/exceptions.c.o: hv/arch/x86/exceptions.c \
 hv/arch/x86/exceptions.h hv/arch/x86/../../types.h hv/arch/x86/apic.h \
 hv/arch/x86/cpu.h hv/arch/x86/gdb_x86.h hv/arch/x86/percpu.h \
 hv/arch/x86/descriptors.h hv/arch/x86/../../gdbstub.h \
 hv/arch/x86/../../gdb_packet.h hv/arch/x86/../../types.h \
 hv/arch/x86/insn.h hv/arch/x86/../../arch.h hv/arch/x86/../../log.h \
 hv/arch/x86/../../panic.h
hv/arch/x86/exceptions.h:
hv/arch/x86/../../types.h:
hv/arch/x86/apic.h:
hv/arch/x86/cpu.h:
hv/arch/x86/gdb_x86.h:
hv/arch/x86/percpu.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/../../gdbstub.h:
hv/arch/x86/../../gdb_packet.h:
hv/arch/x86/../../types.h:
hv/arch/x86/insn.h:
hv/arch/x86/../../arch.h:
hv/arch/x86/../../log.h:
hv/arch/x86/../../panic.h:
