build-h3/obj/hv/tdx/linux_tdmr.c.o: hv/tdx/linux_tdmr.c
