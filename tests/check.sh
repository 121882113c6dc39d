#!/bin/sh
# Runs every test tier and ends with "N passed, N failed". Each tier prints
# one "PASS <name>" or "FAIL <name>" line per test; this script counts them.
# Tiers: unit (host, ASan/UBSan), tools, fuzz regression (seed corpora),
# boot scenarios in QEMU, boot scenarios in Bochs.
cd "$(dirname "$0")/.." || exit 2
log=${BUILD:-build}/check.log
mkdir -p "$(dirname "$log")"
: > "$log"

run_tier() {
	echo "== $1"
	shift
	"$@" 2>&1 | tee -a "$log" | grep -E '^(PASS|FAIL) |^    |^  ' || true
}

run_tier "unit tests" ./tests/unit/run.sh "$@"
run_tier "tool tests" ./tests/tools/run.sh
run_tier "fuzz regression (seed corpora)" ./tests/fuzz/regress.sh
run_tier "QEMU boot scenarios" ./tests/boot/run.sh qemu
run_tier "Bochs boot scenarios" ./tests/boot/run.sh bochs

passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
if [ "$failed" -gt 0 ]; then
	echo "failed tests:"
	grep '^FAIL ' "$log" | sed 's/^/  /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
