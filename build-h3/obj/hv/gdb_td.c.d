build-h3/obj/hv/gdb_td.c.o: hv/gdb_td.c hv/gdb_td.h hv/gdbstub.h \
 hv/gdb_packet.h hv/types.h hv/arch/x86/gdb_x86.h \
 hv/arch/x86/exceptions.h hv/arch/x86/../../types.h hv/arch/x86/percpu.h \
 hv/arch/x86/descriptors.h hv/arch/x86/../../gdbstub.h hv/lib/format.h \
 hv/lib/../types.h hv/lib/string.h hv/log.h hv/tdx/td_debug.h hv/tdx/td.h \
 hv/tdx/td_irq.h hv/tdx/../arch/x86/vmx.h \
 hv/tdx/../arch/x86/../../types.h hv/tdx/../types.h \
 hv/tdx/../dev/guest_ports.h hv/tdx/../dev/uart_model.h \
 hv/tdx/../dev/../spinlock.h hv/tdx/../dev/../types.h \
 hv/tdx/../dev/../types.h hv/tdx/../manifest.h hv/tdx/../log.h \
 hv/tdx/../types.h hv/tdx/../mm/sept_mirror.h hv/tdx/../mm/pagetable.h \
 hv/tdx/../mm/../types.h hv/tdx/seamcall.h hv/tdx/tdh_leaves.h \
 hv/tdx/td_fields.h hv/tdx/tdx_status.h hv/tdx/tdx_status_list.h \
 hv/tdx/tdx_operand_list.h
hv/gdb_td.h:
hv/gdbstub.h:
hv/gdb_packet.h:
hv/types.h:
hv/arch/x86/gdb_x86.h:
hv/arch/x86/exceptions.h:
hv/arch/x86/../../types.h:
hv/arch/x86/percpu.h:
hv/arch/x86/descriptors.h:
hv/arch/x86/../../gdbstub.h:
hv/lib/format.h:
hv/lib/../types.h:
hv/lib/string.h:
hv/log.h:
hv/tdx/td_debug.h:
hv/tdx/td.h:
hv/tdx/td_irq.h:
hv/tdx/../arch/x86/vmx.h:
hv/tdx/../arch/x86/../../types.h:
hv/tdx/../types.h:
hv/tdx/../dev/guest_ports.h:
hv/tdx/../dev/uart_model.h:
hv/tdx/../dev/../spinlock.h:
hv/tdx/../dev/../types.h:
hv/tdx/../dev/../types.h:
hv/tdx/../manifest.h:
hv/tdx/../log.h:
hv/tdx/../types.h:
hv/tdx/../mm/sept_mirror.h:
hv/tdx/../mm/pagetable.h:
hv/tdx/../mm/../types.h:
hv/tdx/seamcall.h:
hv/tdx/tdh_leaves.h:
hv/tdx/td_fields.h:
hv/tdx/tdx_status.h:
hv/tdx/tdx_status_list.h:
hv/tdx/tdx_operand_list.h:
