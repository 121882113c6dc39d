/* Host shim: what a hypervisor .c file needs around it to compile and run as
 * a normal host program. Include this first in every unit test file, then the
 * real .c files under test. Privileged instructions are never reached from the
 * files tested here; log output is captured so tests can check exact messages. */
#ifndef TESTS_UNIT_SHIM_H
#define TESTS_UNIT_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../hv/log.h"
#include "../../hv/types.h"

/* Everything logged since the last shim_log_clear(), one line per message. */
extern char shim_log[65536];
void shim_log_clear(void);
/* True when some captured line contains needle. */
int shim_log_has(const char *needle);

#endif
