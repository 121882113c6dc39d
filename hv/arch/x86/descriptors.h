/* GDT, TSS and IDT formats (Intel SDM vol. 3A ch. 3 and 7). Hardware
 * formats, packed and size-checked; fields are built with mask helpers. */
#ifndef HV_ARCH_X86_DESCRIPTORS_H
#define HV_ARCH_X86_DESCRIPTORS_H

#include "../../types.h"

#define GDT_CODE_SEL 0x08
#define GDT_DATA_SEL 0x10
#define GDT_TSS_SEL  0x18

struct __packed tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};
_Static_assert(sizeof(struct tss) == 104, "TSS is 104 bytes");

/* null, code, data, TSS (16 bytes: two slots) */
struct gdt {
	uint64_t entry[5];
} __aligned(16);

struct __packed idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate is 16 bytes");

struct percpu;
void gdt_load(struct percpu *cpu);
void idt_init(void);
void idt_load(void);

#endif
