#!/bin/bash
# run.sh - the kernel matrix: boot Debian's kernels under QEMU and run the
# BPF test suite inside each.
#
#   tests/kernels/run.sh [SLOT...]          (default: 6.1 6.12)
#
# Environment:
#   KERNEL_OUT      work and log folder (default build/kernels)
#   KERNEL_TESTS    in-VM test script (default tests/kernels/vm-tests.sh)
#   KERNEL_CHECKS   host-side checks (default tests/kernels/checks.sh)
#   KERNEL_FILES    files for the initramfs, FILE[=/DEST] (default: none)
#   KERNEL_TIMEOUT  seconds one boot may take (default 240)
#   KERNEL_JOBS     kernels booted at once (default: number of CPUs)
#   KERNEL_MODULES  modules to load in the VM, with their dependencies,
#                   taken from the kernel's package (default: none)
#   COPYSCOPE_KERNEL_CACHE  download cache (default /var/cache/copyscope-kernels)
#
# Prints one line per kernel and a closing "N passed, N failed, N skipped"
# line; kernels that cannot be fetched are skipped, not passed.  Exit status
# 1 when any test of a booted kernel failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
out=${KERNEL_OUT:-build/kernels}
tests=${KERNEL_TESTS:-$here/vm-tests.sh}
checks=${KERNEL_CHECKS:-$here/checks.sh}
limit=${KERNEL_TIMEOUT:-240}
jobs=${KERNEL_JOBS:-$(nproc)}
[ $# -eq 0 ] && set -- 6.1 6.12

for tool in qemu-system-x86_64 dpkg-deb apt-get jq; do
	if ! command -v "$tool" >/dev/null; then
		echo "kernels: $tool is missing (make deps-test installs it)" >&2
		exit 1
	fi
done

t0=$(date +%s)
# Start from an empty folder, but never empty one that is not ours.
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -e "$out/fetch.txt" ]; then
	echo "kernels: $out is not empty and not a kernel matrix folder" >&2
	exit 1
fi
rm -rf "$out"
mkdir -p "$out"
: >"$out/fetch.txt"
out=$(cd "$out" && pwd)

"$here/fetch.sh" "$out/fetch.txt" "$@"

# The attach points the BPF programs name, so that the VM can say which ones
# its kernel has (a missing one explains a refused attach).
bpf_src=${KERNEL_BPF_SRC:-$here/../../bpf}
sections() {
	cat "$bpf_src"/*.bpf.c "$bpf_src"/*.bpf.h 2>/dev/null |
		grep -oE "SEC\(\"($1)/[A-Za-z0-9_]+\"\)" | sed -E 's|.*/([A-Za-z0-9_]+)".*|\1|' | sort -u
}
sections 'fentry|fexit|kprobe|kretprobe' >"$out/functions"
sections 'tp_btf|raw_tp|tracepoint/[a-z0-9_]+' >"$out/tracepoints"

# shellcheck disable=SC2086
if ! "$here/mkinitramfs.sh" "$out/initramfs.cpio.gz" "$tests" \
	"$out/functions=/csk/functions" "$out/tracepoints=/csk/tracepoints" ${KERNEL_FILES:-}; then
	echo "kernels: cannot build the initramfs" >&2
	exit 1
fi

# A scratch ext4 disk (virtio-blk): O_DIRECT, cold page caches and disk DMA
# need a real block device.  Every VM writes to its own throw-away overlay
# (snapshot=on), so one image serves all.
disk=()
if command -v mkfs.ext4 >/dev/null; then
	truncate -s 128M "$out/disk.img"
	if mkfs.ext4 -q -F -L csk "$out/disk.img" >/dev/null 2>&1; then
		disk=(-drive "file=$out/disk.img,if=virtio,format=raw,snapshot=on")
	fi
fi

# boot DIR VMLINUZ: one kernel, results on the second serial port.
boot() {
	local dir=$1 kernel=$2 t rc
	t=$(date +%s)
	timeout "$limit" qemu-system-x86_64 -machine q35 -accel tcg -m 1024 -smp 1 \
		-nic none -display none -monitor none -no-reboot "${disk[@]}" \
		-kernel "$kernel" -initrd "$dir/initrd.gz" \
		-append 'console=ttyS0 quiet panic=-1' \
		-serial "file:$dir/console.log" -serial "file:$dir/results.log" \
		</dev/null >"$dir/qemu.log" 2>&1
	rc=$?
	echo "$rc $(($(date +%s) - t))" >"$dir/boot.status"
}

