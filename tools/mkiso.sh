#!/bin/sh
# Builds a hybrid BIOS+UEFI GRUB ISO that boots tdvisor.
#   mkiso.sh -o OUT.iso [-m MANIFEST] [-c CMDLINE] [-M FILE:STRING]... [-1] ELF
# -m   the JSON manifest, passed as the module "manifest"
# -M   any other module (a guest image), passed with the given string
# -1   load with the multiboot (v1) command: tests that a wrong boot
#      protocol is refused
set -eu

out= manifest= cmdline= modules= loader=multiboot2
while getopts "o:m:c:M:1" opt; do
	case $opt in
	o) out=$OPTARG ;;
	m) manifest=$OPTARG ;;
	c) cmdline=$OPTARG ;;
	M) modules="$modules $OPTARG" ;;
	1) loader=multiboot ;;
	*) echo "usage: $0 -o OUT.iso [-m MANIFEST] [-c CMDLINE] [-M FILE:STRING]... [-1] ELF" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] && [ -n "$out" ] || { echo "$0: need -o OUT and an ELF" >&2; exit 2; }
elf=$1

dir=$(mktemp -d "${out%.iso}.tree.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$elf" "$dir/boot/tdvisor.elf"

lines=""
if [ -n "$manifest" ]; then
	cp "$manifest" "$dir/boot/manifest.json"
	lines="module2 /boot/manifest.json manifest"
fi
n=0
for m in $modules; do
	file=${m%%:*} string=${m#*:}
	n=$((n + 1))
	cp "$file" "$dir/boot/module$n"
	lines="$lines
	module2 /boot/module$n $string"
done
[ "$loader" = multiboot ] && lines=$(printf '%s\n' "$lines" | sed 's/module2/module/')

awk -v loader="$loader" -v cmdline="$cmdline" -v modules="$lines" '
	{ gsub(/@LOADER@/, loader); gsub(/@CMDLINE@/, cmdline);
	  if ($0 ~ /@MODULES@/) { print "\t" modules; next } print }' \
	boot/grub.cfg.in > "$dir/boot/grub/grub.cfg"

grub-mkrescue -o "$out" "$dir" >/dev/null 2>"$out.log" || {
	cat "$out.log" >&2
	exit 1
}
rm -f "$out.log"
