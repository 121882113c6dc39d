#!/bin/sh
# Path-length benchmarks: deterministic instruction counts from one-CPU
# Bochs runs (clock sync=none: RDTSC advances one tick per instruction).
# Prints the rows of the table in docs/benchmarks.md; fails when a figure
# is missing from a run's log.
#   tools/bench.sh            (after `make all`; `make bench` does both)
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build}
out=$B/bench
mkdir -p "$out"

# run NAME MANIFEST [MODULE...]: boots the manifest with the modules
# (files in $B/guests, each named after its file) into $out/NAME.log.
run() {
	name=$1 manifest=$2
	shift 2
	mods=
	for m in "$@"; do
		mods="$mods -M $B/guests/$m.bin:$m"
	done
	# shellcheck disable=SC2086 # $mods: one word per argument
	./tools/mkiso.sh -o "$out/$name.iso" -m "$manifest" -c "exit=debug-port" $mods \
		"$B/tdvisor.elf" > /dev/null
	TDVISOR_QUIET=1 ./tools/run-bochs.sh "$out/$name.iso" 1 "$out/$name.log"
}
run boot manifests/default.json
run vm manifests/tests/bench.json vm-test
run td manifests/tests/bench-td.json td-bench-64m
run td-1g manifests/tests/bench-td-1g.json td-bench-1024m

# get LOG PATTERN: the number at @N in the first line of $out/LOG.log that
# matches PATTERN (a sed regex), or "missing: LOG.log: PATTERN".
get() {
	re=$(printf '%s' "$2" | sed 's/@N/\\([0-9][0-9]*\\)/')
	v=$(tr -d '\r' < "$out/$1.log" | sed -n "s/.*$re.*/\1/p" | head -1)
	echo "${v:-missing: $1.log: $2}"
}
boot=$(get boot "boot complete at TSC @N")
tdx_calls=$(get boot " @N SEAMCALLs to initialize")
cpuid=$(get vm "bench: cpuid round trip @N")
cpuid_hv=$(get vm "bench: cpuid hypervisor @N")
io=$(get vm "bench: io round trip @N")
io_hv=$(get vm "bench: io hypervisor @N")

tdcall=$(get td "bench: tdcall round trip @N")
cpuid_ve=$(get td "bench: cpuid via #VE round trip @N")
cpuid_ve_hv=$(get td "bench: cpuid via #VE hypervisor @N")
cpuid_direct=$(get td "bench: cpuid direct round trip @N")
cpuid_direct_hv=$(get td "bench: cpuid direct hypervisor @N")
io_ve=$(get td "bench: io via #VE round trip @N")
io_ve_hv=$(get td "bench: io via #VE hypervisor @N")
io_direct=$(get td "bench: io direct round trip @N")
io_direct_hv=$(get td "bench: io direct hypervisor @N")
build_calls=$(get td "first entry @N SEAMCALLs")
build_tsc=$(get td "first entry [0-9]* SEAMCALLs and @N TSC")
build_calls_1g=$(get td-1g "first entry @N SEAMCALLs")
build_tsc_1g=$(get td-1g "first entry [0-9]* SEAMCALLs and @N TSC")

# Accepting (the 1 GiB TD: 64 MiB in 2M pages, then 64 MiB in 4K pages):
# the TD's time, the hypervisor's among it, and the host's SEAMCALLs: a
# TDH.VP.ENTER after each TD exit, a TDH.MEM.PAGE.AUG per page and a
# TDH.MEM.SEPT.ADD per S-EPT page. The S-EPT pages come from the page
# account: given at teardown - given by the build - the accepted RAM. The
# 64 MiB TD, which accepts in 2M pages only, gives the 2M phase's.
acc_2m=$(get td-1g "bench: accept 64 MiB in 2M pages @N tsc")
acc_2m_hv=$(get td-1g "bench: accept 64 MiB in 2M pages hypervisor @N")
acc_2m_exits=$(get td-1g "bench: accept 64 MiB in 2M pages TD exits @N")
acc_2m_pages=$(get td-1g "bench: accept 64 MiB in 2M pages page count @N")
acc_4k=$(get td-1g "bench: accept 64 MiB in 4K pages @N tsc")
acc_4k_hv=$(get td-1g "bench: accept 64 MiB in 4K pages hypervisor @N")
acc_4k_exits=$(get td-1g "bench: accept 64 MiB in 4K pages TD exits @N")
acc_4k_pages=$(get td-1g "bench: accept 64 MiB in 4K pages page count @N")
acc_2m_64m=$(get td "bench: accept 64 MiB in 2M pages @N tsc")
given_built=$(get td " @N pages given to the TDX module")
given_built_1g=$(get td-1g " @N pages given to the TDX module")
given_end=$(get td "torn down: pages given @N")
given_end_1g=$(get td-1g "torn down: pages given @N")

