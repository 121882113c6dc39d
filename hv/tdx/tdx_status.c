/* Names for statuses and operand ids: users complained that raw codes are
 * opaque (0xC000010000000045 is "OPERAND_INVALID on CPUID_CONFIG"). */
#include "tdx_status.h"
#include "../lib/format.h"

static const struct {
	uint64_t code;
	const char *name;
} status_names[] = {
#define TDX_STATUS(name, value) { value##ull, "TDX_" #name },
#include "tdx_status_list.h"
#undef TDX_STATUS
	{ TDX_SEAMCALL_VMFAILINVALID, "SEAMCALL VMfailInvalid (no TDX module)" },
};

static const struct {
	uint32_t id;
	const char *name;
} operand_names[] = {
#define TDX_OPERAND(name, value) { value, #name },
#include "tdx_operand_list.h"
#undef TDX_OPERAND
};

const char *tdx_status_name(uint64_t status)
{
	if (status == TDX_SEAMCALL_GP)
		return "SEAMCALL #GP";
	if (status == TDX_SEAMCALL_UD)
		return "SEAMCALL #UD (not in VMX root, or no SEAM support)";
	for (unsigned i = 0; i < ARRAY_SIZE(status_names); i++)
		if (status_names[i].code == TDX_STATUS_CODE(status) ||
		    status_names[i].code == status)
			return status_names[i].name;
	return "unknown status";
}

const char *tdx_operand_name(uint32_t operand)
{
	for (unsigned i = 0; i < ARRAY_SIZE(operand_names); i++)
		if (operand_names[i].id == operand)
			return operand_names[i].name;
	return NULL;
}

size_t tdx_status_format(uint64_t status, char *buf, size_t size)
{
	uint32_t detail = TDX_STATUS_DETAIL(status);
	const char *operand = tdx_operand_name(detail);

	if (!TDX_STATUS_IS_ERROR(status) || (status & TDX_SW_ERROR) == TDX_SW_ERROR || !detail)
		return format(buf, size, "%s", tdx_status_name(status));
	if (operand)
		return format(buf, size, "%s (operand 0x%x %s)", tdx_status_name(status),
			      detail, operand);
	return format(buf, size, "%s (detail 0x%x)", tdx_status_name(status), detail);
}
