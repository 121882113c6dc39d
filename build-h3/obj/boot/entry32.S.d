build-h3/obj/boot/entry32.S.o: boot/entry32.S boot/boot.h
boot/boot.h:
