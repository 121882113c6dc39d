/* Legacy 8259 interrupt controllers. */
#ifndef HV_ARCH_X86_PIC8259_H
#define HV_ARCH_X86_PIC8259_H

void pic8259_mask_all(void);

#endif