# initrd_for DIR KDIR: the common image, followed (the kernel unpacks
# concatenated archives in order) by one with this kernel's modules, if any.
initrd_for() {
	local dir=$1 kdir=$2 root
	if [ ! -s "$kdir/modules/order" ]; then
		ln -sf "$out/initramfs.cpio.gz" "$dir/initrd.gz"
		return
	fi
	root=$(mktemp -d)
	mkdir -p "$root/lib/modules/csk" "$root/csk"
	cp "$kdir"/modules/*.ko "$root/lib/modules/csk/"
	cp "$kdir/modules/order" "$root/csk/modules"
	(cd "$root" && find . | LC_ALL=C sort | busybox cpio -o -H newc 2>/dev/null) | gzip -1 >"$dir/modules.cpio.gz"
	rm -rf "$root"
	cat "$out/initramfs.cpio.gz" "$dir/modules.cpio.gz" >"$dir/initrd.gz"
}

running=0
while read -r status slot dir pkg ver; do
	[ "$status" = OK ] || continue
	mkdir -p "$out/$slot"
	echo "$pkg $ver" >"$out/$slot/package"
	initrd_for "$out/$slot" "$dir"
	cp "$dir/modules/order" "$out/$slot/modules" 2>/dev/null
	boot "$out/$slot" "$dir/vmlinuz" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done <"$out/fetch.txt"
wait

# ---- results ---------------------------------------------------------------
# split DIR: results.log -> DIR/case/NAME.{out,err,rc} and DIR/info.
split_results() {
	local dir=$1
	mkdir -p "$dir/case"
	tr -d '\r' <"$dir/results.log" | awk -v d="$dir" '
	/^CSK:KERNEL / { print substr($0, 12) > (d "/kernel"); next }
	/^CSK:INFO / { print substr($0, 10) > (d "/info"); next }
	/^CSK:BEGIN / { n = $2; printf "" > (d "/case/" n ".out"); printf "" > (d "/case/" n ".err"); next }
	/^CSK:OUT / { n = $2; s = $0; sub(/^CSK:OUT [^ ]+ ?/, "", s); print s > (d "/case/" n ".out"); next }
	/^CSK:ERR / { n = $2; s = $0; sub(/^CSK:ERR [^ ]+ ?/, "", s); print s > (d "/case/" n ".err"); next }
	/^CSK:RC / { print $3, $4 > (d "/case/" $2 ".rc"); next }
	/^CSK:DMESG / { print substr($0, 11) > (d "/dmesg"); next }
	/^CSK:DONE/ { print "done" > (d "/done"); next }'
}

# shellcheck source=tests/kernels/checks.sh
. "$checks"

total_pass=0 total_fail=0 total_skip=0
while read -r status slot rest; do
	if [ "$status" = SKIP ]; then
		echo "SKIP $slot: $rest"
		total_skip=$((total_skip + 1))
		continue
	fi
	dir=$out/$slot
	split_results "$dir"
	PASS=0 FAIL=0 SUMMARY="" KSLOT=$slot
	read -r qrc secs <"$dir/boot.status"
	if [ ! -e "$dir/done" ]; then
		if [ "$qrc" = 124 ]; then
			fail "boot" "the VM did not finish within KERNEL_TIMEOUT=${limit}s (console: $dir/console.log)"
		else
			fail "boot" "the VM stopped without finishing its tests (qemu status $qrc after ${secs}s; console: $dir/console.log)"
		fi
		# The last results say which case was running; the console
		# shows a panic or an oops.
		tr -d '\r' <"$dir/results.log" | grep -v '^CSK:DMESG' | tail -n 5 | cut -c1-160 | sed 's/^/    results | /'
		tail -n 20 "$dir/console.log" | sed 's/^/    console | /'
	else
		pass "boot"
	fi
	# What did run is checked either way: the cases after a hang count
	# as failed ("did not run").
	[ -s "$dir/kernel" ] && check_kernel "$dir"
	kver=$(cat "$dir/kernel" 2>/dev/null || echo "$slot")
	echo "kernel $kver ($(cat "$dir/package")): ${SUMMARY:-no summary}; ${secs}s; tests $PASS passed, $FAIL failed"
	total_pass=$((total_pass + PASS))
	total_fail=$((total_fail + FAIL))
done <"$out/fetch.txt"

echo "kernel matrix: $(($(date +%s) - t0))s, logs in $out"
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
