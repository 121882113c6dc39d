#!/bin/bash
# Boot scenarios: build an ISO per scenario, boot it in QEMU (TCG, no VMX) or
# Bochs (VMX), and judge the run by its serial log (and QEMU's exit status,
# which isa-debug-exit sets from tdvisor's exit code: 2*code+1).
#   run.sh qemu|bochs [SCENARIO...]
# Prints "PASS boot/<tier>/<scenario>" or "FAIL ..." with the reason.
set -u
cd "$(dirname "$0")/../.." || exit 2
tier=$1
shift
only=" $* "
BUILD=${BUILD:-build}
ELF=$BUILD/tdvisor.elf
OUT=$BUILD/boot-tests
mkdir -p "$OUT"

# tdvisor exit codes (hv/arch.h) as QEMU exit statuses.
EXIT_IDLE=33 EXIT_CONFIG_ERROR=35 EXIT_PANIC=37

fail_reason=""
expect() {      # expect LOG REGEX...: every regex must match a line
	local log=$1
	shift
	for re in "$@"; do
		if ! tr -d '\r' < "$log" | grep -Eq -- "$re"; then
			fail_reason="${fail_reason}missing /$re/; "
		fi
	done
}
expect_not() {
	local log=$1
	shift
	for re in "$@"; do
		if tr -d '\r' < "$log" | grep -Eq -- "$re"; then
			fail_reason="${fail_reason}unexpected /$re/; "
		fi
	done
}
expect_status() {
	[ "$1" = "$2" ] || fail_reason="${fail_reason}exit status $1, expected $2; "
}

# mrtds_match MANIFEST LOG: every MRTD line tools/tdx-measure predicts for
# the manifest's TDs (from the TD images alone) is in the log as printed.
mrtds_match() {
	local g line mods=()
	for g in "$G"/td-*.bin; do
		mods+=(--module "$(basename "$g" .bin)=$g")
	done
	while read -r line; do
		tr -d '\r' < "$2" | grep -qF -- "] $line" ||
			fail_reason="${fail_reason}tdx-measure predicted '$line'; "
	done < <("$BUILD/tdx-measure" "${mods[@]}" "$1")
}

report() {      # report NAME LOG
	if [ -z "$fail_reason" ]; then
		echo "PASS boot/$tier/$1"
	else
		echo "FAIL boot/$tier/$1: $fail_reason"
		echo "    serial log: $2"
		tr -d '\r' < "$2" | tail -15 | sed 's/^/    | /'
	fi
	fail_reason=""
}

iso() {         # iso NAME [mkiso args...]: builds $OUT/NAME/tdvisor.iso
	local name=$1
	shift
	mkdir -p "$OUT/$name"
	./tools/mkiso.sh -o "$OUT/$name/tdvisor.iso" "$@" "$ELF"
}

# qemu NAME CPUS SECONDS [extra qemu args]: sets $status, log in $OUT/NAME
# (COM1 goes to $QEMU_SERIAL instead when that is set).
qemu() {
	local name=$1 cpus=$2 secs=$3
	shift 3
	local start=$(date +%s.%N)
	timeout "$secs" qemu-system-x86_64 -accel tcg -cpu max -smp "$cpus" -m 512 \
		-cdrom "$OUT/$name/tdvisor.iso" -display none -no-reboot \
		-serial "${QEMU_SERIAL:-file:$OUT/$name/serial.log}" \
		-device isa-debug-exit,iobase=0xf4,iosize=4 "$@" </dev/null >"$OUT/$name/qemu.out" 2>&1
	status=$?
	echo "$(date +%s.%N) $start" | awk '{printf "%.2f\n", $1 - $2}' > "$OUT/$name/wall-seconds"
}

want() { [ "$only" = "  " ] || [[ "$only" == *" $1 "* ]]; }

SUMMARY_RE='summary: boot complete at TSC [0-9]+'

qemu_scenarios() {
	if want bios-smp4; then
		iso bios-smp4 -m manifests/default.json -c "exit=debug-port"
		qemu bios-smp4 4 60
		log=$OUT/bios-smp4/serial.log
		expect_status $status $EXIT_IDLE
		expect "$log" "tdvisor .* starting \(GRUB .*, BIOS boot" \
			"summary: CPUs: 4 online of 4, 1 package" \
			"summary: cpu3: APIC id 3, package 0" \
			"summary: memory: [0-9]+ KiB usable RAM" \
			"summary: manifest: 0 vms, 0 tds, tdx.module=auto, log_level=info" \
			"summary: VMX: not available: the CPU does not report VMX" \
			"tdx: TDX unavailable: SEAMCALL needs VMX root operation, and VMX is not usable here; TDs will be refused\." \
			"summary: TDX: unavailable" \
			"$SUMMARY_RE"
		expect_not "$log" "PANIC" "did not start"
		report bios-smp4 "$log"
	fi
	if want uefi-smp2; then
		iso uefi-smp2 -m manifests/default.json -c "exit=debug-port"
		cp /usr/share/OVMF/OVMF_VARS_4M.fd "$OUT/uefi-smp2/vars.fd"
		qemu uefi-smp2 2 120 \
			-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
			-drive "if=pflash,format=raw,file=$OUT/uefi-smp2/vars.fd"
		log=$OUT/uefi-smp2/serial.log
		expect_status $status $EXIT_IDLE
		expect "$log" "starting \(GRUB .*, UEFI boot" \
			"summary: boot: UEFI via GRUB.*memory map from the EFI memory map" \
			"summary: CPUs: 2 online of 2" "$SUMMARY_RE"
		expect_not "$log" "PANIC"
		report uefi-smp2 "$log"
	fi
	if want malformed-manifest; then
		iso malformed-manifest -m manifests/tests/malformed.json -c "exit=debug-port"
		qemu malformed-manifest 2 60
		log=$OUT/malformed-manifest/serial.log
		expect_status $status $EXIT_CONFIG_ERROR
		expect "$log" 'manifest: tds\[1\]\.memory: expected a size such as "64M", got true' \
			"manifest: [0-9]+ errors; no guest started"
		expect_not "$log" "$SUMMARY_RE" "PANIC"
		report malformed-manifest "$log"
	fi
	if want no-manifest; then
		iso no-manifest -c "exit=debug-port"
		qemu no-manifest 1 60
		log=$OUT/no-manifest/serial.log
		expect_status $status $EXIT_IDLE
		expect "$log" 'manifest: no multiboot2 module named "manifest"; using defaults' \
			"summary: CPUs: 1 online of 1" "$SUMMARY_RE"
		report no-manifest "$log"
	fi
	if want console-com2; then
		iso console-com2 -m manifests/default.json -c "console=ttyS1 exit=debug-port"
		qemu console-com2 1 60 -serial "file:$OUT/console-com2/com2.log"
		expect_status $status $EXIT_IDLE
		expect "$OUT/console-com2/com2.log" "$SUMMARY_RE"
		expect_not "$OUT/console-com2/serial.log" "summary:"
		report console-com2 "$OUT/console-com2/com2.log"
	fi
	if want vms-without-vmx; then
		iso vms-without-vmx -m manifests/tests/two-vms.json -c "exit=debug-port" \
			-M "$G/vm-test.bin:vm-test"
		qemu vms-without-vmx 2 60
		log=$OUT/vms-without-vmx/serial.log
		expect_status $status $EXIT_IDLE
		expect "$log" "vm vm0: not started: VMX is not available on this machine" \
			"vm vm1: not started: VMX is not available on this machine" \
			"hypervisor: no guest could be started; halting"
		report vms-without-vmx "$log"
	fi
	if want wrong-magic; then
		iso wrong-magic -m manifests/default.json -1
		qemu wrong-magic 1 8
		log=$OUT/wrong-magic/serial.log
		expect "$log" "tdvisor: not started by a multiboot2 boot loader \(EAX=0x2badb002, expected 0x36d76289\); halting\."
		expect_not "$log" "summary:"
		report wrong-magic "$log"
	fi
	if want crash-panic; then
		iso crash-panic -m manifests/default.json -c "exit=debug-port crashtest=panic"
		qemu crash-panic 2 60
		log=$OUT/crash-panic/serial.log
		expect_status $status $EXIT_PANIC
		expect "$log" "PANIC: crashtest: deliberate panic" "RIP .* RSP .* RFLAGS" \
			"CR0 .* CR2 .* CR3 .* CR4" "stack trace" "  #0 [0-9a-f]{16}" \
			"PANIC: stopping all CPUs"
		report crash-panic "$log"
	fi
	if want crash-write-text; then
		iso crash-write-text -m manifests/default.json -c "exit=debug-port crashtest=write-text"
		qemu crash-write-text 1 60
		log=$OUT/crash-write-text/serial.log
		expect_status $status $EXIT_PANIC
		expect "$log" "PANIC: exception 14 \(#PF page fault\), error code 0x3"
		expect_not "$log" "write to hypervisor text succeeded"
		report crash-write-text "$log"
	fi
	if want gdb-hv; then
		# The GDB stub on ttyS1 (a TCP server on a free local port), driven by
		# an unmodified gdb: stop at boot (gdb.wait), registers of both CPUs,
		# a breakpoint later in boot, a global, a step, a hardware
		# breakpoint, detach; then the boot must finish as usual.
		iso gdb-hv -m manifests/default.json -c "gdb=ttyS1 gdb.wait exit=debug-port"
		log=$OUT/gdb-hv/serial.log
		gdb_out=$OUT/gdb-hv/gdb.out
		rm -f "$log" "$gdb_out"
		port=$((20000 + RANDOM % 40000))
		while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
			port=$((20000 + RANDOM % 40000))        # taken: try another
		done
		cat > "$OUT/gdb-hv/gdb.cmds" <<-EOF
			target remote 127.0.0.1:$port
			info registers rip
			thread 2
			info registers rip
			thread 1
			break summary_print
			continue
			print nr_cpus
			stepi
			next
			hbreak vm_start_all
			continue
			delete
			detach
		EOF
		( qemu gdb-hv 2 90 -serial "tcp:127.0.0.1:$port,server=on,wait=off"; exit $status ) &
		qemu_pid=$!
		# Attach once the stub waits, as a user would after reading the log.
		for _ in $(seq 300); do
			grep -q "gdb: waiting for gdb" "$log" 2>/dev/null && break
			sleep 0.1
		done
		timeout 60 gdb -batch -nx -x "$OUT/gdb-hv/gdb.cmds" "$ELF" >"$gdb_out" 2>&1
		wait $qemu_pid
		status=$?
		expect_status $status $EXIT_IDLE
		expect "$log" "gdb: remote stub on port 0x2f8; gdb.wait" \
			"gdb: waiting for gdb on port 0x2f8 \(gdb.wait\)" \
			"summary: CPUs: 2 online of 2" "$SUMMARY_RE" \
			"hypervisor: no guests to run; halting"
		expect_not "$log" "PANIC"
		expect "$gdb_out" "^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <gdb_wait_at_boot\+[0-9]+>" \
			"^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <cpu_idle\+[0-9]+>" \
			"Thread 1 hit Breakpoint 1, summary_print \(" '^\$1 = 2$' \
			"Thread 1 hit Breakpoint 2, vm_start_all \(" \
			"\[Inferior 1 \(Remote target\) detached\]"
		expect_not "$gdb_out" "Remote connection closed" "Error|error:" "warning:"
		[ -z "$fail_reason" ] || fail_reason="${fail_reason}gdb transcript: $gdb_out; "
		report gdb-hv "$log"
	fi
	if want crash-stack-overflow; then
		iso crash-stack-overflow -m manifests/default.json -c "exit=debug-port crashtest=stack-overflow"
		qemu crash-stack-overflow 1 60
		log=$OUT/crash-stack-overflow/serial.log
		expect_status $status $EXIT_PANIC
		expect "$log" "PANIC: exception 8 \(#DF double fault\)"
		report crash-stack-overflow "$log"
	fi
	if want monitor; then
		# The serial monitor on COM1. QEMU 7.2's file chardev takes no
		# input, so COM1 is a fifo pair (-serial pipe:P: P.in, P.out); the
		# commands go in once the prompt is out, "exit" ends the run.
		d=$OUT/monitor
		iso monitor -m manifests/default.json -c "exit=debug-port monitor=on"
		rm -f "$d/con.in" "$d/con.out" "$d/serial.log"
		mkfifo "$d/con.in" "$d/con.out"
		cat "$d/con.out" > "$d/serial.log" &
		reader=$!
		exec 3<>"$d/con.in"
		(QEMU_SERIAL=pipe:$d/con qemu monitor 2 60; echo $status > "$d/status") &
		runner=$!
		for _ in $(seq 600); do
			grep -q "tdvisor> " "$d/serial.log" 2>/dev/null && break
			sleep 0.1
		done
		long=$(printf 'x%.0s' $(seq 130))
		printf 'help\ncpus\nmem\ntdx\nbogus\nlog debug\nvms\ntd\nkill nobody\nmirror-check nobody\n%s\nexit\n' \
			"$long" >&3
		wait $runner
		status=$(cat "$d/status")
		exec 3>&-
		wait $reader
		log=$d/serial.log
		expect_status $status $EXIT_IDLE
		expect "$log" "$SUMMARY_RE" \
			"\[cpu0\] monitor: on the console \(port 0x3f8\): type help" \
			"\[cpu0\] hypervisor: no guests to run; waiting for monitor commands" \
			"^tdvisor> help$" "^\[cpu0\]   help +list the commands$" \
			"^\[cpu0\]   td NAME +one Trust Domain's details$" \
			"^\[cpu0\]   kill NAME +stop the VM or TD NAME$" \
			"^\[cpu0\]   log error\|warn\|info\|debug +set the log level$" \
			"^\[cpu0\]   mirror-check NAME +check" \
			"^tdvisor> cpus$" \
			"^\[cpu0\] cpu0: APIC id 0, package 0, online, idle \(serves the monitor\)$" \
			"^\[cpu0\] cpu1: APIC id 1, package 0, online, idle$" \
			"^tdvisor> mem$" "^\[cpu0\] mem: [0-9]+ KiB usable RAM, hypervisor image [0-9]+ KiB" \
			"^tdvisor> tdx$" \
			"^\[cpu0\] tdx: unavailable \(SEAMCALL needs VMX root operation" \
			"^tdvisor> bogus$" "^\[cpu0\] monitor: unknown command 'bogus'; type help$" \
			"^tdvisor> log debug$" "^\[cpu0\] log: level is now debug$" \
			"^tdvisor> vms$" "^\[cpu0\] vms: none running \(the manifest lists 0\)$" \
			"^\[cpu0\] usage: td NAME \(missing argument\)$" \
			"^\[cpu0\] kill: no VM or TD named 'nobody'$" \
			"^\[cpu0\] mirror-check: no TD named 'nobody'$" \
			"^\[cpu0\] monitor: line longer than 120 characters; discarded$" \
			"^tdvisor> exit$" "^\[cpu0\] monitor: exit: ending the run$"
		expect_not "$log" "PANIC" "^\[cpu0\]   exit" "x{121}"
		report monitor "$log"
		# monitor=off: no prompt, and the run ends as before.
		iso monitor-off -m manifests/default.json -c "exit=debug-port monitor=off"
		qemu monitor-off 1 60
		log=$OUT/monitor-off/serial.log
		expect_status $status $EXIT_IDLE
		expect "$log" "monitor: off \(monitor=off\)" "no guests to run; halting"
		expect_not "$log" "tdvisor> " "PANIC"
		report monitor-off "$log"
	fi
}

