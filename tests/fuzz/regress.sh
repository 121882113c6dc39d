#!/bin/sh
# Replays each fuzz target's seed corpus (and any saved crash inputs) once:
# a quick regression check that runs in `make check`. `make fuzz` explores.
cd "$(dirname "$0")/../.." || exit 2
for t in build/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	seeds=tests/fuzz/seeds/$name
	[ -d "$seeds" ] || { echo "FAIL fuzz/$name (no seed corpus in $seeds)"; continue; }
	if out=$("$t" -runs=0 "$seeds" 2>&1); then
		echo "PASS fuzz/$name ($(ls "$seeds" | wc -l) seed inputs replayed)"
	else
		echo "FAIL fuzz/$name"
		printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
	fi
done
