/* Calibration-free delays from the legacy PIT, for the INIT-SIPI-SIPI
 * protocol's waits (the TSC rate is unknown this early and, in Bochs, is
 * tied to instructions rather than time). */
#ifndef HV_ARCH_X86_PIT_H
#define HV_ARCH_X86_PIT_H

#include "../../types.h"

void pit_delay_us(unsigned us);

#endif
