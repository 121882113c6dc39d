build-h3/obj/hv/summary.c.o: hv/summary.c hv/arch/x86/percpu.h \
 hv/arch/x86/../../types.h hv/arch/x86/descriptors.h hv/lib/format.h \
 hv/lib/../types.h hv/log.h hv/types.h hv/mm/memory.h \
 hv/mm/../boot_info.h hv/mm/../types.h hv/mm/pagetable.h hv/mm/../types.h \
 hv/mm/range_set.h hv/mm/page_alloc.h hv/summary.h \
 hv/arch/x86/vmx_probe.h hv/boot_info.h hv/manifest.h hv/tdx/hkid.h \
 hv/tdx/../types.h hv/tdx/tdx.h hv/tdx/../boot_info.h \
 hv/tdx/../manifest.h hv/arch/x86/vmx_cpu.h hv/arch/x86/vmx_caps.h
hv/arch/x86/percpu.h:
hv/arch/x86/../../types.h:
hv/arch/x86/descriptors.h:
hv/lib/format.h:
hv/lib/../types.h:
hv/log.h:
hv/types.h:
hv/mm/memory.h:
hv/mm/../boot_info.h:
hv/mm/../types.h:
hv/mm/pagetable.h:
hv/mm/../types.h:
hv/mm/range_set.h:
hv/mm/page_alloc.h:
hv/summary.h:
hv/arch/x86/vmx_probe.h:
hv/boot_info.h:
hv/manifest.h:
hv/tdx/hkid.h:
hv/tdx/../types.h:
hv/tdx/tdx.h:
hv/tdx/../boot_info.h:
hv/tdx/../manifest.h:
hv/arch/x86/vmx_cpu.h:
hv/arch/x86/vmx_caps.h:
