build-h3/obj/hv/tdx/td_lapic.c.o: hv/tdx/td_lapic.c hv/tdx/td_irq.h \
 hv/tdx/../arch/x86/vmx.h hv/tdx/../arch/x86/../../types.h \
 hv/tdx/../types.h
hv/tdx/td_irq.h:
hv/tdx/../arch/x86/vmx.h:
hv/tdx/../arch/x86/../../types.h:
hv/tdx/../types.h:
