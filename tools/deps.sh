#!/bin/sh
# Installs the Debian packages tdvisor needs to build, boot and test, and
# nothing when they are all present. Only Debian's registry is used.
set -eu

PACKAGES="gcc binutils make libjsmn-dev \
  grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools \
  qemu-system-x86 ovmf bochs bochs-term bochsbios vgabios \
  gdb clang libclang-rt-14-dev libssl-dev"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
