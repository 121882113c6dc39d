#!/bin/sh
# Cross-checks seam/crypto/sha384.c and seam/measure.c against OpenSSL on the
# host, with fresh random inputs on every run:
# - sha384: random files of every length 0-512 and 64 random lengths up to
#   1 MiB, each fed to sha384_update() in random-sized pieces, against
#   `openssl dgst -sha384`;
# - mrtd: a random build sequence (PAGE.ADDs and MR.EXTENDs of random GPAs
#   and data) through seam/measure.c, against OpenSSL over the 128-byte
#   blocks built here in shell from the layout in REFERENCES.md.
# Prints "PASS tools/sha384-vs-openssl (N files)" and
# "PASS tools/mrtd-vs-openssl (N operations)", or FAIL lines.
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C
B=${BUILD:-build}
HOSTCC=${HOSTCC:-gcc}
work=$B/tools/sha384-check
prog=$work/sha384-check
rm -rf "$work"
mkdir -p "$work/files"

cat > "$work/main.c" <<'CEOF'
/* sum FILE...: "digest *FILE" per file, like openssl dgst -sha384 -r.
 * mrtd OPS DATA: MRTD of the operations in OPS ("A gpa" = PAGE.ADD,
 * "E gpa" = MR.EXTEND of the next 256 bytes of DATA). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seam/crypto/sha384.h"
#include "seam/measure.h"

static void print_hex(const uint8_t *d)
{
	for (int i = 0; i < SHA384_DIGEST_SIZE; i++)
		printf("%02x", d[i]);
}

static int sum(const char *path, uint32_t seed)
{
	static uint8_t buf[4096];
	struct sha384_ctx ctx;
	uint8_t d[SHA384_DIGEST_SIZE];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return perror(path), 1;
	sha384_init(&ctx);
	do {    /* piece lengths 0-4095, mostly small */
		seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
		n = fread(buf, 1, (seed & 1) ? seed % 300 : seed % 4096, f);
		sha384_update(&ctx, buf, n);
	} while (!feof(f) && !ferror(f));
	fclose(f);
	sha384_final(&ctx, d);
	print_hex(d);
	printf(" *%s\n", path);
	return 0;
}

static int mrtd(const char *ops_path, const char *data_path)
{
	FILE *ops = fopen(ops_path, "r"), *data = fopen(data_path, "rb");
	struct mrtd_ctx ctx;
	uint8_t chunk[MR_EXTEND_CHUNK], d[MR_SIZE];
	unsigned long long gpa;
	char op;

	if (!ops || !data)
		return fprintf(stderr, "mrtd: cannot open inputs\n"), 1;
	mrtd_init(&ctx);
	while (fscanf(ops, " %c %llx", &op, &gpa) == 2) {
		if (op == 'A') {
			mrtd_page_add(&ctx, gpa);
		} else if (fread(chunk, 1, sizeof(chunk), data) == sizeof(chunk)) {
			mrtd_extend_chunk(&ctx, gpa, chunk);
		} else {
			return fprintf(stderr, "mrtd: data too short\n"), 1;
		}
	}
	mrtd_finalize(&ctx, d);
	print_hex(d);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc == 4 && !strcmp(argv[1], "mrtd"))
		return mrtd(argv[2], argv[3]);
	if (argc < 2 || strcmp(argv[1], "sum"))
		return fprintf(stderr, "usage: sum FILE... | mrtd OPS DATA\n"), 2;
	for (int i = 2; i < argc; i++)
		rc |= sum(argv[i], 0x9e3779b9u + (uint32_t)i);
	return rc;
}
CEOF

fail() {
	echo "FAIL tools/$1"
	[ -f "$work/$1.log" ] && head -10 "$work/$1.log" | sed 's/^/    | /'
}

if ! $HOSTCC -std=gnu11 -O2 -Wall -Wextra -Werror -I. -o "$prog" \
	"$work/main.c" seam/crypto/sha384.c seam/measure.c \
	>"$work/build.log" 2>&1; then
	echo "FAIL tools/sha384-vs-openssl: build failed"
	sed 's/^/    | /' "$work/build.log" | head -20
	echo "FAIL tools/mrtd-vs-openssl: build failed"
	exit 1
fi
status=0

# --- sha384 over random files ------------------------------------------------
n=0
while [ $n -le 512 ]; do
	head -c $n /dev/urandom > "$work/files/$n"
	n=$((n + 1))
done
for r in $(od -An -N256 -tu4 /dev/urandom); do
	len=$((513 + r % 1048064))
	head -c $len /dev/urandom > "$work/files/$len"
done
nr_files=$(ls "$work/files" | wc -l)
(cd "$work/files" && ls | sort -n) > "$work/list"
(cd "$work/files" && xargs openssl dgst -sha384 -r < ../list) > "$work/openssl.out" 2>&1
(cd "$work/files" && xargs ../sha384-check sum < ../list) > "$work/ours.out" 2>&1
if [ -s "$work/openssl.out" ] && diff "$work/openssl.out" "$work/ours.out" > "$work/sha384-vs-openssl.log"; then
	echo "PASS tools/sha384-vs-openssl ($nr_files files)"
else
	fail sha384-vs-openssl
	status=1
fi

# --- MRTD over a random build sequence ----------------------------------------
# op NAME GPA: NAME zero-padded to 16 bytes, GPA as 8 little-endian bytes,
# 104 zero bytes (tdh_mem_page_add.c / tdh_mr_extend.c in intel/tdx-module)
op() {
	printf '%s' "$1"
	head -c $((16 - ${#1})) /dev/zero
	g=$2 i=0
	while [ $i -lt 8 ]; do
		printf "\\$(printf %o $((g & 255)))"
		g=$((g >> 8)) i=$((i + 1))
	done
	head -c 104 /dev/zero
}
: > "$work/ops"
: > "$work/data"
: > "$work/stream"
nr_ops=0
for r in $(od -An -N96 -tu4 /dev/urandom); do
	# a private GPA below 2^47, page- or 256-byte aligned
	gpa=$(( (r * 4096 + (r % 7) * 0x10000000000) & 0x7ffffffff000 ))
	if [ $((r % 3)) -eq 0 ]; then
		echo "A $(printf %x $gpa)" >> "$work/ops"
		op MEM.PAGE.ADD $gpa >> "$work/stream"
	else
		gpa=$((gpa + (r % 16) * 256))
		echo "E $(printf %x $gpa)" >> "$work/ops"
		head -c 256 /dev/urandom > "$work/chunk"
		cat "$work/chunk" >> "$work/data"
		op MR.EXTEND $gpa >> "$work/stream"
		cat "$work/chunk" >> "$work/stream"
	fi
	nr_ops=$((nr_ops + 1))
done
want=$(openssl dgst -sha384 -r < "$work/stream" | cut -d' ' -f1)
got=$("$prog" mrtd "$work/ops" "$work/data" 2>&1)
if [ -n "$want" ] && [ "$want" = "$got" ]; then
	echo "PASS tools/mrtd-vs-openssl ($nr_ops operations)"
else
	printf 'openssl: %s\nmeasure: %s\n' "$want" "$got" > "$work/mrtd-vs-openssl.log"
	fail mrtd-vs-openssl
	status=1
fi
exit $status
