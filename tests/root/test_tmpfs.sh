#!/bin/sh
# test_tmpfs.sh - no disk, no disk DMA (root; needs jq and unshare).
#
# Many machines keep /tmp on tmpfs.  In a mount namespace of its own this
# test puts tmpfs everywhere a demo may keep its file ($TMPDIR, /var/tmp and
# the working directory), runs the demos cold, and checks that nothing shows
# a disk DMA and that each says why: the demo itself, and the report's
# "differs" lines, for a buffered read and for O_DIRECT (which tmpfs serves
# with the CPU).
cs=$(realpath "${CS_COPYSCOPE:-build/copyscope}")
demos=$(dirname "$cs")/demos
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
	echo "test_tmpfs: needs root and unshare"
	echo "test_tmpfs: 0 passed, 1 failed"
	exit 1
fi
# not under /var/tmp, which the namespace covers
base=$(mktemp -d /run/copyscope-tmpfs.XXXXXX)
mkdir "$base/mnt" "$base/out"
trap 'rm -rf "$base"' EXIT
mnt=$base/mnt
out=$base/out

# Everything below runs inside the namespace; its output is read back here.
cat >"$base/inside.sh" <<INNER
set -e
mount -t tmpfs -o size=64m copyscope-test "$mnt"
mount -t tmpfs -o size=64m copyscope-test /var/tmp
mkdir "$mnt/tmp" "$mnt/cwd"
cd "$mnt/cwd"
export TMPDIR="$mnt/tmp"
"$demos/read_write" --cold --size=1M >"$out/demo.out" 2>&1 || true
"$cs" report --json --cold --size 1M read_write odirect >"$out/report.json" 2>"$out/report.err" || true
"$cs" report --cold --size 1M odirect >"$out/report.txt" 2>&1 || true
INNER
unshare -m --propagation private sh "$base/inside.sh"

if grep -q "is tmpfs, a file system in memory: there is no disk under it, so there will be no disk DMA" "$out/demo.out" &&
	grep -q "cannot evict" "$out/demo.out"; then
	ok "the demo says there will be no disk DMA, and that --cold cannot evict"
else
	bad "the demo's message:"; sed 's/^/     /' "$out/demo.out"
fi
for d in read_write odirect; do
	row=".report.rows[] | select(.demo == \"$d\")"
	dma=$(jq "$row | .sender.dma_bytes" "$out/report.json")
	disk=$(jq "$row | .sender.disk_read_bytes" "$out/report.json")
	cpu=$(jq "$row | .sender.routes[] | select(.from == \"page_cache\" and .to == \"user\" and .kind == \"CPU\") | .bytes" "$out/report.json")
	why=$(jq -r "$row | .differs[]" "$out/report.json")
	if [ "$dma" = 0 ] && [ "$disk" = 0 ]; then
		ok "$d on tmpfs: 0 bytes of DMA"
	else
		bad "$d on tmpfs: DMA $dma, disk reads $disk"
	fi
	if [ "$cpu" = 1048576 ]; then
		ok "$d on tmpfs: the CPU copies 1 MiB from memory into the buffer"
	else
		bad "$d on tmpfs: memory -> buffer CPU bytes '$cpu'"
	fi
	if echo "$why" | grep -q "no disk DMA: the file's file system has no disk under it" &&
		! echo "$why" | grep -qi "the disk DMAs"; then
		ok "$d on tmpfs: the report says why there is no disk DMA"
	else
		bad "$d on tmpfs: why: $why"
	fi
done
if tr -s "\n " "  " <"$out/report.txt" | grep -q "cannot evict it" && ! grep -q "disk DMAs" "$out/report.txt"; then
	ok "the text report says --cold cannot evict"
else
	bad "the text report:"; sed 's/^/     /' "$out/report.txt"
fi
echo "test_tmpfs: $pass passed, $fail failed"
[ "$fail" = 0 ]
