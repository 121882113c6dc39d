#!/bin/sh
# Path-length benchmarks: deterministic instruction counts from a one-CPU
# Bochs run (clock sync=none: RDTSC advances one tick per instruction).
# Prints the rows of the table in docs/benchmarks.md.
#   tools/bench.sh            (after `make all`; `make bench` does both)
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build}
out=$B/bench
mkdir -p "$out"

./tools/mkiso.sh -o "$out/boot.iso" -m manifests/default.json -c "exit=debug-port" \
	"$B/tdvisor.elf"
TDVISOR_QUIET=1 ./tools/run-bochs.sh "$out/boot.iso" 1 "$out/boot.log"
./tools/mkiso.sh -o "$out/vm.iso" -m manifests/tests/bench.json -c "exit=debug-port" \
	-M "$B/guests/vm-test.bin:vm-test" "$B/tdvisor.elf"
TDVISOR_QUIET=1 ./tools/run-bochs.sh "$out/vm.iso" 1 "$out/vm.log"

./tools/mkiso.sh -o "$out/td.iso" -m manifests/tests/bench-td.json -c "exit=debug-port" \
	-M "$B/guests/td-test.bin:td-test" "$B/tdvisor.elf"
TDVISOR_QUIET=1 ./tools/run-bochs.sh "$out/td.iso" 1 "$out/td.log"

value() {       # value LOG REGEX: the number after the match
	tr -d '\r' < "$1" | sed -n "s/.*$2 \([0-9][0-9]*\).*/\1/p" | head -1
}
boot=$(value "$out/boot.log" "boot complete at TSC")
cpuid=$(value "$out/vm.log" "bench: cpuid round trip")
cpuid_hv=$(value "$out/vm.log" "bench: cpuid hypervisor")
io=$(value "$out/vm.log" "bench: io round trip")
io_hv=$(value "$out/vm.log" "bench: io hypervisor")
tdcall=$(value "$out/td.log" "bench: tdcall round trip")
td_cpuid=$(value "$out/td.log" "bench: cpuid via #VE round trip")
tdx_calls=$(tr -d '\r' < "$out/boot.log" | sed -n 's/.* \([0-9][0-9]*\) SEAMCALLs to initialize.*/\1/p')
for v in "$boot" "$cpuid" "$cpuid_hv" "$io" "$io_hv" "$tdcall" "$td_cpuid" "$tdx_calls"; do
	[ -n "$v" ] || { echo "bench: a figure is missing; see $out/*.log" >&2; exit 1; }
done
echo "| Power-on to boot summary (BIOS + GRUB + tdvisor), 1 CPU | $boot |"
echo "| CPUID exit, round trip seen by the guest | $cpuid |"
echo "| CPUID exit, hypervisor's share (VM exit to VM entry) | $cpuid_hv |"
echo "| I/O-port exit (out to port 0x80), round trip seen by the guest | $io |"
echo "| I/O-port exit, hypervisor's share | $io_hv |"
echo "| TD: TDG.VP.INFO round trip inside the software module (TDCALL via #UD) | $tdcall |"
echo "| TD: CPUID round trip through #VE + TDG.VP.VMCALL + tdvisor | $td_cpuid |"
echo "| SEAMCALLs to initialize the TDX module (software module, 1 CPU) | $tdx_calls |"
