/* The EPT flavour of the shared walker: an entry is present when any of
 * R/W/X is set; tables grant everything so leaves alone decide. */
#include "ept.h"

const struct pt_format pt_format_ept = {
	.name = "ept",
	.present_mask = EPT_RWX,
	.table_flags = EPT_RWX,
};