failed=
for v in "$boot" "$tdx_calls" "$cpuid" "$cpuid_hv" "$io" "$io_hv" "$tdcall" \
	 "$cpuid_ve" "$cpuid_ve_hv" "$cpuid_direct" "$cpuid_direct_hv" "$io_ve" "$io_ve_hv" \
	 "$io_direct" "$io_direct_hv" "$build_calls" "$build_tsc" "$build_calls_1g" \
	 "$build_tsc_1g" "$acc_2m" "$acc_2m_hv" "$acc_2m_exits" "$acc_2m_pages" "$acc_4k" \
	 "$acc_4k_hv" "$acc_4k_exits" "$acc_4k_pages" "$acc_2m_64m" "$given_built" \
	 "$given_built_1g" "$given_end" "$given_end_1g"; do
	case $v in
	missing*) echo "bench: figure $v" >&2; failed=1 ;;
	esac
done
[ -z "$failed" ] || { echo "bench: see $out/*.log" >&2; exit 1; }
# Lazy RAM: building a 1 GiB TD must take no more SEAMCALLs than 64 MiB.
if [ "$build_calls_1g" != "$build_calls" ]; then
	echo "bench: building the 64 MiB TD took $build_calls SEAMCALLs, the 1 GiB TD" \
	     "$build_calls_1g" >&2
	exit 1
fi
# One TD program: its 2M phase must cost the same in both TDs.
if [ "$acc_2m_64m" != "$acc_2m" ]; then
	echo "bench: accepting in 2M pages took $acc_2m_64m instructions in the 64 MiB TD," \
	     "$acc_2m in the 1 GiB TD" >&2
	exit 1
fi
sept_2m=$((given_end - given_built - acc_2m_pages * 512))
sept_4k=$((given_end_1g - given_built_1g - acc_2m_pages * 512 - acc_4k_pages - sept_2m))

row() {
	echo "| $1 | $2 |"
}
# td_rows WHAT ROUND_TRIP HYPERVISOR [REST]: three rows for one TD call.
td_rows() {
	row "TD: $1, round trip seen by the TD" "$2"
	row "TD: $1, hypervisor's share (TD exit to next TDH.VP.ENTER)" "$3"
	row "TD: $1, the rest (TDX module model${4:-})" "$(($2 - $3))"
}
# accept_rows SIZE TIME HYPERVISOR EXITS PAGES SEPT_PAGES
accept_rows() {
	row "TD: accepting 64 MiB of lazy RAM in $1 pages ($5 TDG.MEM.PAGE.ACCEPT), seen by the TD" "$2"
	row "TD: accepting 64 MiB in $1 pages, hypervisor's share" "$3"
	row "TD: accepting 64 MiB in $1 pages, host SEAMCALLs ($4 TDH.VP.ENTER after as many exits + $5 TDH.MEM.PAGE.AUG + $6 TDH.MEM.SEPT.ADD)" "$(($4 + $5 + $6))"
}
echo "| What | Count |"
echo "|---|---|"
row "Power-on to boot summary (BIOS + GRUB + tdvisor, TDX module initialized), 1 CPU" "$boot"
row "CPUID exit, round trip seen by the guest" "$cpuid"
row "CPUID exit, hypervisor's share (VM exit to VM entry)" "$cpuid_hv"
row "I/O-port exit (out to port 0x80), round trip seen by the guest" "$io"
row "I/O-port exit, hypervisor's share" "$io_hv"
row "SEAMCALLs to initialize the TDX module (software module, 1 CPU)" "$tdx_calls"
row "TD: TDG.VP.INFO round trip inside the software module (TDCALL via #UD)" "$tdcall"
td_rows "CPUID through #VE + TDG.VP.VMCALL<Instruction.CPUID>" "$cpuid_ve" "$cpuid_ve_hv" \
	" and the TD's #VE handler"
td_rows "TDG.VP.VMCALL<Instruction.CPUID> called directly" "$cpuid_direct" "$cpuid_direct_hv"
td_rows "OUT to port 0x80 through #VE + TDG.VP.VMCALL<Instruction.IO>" "$io_ve" "$io_ve_hv" \
	" and the TD's #VE handler"
td_rows "TDG.VP.VMCALL<Instruction.IO> (OUT to port 0x80) called directly" "$io_direct" \
	"$io_direct_hv"
row "TD build, 64 MiB TD with a 1 MiB image: SEAMCALLs from TDH.MNG.CREATE to the first TDH.VP.ENTER" "$build_calls"
row "TD build, 64 MiB TD with a 1 MiB image: instructions, same span" "$build_tsc"
row "TD build, 1 GiB TD with the same image: SEAMCALLs, same span" "$build_calls_1g"
row "TD build, 1 GiB TD with the same image: instructions, same span" "$build_tsc_1g"
accept_rows 2M "$acc_2m" "$acc_2m_hv" "$acc_2m_exits" "$acc_2m_pages" "$sept_2m"
accept_rows 4K "$acc_4k" "$acc_4k_hv" "$acc_4k_exits" "$acc_4k_pages" "$sept_4k"
