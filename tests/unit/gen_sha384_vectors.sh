#!/bin/sh
# Regenerates the OpenSSL reference digests embedded in tests/unit/test_sha384.c
# and tests/unit/test_measure.c, so those unit tests need no OpenSSL at run
# time. Run it by hand (sh tests/unit/gen_sha384_vectors.sh) and paste the
# output into the tables there. It needs only a POSIX shell, awk and
# `openssl dgst -sha384`, and builds every message itself, independently of
# the C code, from the patterns written down in the tests:
#   message of length n:             byte i = (i*31 + 7) mod 256
#   byte j of the data of TD page p: (j*31 + 7 + 13*(j/256) + 101*p) mod 256
set -e
export LC_ALL=C

# bytes N EXPR: N bytes, byte i being EXPR mod 256 (an awk expression in i)
bytes() {
	[ "$1" -eq 0 ] || printf "$(awk -v n="$1" \
		"BEGIN { for (i = 0; i < n; i++) printf \"\\\\%03o\", ($2) % 256 }")"
}
# unhex HEX: the bytes a hex string spells
unhex() {
	h=$1
	while [ -n "$h" ]; do
		rest=${h#??}
		printf "\\$(printf %o "0x${h%"$rest"}")"
		h=$rest
	done
}
sha() { openssl dgst -sha384 -r | cut -d' ' -f1; }

# op NAME GPA: the 128-byte block the TDX module hashes for one SEAMCALL:
# NAME zero-padded to 16 bytes, GPA as 8 little-endian bytes, 104 zeros
op() {
	printf '%s' "$1"
	head -c $((16 - ${#1})) /dev/zero
	bytes 8 "int($(($2)) / 2^(8*i))"
	head -c 104 /dev/zero
}
# extend_page GPA P: the sixteen TDH.MR.EXTENDs covering TD page P at GPA
extend_page() {
	c=0
	while [ $c -lt 16 ]; do
		op MR.EXTEND $(($1 + c * 256))
		bytes 256 "($c*256 + i)*31 + 7 + 13*$c + 101*$2"
		c=$((c + 1))
	done
}

echo "/* sha384 of the pattern message, by length */"
for n in 0 1 55 56 63 64 111 112 113 127 128 129 239 240 255 256 257 1000; do
	printf '\t{ %4d, "%s" },\n' "$n" "$(bytes "$n" 'i*31 + 7' | sha)"
done

echo "/* MRTD of the build sequence in test_measure.c */"
{
	op MEM.PAGE.ADD 0x800000
	extend_page 0x800000 0
	op MEM.PAGE.ADD 0x801000
	op MEM.PAGE.ADD 0xfffff000
	extend_page 0xfffff000 2
} | sha

echo "/* RTMR after extending 48 zero bytes by sha384(\"\"), then by sha384(\"abc\") */"
r=$( { head -c 48 /dev/zero; unhex "$(printf '' | sha)"; } | sha)
{ unhex "$r"; unhex "$(printf abc | sha)"; } | sha
