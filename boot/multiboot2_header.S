/* Multiboot2 header: GRUB finds it in the first 32 KiB of the image. We ask
 * for no framebuffer (the console is serial) and let GRUB use the ELF load
 * addresses, so only the end tag follows the header. */
#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_ARCH_I386    0

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* end tag */
	.balign 8
	.word 0, 0
	.long 8
mb2_header_end:
