build-h3/obj/hv/mm/paging.c.o: hv/mm/paging.c hv/mm/memory.h \
 hv/mm/../boot_info.h hv/mm/../types.h hv/mm/pagetable.h hv/mm/../types.h \
 hv/mm/range_set.h hv/mm/page_alloc.h hv/mm/phys.h \
 hv/mm/../../boot/boot.h hv/mm/../../boot/../hv/types.h \
 hv/mm/../arch/x86/cpu.h hv/mm/../arch/x86/../../types.h \
 hv/mm/../arch/x86/insn.h hv/mm/../arch/x86/percpu.h \
 hv/mm/../arch/x86/descriptors.h hv/mm/../log.h
hv/mm/memory.h:
hv/mm/../boot_info.h:
hv/mm/../types.h:
hv/mm/pagetable.h:
hv/mm/../types.h:
hv/mm/range_set.h:
hv/mm/page_alloc.h:
hv/mm/phys.h:
hv/mm/../../boot/boot.h:
hv/mm/../../boot/../hv/types.h:
hv/mm/../arch/x86/cpu.h:
hv/mm/../arch/x86/../../types.h:
hv/mm/../arch/x86/insn.h:
hv/mm/../arch/x86/percpu.h:
hv/mm/../arch/x86/descriptors.h:
hv/mm/../log.h:
