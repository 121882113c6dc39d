/* The manifest parser: exact error lines for malformed input (one TEST per
 * case, so a failure names it), decoded values for valid input, the error
 * cap, the platform check and the summary line. */
#include "shim.h"
#include "../../hv/manifest_json.c"
#include "../../hv/manifest.c"
#include "test.h"

static struct manifest m;
static struct manifest_errors errs;

/* Parses from a heap copy of exactly len bytes, so ASan catches any read
 * past the end (the parser must not rely on a NUL terminator). */
static int parse_len(const char *json, size_t len)
{
	char *copy = malloc(len ? len : 1);
	int r;

	memcpy(copy, json, len);
	r = manifest_parse(copy, len, &m, &errs);
	free(copy);
	return r;
}

static int parse(const char *json)
{
	return parse_len(json, strlen(json));
}

/* Every expected line, in order, and nothing else. */
static void check_lines(int r, const char *const lines[])
{
	unsigned n = 0;

	while (lines[n])
		n++;
	CHECK_EQ(r, n);
	CHECK_EQ(errs.count, n);
	for (unsigned i = 0; i < n && i < errs.count; i++)
		CHECK_STR(errs.msg[i], lines[i]);
	/* A failed parse leaves no partial manifest behind. */
	CHECK_EQ(m.vms.count + m.tds.count, 0);
}

#define BAD(name, json, ...)                                            \
	TEST(bad_##name)                                                \
	{                                                               \
		check_lines(parse(json), (const char *const[]){ __VA_ARGS__, NULL }); \
	}

/* A guest entry with everything valid except what the test puts in. */
#define VM(extra) "{\"vms\": [{\"name\": \"a\", \"cpus\": [0]" extra "}]}"
#define VM_MEM(mem) "{\"vms\": [{\"name\": \"a\", \"cpus\": [0], \"memory\": " mem "}]}"

/* ---- JSON syntax ---- */

BAD(empty, "", "manifest: empty input, expected a JSON object")
BAD(only_space, " \n\t\r ", "manifest: empty input, expected a JSON object")
BAD(truncated_array, "{\"vms\": [", "manifest: JSON ends early (truncated?)")
BAD(truncated_string, "{\"vms", "manifest: JSON ends early (truncated?)")
BAD(truncated_value, "{\"vms\": 1", "manifest: JSON ends early (truncated?)")
BAD(object_trailing_comma, "{\"vms\": [],}", "manifest: invalid JSON at byte 10")
BAD(array_trailing_comma, "{\"vms\": [{},]}", "manifest: invalid JSON at byte 11")
BAD(array_leading_comma, "{\"vms\": [,{}]}", "manifest: invalid JSON at byte 9")
BAD(missing_comma, "{\"vms\": [] \"tds\": []}", "manifest: invalid JSON at byte 11")
BAD(missing_array_comma, "{\"vms\": [{} {}]}", "manifest: invalid JSON at byte 12")
BAD(missing_colon, "{\"vms\" []}", "manifest: invalid JSON at byte 7")
BAD(key_without_value, "{\"vms\"}", "manifest: invalid JSON at byte 6")
BAD(colon_without_value, "{\"vms\":}", "manifest: invalid JSON at byte 7")
BAD(double_colon, "{\"a\":1:2}", "manifest: invalid JSON at byte 6")
BAD(colon_in_array, "[\"a\":1]", "manifest: invalid JSON at byte 4")
BAD(two_keys_no_comma, "{\"a\" \"b\"}", "manifest: invalid JSON at byte 5")
BAD(bad_literal, "{\"vms\": tru}", "manifest: invalid JSON at byte 8")
BAD(leading_zero, "{\"x\": 01}", "manifest: invalid JSON at byte 7")
BAD(bare_minus, "{\"x\": -}", "manifest: invalid JSON at byte 6")
BAD(dangling_fraction, "{\"x\": 1.}", "manifest: invalid JSON at byte 7")
BAD(dangling_exponent, "{\"x\": 1e+}", "manifest: invalid JSON at byte 7")
BAD(unquoted_key, "{vms: []}", "manifest: invalid JSON at byte 1")
BAD(two_roots, "{} {}", "manifest: invalid JSON at byte 3")
BAD(trailing_junk, "{}x", "manifest: invalid JSON at byte 2")
BAD(trailing_number, "{} 1 ", "manifest: invalid JSON at byte 3")
BAD(mismatched_bracket, "{\"vms\": [}", "manifest: invalid JSON at byte 9")
BAD(stray_close, "}", "manifest: invalid JSON at byte 0")
BAD(control_char_in_string, "{\"a\tb\": 1}", "manifest: invalid JSON at byte 3")
BAD(bad_escape, "{\"a\\qb\": 1}", "manifest: invalid JSON at byte 1")
BAD(single_quotes, "{'vms': []}", "manifest: invalid JSON at byte 1")

TEST(bad_nul_byte)
{
	check_lines(parse_len("{\"vms\":\0[]}", 11),
		    (const char *const[]){ "manifest: invalid JSON at byte 7", NULL });
}

TEST(bad_too_many_tokens)
{
	static char json[3 * MANIFEST_MAX_TOKENS + 16];
	size_t n = (size_t)format(json, sizeof(json), "{\"x\": [");

	for (int i = 0; i < MANIFEST_MAX_TOKENS; i++)
		n += (size_t)format(json + n, sizeof(json) - n, "%s1", i ? "," : "");
	format(json + n, sizeof(json) - n, "]}");
	check_lines(parse(json), (const char *const[]){
		"manifest: too many JSON tokens (at most 2048)", NULL });
}

TEST(bad_too_large)
{
	size_t len = MANIFEST_MAX_BYTES + 1;
	char *json = malloc(len);

	memset(json, ' ', len);
	json[0] = '{';
	json[len - 1] = '}';
	check_lines(parse_len(json, len), (const char *const[]){
		"manifest: input is 1048577 bytes, at most 1048576 are accepted", NULL });
	free(json);
}

/* ---- structure and keys ---- */

BAD(root_array, "[]", "manifest: expected an object, got an empty array")
BAD(root_string, "\"vms\"", "manifest: expected an object, got \"vms\"")
BAD(root_number, "42 ", "manifest: expected an object, got 42")
BAD(unknown_top_key, "{\"colour\": 1}", "manifest: colour: unknown key")
BAD(unknown_guest_key, VM(", \"memory\": \"4K\", \"colour\": \"red\""),
    "manifest: vms[0].colour: unknown key")
BAD(escaped_key_is_unknown, "{\"hypervisor\": {\"log_\\u006cevel\": \"info\"}}",
    "manifest: hypervisor.log_\\u006cevel: unknown key")
BAD(long_unknown_key,
    "{\"abcdefghijklmnopqrstuvwxyz0123456789\": 1}",
    "manifest: abcdefghijklmnopqrstuvwxyz012345...: unknown key")
BAD(duplicate_key, "{\"hypervisor\": {\"log_level\": \"info\", \"log_level\": \"debug\"}}",
    "manifest: hypervisor.log_level: duplicate key")
BAD(duplicate_top_key, "{\"vms\": [], \"vms\": []}", "manifest: vms: duplicate key")
BAD(hypervisor_not_object, "{\"hypervisor\": []}",
    "manifest: hypervisor: expected an object, got an empty array")
BAD(tdx_not_object, "{\"tdx\": \"auto\"}", "manifest: tdx: expected an object, got \"auto\"")
BAD(vms_not_array, "{\"vms\": {}}", "manifest: vms: expected an array, got an empty object")
BAD(tds_not_array, "{\"tds\": {\"name\": \"x\"}}", "manifest: tds: expected an array, got an object")
BAD(guest_not_object, "{\"vms\": [5]}", "manifest: vms[0]: expected an object, got 5")
BAD(guest_null, "{\"tds\": [null]}", "manifest: tds[0]: expected an object, got null")
BAD(missing_everything, "{\"tds\": [{}]}",
    "manifest: tds[0]: missing required key \"name\"",
    "manifest: tds[0]: missing required key \"memory\"",
    "manifest: tds[0]: missing required key \"cpus\"")
BAD(missing_memory, VM(""), "manifest: vms[0]: missing required key \"memory\"")

/* ---- values ---- */

BAD(log_level, "{\"hypervisor\": {\"log_level\": \"verbose\"}}",
    "manifest: hypervisor.log_level: expected \"error\", \"warn\", \"info\" or \"debug\", got \"verbose\"")
BAD(log_level_number, "{\"hypervisor\": {\"log_level\": 3}}",
    "manifest: hypervisor.log_level: expected \"error\", \"warn\", \"info\" or \"debug\", got 3")
BAD(tdx_module, "{\"tdx\": {\"module\": \"sim\"}}",
    "manifest: tdx.module: expected \"auto\", \"hardware\" or \"emulated\", got \"sim\"")
BAD(tdx_keyids_negative, "{\"tdx\": {\"tdx_keyids\": -1}}",
    "manifest: tdx.tdx_keyids: expected a KeyID count from 0 to 1023, got -1")
BAD(tdx_keyids_sum, "{\"tdx\": {\"mktme_keyids\": 1000, \"tdx_keyids\": 100}}",
    "manifest: tdx: mktme_keyids + tdx_keyids is 1100; KeyIDs end at 1023")
BAD(tdx_module_case, "{\"tdx\": {\"module\": \"Auto\"}}",
    "manifest: tdx.module: expected \"auto\", \"hardware\" or \"emulated\", got \"Auto\"")
BAD(name_space, "{\"vms\": [{\"name\": \"a b\", \"memory\": 4096, \"cpus\": [0]}]}",
    "manifest: vms[0].name: expected a name of 1-31 letters, digits, '_' or '-', got \"a b\"")
BAD(name_empty, "{\"vms\": [{\"name\": \"\", \"memory\": 4096, \"cpus\": [0]}]}",
    "manifest: vms[0].name: expected a name of 1-31 letters, digits, '_' or '-', got \"\"")
BAD(name_too_long, "{\"vms\": [{\"name\": \"abcdefghijklmnopqrstuvwxyz012345\", \"memory\": 4096, \"cpus\": [0]}]}",
    "manifest: vms[0].name: expected a name of 1-31 letters, digits, '_' or '-', got \"abcdefghijklmnopqrstuvwxyz012345\"")
BAD(name_number, "{\"vms\": [{\"name\": 7, \"memory\": 4096, \"cpus\": [0]}]}",
    "manifest: vms[0].name: expected a name of 1-31 letters, digits, '_' or '-', got 7")
BAD(name_utf8, "{\"vms\": [{\"name\": \"caf\xc3\xa9\", \"memory\": 4096, \"cpus\": [0]}]}",
    "manifest: vms[0].name: expected a name of 1-31 letters, digits, '_' or '-', got \"caf??\"")
BAD(name_duplicate,
    "{\"vms\": [{\"name\": \"web\", \"memory\": 4096, \"cpus\": [0]}],"
    " \"tds\": [{\"name\": \"web\", \"memory\": 4096, \"cpus\": [1]}]}",
    "manifest: tds[0].name: name \"web\" is already used by vms[0]")
BAD(name_duplicate_same_list,
    "{\"tds\": [{\"name\": \"x\", \"memory\": 4096, \"cpus\": [0]},"
    " {\"name\": \"x\", \"memory\": 4096, \"cpus\": [1]}]}",
    "manifest: tds[1].name: name \"x\" is already used by tds[0]")
BAD(memory_true, "{\"tds\": [{\"name\": \"a\", \"memory\": \"64M\", \"cpus\": [0]},"
    " {\"name\": \"b\", \"memory\": true, \"cpus\": [1]}]}",
    "manifest: tds[1].memory: expected a size such as \"64M\", got true")
BAD(memory_unaligned, VM_MEM("4097"), "manifest: vms[0].memory: expected a multiple of 4K, got 4097")
BAD(memory_unaligned_hex, VM_MEM("\"0x1800\""),
    "manifest: vms[0].memory: expected a multiple of 4K, got \"0x1800\"")
BAD(memory_zero, VM_MEM("0"), "manifest: vms[0].memory: expected at least 4K, got 0")
BAD(memory_zero_string, VM_MEM("\"0M\""), "manifest: vms[0].memory: expected at least 4K, got \"0M\"")
BAD(memory_negative, VM_MEM("-4096"), "manifest: vms[0].memory: expected a size such as \"64M\", got -4096")
BAD(memory_fraction, VM_MEM("4096.0"), "manifest: vms[0].memory: expected a size such as \"64M\", got 4096.0")
BAD(memory_exponent, VM_MEM("4e3"), "manifest: vms[0].memory: expected a size such as \"64M\", got 4e3")
BAD(memory_fraction_string, VM_MEM("\"1.5G\""),
    "manifest: vms[0].memory: expected a size such as \"64M\", got \"1.5G\"")
BAD(memory_lowercase_suffix, VM_MEM("\"64m\""),
    "manifest: vms[0].memory: expected a size such as \"64M\", got \"64m\"")
BAD(memory_space, VM_MEM("\"64 M\""),
    "manifest: vms[0].memory: expected a size such as \"64M\", got \"64 M\"")
BAD(memory_empty, VM_MEM("\"\""), "manifest: vms[0].memory: expected a size such as \"64M\", got \"\"")
BAD(memory_suffix_only, VM_MEM("\"M\""), "manifest: vms[0].memory: expected a size such as \"64M\", got \"M\"")
BAD(memory_bare_hex, VM_MEM("\"0x\""), "manifest: vms[0].memory: expected a size such as \"64M\", got \"0x\"")
BAD(memory_hex_suffix, VM_MEM("\"0x10M\""),
    "manifest: vms[0].memory: expected a size such as \"64M\", got \"0x10M\"")
BAD(memory_overflow, VM_MEM("18446744073709551616"),
    "manifest: vms[0].memory: expected a size such as \"64M\", got 18446744073709551616")
BAD(memory_suffix_overflow, VM_MEM("\"16777216T\""),
    "manifest: vms[0].memory: expected a size such as \"64M\", got \"16777216T\"")
BAD(memory_hex_overflow, VM_MEM("\"0x10000000000000000\""),
    "manifest: vms[0].memory: expected a size such as \"64M\", got \"0x10000000000000000\"")
BAD(memory_object, VM_MEM("{\"size\": 1}"),
    "manifest: vms[0].memory: expected a size such as \"64M\", got an object")
BAD(memory_long_string, VM_MEM("\"12345678901234567890123456789012345678901234567890\""),
    "manifest: vms[0].memory: expected a size such as \"64M\", got \"12345678901234567890123456789012...\"")
BAD(cpus_empty, "{\"vms\": [{\"name\": \"a\", \"memory\": 4096, \"cpus\": []}]}",
    "manifest: vms[0].cpus: expected a non-empty array of CPU indices, got an empty array")
BAD(cpus_number, "{\"vms\": [{\"name\": \"a\", \"memory\": 4096, \"cpus\": 1}]}",
    "manifest: vms[0].cpus: expected a non-empty array of CPU indices, got 1")
BAD(cpu_out_of_range, "{\"vms\": [{\"name\": \"a\", \"memory\": 4096, \"cpus\": [0, 256, -1, 1.0, \"1\", \"0x100\"]}]}",
    "manifest: vms[0].cpus[1]: expected a CPU index from 0 to 255, got 256",
    "manifest: vms[0].cpus[2]: expected a CPU index from 0 to 255, got -1",
    "manifest: vms[0].cpus[3]: expected a CPU index from 0 to 255, got 1.0",
    "manifest: vms[0].cpus[4]: expected a CPU index from 0 to 255, got \"1\"",
    "manifest: vms[0].cpus[5]: expected a CPU index from 0 to 255, got \"0x100\"")
BAD(cpu_twice, "{\"vms\": [{\"name\": \"a\", \"memory\": 4096, \"cpus\": [1, 2, 1]}]}",
    "manifest: vms[0].cpus[2]: CPU 1 is listed twice")
BAD(cpu_shared,
    "{\"vms\": [{\"name\": \"a\", \"memory\": 4096, \"cpus\": [1]}],"
    " \"tds\": [{\"name\": \"b\", \"memory\": 4096, \"cpus\": [\"0x1\"]}]}",
    "manifest: tds[0].cpus[0]: CPU 1 is already used by vms[0]")
BAD(cpu_shared_tds_first,
    "{\"tds\": [{\"name\": \"b\", \"memory\": 4096, \"cpus\": [0, 5]}],"
    " \"vms\": [{\"name\": \"a\", \"memory\": 4096, \"cpus\": [5]}]}",
    "manifest: vms[0].cpus[0]: CPU 5 is already used by tds[0]")
BAD(image_space, VM(", \"memory\": 4096, \"image\": \"my image\""),
    "manifest: vms[0].image: expected a module name of 1-63 printable characters, no spaces or '\\', got \"my image\"")
BAD(image_empty, VM(", \"memory\": 4096, \"image\": \"\""),
    "manifest: vms[0].image: expected a module name of 1-63 printable characters, no spaces or '\\', got \"\"")
BAD(image_backslash, VM(", \"memory\": 4096, \"image\": \"a\\\\b\""),
    "manifest: vms[0].image: expected a module name of 1-63 printable characters, no spaces or '\\', got \"a\\\\b\"")
BAD(image_too_long, VM(", \"memory\": 4096, \"image\": "
		       "\"0123456789012345678901234567890123456789012345678901234567890123\""),
    "manifest: vms[0].image: expected a module name of 1-63 printable characters, no spaces or '\\', got \"01234567890123456789012345678901...\"")
BAD(console, VM(", \"memory\": 4096, \"console\": \"vga\""),
    "manifest: vms[0].console: expected \"serial\" or \"none\", got \"vga\"")
BAD(console_false, VM(", \"memory\": 4096, \"console\": false"),
    "manifest: vms[0].console: expected \"serial\" or \"none\", got false")

BAD(load_not_address, VM(", \"memory\": \"2M\", \"load\": true"),
    "manifest: vms[0].load: expected a guest-physical address such as \"0x100000\", got true")
BAD(entry_negative, VM(", \"memory\": \"2M\", \"entry\": -1"),
    "manifest: vms[0].entry: expected a guest-physical address such as \"0x100000\", got -1")
BAD(default_load_outside_memory, VM(", \"memory\": \"1M\", \"image\": \"x\""),
    "manifest: vms[0]: load address 0x100000 is outside the guest's 1024 KiB of memory")
BAD(load_outside_memory, VM(", \"memory\": \"2M\", \"image\": \"x\", \"load\": \"2M\""),
    "manifest: vms[0]: load address 0x200000 is outside the guest's 2048 KiB of memory")
BAD(entry_outside_memory, VM(", \"memory\": \"2M\", \"image\": \"x\", \"entry\": \"0x300000\""),
    "manifest: vms[0]: entry address 0x300000 is outside the guest's 2048 KiB of memory")
BAD(watchdog_too_long, VM(", \"memory\": 4096, \"watchdog_ms\": 3600001"),
    "manifest: vms[0].watchdog_ms: expected milliseconds from 0 (off) to 3600000, got 3600001")
BAD(watchdog_string, VM(", \"memory\": 4096, \"watchdog_ms\": \"1s\""),
    "manifest: vms[0].watchdog_ms: expected milliseconds from 0 (off) to 3600000, got \"1s\"")

/* ---- Trust Domain keys: errors ---- */

/* A TD entry with 64 MiB of RAM, everything valid but what the test adds. */
#define TD(extra) "{\"tds\": [{\"name\": \"t\", \"memory\": \"64M\", \"cpus\": [0]" extra "}]}"
#define TD_ONLY "only Trust Domains (\"tds\" entries) take this key"
#define VM_ONLY "only VMs take this key; a TD always starts at the reset vector (GPA 0xfffffff0)"
#define SEPT_VE_LINE "a non-debug TD needs sept_ve_disable: Linux TD guests panic on the " \
	"#VE an access to a pending page raises; set \"allow_sept_ve\": true to override"

BAD(td_keys_on_vm, VM(", \"memory\": 4096, \"attributes\": {\"debug\": true},"
		      " \"allow_sept_ve\": true, \"xfam\": 3, \"tsc_mhz\": 2500,"
		      " \"initial_memory\": 4096, \"images\": [{\"module\": \"a\"}],"
		      " \"cpuid\": []"),
    "manifest: vms[0].attributes: " TD_ONLY,
    "manifest: vms[0].allow_sept_ve: " TD_ONLY,
    "manifest: vms[0].xfam: " TD_ONLY,
    "manifest: vms[0].tsc_mhz: " TD_ONLY,
    "manifest: vms[0].initial_memory: " TD_ONLY,
    "manifest: vms[0].images: " TD_ONLY,
    "manifest: vms[0].cpuid: " TD_ONLY)
BAD(vm_keys_on_td, TD(", \"image\": \"t\", \"load\": \"0x100000\", \"entry\": 0"),
    "manifest: tds[0].load: " VM_ONLY,
    "manifest: tds[0].entry: " VM_ONLY)

BAD(attributes_not_object, TD(", \"attributes\": [\"debug\"]"),
    "manifest: tds[0].attributes: expected an object, got an array")
BAD(attributes_unknown, TD(", \"attributes\": {\"migratable\": true}"),
    "manifest: tds[0].attributes.migratable: unknown key")
BAD(attributes_debug_string, TD(", \"attributes\": {\"debug\": \"yes\"}"),
    "manifest: tds[0].attributes.debug: expected true or false, got \"yes\"")
BAD(attributes_sept_ve_number, TD(", \"attributes\": {\"sept_ve_disable\": 0}"),
    "manifest: tds[0].attributes.sept_ve_disable: expected true or false, got 0")
BAD(sept_ve_without_override, TD(", \"attributes\": {\"sept_ve_disable\": false}"),
    "manifest: tds[0].attributes.sept_ve_disable: " SEPT_VE_LINE)
BAD(sept_ve_override_false,
    TD(", \"attributes\": {\"debug\": false, \"sept_ve_disable\": false}, \"allow_sept_ve\": false"),
    "manifest: tds[0].attributes.sept_ve_disable: " SEPT_VE_LINE)
/* A wrong "debug" says so once; the TD is not also blamed for lacking
 * sept_ve_disable, which follows from the mistake. */
BAD(sept_ve_after_bad_debug, TD(", \"attributes\": {\"debug\": \"yes\", \"sept_ve_disable\": false}"),
    "manifest: tds[0].attributes.debug: expected true or false, got \"yes\"")
BAD(allow_sept_ve_null, TD(", \"allow_sept_ve\": null"),
    "manifest: tds[0].allow_sept_ve: expected true or false, got null")

BAD(xfam_without_sse, TD(", \"xfam\": \"0x1\""),
    "manifest: tds[0].xfam: expected an XFAM with bits 0 and 1 (x87, SSE) set, as TDX requires, got \"0x1\"")
BAD(xfam_zero, TD(", \"xfam\": 0"),
    "manifest: tds[0].xfam: expected an XFAM with bits 0 and 1 (x87, SSE) set, as TDX requires, got 0")
BAD(xfam_decimal_string, TD(", \"xfam\": \"3\""),
    "manifest: tds[0].xfam: expected an XFAM bit mask such as \"0x3\", got \"3\"")
BAD(xfam_negative, TD(", \"xfam\": -1"),
    "manifest: tds[0].xfam: expected an XFAM bit mask such as \"0x3\", got -1")
BAD(xfam_too_wide, TD(", \"xfam\": \"0x10000000000000003\""),
    "manifest: tds[0].xfam: expected an XFAM bit mask such as \"0x3\", got \"0x10000000000000003\"")

BAD(tsc_mhz_not_multiple, TD(", \"tsc_mhz\": 2510"),
    "manifest: tds[0].tsc_mhz: expected MHz from 100 to 10000 in steps of 25, got 2510")
BAD(tsc_mhz_too_low, TD(", \"tsc_mhz\": 75"),
    "manifest: tds[0].tsc_mhz: expected MHz from 100 to 10000 in steps of 25, got 75")
BAD(tsc_mhz_too_high, TD(", \"tsc_mhz\": 10025"),
    "manifest: tds[0].tsc_mhz: expected MHz from 100 to 10000 in steps of 25, got 10025")
BAD(tsc_mhz_zero, TD(", \"tsc_mhz\": 0"),
    "manifest: tds[0].tsc_mhz: expected MHz from 100 to 10000 in steps of 25, got 0")
BAD(tsc_mhz_with_unit, TD(", \"tsc_mhz\": \"2500MHz\""),
    "manifest: tds[0].tsc_mhz: expected MHz from 100 to 10000 in steps of 25, got \"2500MHz\"")

BAD(initial_memory_unaligned, TD(", \"initial_memory\": 6000"),
    "manifest: tds[0].initial_memory: expected a multiple of 4K, got 6000")
BAD(initial_memory_not_size, TD(", \"initial_memory\": \"lots\""),
    "manifest: tds[0].initial_memory: expected a size such as \"2M\", got \"lots\"")
BAD(initial_memory_above_memory, TD(", \"initial_memory\": \"65M\""),
    "manifest: tds[0].initial_memory: 66560 KiB is more than the TD's 65536 KiB of memory")
/* Checked once memory is known, wherever the keys are. */
BAD(initial_memory_before_memory,
    "{\"tds\": [{\"initial_memory\": \"2M\", \"name\": \"t\", \"memory\": \"1M\", \"cpus\": [0]}]}",
    "manifest: tds[0].initial_memory: 2048 KiB is more than the TD's 1024 KiB of memory")

BAD(images_not_array, TD(", \"images\": {\"module\": \"a\"}"),
    "manifest: tds[0].images: expected an array, got an object")
BAD(images_empty, TD(", \"images\": []"),
    "manifest: tds[0].images: expected at least one image, got an empty array")
BAD(images_too_many, TD(", \"images\": [{\"module\": \"a\", \"gpa\": \"4G\"},"
			" {\"module\": \"b\", \"gpa\": \"5G\"}, {\"module\": \"c\", \"gpa\": \"6G\"},"
			" {\"module\": \"d\", \"gpa\": \"7G\"}, {\"module\": \"e\", \"gpa\": \"8G\"}]"),
    "manifest: tds[0].images: expected at most 4 entries, got 5")
BAD(images_entry_string, TD(", \"images\": [\"td-1\"]"),
    "manifest: tds[0].images[0]: expected an object, got \"td-1\"")
BAD(images_missing_module, TD(", \"images\": [{\"gpa\": \"top\"}]"),
    "manifest: tds[0].images[0]: missing required key \"module\"")
BAD(images_bad_module, TD(", \"images\": [{\"module\": \"a b\"}]"),
    "manifest: tds[0].images[0].module: expected a module name of 1-63 printable characters, no spaces or '\\', got \"a b\"")
BAD(images_unknown_key, TD(", \"images\": [{\"module\": \"a\", \"size\": 4096}]"),
    "manifest: tds[0].images[0].size: unknown key")
BAD(images_gpa_unaligned, TD(", \"images\": [{\"module\": \"a\", \"gpa\": \"0xfff00800\"}]"),
    "manifest: tds[0].images[0].gpa: expected a multiple of 4K, got \"0xfff00800\"")
BAD(images_gpa_shared, TD(", \"images\": [{\"module\": \"a\", \"gpa\": \"0x800000000000\"}]"),
    "manifest: tds[0].images[0].gpa: expected an address below the shared bit, 0x800000000000, got \"0x800000000000\"")
BAD(images_gpa_bool, TD(", \"images\": [{\"module\": \"a\", \"gpa\": true}]"),
    "manifest: tds[0].images[0].gpa: expected \"top\" or a guest-physical address such as \"0xfff00000\", got true")
BAD(images_gpa_top_case, TD(", \"images\": [{\"module\": \"a\", \"gpa\": \"TOP\"}]"),
    "manifest: tds[0].images[0].gpa: expected \"top\" or a guest-physical address such as \"0xfff00000\", got \"TOP\"")
BAD(images_measured_string, TD(", \"images\": [{\"module\": \"a\", \"measured\": \"no\"}]"),
    "manifest: tds[0].images[0].measured: expected true or false, got \"no\"")
/* "gpa" defaults to "top", so two entries without one collide too. */
BAD(images_two_at_top, TD(", \"images\": [{\"module\": \"a\"}, {\"module\": \"b\", \"gpa\": \"8G\"},"
			  " {\"module\": \"c\", \"gpa\": \"top\"}]"),
    "manifest: tds[0].images[2]: only one image can be at \"top\" (images[0] is)")
BAD(images_same_gpa, TD(", \"images\": [{\"module\": \"a\", \"gpa\": \"0x100000000\"},"
			" {\"module\": \"b\", \"gpa\": \"4G\"}]"),
    "manifest: tds[0].images[1]: images[0] starts at GPA 0x100000000 too")
BAD(images_gpa_in_ram, TD(", \"images\": [{\"module\": \"a\"}, {\"module\": \"b\", \"gpa\": \"0x3fff000\"}]"),
    "manifest: tds[0].images[1].gpa: GPA 0x3fff000 is inside the TD's RAM [0, 0x4000000)")
BAD(images_top_in_ram,
    "{\"tds\": [{\"name\": \"t\", \"memory\": \"8G\", \"cpus\": [0],"
    " \"images\": [{\"module\": \"a\", \"gpa\": \"16G\"}, {\"module\": \"b\"}]}]}",
    "manifest: tds[0].images[1]: a \"top\" image's last page (GPA 0xfffff000) is inside the TD's RAM [0, 0x200000000)")
BAD(image_top_in_ram, "{\"tds\": [{\"name\": \"t\", \"memory\": \"4G\", \"cpus\": [0], \"image\": \"a\"}]}",
    "manifest: tds[0].image: a \"top\" image's last page (GPA 0xfffff000) is inside the TD's RAM [0, 0x100000000)")
/* An entry with a bad "gpa" keeps no placement to check against RAM. */
BAD(images_bad_gpa_not_checked_against_ram,
    "{\"tds\": [{\"name\": \"t\", \"memory\": \"4G\", \"cpus\": [0],"
    " \"images\": [{\"module\": \"a\", \"gpa\": \"0x100000800\"}]}]}",
    "manifest: tds[0].images[0].gpa: expected a multiple of 4K, got \"0x100000800\"")
BAD(image_and_images, TD(", \"images\": [{\"module\": \"a\"}], \"image\": \"b\""),
    "manifest: tds[0]: \"image\" and \"images\" cannot both be given")

BAD(cpuid_not_array, TD(", \"cpuid\": {\"leaf\": 7}"),
    "manifest: tds[0].cpuid: expected an array, got an object")
BAD(cpuid_missing_leaf, TD(", \"cpuid\": [{\"eax\": 1}]"),
    "manifest: tds[0].cpuid[0]: missing required key \"leaf\"")
BAD(cpuid_leaf_too_wide, TD(", \"cpuid\": [{\"leaf\": \"0x100000000\"}]"),
    "manifest: tds[0].cpuid[0].leaf: expected a 32-bit value such as \"0x1f\", got \"0x100000000\"")
BAD(cpuid_register_negative, TD(", \"cpuid\": [{\"leaf\": 1, \"ecx\": -1}]"),
    "manifest: tds[0].cpuid[0].ecx: expected a 32-bit value such as \"0x1f\", got -1")
BAD(cpuid_register_decimal_string, TD(", \"cpuid\": [{\"leaf\": 1, \"edx\": \"16\"}]"),
    "manifest: tds[0].cpuid[0].edx: expected a 32-bit value such as \"0x1f\", got \"16\"")
BAD(cpuid_subleaf_sentinel, TD(", \"cpuid\": [{\"leaf\": 4, \"subleaf\": \"0xffffffff\"}]"),
    "manifest: tds[0].cpuid[0].subleaf: expected a subleaf from 0 to 0xfffffffe, got \"0xffffffff\"")
BAD(cpuid_unknown_register, TD(", \"cpuid\": [{\"leaf\": 4, \"esi\": 0}]"),
    "manifest: tds[0].cpuid[0].esi: unknown key")
BAD(cpuid_duplicate, TD(", \"cpuid\": [{\"leaf\": 7, \"subleaf\": 0}, {\"leaf\": 7, \"subleaf\": 1},"
			" {\"leaf\": \"0x7\", \"subleaf\": \"0x0\", \"ebx\": 1}]"),
    "manifest: tds[0].cpuid[2]: leaf 0x7 subleaf 0x0 is already configured by cpuid[0]")
BAD(cpuid_duplicate_no_subleaf, TD(", \"cpuid\": [{\"leaf\": \"0x80000008\"}, {\"leaf\": 2147483656}]"),
    "manifest: tds[0].cpuid[1]: leaf 0x80000008 is already configured by cpuid[0]")

TEST(bad_cpuid_too_many)
{
	char json[2048];
	size_t n = (size_t)format(json, sizeof(json),
				  "{\"tds\": [{\"name\": \"t\", \"memory\": 4096, \"cpus\": [0], \"cpuid\": [");

	for (int i = 0; i < MANIFEST_TD_MAX_CPUID + 1; i++)
		n += (size_t)format(json + n, sizeof(json) - n, "%s{\"leaf\": %d}", i ? ", " : "", i);
	format(json + n, sizeof(json) - n, "]}]}");
	check_lines(parse(json), (const char *const[]){
		"manifest: tds[0].cpuid: expected at most 12 entries, got 13", NULL });
}

/* Every TD key wrong at once: each is reported, in document order, then
 * the checks across keys. */
BAD(td_errors_at_once,
    TD(", \"attributes\": {\"debug\": 1}, \"xfam\": \"0x4\", \"tsc_mhz\": 1,"
       " \"initial_memory\": \"1G\", \"images\": [{\"module\": \"a\", \"gpa\": \"0x1000\"}],"
       " \"cpuid\": [{\"leaf\": 1}, {\"leaf\": 1}]"),
    "manifest: tds[0].attributes.debug: expected true or false, got 1",
    "manifest: tds[0].xfam: expected an XFAM with bits 0 and 1 (x87, SSE) set, as TDX requires, got \"0x4\"",
    "manifest: tds[0].tsc_mhz: expected MHz from 100 to 10000 in steps of 25, got 1",
    "manifest: tds[0].cpuid[1]: leaf 0x1 is already configured by cpuid[0]",
    "manifest: tds[0].images[0].gpa: GPA 0x1000 is inside the TD's RAM [0, 0x4000000)",
    "manifest: tds[0].initial_memory: 1048576 KiB is more than the TD's 65536 KiB of memory")

TEST(bad_too_many_guests)
{
	char json[4096];
	size_t n = (size_t)format(json, sizeof(json), "{\"tds\": [");

	for (int i = 0; i < MANIFEST_MAX_GUESTS + 1; i++)
		n += (size_t)format(json + n, sizeof(json) - n,
				    "%s{\"name\": \"t%d\", \"memory\": \"4K\", \"cpus\": [%d]}",
				    i ? ", " : "", i, i);
	format(json + n, sizeof(json) - n, "]}");
	check_lines(parse(json), (const char *const[]){
		"manifest: tds: expected at most 16 entries, got 17", NULL });
}

/* Decoding goes on after an error: every problem is reported in one run. */
BAD(many_errors_at_once,
    "{\"hypervisor\": {\"log_level\": \"loud\", \"colour\": 1},"
    " \"tdx\": {\"module\": 1},"
    " \"vms\": [{\"name\": \"a\", \"memory\": \"1K\", \"cpus\": [0, 0]}, 3],"
    " \"tds\": [{\"name\": \"a\", \"memory\": \"8K\"}]}",
    "manifest: hypervisor.log_level: expected \"error\", \"warn\", \"info\" or \"debug\", got \"loud\"",
    "manifest: hypervisor.colour: unknown key",
    "manifest: tdx.module: expected \"auto\", \"hardware\" or \"emulated\", got 1",
    "manifest: vms[0].memory: expected at least 4K, got \"1K\"",
    "manifest: vms[0].cpus[1]: CPU 0 is listed twice",
    "manifest: vms[1]: expected an object, got 3",
    "manifest: tds[0]: missing required key \"cpus\"",
    "manifest: tds[0].name: name \"a\" is already used by vms[0]")

/* Unknown values of any shape are skipped whole, and decoding resumes with
 * the next key; nesting depth costs no stack. */
TEST(unknown_values_skipped)
{
	static char json[4096];
	size_t n = (size_t)format(json, sizeof(json), "{\"deep\": ");

	for (int i = 0; i < 1000; i++)
		json[n++] = '[';
	for (int i = 0; i < 1000; i++)
		json[n++] = ']';
	format(json + n, sizeof(json) - n,
	       ", \"x\": {\"a\": [1, {\"b\": [[], {}]}], \"c\": \"d\"},"
	       " \"tds\": [{\"name\": \"t\", \"y\": {\"memory\": 1}, \"memory\": \"8K\","
	       " \"cpus\": [4]}]}");
	CHECK_EQ(parse(json), 3);
	CHECK_STR(errs.msg[0], "manifest: deep: unknown key");
	CHECK_STR(errs.msg[1], "manifest: x: unknown key");
	CHECK_STR(errs.msg[2], "manifest: tds[0].y: unknown key");
}

/* ---- the error cap ---- */

TEST(error_cap)
{
	char json[2048];
	size_t n = (size_t)format(json, sizeof(json), "{");

	for (int i = 0; i < 40; i++)
		n += (size_t)format(json + n, sizeof(json) - n, "%s\"k%d\": %d",
				    i ? ", " : "", i, i);
	format(json + n, sizeof(json) - n, "}");
	CHECK_EQ(parse(json), 40);
	CHECK_EQ(errs.count, MANIFEST_MAX_ERRORS + 1);
	CHECK_EQ(errs.dropped, 8);
	CHECK_STR(errs.msg[0], "manifest: k0: unknown key");
	CHECK_STR(errs.msg[31], "manifest: k31: unknown key");
	CHECK_STR(errs.msg[32], "manifest: 8 more errors not shown");
}

TEST(errors_reset_between_parses)
{
	CHECK_EQ(parse("{\"x\": 1}"), 1);
	CHECK_EQ(parse("{}"), 0);
	CHECK_EQ(errs.count, 0);
	CHECK_EQ(errs.dropped, 0);
}

/* ---- valid manifests ---- */

TEST(defaults)
{
	CHECK_EQ(parse("{}"), 0);
	CHECK_EQ(m.hypervisor.log_level, LOG_INFO);
	CHECK_EQ(m.tdx.module, MANIFEST_TDX_AUTO);
	CHECK_EQ(m.tdx.mktme_keyids, 15);
	CHECK_EQ(m.tdx.tdx_keyids, 48);
	CHECK_EQ(m.vms.count, 0);
	CHECK_EQ(m.tds.count, 0);
	CHECK_EQ(parse("{\"vms\": [], \"tds\": [], \"hypervisor\": {}, \"tdx\": {}}"), 0);
	CHECK_EQ(m.hypervisor.log_level, LOG_INFO);
}

TEST(guest_defaults)
{
	CHECK_EQ(parse(VM(", \"memory\": 4096")), 0);
	CHECK_EQ(m.vms.count, 1);
	CHECK_STR(m.vms.guest[0].name, "a");
	CHECK_STR(m.vms.guest[0].image, "");
	CHECK_EQ(m.vms.guest[0].console, MANIFEST_CONSOLE_SERIAL);
	CHECK_EQ(m.vms.guest[0].memory, 4096);
	CHECK_EQ(m.vms.guest[0].cpus.count, 1);
	CHECK_EQ(m.vms.guest[0].cpus.cpu[0], 0);
	CHECK_EQ(m.vms.guest[0].load, MANIFEST_DEFAULT_LOAD);
	CHECK_EQ(m.vms.guest[0].entry, MANIFEST_DEFAULT_LOAD);
	CHECK_EQ(m.vms.guest[0].watchdog_ms, MANIFEST_DEFAULT_WATCHDOG_MS);
}

/* Without an image, load and entry are not checked against memory. */
TEST(load_entry_watchdog)
{
	CHECK_EQ(parse(VM(", \"memory\": \"4M\", \"image\": \"k\", \"load\": \"0x200000\"")), 0);
	CHECK_EQ(m.vms.guest[0].load, 0x200000);
	CHECK_EQ(m.vms.guest[0].entry, 0x200000);
	CHECK_EQ(parse(VM(", \"memory\": \"4M\", \"image\": \"k\", \"entry\": \"0x100010\","
			  " \"watchdog_ms\": 0")), 0);
	CHECK_EQ(m.vms.guest[0].load, MANIFEST_DEFAULT_LOAD);
	CHECK_EQ(m.vms.guest[0].entry, 0x100010);
	CHECK_EQ(m.vms.guest[0].watchdog_ms, 0);
	CHECK_EQ(parse(VM(", \"memory\": 4096, \"load\": \"1G\", \"watchdog_ms\": \"0xe10\"")), 0);
	CHECK_EQ(m.vms.guest[0].load, GiB);
	CHECK_EQ(m.vms.guest[0].watchdog_ms, 3600);
}

/* ---- Trust Domain keys: values ---- */

TEST(td_defaults)
{
	const struct manifest_td *td = &m.tds.guest[0].td;

	CHECK_EQ(parse(TD("")), 0);
	CHECK_EQ(td->debug, false);
	CHECK_EQ(td->sept_ve_disable, true);
	CHECK_EQ(td->allow_sept_ve, false);
	CHECK_EQ(td->xfam, 0x3);
	CHECK_EQ(td->tsc_mhz, 0);
	CHECK_EQ(td->initial_memory, 0);
	CHECK_EQ(td->nr_images, 0);
	CHECK_EQ(td->nr_cpuid, 0);
	CHECK_EQ(m.tds.guest[0].watchdog_ms, MANIFEST_DEFAULT_WATCHDOG_MS);
	CHECK_EQ(m.tds.guest[0].console, MANIFEST_CONSOLE_SERIAL);
	/* A TD has no load or entry address, whatever its memory size. */
	CHECK_EQ(parse("{\"tds\": [{\"name\": \"t\", \"memory\": \"4K\", \"cpus\": [0], \"image\": \"x\"}]}"), 0);
	CHECK_EQ(m.tds.guest[0].load, 0);
	CHECK_EQ(m.tds.guest[0].entry, 0);
}

TEST(vm_has_no_td_settings)
{
	static const struct manifest_td zero;

	CHECK_EQ(parse(VM(", \"memory\": 4096")), 0);
	CHECK(memcmp(&m.vms.guest[0].td, &zero, sizeof(zero)) == 0);
}

/* "image" is shorthand for one measured image at the top. */
TEST(td_image_shorthand)
{
	const struct manifest_td *td = &m.tds.guest[0].td;

	CHECK_EQ(parse(TD(", \"image\": \"td-1\"")), 0);
	CHECK_STR(m.tds.guest[0].image, "td-1");
	CHECK_EQ(td->nr_images, 1);
	CHECK_STR(td->images[0].module, "td-1");
	CHECK_EQ(td->images[0].at_top, true);
	CHECK_EQ(td->images[0].measured, true);
	/* RAM may reach the last page below the top image. */
	CHECK_EQ(parse("{\"tds\": [{\"name\": \"t\", \"memory\": \"0xfffff000\", \"cpus\": [0],"
		       " \"image\": \"a\"}]}"), 0);
}

TEST(td_attributes)
{
	const struct manifest_td *td = &m.tds.guest[0].td;

	CHECK_EQ(parse(TD(", \"attributes\": {\"debug\": true, \"sept_ve_disable\": false}")), 0);
	CHECK_EQ(td->debug, true);
	CHECK_EQ(td->sept_ve_disable, false);
	CHECK_EQ(td->allow_sept_ve, false);
	CHECK_EQ(parse(TD(", \"attributes\": {\"sept_ve_disable\": false}, \"allow_sept_ve\": true")), 0);
	CHECK_EQ(td->debug, false);
	CHECK_EQ(td->sept_ve_disable, false);
	CHECK_EQ(td->allow_sept_ve, true);
	CHECK_EQ(parse(TD(", \"attributes\": {}, \"allow_sept_ve\": false")), 0);
	CHECK_EQ(td->sept_ve_disable, true);
	CHECK_EQ(parse(TD(", \"attributes\": {\"debug\": false, \"sept_ve_disable\": true}")), 0);
	CHECK_EQ(td->debug, false);
	CHECK_EQ(td->sept_ve_disable, true);
}

TEST(td_xfam_tsc_initial_memory)
{
	const struct manifest_td *td = &m.tds.guest[0].td;

	CHECK_EQ(parse(TD(", \"xfam\": 3, \"tsc_mhz\": 100, \"initial_memory\": 4096")), 0);
	CHECK_EQ(td->xfam, 0x3);
	CHECK_EQ(td->tsc_mhz, 100);
	CHECK_EQ(td->initial_memory, 4096);
	CHECK_EQ(parse(TD(", \"xfam\": \"0x2E7\", \"tsc_mhz\": 10000, \"initial_memory\": \"2MiB\"")), 0);
	CHECK_EQ(td->xfam, 0x2e7);
	CHECK_EQ(td->tsc_mhz, 10000);
	CHECK_EQ(td->initial_memory, 2 * MiB);
	CHECK_EQ(parse(TD(", \"tsc_mhz\": \"0x9c4\", \"initial_memory\": \"64M\"")), 0);
	CHECK_EQ(td->tsc_mhz, 2500);
	CHECK_EQ(td->initial_memory, 64 * MiB);
	CHECK_EQ(parse(TD(", \"initial_memory\": \"1M\"")), 0);
	CHECK_EQ(td->initial_memory, MiB);
	CHECK_EQ(parse(TD(", \"initial_memory\": 0")), 0);
	CHECK_EQ(td->initial_memory, 0);
}

TEST(td_images)
{
	const struct manifest_td *td = &m.tds.guest[0].td;

	CHECK_EQ(parse(TD(", \"images\": [{\"module\": \"fw\", \"gpa\": \"top\"},"
			  " {\"module\": \"kernel\", \"gpa\": \"0x4000000\", \"measured\": false},"
			  " {\"module\": \"initrd\", \"gpa\": \"5G\", \"measured\": true},"
			  " {\"module\": \"cmdline\", \"gpa\": 8589934592}]")), 0);
	CHECK_EQ(td->nr_images, 4);
	CHECK_STR(m.tds.guest[0].image, "");
	CHECK_STR(td->images[0].module, "fw");
	CHECK_EQ(td->images[0].at_top, true);
	CHECK_EQ(td->images[0].measured, true);
	CHECK_STR(td->images[1].module, "kernel");
	CHECK_EQ(td->images[1].at_top, false);
	CHECK_EQ(td->images[1].gpa, 0x4000000);
	CHECK_EQ(td->images[1].measured, false);
	CHECK_EQ(td->images[2].gpa, 5 * GiB);
	CHECK_EQ(td->images[2].measured, true);
	CHECK_EQ(td->images[3].gpa, 8 * GiB);
	CHECK_EQ(td->images[3].at_top, false);
	/* No image at the top at all, and the highest private GPA. */
	CHECK_EQ(parse(TD(", \"images\": [{\"module\": \"a\", \"gpa\": \"0x7ffffffff000\"}]")), 0);
	CHECK_EQ(td->nr_images, 1);
	CHECK_EQ(td->images[0].at_top, false);
	CHECK_EQ(td->images[0].gpa, 0x7ffffffff000ull);
	/* A top image by default, not measured. */
	CHECK_EQ(parse(TD(", \"images\": [{\"measured\": false, \"module\": \"a\"}]")), 0);
	CHECK_EQ(td->images[0].at_top, true);
	CHECK_EQ(td->images[0].measured, false);
}

TEST(td_cpuid)
{
	const struct manifest_td *td = &m.tds.guest[0].td;

	CHECK_EQ(parse(TD(", \"cpuid\": []")), 0);
	CHECK_EQ(td->nr_cpuid, 0);
	CHECK_EQ(parse(TD(", \"cpuid\": [{\"leaf\": 7, \"subleaf\": 0, \"ebx\": \"0x1000\","
			  " \"ecx\": 4, \"edx\": \"0xffffffff\"},"
			  " {\"leaf\": \"0x80000008\", \"ebx\": 512},"
			  " {\"leaf\": 7, \"subleaf\": \"0xfffffffe\", \"eax\": 1},"
			  " {\"leaf\": 7}]")), 0);
	CHECK_EQ(td->nr_cpuid, 4);
	CHECK_EQ(td->cpuid[0].leaf, 7);
	CHECK_EQ(td->cpuid[0].subleaf, 0);
	CHECK_EQ(td->cpuid[0].eax, 0);
	CHECK_EQ(td->cpuid[0].ebx, 0x1000);
	CHECK_EQ(td->cpuid[0].ecx, 4);
	CHECK_EQ(td->cpuid[0].edx, 0xffffffffu);
	CHECK_EQ(td->cpuid[1].leaf, 0x80000008u);
	CHECK_EQ(td->cpuid[1].subleaf, MANIFEST_CPUID_NO_SUBLEAF);
	CHECK_EQ(td->cpuid[1].ebx, 512);
	CHECK_EQ(td->cpuid[2].subleaf, 0xfffffffeu);
	CHECK_EQ(td->cpuid[2].eax, 1);
	CHECK_EQ(td->cpuid[3].subleaf, MANIFEST_CPUID_NO_SUBLEAF);
}

TEST(td_cpuid_twelve)
{
	char json[2048];
	size_t n = (size_t)format(json, sizeof(json),
				  "{\"tds\": [{\"name\": \"t\", \"memory\": 4096, \"cpus\": [0], \"cpuid\": [");

	for (int i = 0; i < MANIFEST_TD_MAX_CPUID; i++)
		n += (size_t)format(json + n, sizeof(json) - n, "%s{\"leaf\": 4, \"subleaf\": %d}",
				    i ? ", " : "", i);
	format(json + n, sizeof(json) - n, "]}]}");
	CHECK_EQ(parse(json), 0);
	CHECK_EQ(m.tds.guest[0].td.nr_cpuid, 12);
	CHECK_EQ(m.tds.guest[0].td.cpuid[11].subleaf, 11);
}

TEST(full_manifest)
{
	const char *json =
		"{\r\n\t\"hypervisor\": {\"log_level\": \"debug\"},\n"
		"  \"tdx\": {\"module\": \"emulated\"},\n"
		"  \"vms\": [{\"name\": \"service_vm-1\", \"memory\": \"256MiB\", \"cpus\": [7],"
		" \"image\": \"/boot/svc.elf\", \"console\": \"none\"}],\n"
		"  \"tds\": [{\"name\": \"td1\", \"memory\": \"1G\", \"cpus\": [3, \"0x1\", 2],"
		" \"image\": \"td1\"},\n"
		"           {\"cpus\": [255], \"memory\": \"0x200000\", \"name\": "
		"\"abcdefghijklmnopqrstuvwxyz01234\"}]\n}\n";

	CHECK_EQ(parse(json), 0);
	CHECK_EQ(m.hypervisor.log_level, LOG_DEBUG);
	CHECK_EQ(m.tdx.module, MANIFEST_TDX_EMULATED);
	CHECK_EQ(m.vms.count, 1);
	CHECK_STR(m.vms.guest[0].name, "service_vm-1");
	CHECK_EQ(m.vms.guest[0].memory, 256 * MiB);
	CHECK_EQ(m.vms.guest[0].cpus.count, 1);
	CHECK_EQ(m.vms.guest[0].cpus.cpu[0], 7);
	CHECK_STR(m.vms.guest[0].image, "/boot/svc.elf");
	CHECK_EQ(m.vms.guest[0].console, MANIFEST_CONSOLE_NONE);
	CHECK_EQ(m.tds.count, 2);
	CHECK_STR(m.tds.guest[0].name, "td1");
	CHECK_EQ(m.tds.guest[0].memory, GiB);
	CHECK_EQ(m.tds.guest[0].cpus.count, 3);
	CHECK_EQ(m.tds.guest[0].cpus.cpu[0], 3);
	CHECK_EQ(m.tds.guest[0].cpus.cpu[1], 1);
	CHECK_EQ(m.tds.guest[0].cpus.cpu[2], 2);
	CHECK_STR(m.tds.guest[0].image, "td1");
	CHECK_EQ(m.tds.guest[0].console, MANIFEST_CONSOLE_SERIAL);
	CHECK_STR(m.tds.guest[1].name, "abcdefghijklmnopqrstuvwxyz01234");
	CHECK_EQ(m.tds.guest[1].memory, 2 * MiB);
	CHECK_EQ(m.tds.guest[1].cpus.cpu[0], 255);
	CHECK_STR(m.tds.guest[1].image, "");
}

TEST(every_log_level_and_module)
{
	static const char *const levels[] = { "error", "warn", "info", "debug" };
	static const char *const modules[] = { "auto", "hardware", "emulated" };
	char json[128];

	for (unsigned i = 0; i < ARRAY_SIZE(levels); i++) {
		format(json, sizeof(json), "{\"hypervisor\": {\"log_level\": \"%s\"}}", levels[i]);
		CHECK_EQ(parse(json), 0);
		CHECK_EQ(m.hypervisor.log_level, i);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(modules); i++) {
		format(json, sizeof(json), "{\"tdx\": {\"module\": \"%s\"}}", modules[i]);
		CHECK_EQ(parse(json), 0);
		CHECK_EQ(m.tdx.module, i);
	}
}

static uint64_t memory_of(const char *size)
{
	char json[256];

	format(json, sizeof(json), VM_MEM("%s"), size);
	if (parse(json) != 0) {
		printf("  unexpected: %s\n", errs.msg[0]);
		return 0;
	}
	return m.vms.guest[0].memory;
}

TEST(sizes)
{
	CHECK_EQ(memory_of("4096"), 4096);
	CHECK_EQ(memory_of("\"8192\""), 8192);
	CHECK_EQ(memory_of("\"4K\""), 4 * KiB);
	CHECK_EQ(memory_of("\"12KiB\""), 12 * KiB);
	CHECK_EQ(memory_of("\"64M\""), 64 * MiB);
	CHECK_EQ(memory_of("\"64MiB\""), 64 * MiB);
	CHECK_EQ(memory_of("\"2G\""), 2 * GiB);
	CHECK_EQ(memory_of("\"3GiB\""), 3 * GiB);
	CHECK_EQ(memory_of("\"1T\""), 1ull << 40);
	CHECK_EQ(memory_of("\"2TiB\""), 2ull << 40);
	CHECK_EQ(memory_of("\"16777215T\""), 16777215ull << 40);
	CHECK_EQ(memory_of("\"0x1000\""), 0x1000);
	CHECK_EQ(memory_of("\"0X4000000\""), 0x4000000);
	CHECK_EQ(memory_of("\"0xabcDEF000\""), 0xabcdef000ull);
	CHECK_EQ(memory_of("\"0xfffffffffffff000\""), 0xfffffffffffff000ull);
	CHECK_EQ(memory_of("18446744073709547520"), 0xfffffffffffff000ull);
	CHECK_EQ(memory_of("\"0064M\""), 64 * MiB);
}

TEST(json_edge_cases_accepted)
{
	/* All four JSON whitespace characters, anywhere between tokens. */
	CHECK_EQ(parse(" \t\r\n{ \"vms\" :\n[ ] , \"tds\":[]\t}\r\n"), 0);
	CHECK_EQ(parse("{\"vms\":[{\"name\":\"a\",\"memory\":4096,\"cpus\":[0,1]}]}"), 0);
	CHECK_EQ(m.vms.guest[0].cpus.count, 2);
}

TEST(not_nul_terminated)
{
	const char json[] = "{\"tds\": [{\"name\": \"abc\", \"memory\": 4096, \"cpus\": [0]}]}xxxx";

	/* Only the first len bytes are the manifest; the rest must be ignored. */
	CHECK_EQ(parse_len(json, sizeof(json) - 5), 0);
	CHECK_STR(m.tds.guest[0].name, "abc");
}

TEST(failed_parse_zeroes_output)
{
	CHECK_EQ(parse(VM(", \"memory\": 4096")), 0);
	CHECK_EQ(m.vms.count, 1);
	CHECK_EQ(parse(VM(", \"memory\": 1")), 1);
	CHECK_EQ(m.vms.count, 0);
	CHECK_EQ(m.hypervisor.log_level, 0);
}

TEST(sixteen_of_each)
{
	char json[8192];
	size_t n = (size_t)format(json, sizeof(json), "{");

	for (int l = 0; l < 2; l++) {
		n += (size_t)format(json + n, sizeof(json) - n, "%s\"%s\": [",
				    l ? ", " : "", l ? "tds" : "vms");
		for (int i = 0; i < MANIFEST_MAX_GUESTS; i++)
			n += (size_t)format(json + n, sizeof(json) - n,
					    "%s{\"name\": \"g%d-%d\", \"memory\": \"4K\", \"cpus\": [%d]}",
					    i ? ", " : "", l, i, l * 16 + i);
		n += (size_t)format(json + n, sizeof(json) - n, "]");
	}
	format(json + n, sizeof(json) - n, "}");
	CHECK_EQ(parse(json), 0);
	CHECK_EQ(m.vms.count, 16);
	CHECK_EQ(m.tds.count, 16);
	CHECK_STR(m.tds.guest[15].name, "g1-15");
	CHECK_EQ(m.tds.guest[15].cpus.cpu[0], 31);
}

/* ---- platform check and summary ---- */

TEST(platform_check)
{
	const char *json =
		"{\"vms\": [{\"name\": \"a\", \"memory\": 4096, \"cpus\": [0, 3]}],"
		" \"tds\": [{\"name\": \"b\", \"memory\": 4096, \"cpus\": [1]}]}";

	CHECK_EQ(parse(json), 0);
	CHECK_EQ(manifest_check_platform(&m, 4, &errs), 0);
	CHECK_EQ(errs.count, 0);
	CHECK_EQ(manifest_check_platform(&m, 2, &errs), 1);
	CHECK_STR(errs.msg[0], "manifest: vms[0].cpus[1]: CPU 3 is not online (2 CPUs online)");
	CHECK_EQ(manifest_check_platform(&m, 1, &errs), 2);
	CHECK_STR(errs.msg[0], "manifest: vms[0].cpus[1]: CPU 3 is not online (1 CPU online)");
	CHECK_STR(errs.msg[1], "manifest: tds[0].cpus[0]: CPU 1 is not online (1 CPU online)");
}

TEST(summary)
{
	const char *json =
		"{\"hypervisor\": {\"log_level\": \"warn\"}, \"tdx\": {\"module\": \"hardware\"},"
		" \"vms\": [{\"name\": \"a\", \"memory\": 4096, \"cpus\": [0]},"
		" {\"name\": \"b\", \"memory\": 4096, \"cpus\": [1]}],"
		" \"tds\": [{\"name\": \"c\", \"memory\": 4096, \"cpus\": [2]}]}";
	char line[160];

	CHECK_EQ(parse("{}"), 0);
	manifest_summary(&m, line, sizeof(line));
	CHECK_STR(line, "manifest: 0 vms, 0 tds, tdx.module=auto, log_level=info");
	CHECK_EQ(parse(json), 0);
	manifest_summary(&m, line, sizeof(line));
	CHECK_STR(line, "manifest: 2 vms, 1 td, tdx.module=hardware, log_level=warn");
}

/* ---- the manifests shipped in the tree ---- */

static int parse_file(const char *path)
{
	static char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t len;

	if (!f) {
		printf("  cannot open %s (run from the top of the tree)\n", path);
		return -1;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return parse_len(buf, len);
}

TEST(shipped_manifests)
{
	CHECK_EQ(parse_file("manifests/default.json"), 0);
	CHECK_EQ(m.vms.count + m.tds.count, 0);
	CHECK_EQ(parse_file("manifests/examples/vm-and-td.json"), 0);
	CHECK_EQ(m.vms.count, 1);
	CHECK_EQ(m.tds.count, 1);
	CHECK_EQ(parse_file("manifests/examples/emulated-tds.json"), 0);
	CHECK_EQ(m.tds.count, 2);
	/* The TD example: debug, two images, lazily accepted memory. */
	CHECK_EQ(parse_file("manifests/examples/debug-td.json"), 0);
	CHECK_EQ(m.tds.count, 1);
	CHECK_EQ(m.tds.guest[0].td.debug, true);
	CHECK_EQ(m.tds.guest[0].td.nr_images, 2);
	CHECK_EQ(m.tds.guest[0].td.images[1].measured, false);
	CHECK(m.tds.guest[0].td.initial_memory < m.tds.guest[0].memory);
	CHECK_EQ(m.tds.guest[0].td.nr_cpuid, 2);
}

TEST(shipped_malformed_manifest)
{
	CHECK(parse_file("manifests/tests/malformed.json") >= 2);
	for (unsigned i = 0; i < errs.count; i++)
		if (strcmp(errs.msg[i], "manifest: tds[1].memory: expected a size such as \"64M\", got true") == 0)
			return;
	CHECK(!"tds[1].memory line missing");
}
