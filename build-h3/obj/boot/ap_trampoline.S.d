build-h3/obj/boot/ap_trampoline.S.o: boot/ap_trampoline.S boot/boot.h
boot/boot.h:
