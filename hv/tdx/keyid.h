/* Physical addresses tagged with a KeyID, for the SEAMCALLs that act on
 * memory through a particular key (TDH.PHYMEM.PAGE.WBINVD). */
#ifndef HV_TDX_KEYID_H
#define HV_TDX_KEYID_H

#include "../types.h"

/* pa with keyid in the platform's KeyID bits (Linux mk_keyed_paddr). */
uint64_t tdx_keyed_pa(uint16_t keyid, paddr_t pa);
/* TDH.PHYMEM.PAGE.WBINVD of each 4K page of [pa, pa + pages * 4K) through
 * keyid: the cache lines the KeyID may still hold are written back and
 * invalidated before the pages are used under another key (KVM after
 * TDH.MEM.PAGE.REMOVE). False (logged) when the module refused a page. */
bool tdx_wbinvd_pages(uint16_t keyid, paddr_t pa, uint64_t pages);

#endif