# bochs NAME CPUS: boots $OUT/NAME/tdvisor.iso; log in $OUT/NAME/serial.log
bochs() {
	local start=$(date +%s.%N)
	TDVISOR_QUIET=1 TDVISOR_BOCHS_TIMEOUT=${BOCHS_TIMEOUT:-300} ./tools/run-bochs.sh \
		"$OUT/$1/tdvisor.iso" "$2" "$OUT/$1/serial.log"
	echo "$(date +%s.%N) $start" | awk '{printf "%.2f\n", $1 - $2}' > "$OUT/$1/wall-seconds"
}

G=$BUILD/guests

bochs_scenarios() {
	if want smp2-vmx; then
		iso smp2-vmx -m manifests/default.json -c "exit=debug-port"
		bochs smp2-vmx 2
		log=$OUT/smp2-vmx/serial.log
		# Bochs' "count=2" is two single-core processors: two packages.
		expect "$log" "summary: CPUs: 2 online of 2, 2 packages" \
			"summary: cpu1: APIC id 1, package 1" \
			"summary: VMX: available, root operation on 2 of 2 CPUs \(VMCS revision [0-9]+, EPT, unrestricted guest" \
			"seam: EMULATED TDX MODULE" \
			"tdx: SEAMRR enabled\." "tdx: TDX private KeyID range: \[16, 64\)\." \
			"tdx: TDX enabled by BIOS\." \
			"tdx: TDX module: vendor_id 0x8086, major_version 1, minor_version 5, build_date [0-9]+, build_num [0-9]+ \(emulated\)" \
			"tdx: [0-9]+ pages allocated for PAMT\." "tdx: TDX module initialized\." \
			"summary: TDX: ready, EMULATED module 1\.5, 1 TDMR, PAMT [0-9]+ KiB, 277 SEAMCALLs to initialize" \
			"summary: TDX KeyIDs \[16, 64\): global 16, 1 in use, 47 free, 0 leaked" \
			"$SUMMARY_RE"
		expect_not "$log" "PANIC"
		report smp2-vmx "$log"
	fi
	if want tdx-busy; then
		# 11 injected busy/interrupted answers, all absorbed by tdx_call():
		# the same 277 SEAMCALLs as a clean init (smp2-vmx), plus the 11 repeated ones.
		iso tdx-busy -m manifests/tests/tdx-busy.json -c "exit=debug-port"
		bochs tdx-busy 2
		log=$OUT/tdx-busy/serial.log
		expect "$log" "tdx: TDX module initialized\\." \
			"summary: TDX: ready, EMULATED module 1\\.5, 1 TDMR, PAMT [0-9]+ KiB, 288 SEAMCALLs to initialize"
		expect_not "$log" "failed" "PANIC"
		report tdx-busy "$log"
	fi
	if want tdx-busy-forever; then
		iso tdx-busy-forever -m manifests/tests/tdx-busy-forever.json -c "exit=debug-port"
		bochs tdx-busy-forever 2
		log=$OUT/tdx-busy-forever/serial.log
		expect "$log" "tdx: TDH\\.SYS\\.KEY\\.CONFIG failed: TDX_OPERAND_BUSY \\(still busy after retries\\)" \
			"tdx: Failed to initialize TDX module\\. Shut it down\\." \
			"summary: TDX: failed \\(the TDX module failed to initialize\\)" \
			"summary: memory: .*allocator [0-9]+ KiB \\(5[0-9]{5} KiB free\\)" "$SUMMARY_RE"
		expect_not "$log" "PANIC"
		report tdx-busy-forever "$log"
	fi
	if want one-td; then
		iso one-td -m manifests/tests/one-td.json -c "exit=debug-port" \
			-M "$G/td-test.bin:td-test"
		bochs one-td 2
		log=$OUT/one-td/serial.log
		expect "$log" "td td0: MRTD [0-9a-f]{96}" \
			"td td0: built: 2048 KiB RAM \\(2048 KiB added now, the rest when accepted\\), 1 vCPU, debug, 544 pages given to the TDX module" \
			"td td0: vCPU 0 entering on cpu1" \
			"\\[td0\\] td-test: hello from a Trust Domain \\(vCPU 0, GPAW 48\\)" \
			"\\[td0\\] td-test: boot RCX: 2048 KiB of RAM at GPA 0" \
			"\\[td0\\] td-test: TDG.VP.INFO: GPAW 48, ATTRIBUTES 0x10000001 DEBUG SEPT_VE_DISABLE" \
			"\\[td0\\] td-test: CPUID 0x40000000 through #VE: \"TDVISORTDVIS\"" \
			"\\[td0\\] td-test: TDG.VP.VEINFO.GET with no #VE pending: TDX_NO_VALID_VE_INFO" \
			"\\[td0\\] td-test: registers not exposed to the host are preserved" \
			"\\[td0\\] Test result: SUCCESS" \
			"td td0: stopped \\(status 0\\): the guest wrote 0 to the debug-exit port" \
			"td td0: torn down: pages given 544, removed while running 0, reclaimed 544, leaked 0; KeyID 17 released \\(free pages: [0-9]+ before the build, [0-9]+ now\\)" \
			"hypervisor: all guests have stopped; halting"
		expect_not "$log" "PANIC" "FAILURE" "triple fault" "leaked [1-9]" \
			"could not be released cleanly" "teardown: .* failed"
		# Teardown gives back every page the build took.
		pages=$(tr -d '\r' < "$log" |
			sed -nE 's/.*td td0: torn down: .*free pages: ([0-9]+) before the build, ([0-9]+) now.*/\1 \2/p')
		read -r before after <<< "$pages"
		[ -n "$before" ] && [ "$before" = "$after" ] ||
			fail_reason="${fail_reason}free pages after teardown differ: '$pages'; "
		# The offline measurement must print exactly the hypervisor's line.
		predicted=$("$BUILD/tdx-measure" --module "td-test=$G/td-test.bin" \
			manifests/tests/one-td.json)
		tr -d '\r' < "$log" | grep -qF -- "] $predicted" ||
			fail_reason="${fail_reason}tdx-measure predicted '$predicted'; "
		# ...and the TD must find the same MRTD in its own TDREPORT.
		mrtd=${predicted##* }
		expect "$log" "\\[td0\\] td-test: TDREPORT MRTD $mrtd" \
			"\\[td0\\] td-test: TDG.MR.REPORT and TDG.MR.RTMR.EXTEND: REPORTDATA echoed"
		report one-td "$log"
	fi
	if want td-timer; then
		# Interrupts for TDs: the TSC-deadline timer programmed through
		# WRMSR (#VE -> TDVMCALL) wakes a HLT through a posted interrupt.
		iso td-timer -m manifests/tests/td-timer.json -c "exit=debug-port" \
			-M "$G/td-timer.bin:td-timer"
		bochs td-timer 2
		log=$OUT/td-timer/serial.log
		expect "$log" "\\[tdtimer\\] td-timer: timer vector 0xec woke the HLT, at or after its TSC deadline" \
			"\\[tdtimer\\] td-timer: ok deadline-in-the-past" "\\[tdtimer\\] td-timer: ok masked" \
			"\\[tdtimer\\] td-timer: ok one-shot" \
			"\\[tdtimer\\] td-timer: self-IPIs through the ICR \\(host\\) and SELF_IPI \\(virtual APIC\\)" \
			"\\[tdtimer\\] Test result: SUCCESS" \
			"td tdtimer: stopped \\(status 0\\): the guest wrote 0 to the debug-exit port"
		expect_not "$log" "PANIC" "FAILURE" "TDH.VP.WR failed" "leaked [1-9]"
		mrtds_match manifests/tests/td-timer.json "$log"
		report td-timer "$log"
	fi
	if want two-tds; then
		# Two TDs on two CPUs: td-test (debug, its memory added up front)
		# and td-mem (lazy memory: ACCEPT 2M and 4K, MapGPA both ways).
		iso two-tds -m manifests/tests/td-two.json -c "exit=debug-port" \
			-M "$G/td-test.bin:td-test" -M "$G/td-mem.bin:td-mem"
		bochs two-tds 2
		log=$OUT/two-tds/serial.log
		expect "$log" "\\[tdtest\\] Test result: SUCCESS" "\\[tdmem\\] Test result: SUCCESS" \
			"td tdtest: torn down: pages given [0-9]+, removed while running [0-9]+, reclaimed [0-9]+, leaked 0; KeyID 1[78] released" \
			"td tdmem: torn down: pages given [0-9]+, removed while running [0-9]+, reclaimed [0-9]+, leaked 0; KeyID 1[78] released" \
			"hypervisor: all guests have stopped; halting"
		expect_not "$log" "PANIC" "FAILURE" "leaked [1-9]" "teardown: .* failed"
		# Each TD's account balances: given = removed while running + reclaimed.
		tr -d '\r' < "$log" | grep -a "torn down: pages given" |
			sed -nE 's/.*given ([0-9]+), removed while running ([0-9]+), reclaimed ([0-9]+),.*/\1 \2 \3/p' |
			awk '$1 != $2 + $3 { bad = 1 } END { exit bad }' ||
			fail_reason="${fail_reason}a TD's page account does not balance; "
		# Every page is back once both are gone: the free count before the
		# first build equals the one after the last teardown.
		pages=$(tr -d '\r' < "$log" | sed -nE 's/.*torn down: .*free pages: ([0-9]+) before the build, ([0-9]+) now.*/\1 \2/p')
		last_now=$(echo "$pages" | tail -1 | cut -d' ' -f2)
		max_before=$(echo "$pages" | cut -d' ' -f1 | sort -n | tail -1)
		[ -n "$last_now" ] && [ "$last_now" = "$max_before" ] ||
			fail_reason="${fail_reason}free pages after both teardowns ($last_now) differ from before the builds ($max_before); "
		mrtds_match manifests/tests/td-two.json "$log"
		report two-tds "$log"
	fi
	if want td-hostile; then
		# Six hostile TDs next to td-test, which must still succeed; each is
		# stopped (or refused) with its reason, and every page comes back.
		iso td-hostile -m manifests/tests/td-hostile.json -c "exit=debug-port" \
			-M "$G/td-test.bin:td-test" -M "$G/td-badcalls.bin:td-badcalls" \
			-M "$G/td-badmap.bin:td-badmap" -M "$G/td-greedy.bin:td-greedy" \
			-M "$G/td-flood.bin:td-flood" -M "$G/td-triple.bin:td-triple" \
			-M "$G/td-spin.bin:td-spin"
		BOCHS_TIMEOUT=300 bochs td-hostile 7
		log=$OUT/td-hostile/serial.log
		expect "$log" "\\[tdtest\\] Test result: SUCCESS" \
			"\\[tdbadcalls\\] td-badcalls: ok bad-calls" "\\[tdbadcalls\\] Test result: SUCCESS" \
			"\\[tdbadmap\\] Test result: SUCCESS" \
			"\\[tdgreedy\\] td-greedy: accepting 2 MiB at GPA 0x400000" \
			"td tdgreedy: stopped: vCPU 0: accessed GPA 0x400000 outside its memory \\(4096 KiB of RAM at GPA 0\\)" \
			"td tdflood: stopped: I/O flood: more than 10000 accesses to unclaimed ports \\(last: out to port 0x1234\\)" \
			"\\[tdtriple\\] td-triple: triple fault starting" \
			"td tdtriple: stopped: vCPU 0: TDH.VP.ENTER failed: TDX_NON_RECOVERABLE_VCPU" \
			"\\[tdspin\\] td-spin: spinning without exits" \
			"td tdspin: stopped: watchdog: vCPU 0 made no exit for 200 ms" \
			"hypervisor: all guests have stopped; halting"
		expect_not "$log" "PANIC" "FAILURE" "WRONG" "leaked [1-9]" "teardown: .* failed" \
			"accepting 2 MiB at GPA 0x600000" "\\[tdflood\\] Test result"
		n=$(tr -d '\r' < "$log" | grep -ac "torn down: pages given .* leaked 0")
		[ "$n" = 7 ] || fail_reason="${fail_reason}$n of 7 TDs torn down cleanly; "
		mrtds_match manifests/tests/td-hostile.json "$log"
		report td-hostile "$log"
	fi
	if want td-faults; then
		# Busy statuses injected at SEAMCALL sites of build, run and
		# teardown: retried where KVM retries; a PAGE.ADD that stays busy
		# fails its TD's build, which gives back every page it took.
		iso td-faults -m manifests/tests/td-faults.json -c "exit=debug-port" \
			-M "$G/td-test.bin:td-test" -M "$G/td-mem.bin:td-mem"
		bochs td-faults 2
		log=$OUT/td-faults/serial.log
		expect "$log" "tdx: TDH.MEM.PAGE.ADD failed: TDX_OPERAND_BUSY \\(still busy after retries\\)" \
			"td broken: not started: TDH.MEM.PAGE.ADD failed" \
			"td broken: torn down: pages given [0-9]+, removed while running 0, reclaimed [0-9]+, leaked 0; KeyID 17 released" \
			"\\[tdmem\\] td-mem: ok map-gpa-to-private" "\\[tdmem\\] Test result: SUCCESS" \
			"td tdmem: torn down: pages given [0-9]+, removed while running [0-9]+, reclaimed [0-9]+, leaked 0; KeyID 1[78] released" \
			"hypervisor: all guests have stopped; halting"
		expect_not "$log" "PANIC" "FAILURE" "leaked [1-9]" "teardown: .* failed" "\\[broken\\]"
		# The failed build gave back every page, the refused one too.
		pages=$(tr -d '\r' < "$log" |
			sed -nE 's/.*td broken: torn down: .*free pages: ([0-9]+) before the build, ([0-9]+) now.*/\1 \2/p')
		read -r before after <<< "$pages"
		[ -n "$before" ] && [ "$before" = "$after" ] ||
			fail_reason="${fail_reason}the failed build kept pages: '$pages'; "
		tr -d '\r' < "$log" | grep -a "torn down: pages given" |
			sed -nE 's/.*given ([0-9]+), removed while running ([0-9]+), reclaimed ([0-9]+),.*/\1 \2 \3/p' |
			awk '$1 != $2 + $3 { bad = 1 } END { exit bad }' ||
			fail_reason="${fail_reason}a TD's page account does not balance; "
		report td-faults "$log"
	fi
	if want td-smp; then
		# One TD, three vCPUs on CPUs 0-2: each introduces itself, all
		# make #VE calls and print at once (lines must stay whole), vCPU 1
		# wakes vCPU 0 from HLT with an IPI through the x2APIC ICR, all
		# accept RAM at once and meet at a barrier in it.
		iso td-smp -m manifests/tests/td-smp.json -c "exit=debug-port" \
			-M "$G/td-smp.bin:td-smp"
		bochs td-smp 3
		log=$OUT/td-smp/serial.log
		expect "$log" "td tdsmp: built: 2048 KiB RAM \\(0 KiB added now, the rest when accepted\\), 3 vCPUs" \
			"td tdsmp: vCPU 0 entering on cpu0" "td tdsmp: vCPU 1 entering on cpu1" \
			"td tdsmp: vCPU 2 entering on cpu2" \
			"\\[tdsmp\\] td-smp: vCPU 0 of 3: hello \\(TDG.VP.INFO VCPU_INDEX 0, NUM_VCPUS 3; x2APIC ID 0, BSP\\)" \
			"\\[tdsmp\\] td-smp: vCPU 1 of 3: hello \\(TDG.VP.INFO VCPU_INDEX 1, NUM_VCPUS 3; x2APIC ID 1\\)" \
			"\\[tdsmp\\] td-smp: vCPU 2 of 3: hello \\(TDG.VP.INFO VCPU_INDEX 2, NUM_VCPUS 3; x2APIC ID 2\\)" \
			"\\[tdsmp\\] td-smp: ok concurrent-ve" \
			"\\[tdsmp\\] td-smp: vCPU 1: IPI vector 0x20 to vCPU 0 through the x2APIC ICR" \
			"\\[tdsmp\\] td-smp: vCPU 0: woken from HLT by vCPU 1's IPI, vector 0x20 taken and EOIed" \
			"\\[tdsmp\\] td-smp: vCPU 0: all 3 vCPUs at the barrier; their pages at GPA 0x2000-0x4fff read back" \
			"\\[tdsmp\\] td-smp: vCPU 1: all 3 vCPUs at the barrier" \
			"\\[tdsmp\\] td-smp: vCPU 2: all 3 vCPUs at the barrier" \
			"\\[tdsmp\\] Test result: SUCCESS" \
			"td tdsmp: stopped \\(status 0\\): the guest wrote 0 to the debug-exit port" \
			"td tdsmp: torn down: pages given [0-9]+, removed while running [0-9]+, reclaimed [0-9]+, leaked 0; KeyID 17 released" \
			"hypervisor: all guests have stopped; halting"
		expect_not "$log" "PANIC" "FAILURE" "leaked [1-9]" "teardown: .* failed" \
			"td tdsmp: stopped: watchdog"
		# Lines printed by three vCPUs at once come out whole: each of the
		# 12 appears once, and every line of the TD has a known shape.
		lines=$(tr -d '\r' < "$log" | sed -nE 's/^(\[cpu[0-9]+\] )?\[tdsmp\] //p')
		for vcpu in 0 1 2; do
			for n in 1 2 3 4; do
				c=$(grep -cxF "td-smp: vCPU $vcpu line $n of 4: 0123456789abcdefghijklmnopqrstuvwxyz" <<< "$lines")
				[ "$c" = 1 ] || fail_reason="${fail_reason}vCPU $vcpu line $n seen $c times; "
			done
		done
		bad=$(grep -cvxE "td-smp: .*|Test result: SUCCESS" <<< "$lines")
		[ "$bad" = 0 ] || fail_reason="${fail_reason}$bad broken console lines; "
		tr -d '\r' < "$log" | grep -a "td tdsmp: torn down: pages given" |
			sed -nE 's/.*given ([0-9]+), removed while running ([0-9]+), reclaimed ([0-9]+),.*/\1 \2 \3/p' |
			awk '$1 != $2 + $3 { bad = 1 } END { exit bad }' ||
			fail_reason="${fail_reason}the TD's page account does not balance; "
		mrtds_match manifests/tests/td-smp.json "$log"
		report td-smp "$log"
	fi
	if want demo; then
		# What `make run` boots: the demo TD of manifests/demo.json.
		iso demo -m manifests/demo.json -c "exit=debug-port" -M "$G/td-test.bin:td-test"
		bochs demo 2
		log=$OUT/demo/serial.log
		expect "$log" "td demo: MRTD [0-9a-f]{96}" "\\[demo\\] td-test: hello from a Trust Domain" \
			"\\[demo\\] Test result: SUCCESS" \
			"td demo: torn down: pages given ([0-9]+), removed while running 0, reclaimed \\1, leaked 0" \
			"hypervisor: all guests have stopped; halting"
		expect_not "$log" "PANIC" "FAILURE"
		mrtds_match manifests/demo.json "$log"
		report demo "$log"
	fi
	if want monitor-kill-td; then
		# The serial monitor over Bochs' COM1 socket: list and kill a TD
		# that spins without exits; it must be stopped and torn down.
		iso monitor-kill-td -m manifests/tests/kill-td.json -c "exit=debug-port" \
			-M "$G/td-spin.bin:td-spin"
		local port
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		log=$OUT/monitor-kill-td/serial.log
		python3 tests/boot/console_client.py "$port" "$log" \
			"td-spin: spinning" "" "tdvisor> " "tds" "tdvisor> " "td tdspin" \
			"tdvisor> " "mirror-check tdspin" "tdvisor> " "kill tdspin" "all guests have stopped" \
			> "$OUT/monitor-kill-td/client.out" 2>&1 &
		local client=$!
		BOCHS_COM1="com1: enabled=1, mode=socket-server, dev=localhost:$port" \
			BOCHS_TIMEOUT=180 bochs monitor-kill-td 2
		wait "$client" || fail_reason="${fail_reason}console client failed; "
		expect "$log" "tds: tdspin on cpu1, running, KeyID 17, MRTD [0-9a-f]{16}" \
			"td tdspin: running on cpu1, KeyID 17, 2048 KiB RAM, 2112 KiB private memory added, debug" \
			"mirror-check tdspin: 528 private pages and 5 S-EPT pages agree with TDH.MEM.SEPT.RD" \
			"td tdspin: MRTD [0-9a-f]{96}" \
			"kill: stopping td tdspin" "td tdspin: stopped: killed from the monitor" \
			"td tdspin: torn down: pages given [0-9]+, removed while running [0-9]+, reclaimed [0-9]+, leaked 0; KeyID 17 released" \
			"hypervisor: all guests have stopped; halting"
		expect_not "$log" "PANIC" "leaked [1-9]"
		report monitor-kill-td "$log"
	fi
	if want td-gdb; then
		# gdb debugs a debug TD through the stub on COM2 (a Bochs socket
		# server, which waits for gdb before it boots): stop at boot, break
		# in the hypervisor where the TD's vCPU starts, refuse the non-debug
		# TD, choose the debug one, break in its code, read an argument and
		# memory through a guest-virtual address, step, continue; the TD
		# must end with SUCCESS and gdb hear that it exited.
		local d=$OUT/td-gdb port
		iso td-gdb -m manifests/tests/td-gdb.json -c "exit=debug-port gdb=ttyS1 gdb.wait" \
			-M "$G/td-test.bin:td-test"
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		log=$d/serial.log
		cat > "$d/gdb.cmds" <<-EOF
			set confirm off
			set tcp connect-timeout 60
			set remotetimeout 300
			target remote localhost:$port
			break td_vcpu_run if ((struct td_vcpu *)arg)->cpu == 1
			continue
			monitor targets
			monitor td prod
			monitor td dbg
			delete
			maintenance flush register-cache
			symbol-file $G/td-test.elf
			thread 1
			info threads
			break td_run_cases
			continue
			print n
			print td
			x/s td
			stepi
			info registers rip
			delete
			hbreak td_say
			continue
			delete
			continue
		EOF
		timeout 900 gdb -batch -nx -x "$d/gdb.cmds" "$ELF" >"$d/gdb.out" 2>&1 &
		local gdb_pid=$!
		BOCHS_COM2="com2: enabled=1, mode=socket-server, dev=localhost:$port" \
			BOCHS_TIMEOUT=900 bochs td-gdb 3
		wait "$gdb_pid"
		expect "$log" "gdb: remote stub on port 0x2f8; gdb.wait" \
			"td dbg: vCPU 0 entering on cpu1" "\\[dbg\\] Test result: SUCCESS" \
			"\\[prod\\] Test result: SUCCESS" "hypervisor: all guests have stopped; halting"
		expect_not "$log" "PANIC" "FAILURE"
		expect "$d/gdb.out" "^hv: the hypervisor, CPUs as threads \\(selected\\)" \
			"^td prod: not debuggable \\(ATTRIBUTES.DEBUG is clear\\)" \
			"^td dbg: debug TD, 1 vCPU, (built|running)$" \
			"^td prod: refused: not a debug TD \\(ATTRIBUTES.DEBUG is clear\\)" \
			"^td dbg: gdb now debugs its vCPUs as threads 1-1" \
			"td dbg vCPU 0 on cpu1" \
			"hit Breakpoint [0-9]+, td_run_cases \\(" \
			"^Hardware assisted breakpoint [0-9]+ at 0x[0-9a-f]+: file guest-abi/tests/td_rt.c" \
			"hit Breakpoint [0-9]+, td_say \\(" \
			'^\$1 = [0-9]+$' '^\$2 = 0x[0-9a-f]+ "td-test"$' \
			'^0x[0-9a-f]+:[[:space:]]+"td-test"$' \
			"^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <td_run_cases\\+[0-9]+>" \
			"\\[Inferior 1 \\(Remote target\\) exited normally\\]"
		expect_not "$d/gdb.out" "Remote connection closed" "Cannot insert breakpoint"
		[ -z "$fail_reason" ] || fail_reason="${fail_reason}gdb transcript: $d/gdb.out; "
		mrtds_match manifests/tests/td-gdb.json "$log"
		report td-gdb "$log"
	fi
	if want two-vms; then
		iso two-vms -m manifests/tests/two-vms.json -c "exit=debug-port" \
			-M "$G/vm-test.bin:vm-test"
		bochs two-vms 2
		log=$OUT/two-vms/serial.log
		expect "$log" "\[cpu0\] \[vm0\] Test result: SUCCESS" \
			"\[cpu1\] \[vm1\] Test result: SUCCESS" \
			"\[vm0\] vCPU 0 of a 16 MiB VM" "\[vm1\] vCPU 0 of a 32 MiB VM" \
			"vm vm0: stopped \(status 0\)" "vm vm1: stopped \(status 0\)" \
			"hypervisor: all guests have stopped; halting"
		expect_not "$log" "PANIC" "FAILURE"
		report two-vms "$log"
	fi
	if want hostile; then
		iso hostile -m manifests/tests/hostile.json -c "exit=debug-port" \
			-M "$G/vm-test.bin:vm-test" -M "$G/vm-triple-fault.bin:vm-triple-fault" \
			-M "$G/vm-wild-ept.bin:vm-wild-ept" -M "$G/vm-io-flood.bin:vm-io-flood" \
			-M "$G/vm-tight-loop.bin:vm-tight-loop"
		bochs hostile 5
		log=$OUT/hostile/serial.log
		expect "$log" "\[good\] Test result: SUCCESS" "vm good: stopped \(status 0\)" \
			"vm triple: stopped \(status -1\): triple fault on vCPU 0" \
			"vm wild: stopped \(status -1\): EPT violation: read at GPA 0x40000000, outside guest memory" \
			"vm flood: stopped \(status -1\): I/O flood: more than 10000 accesses to unclaimed ports \(last: out to port 0x1234\)" \
			"vm spin: stopped \(status -1\): watchdog: vCPU 0 made no exit for 1[0-9][0-9] ms" \
			"hypervisor: all guests have stopped; halting"
		# "flood" has "console": "none": its greeting must not appear.
		expect_not "$log" "PANIC" "FAILURE" "\\[flood\\]"
		report hostile "$log"
	fi
}

case $tier in
qemu) qemu_scenarios ;;
bochs) bochs_scenarios ;;
*) echo "usage: $0 qemu|bochs [SCENARIO...]" >&2; exit 2 ;;
esac
