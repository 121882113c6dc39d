/* Secure EPT and initial memory: TDH.MEM.SEPT.ADD, TDH.MEM.SEPT.RD,
 * TDH.MEM.PAGE.ADD, and the operand checks the later memory leaves share
 * (seam/td_mem.h); each with the module's checks in the module's order
 * (intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/tdh_mem_sept_add.c,
 * tdh_mem_sept_rd.c, tdh_mem_page_add.c; the S-EPT states each leaf
 * accepts from include/auto_gen/sept_state_lookup.c). S-EPT format and
 * levels: seam/td_state.h. The model has no L2 VMs (NUM_L2_VMS is 0), so
 * the L2 S-EPT pages of TDH.MEM.SEPT.ADD version 1 can only be absent. */
#include "td_mem.h"
#include "../hv/lib/string.h"
#include "../hv/tdx/tdx_status.h"

#define SEPT_ADD_MAX_VERSION  1
#define SEPT_ADD_L1_AND_L2    4         /* R8 (L1), R9-R11 (L2 VMs 1-3) */
#define TD_HANDLE_ALLOW_EXISTING BIT(0)
#define SEPT_RD_L2_ATTRIBUTES BIT(0)    /* READ_L2_ATTRIBUTES_FLAG in RDX */

static bool mem_sept_free(uint64_t septe)
{
	return (septe & SEPT_STATE_MASK) == SEPT_STATE_FREE;
}

static bool mem_sept_nl_mapped(uint64_t septe)
{
	return (septe & SEPT_STATE_MASK) == SEPT_STATE_NL_MAPPED;
}

uint64_t mem_target_find(struct tdx_module_args *args, unsigned leaf, unsigned min,
			 unsigned max, struct mem_target *t)
{
	uint64_t page_info = args->rcx, status;

	t->tdr_pa = args->rdx;
	args->rcx = args->rdx = 0;
	status = td_explicit_tdcs(t->tdr_pa, TDX_OPERAND_RDX, leaf, &t->tdr, &t->tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (!sept_page_info_ok(page_info, min, max))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	t->level = page_info & 7;
	t->gpa = page_info & SEPT_HPA_MASK;
	return sept_walk_private(args, t->tdcs, t->gpa, t->level, &t->septe);
}

uint64_t mem_target_allows(struct tdx_module_args *args, const struct mem_target *t,
			   unsigned leaf)
{
	if (sept_allows(*t->septe, leaf))
		return TDX_SUCCESS;
	sept_report(args, *t->septe, t->level);
	return seam_status(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX);
}

bool mem_target_needs_tracking(const struct mem_target *t)
{
	return sept_has(*t->septe, SEPT_F_TLB_TRACKED) && t->tdcs->op_state == OP_STATE_RUNNABLE;
}

bool mem_target_tracked(const struct mem_target *t)
{
	uint64_t septe = *t->septe;
	uint64_t page = sept_is_leaf(septe) ? sept_leaf_hpa(septe, t->gpa, t->level) :
		       septe & SEPT_HPA_MASK;

	return td_tlb_tracked(t->tdcs, pamt_bepoch(pamt_entry_of(page)));
}

/* flagged[] holds R8-R11 in and what version 1 returns: a page the leaf
 * used becomes NULL_PA; one it did not need (an S-EPT page was already
 * there and RDX allowed that) keeps its address with bit 63 set. */
static uint64_t sept_add(struct tdx_module_args *args, unsigned version, uint64_t *flagged)
{
	uint64_t page_info = args->rcx, handle = args->rdx, status, *septe, gpa;
	unsigned level = page_info & 7;
	struct pamt_entry *page_pamt = NULL;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	uint64_t tdr_pa = handle & SEPT_HPA_MASK;

	args->rcx = args->rdx = 0;
	if (handle & TD_HANDLE_RESERVED)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	status = td_explicit_tdcs(tdr_pa, TDX_OPERAND_RDX, TDH_MEM_SEPT_ADD, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (!sept_page_info_ok(page_info, SEPT_LEVEL_PD, SEPT_PWL))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	gpa = page_info & SEPT_HPA_MASK;
	status = sept_walk_private(args, tdcs, gpa, level, &septe);
	if (status != TDX_SUCCESS)
		return status;
	if (!mem_sept_free(*septe) && !mem_sept_nl_mapped(*septe)) {
		sept_report(args, *septe, level);
		return seam_status(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX);
	}
	/* process_l1_page */
	if (flagged[0] == NULL_PA) {
		if (version == 0)
			return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_R8);
		if (!mem_sept_nl_mapped(*septe)) {
			sept_report(args, *septe, level);
			return seam_status(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX);
		}
	} else if (mem_sept_free(*septe)) {
		status = pamt_check_page(flagged[0], TDX_OPERAND_R8, PT_NDA, &page_pamt);
		if (status != TDX_SUCCESS)
			return status;
	} else if (handle & TD_HANDLE_ALLOW_EXISTING) {
		flagged[0] |= BIT(63);
	} else {
		sept_report(args, *septe, level);
		return seam_status(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX);
	}
	/* process_l2_pages: an L2 page for an L2 VM the TD does not have */
	for (unsigned vm = 1; version > 0 && vm < SEPT_ADD_L1_AND_L2; vm++)
		if (flagged[vm] != NULL_PA && vm > tdcs->num_l2_vms)
			return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_R8 + vm);

	if (page_pamt) {
		uint64_t *table = td_page(flagged[0]);

		for (unsigned i = 0; i < SEPT_ENTRIES; i++)
			table[i] = SEPTE_INIT_VALUE;
		pamt_assign(page_pamt, PT_EPT, tdr_pa);
		tdr->chldcnt++;
		*septe = SEPT_RWX | (flagged[0] & SEPT_HPA_MASK) | SEPT_SVE;
		flagged[0] = NULL_PA;
	}
	return TDX_SUCCESS;
}

