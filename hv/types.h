/* Basic types and helpers shared by every hypervisor file. Only the compiler's
 * freestanding headers are used, so this builds both freestanding and on the host. */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ull << PAGE_SHIFT)
#define KiB        (1ull << 10)
#define MiB        (1ull << 20)
#define GiB        (1ull << 30)

#define ARRAY_SIZE(a)       (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)      (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a)    ((x) & ~((uint64_t)(a) - 1))
#define IS_ALIGNED(x, a)    (((x) & ((uint64_t)(a) - 1)) == 0)
#define BIT(n)              (1ull << (n))
#define MIN(a, b)           ((a) < (b) ? (a) : (b))
#define MAX(a, b)           ((a) > (b) ? (a) : (b))

#define __packed            __attribute__((packed))
#define __aligned(n)        __attribute__((aligned(n)))
#define __printf(a, b)      __attribute__((format(printf, a, b)))
#define __noreturn          __attribute__((noreturn))
#define __unused            __attribute__((unused))

#endif
