/* Host KeyIDs (TDX private KeyIDs): one per TD, plus the module's global
 * KeyID. */
#ifndef HV_TDX_HKID_H
#define HV_TDX_HKID_H

#include "../types.h"

#define HKID_MAX 1024

/* Sets up the pool [start, start + count) and reserves its first KeyID for
 * the TDX module (as Linux does); returns that global KeyID. */
uint16_t hkid_init(uint32_t start, uint32_t count);
/* A free KeyID, or 0 when none is left. */
uint16_t hkid_alloc(void);
/* Only after the TD's teardown completed (VP.FLUSH, PHYMEM.CACHE.WB on
 * every package, MNG.KEY.FREEID): the KeyID can be reused. */
void hkid_release(uint16_t hkid);
/* Teardown failed: the KeyID may still tag cache lines; never reuse it. */
void hkid_leak(uint16_t hkid);
void hkid_counts(unsigned *in_use, unsigned *free_ids, unsigned *leaked);

#endif
