#!/bin/sh
# Runs unit-test binaries; each prints PASS/FAIL lines. A binary that dies
# (sanitizer report, abort) counts as one extra FAIL line naming it.
status=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^(PASS|FAIL) ' || true
	printf '%s\n' "$out" | grep -vE '^(PASS|FAIL) ' | sed 's/^/    /' | head -40
	if [ $rc -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL '; then
		echo "FAIL unit/$(basename "$t")/(crashed, exit $rc)"
	fi
	[ $rc -eq 0 ] || status=1
done
exit $status