/* tdh_mem_sept_add.c: RCX = GPA | level of the entry that will point to
 * the new page (1 PD .. 3 PML4), RDX = TDR | ALLOW_EXISTING (bit 0),
 * R8 = the new S-EPT page; version 1 also R9-R11 (L2 pages) and NULL_PA
 * in R8 to only check the entry, and returns R8-R11: NULL_PA for a page
 * used, the page with bit 63 set for a page not needed. */
uint64_t seam_mem_sept_add(struct tdx_module_args *args, unsigned version)
{
	uint64_t flagged[SEPT_ADD_L1_AND_L2] = { args->r8, NULL_PA, NULL_PA, NULL_PA };
	uint64_t status = td_leaf_enter();

	if (status != TDX_SUCCESS)
		return status;
	if (version > SEPT_ADD_MAX_VERSION) {
		args->rcx = args->rdx = 0;
		td_leaf_exit();
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RAX);
	}
	if (version > 0) {
		flagged[1] = args->r9;
		flagged[2] = args->r10;
		flagged[3] = args->r11;
	}
	/* Bit 63 of a page address is ignored on input. */
	for (unsigned i = 0; i < SEPT_ADD_L1_AND_L2; i++)
		if (flagged[i] != NULL_PA)
			flagged[i] &= ~BIT(63);
	status = sept_add(args, version, flagged);
	if (version > 0) {
		args->r8 = flagged[0];
		args->r9 = flagged[1];
		args->r10 = flagged[2];
		args->r11 = flagged[3];
	}
	td_leaf_exit();
	return status;
}

/* tdh_mem_sept_rd.c: RCX = GPA | level (0..3), RDX = TDR | READ_L2_ATTRIBUTES
 * (bit 0; debug TDs only). Returns RCX = the entry in architectural form,
 * RDX = level | state << 8, and with bit 0 set R8 = the L2 attributes
 * (none: the model's TDs have no L2 VMs). */
static uint64_t mem_sept_rd(struct tdx_module_args *args)
{
	uint64_t page_info = args->rcx, tdr_in = args->rdx, status, *septe;
	bool read_l2 = tdr_in & SEPT_RD_L2_ATTRIBUTES;
	unsigned level = page_info & 7;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;

	args->rcx = args->rdx = 0;
	status = td_explicit_tdcs(tdr_in & ~SEPT_RD_L2_ATTRIBUTES, TDX_OPERAND_RDX, TDH_MEM_SEPT_RD, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (read_l2 && !(tdcs->attributes & TD_ATTR_DEBUG))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	if (!sept_page_info_ok(page_info, SEPT_LEVEL_PT, SEPT_PWL))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	status = sept_walk_private(args, tdcs, page_info & SEPT_HPA_MASK, level, &septe);
	if (status != TDX_SUCCESS)
		return status;
	if (read_l2)
		args->r8 = 0;
	sept_report(args, *septe, level);
	return TDX_SUCCESS;
}

/* tdh_mem_page_add.c: RCX = GPA (4K level), RDX = TDR, R8 = the TD page,
 * R9 = the source page (shared). Copies the source into the TD page, maps
 * it RWX in the S-EPT and adds its GPA to MRTD; only before
 * TDH.MR.FINALIZE (op state INITIALIZED). */
static uint64_t mem_page_add(struct tdx_module_args *args)
{
	uint64_t page_info = args->rcx, tdr_pa = args->rdx, page_pa = args->r8;
	uint64_t source_pa = args->r9, status, *septe, gpa;
	struct pamt_entry *page_pamt;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;

	args->rcx = args->rdx = 0;
	status = td_explicit_tdcs(tdr_pa, TDX_OPERAND_RDX, TDH_MEM_PAGE_ADD, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (!sept_page_info_ok(page_info, SEPT_LEVEL_PT, SEPT_LEVEL_PT))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	gpa = page_info & SEPT_HPA_MASK;
	status = sept_walk_private(args, tdcs, gpa, SEPT_LEVEL_PT, &septe);
	if (status != TDX_SUCCESS)
		return status;
	if (!sept_allows(*septe, TDH_MEM_PAGE_ADD)) {
		sept_report(args, *septe, SEPT_LEVEL_PT);
		return seam_status(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX);
	}
	status = pamt_check_shared(source_pa, PAGE_SIZE);
	if (status != TDX_SUCCESS)
		return seam_status(status, TDX_OPERAND_R9);
	status = pamt_check_page(page_pa, TDX_OPERAND_R8, PT_NDA, &page_pamt);
	if (status != TDX_SUCCESS)
		return status;

	memcpy(td_page(page_pa), td_page(source_pa), PAGE_SIZE);
	*septe = SEPT_RWX | SEPT_MT_WB | SEPT_STATE_MAPPED | page_pa | SEPT_SVE;
	mrtd_page_add(&td_measure_of(tdr)->mrtd_ctx, gpa);
	tdr->chldcnt++;
	pamt_assign(page_pamt, PT_REG, tdr_pa);
	return TDX_SUCCESS;
}

uint64_t seam_mem_sept_rd(struct tdx_module_args *args)
{
	return td_leaf_call(mem_sept_rd, args);
}

uint64_t seam_mem_page_add(struct tdx_module_args *args)
{
	return td_leaf_call(mem_page_add, args);
}
