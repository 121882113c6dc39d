#!/bin/sh
# Boots each test guest on QEMU TCG with no hypervisor (as a multiboot v1
# kernel, through the header in entry.S) and checks what bare hardware must
# give: the 32-bit entry, the long-mode switch, the runtime and the guest's
# own logic. Usage: native-smoke.sh DIR (holding the vm-*.bin images).
# Exit status 0 when every guest behaves as expected natively.
set -u
dir=${1:?usage: native-smoke.sh DIR}
qemu=qemu-system-x86_64
command -v $qemu >/dev/null || { echo "native-smoke: $qemu not installed: skipped"; exit 0; }

failures=0

# run NAME SECONDS EXPECTED_QEMU_STATUS MUST_CONTAIN [MUST_NOT_CONTAIN]
# QEMU exits 2*v+1 for a write of v to port 0xf4, 0 on a triple fault
# (with -no-reboot), and timeout(1) gives 124 for a guest that never ends.
run() {
	name=$1 secs=$2 want_rc=$3 want=$4 reject=${5:-}
	log=$dir/$name.native.log
	timeout "$secs" $qemu -accel tcg -cpu max -m 256 -display none -monitor none \
		-no-reboot -kernel "$dir/$name.bin" -serial "file:$log" \
		-device isa-debug-exit,iobase=0xf4,iosize=4 >/dev/null 2>&1
	rc=$?
	if [ $rc -ne "$want_rc" ]; then
		echo "FAIL $name: QEMU status $rc, expected $want_rc"
	elif ! grep -qF "$want" "$log"; then
		echo "FAIL $name: no line \"$want\""
	elif [ -n "$reject" ] && grep -qF "$reject" "$log"; then
		echo "FAIL $name: unexpected \"$reject\""
	else
		echo "ok   $name"
		return
	fi
	sed 's/^/     | /' "$log"
	failures=$((failures + 1))
}

run vm-test         20 1   "Test result: SUCCESS"
run vm-triple-fault 20 0   "hostile: triple-fault starting" "Test result"
# Natively nothing stops the wild read: the guest reports it (status 1).
run vm-wild-ept     20 3   "Test result: FAILURE: read of GPA 0x40000000 outside RAM"
run vm-io-flood     2  124 "hostile: io-flood starting" "Test result"
run vm-tight-loop   2  124 "hostile: tight-loop starting" "Test result"

[ $failures -eq 0 ] && echo "native-smoke: all guests behave natively" && exit 0
echo "native-smoke: $failures failed"
exit 1
