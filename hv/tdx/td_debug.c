/* A debug TD's registers and memory through the TDX module's debug leaves
 * (td_debug.h has the module's rules and their sources). Register ABI:
 * TDH.VP.RD   RCX = TDVPR, RDX = field id            -> R8 = value
 * TDH.VP.WR   RCX = TDVPR, RDX = field id, R8 = value, R9 = write mask
 * TDH.MEM.RD  RCX = GPA (8-aligned, private), RDX = TDR -> R8 = the word
 * TDH.MEM.WR  RCX = GPA, RDX = TDR, R8 = the new word
 * (intel/tdx-module tdx_1.5 tdh_vp_rd_wr.c, tdh_mem_rd_wr.c; Linux
 * arch/x86/virt/vmx/tdx/tdx.c tdh_vp_rd/tdh_vp_wr/tdh_mem_rd/tdh_mem_wr). */
#include "seamcall.h"
#include "td_debug.h"
#include "td_fields.h"
#include "tdx_status.h"
#include "../arch/x86/smp.h"
#include "../lib/string.h"
#include "../mm/pagetable.h"

#define TD_ATTR_DEBUG  BIT(0)
#define CR0_PG         BIT(31)
#define CR4_LA57       BIT(12)
#define EFER_LMA       BIT(10)
#define WORD           8u

bool td_debug_allowed(const struct td *td)
{
	return td && (td->attributes & TD_ATTR_DEBUG);
}

struct vp_access {
	struct td_vcpu *v;
	uint64_t leaf, field, val, mask, status;
};

static void vp_access_here(void *arg)
{
	struct vp_access *x = arg;
	struct tdx_module_args a = {
		.rcx = x->v->tdvps[0], .rdx = x->field, .r8 = x->val, .r9 = x->mask,
	};

	x->status = tdx_call(x->leaf, &a, TDX_CALL_QUIET);
	if (x->status == TDX_SUCCESS)
		x->val = a.r8;
}

/* The module associates the vCPU with the calling CPU: run where it is
 * pinned, which a parked vCPU's loop answers. */
static uint64_t vp_access(struct td_vcpu *v, uint64_t leaf, uint64_t field, uint64_t *val,
			  uint64_t mask)
{
	struct vp_access x = { .v = v, .leaf = leaf, .field = field, .val = *val, .mask = mask };

	if (!td_debug_allowed(v->td))
		return TDX_TD_NON_DEBUG;
	smp_call_on(v->cpu, vp_access_here, &x);
	if (x.status == TDX_SUCCESS)
		*val = x.val;
	return x.status;
}

uint64_t td_debug_vp_rd(struct td_vcpu *v, uint64_t field, uint64_t *val)
{
	*val = 0;
	return vp_access(v, TDH_VP_RD, field, val, 0);
}

uint64_t td_debug_vp_wr(struct td_vcpu *v, uint64_t field, uint64_t val, uint64_t mask)
{
	return vp_access(v, TDH_VP_WR, field, &val, mask);
}

/* One aligned private word; false for a GPA the module will not give. */
static bool mem_rd(struct td *td, uint64_t gpa, uint64_t *word)
{
	struct tdx_module_args a = { .rcx = gpa, .rdx = td->tdr };

	if (!td_debug_allowed(td) || tdx_call(TDH_MEM_RD, &a, TDX_CALL_QUIET) != TDX_SUCCESS)
		return false;
	*word = a.r8;
	return true;
}

static bool mem_wr(struct td *td, uint64_t gpa, uint64_t word)
{
	struct tdx_module_args a = { .rcx = gpa, .rdx = td->tdr, .r8 = word };

	return td_debug_allowed(td) && tdx_call(TDH_MEM_WR, &a, TDX_CALL_QUIET) == TDX_SUCCESS;
}

/* The 4-level walk: a non-present entry ends it; PS at the PDPT or PD
 * level is a 1 GiB or 2 MiB leaf. */
static bool walk(struct td *td, uint64_t cr3, uint64_t gva, uint64_t *gpa)
{
	uint64_t table = cr3 & PT_ADDR_MASK, entry = 0;

	if ((uint64_t)((int64_t)(gva << 16) >> 16) != gva)
		return false;                           /* not canonical */
	for (int level = PT_LEVELS - 1; level >= 0; level--) {
		unsigned shift = 12 + 9 * (unsigned)level;
		uint64_t index = (gva >> shift) & (PT_ENTRIES - 1);

		if (!mem_rd(td, table + index * WORD, &entry) || !(entry & PTE_P))
			return false;
		if (level == 0 || ((entry & PT_LARGE) && level <= 2)) {
			uint64_t offset = gva & ((1ull << shift) - 1);

			*gpa = (entry & PT_ADDR_MASK & ~((1ull << shift) - 1)) | offset;
			return true;
		}
		table = entry & PT_ADDR_MASK;
	}
	return false;
}

bool td_debug_translate(struct td_vcpu *v, uint64_t gva, uint64_t *gpa)
{
	uint64_t cr0, cr3, cr4, efer;

	if (td_debug_vp_rd(v, TDX_FIELD_GUEST_CR0, &cr0) != TDX_SUCCESS)
		return false;
	if (!(cr0 & CR0_PG)) {
		*gpa = gva;
		return gva < (1ull << v->td->gpaw);
	}
	if (td_debug_vp_rd(v, TDX_FIELD_GUEST_IA32_EFER, &efer) != TDX_SUCCESS ||
	    td_debug_vp_rd(v, TDX_FIELD_GUEST_CR4, &cr4) != TDX_SUCCESS ||
	    td_debug_vp_rd(v, TDX_FIELD_GUEST_CR3, &cr3) != TDX_SUCCESS)
		return false;
	if (!(efer & EFER_LMA) || (cr4 & CR4_LA57))
		return false;           /* 32-bit or 5-level paging: not handled */
	return walk(v->td, cr3, gva, gpa);
}

/* Between buf and the TD, translating once per page and moving whole
 * words: a partial word is read, merged and written back. */
static size_t copy(struct td_vcpu *v, uint64_t gva, uint8_t *to, const uint8_t *from, size_t len)
{
	size_t done = 0;
	uint64_t gpa = 0;

	while (done < len) {
		uint64_t va = gva + done, word;
		unsigned off = va % WORD;
		size_t n = MIN(len - done, (size_t)(WORD - off));

		if ((done == 0 || va % PAGE_SIZE_4K == 0) && !td_debug_translate(v, va, &gpa))
			break;
		if (!mem_rd(v->td, gpa - off, &word))
			break;
		if (to) {
			memcpy(to + done, (uint8_t *)&word + off, n);
		} else {
			memcpy((uint8_t *)&word + off, from + done, n);
			if (!mem_wr(v->td, gpa - off, word))
				break;
		}
		done += n;
		gpa += n;
	}
	return done;
}

size_t td_debug_read(struct td_vcpu *v, uint64_t gva, void *buf, size_t len)
{
	return copy(v, gva, buf, NULL, len);
}

size_t td_debug_write(struct td_vcpu *v, uint64_t gva, const void *buf, size_t len)
{
	return copy(v, gva, NULL, buf, len);
}
