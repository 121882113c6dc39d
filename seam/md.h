/* Metadata fields of the model: the rules every field access follows, the
 * TD-scope (seam/td_rd.c) and vCPU-scope (seam/md_vp.c) accessors that
 * TDH.MNG.RD/WR, TDH.VP.RD/WR and TDG.VM.RD/WR, TDG.VP.RD/WR share, and
 * the TD VMCS access of the vCPU-scope leaves (seam/td_vmcs.c).
 * Sources: intel/tdx-module tdx_1.5 src/common/metadata_handlers/
 * metadata_generic.[ch] (md_check_as_single_element_id, md_get_rd_wr_mask,
 * md_check_forbidden_bits_unchanged), metadata_td.c, metadata_vp.c, and the
 * field tables in include/auto_gen/{tdr_tdcs,td_vmcs,tdvps}_fields_lookup.c.
 * Field ids: hv/tdx/td_fields.h. */
#ifndef SEAM_MD_H
#define SEAM_MD_H

#include "td_mem.h"                     /* NULL_PA */
#include "td_state.h"
#include "../hv/tdx/td_fields.h"

/* Who accesses a field (md_access_t without the migration kinds). */
enum md_access { MD_HOST_RD, MD_HOST_WR, MD_GUEST_RD, MD_GUEST_WR };

/* A field's read and write masks per accessor (md_lookup_t): the host's
 * depend on whether the TD is a debug TD (ATTRIBUTES.DEBUG). */
struct md_masks {
	uint64_t prod_rd, prod_wr, dbg_rd, dbg_wr, guest_rd, guest_wr;
};

/* One access: in value and mask (writes), out the value read, or the old
 * value for a write (masked by the read mask). */
struct md_request {
	enum md_access access;
	bool debug;                     /* the TD's ATTRIBUTES.DEBUG */
	uint64_t value, mask;
	uint64_t out;
};

/* md_check_as_single_element_id: the reserved bits, LAST_ELEMENT_IN_FIELD
 * and LAST_FIELD_IN_SEQUENCE are 0. */
bool md_single_element_ok(uint64_t id);
/* Bits of an element of the field whose id is id (1 to 8 bytes). */
uint64_t md_size_mask(uint64_t id);
/* The read (or, for a write, read-modify-write) of one element whose
 * current value is cur: NOT_READABLE, NOT_WRITABLE or VALUE_NOT_VALID as
 * md_*_read/write_element; on success req->out is set and, for a write,
 * *next is the element's new value. pa_field: the field holds a physical
 * address whose initial value NULL_PA keeps no bits of its own
 * (md_vp_adjust_value_per_field_attr_on_wr); whole_clears: a write of
 * every bit starts from 0 (metadata_vp.c) instead of cur (metadata_td.c). */
uint64_t md_element(const struct md_masks *m, uint64_t entry_id, uint64_t cur,
		    struct md_request *req, bool pa_field, bool whole_clears, uint64_t *next);

/* TD scope (td_rd.c): one element of the TD whose TDR is tdr. */
uint64_t md_td_access(struct td_tdr *tdr, uint64_t id, struct md_request *req);
/* vCPU scope (md_vp.c): one element of the vCPU. */
uint64_t md_vp_access(struct td_tdvpr *vp, uint64_t id, struct md_request *req);
/* TDH.VP.INIT's initial values of what md_vp.c keeps in vp->ctls. */
void md_vp_init_ctls(struct td_vcpu_ctls *c);
/* The TD VMCS exception bitmap and the primary controls a debugger adds,
 * for TDH.VP.ENTER's VMCS build: the host's vectors plus #UD, which the
 * model needs for TDCALL. */
uint32_t md_vp_exception_bitmap(const struct td_tdvpr *vp);

/* The TD VMCS of a vCPU that has run (td_vmcs.c; a host test supplies
 * its own): made current on this LP and read or written, false when the
 * VMCS has no such field. */
bool td_vmcs_read(const struct td_tdvpr *vp, uint32_t field, uint64_t *value);
bool td_vmcs_write(const struct td_tdvpr *vp, uint32_t field, uint64_t value);

/* TDH.VP.ENTER (td_vmcs.c): the TD's DR0-DR3 and DR6 in the CPU while it
 * runs, the host's kept in *host meanwhile. */
struct td_host_debug_regs {
	uint64_t dr[4], dr6;
};
void td_debug_regs_enter(const struct td_tdvpr *vp, struct td_host_debug_regs *host);
void td_debug_regs_exit(struct td_tdvpr *vp, const struct td_host_debug_regs *host);

#endif
