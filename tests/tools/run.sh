#!/bin/sh
# Host tools and build artefacts: manifest-check agrees with the hypervisor's
# messages and exit codes; the image carries a valid multiboot2 header.
cd "$(dirname "$0")/../.." || exit 2
B=${BUILD:-build}

check() {       # check NAME COMMAND EXPECTED_STATUS REGEX
	name=$1 cmd=$2 want=$3 re=$4
	out=$(sh -c "$cmd" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ] && printf '%s\n' "$out" | grep -Eq -- "$re"; then
		echo "PASS tools/$name"
	else
		echo "FAIL tools/$name: exit $rc (expected $want), output:"
		printf '%s\n' "$out" | head -10 | sed 's/^/    | /'
	fi
}

check multiboot2-header "grub-file --is-x86-multiboot2 $B/tdvisor.elf && echo ok" 0 '^ok$'
check manifest-check-default "$B/manifest-check manifests/default.json" 0 \
	'^manifest: 0 vms, 0 tds, tdx.module=auto, log_level=info$'
for f in manifests/examples/*.json; do
	check "manifest-check-example-$(basename "$f" .json)" "$B/manifest-check $f" 0 '^manifest: '
done
check manifest-check-malformed "$B/manifest-check manifests/tests/malformed.json" 1 \
	'^manifest: tds\[1\]\.memory: expected a size such as "64M", got true$'
check manifest-check-cpus "$B/manifest-check --cpus 1 manifests/examples/vm-and-td.json" 1 \
	'is not online \(1 CPU'
# The Trust Domain keys go through the same parser: a TD-only key on a VM
# and a non-debug TD without SEPT_VE_DISABLE are refused with their paths.
check manifest-check-td-key-on-vm "printf '%s' '{\"vms\": [{\"name\": \"v\", \"memory\": 4096, \"cpus\": [0], \"xfam\": 3}]}' | $B/manifest-check /dev/stdin" 1 \
	'^manifest: vms\[0\]\.xfam: only Trust Domains \("tds" entries\) take this key$'
check manifest-check-td-sept-ve "printf '%s' '{\"tds\": [{\"name\": \"t\", \"memory\": 4096, \"cpus\": [0], \"attributes\": {\"sept_ve_disable\": false}}]}' | $B/manifest-check /dev/stdin" 1 \
	'^manifest: tds\[0\]\.attributes\.sept_ve_disable: a non-debug TD needs sept_ve_disable: .*"allow_sept_ve": true to override$'
check manifest-check-td-override "printf '%s' '{\"tds\": [{\"name\": \"t\", \"memory\": 4096, \"cpus\": [0], \"attributes\": {\"sept_ve_disable\": false}, \"allow_sept_ve\": true}]}' | $B/manifest-check /dev/stdin" 0 \
	'^manifest: 0 vms, 1 td, '
check manifest-check-missing-file "$B/manifest-check /nonexistent.json" 2 'nonexistent'
check tdmr-plan-dl380 "$B/tdmr-plan --summary tests/unit/tdmr_maps/clx-hpe-dl380-gen10.e820" 0 \
	'^tdvisor: 2 TDMRs, at most 5 reserved areas'
check tdmr-plan-limit "$B/tdmr-plan --summary --max-reserved 3 tests/unit/tdmr_maps/clx-hpe-dl380-gen10.e820" 1 \
	'needs 4 reserved areas on its own'

# SHA-384 and MRTD accumulation against OpenSSL (prints its own lines).
./tests/tools/sha384_vs_openssl.sh
