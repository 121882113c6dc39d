build-h3/obj/boot/multiboot2_header.S.o: boot/multiboot2_header.S
