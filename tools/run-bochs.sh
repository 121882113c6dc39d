#!/bin/sh
# Boots an ISO in Bochs (headless, VMX-capable CPU model) and shows the
# serial console as it arrives.
#   run-bochs.sh ISO [CPUS] [SERIAL_LOG]
# The run ends when tdvisor writes to the Bochs shutdown port (command line
# exit=debug-port) or after TDVISOR_BOCHS_TIMEOUT seconds (default 600).
# BOCHS_COM1 replaces the COM1 line (tests drive the monitor over a socket);
# BOCHS_COM2 adds a COM2 line (the GDB stub's port).
set -eu

iso=$1 cpus=${2:-2}
dir=$(dirname "$iso")
log=${3:-$dir/serial.log}
rc=$dir/bochsrc.$$
dbg=$dir/bochs-dbg.rc.$$
trap 'rm -f "$rc" "$dbg"; [ -n "${tail_pid:-}" ] && kill "$tail_pid" 2>/dev/null || true' EXIT

cat > "$rc" <<RC
megs: 512
cpu: model=corei7_icelake_u, count=$cpus, ips=50000000
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$iso, status=inserted
boot: cdrom
display_library: term
clock: sync=none, time0=946681200
# Without a dummy sound driver Bochs' mixer thread aborts on machines
# without an ALSA device (seen on Debian 12 without a sound card).
${BOCHS_COM1:-com1: enabled=1, mode=file, dev=$log}
${BOCHS_COM2:-}
port_e9_hack: enabled=1
log: ${log%.log}.bochs.log
panic: action=fatal
sound: driver=dummy
RC
printf 'c\nquit\n' > "$dbg"
: > "$log"
if [ -z "${TDVISOR_QUIET:-}" ]; then
	tail -f "$log" &
	tail_pid=$!
fi
TERM=dumb timeout -k 10 "${TDVISOR_BOCHS_TIMEOUT:-600}" bochs -q -f "$rc" -rc "$dbg" \
	</dev/null >/dev/null 2>&1 || true
sleep 0.2
