build-h3/obj/hv/tdx/tdx_init.c.o: hv/tdx/tdx_init.c hv/tdx/detect.h \
 hv/tdx/../types.h hv/tdx/hkid.h hv/tdx/seamcall.h hv/tdx/tdh_leaves.h \
 hv/tdx/tdh_sys.h hv/tdx/tdmr_setup.h hv/tdx/tdx.h hv/tdx/../boot_info.h \
 hv/tdx/../types.h hv/tdx/../manifest.h hv/tdx/../log.h \
 hv/tdx/tdx_status.h hv/tdx/tdx_status_list.h hv/tdx/tdx_operand_list.h \
 hv/tdx/../arch.h hv/tdx/../arch/x86/insn.h \
 hv/tdx/../arch/x86/../../types.h hv/tdx/../arch/x86/percpu.h \
 hv/tdx/../arch/x86/descriptors.h hv/tdx/../arch/x86/smp.h \
 hv/tdx/../arch/x86/vmx_cpu.h hv/tdx/../arch/x86/vmx_caps.h \
 hv/tdx/../log.h hv/tdx/../../seam/seam.h \
 hv/tdx/../../seam/../hv/boot_info.h hv/tdx/../../seam/../hv/manifest.h \
 hv/tdx/../../seam/../hv/tdx/seamcall.h hv/tdx/../../seam/../hv/types.h
hv/tdx/detect.h:
hv/tdx/../types.h:
hv/tdx/hkid.h:
hv/tdx/seamcall.h:
hv/tdx/tdh_leaves.h:
hv/tdx/tdh_sys.h:
hv/tdx/tdmr_setup.h:
hv/tdx/tdx.h:
hv/tdx/../boot_info.h:
hv/tdx/../types.h:
hv/tdx/../manifest.h:
hv/tdx/../log.h:
hv/tdx/tdx_status.h:
hv/tdx/tdx_status_list.h:
hv/tdx/tdx_operand_list.h:
hv/tdx/../arch.h:
hv/tdx/../arch/x86/insn.h:
hv/tdx/../arch/x86/../../types.h:
hv/tdx/../arch/x86/percpu.h:
hv/tdx/../arch/x86/descriptors.h:
hv/tdx/../arch/x86/smp.h:
hv/tdx/../arch/x86/vmx_cpu.h:
hv/tdx/../arch/x86/vmx_caps.h:
hv/tdx/../log.h:
hv/tdx/../../seam/seam.h:
hv/tdx/../../seam/../hv/boot_info.h:
hv/tdx/../../seam/../hv/manifest.h:
hv/tdx/../../seam/../hv/tdx/seamcall.h:
hv/tdx/../../seam/../hv/types.h:
