/* Constants shared by the boot assembly and C. */
#ifndef BOOT_BOOT_H
#define BOOT_BOOT_H

#define BOOT_CS          0x08
#define BOOT_DS          0x10
#define BOOT_STACK_SIZE  16384

#ifndef __ASSEMBLY__
#include "../hv/types.h"

extern uint64_t early_pml4[512];
extern char boot_stack_top[];
extern char __image_start[], __text_end[], __rodata_end[], __image_end[];
extern char __bss_start[], __bss_end[];
extern char __trampoline_start[], __trampoline_end[];

void hv_main(uint32_t magic, uint32_t info_phys);
#endif

#endif
