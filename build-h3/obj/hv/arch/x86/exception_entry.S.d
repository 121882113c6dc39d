build-h3/obj/hv/arch/x86/exception_entry.S.o: \
 hv/arch/x86/exception_entry.S
