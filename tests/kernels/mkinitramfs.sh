#!/bin/bash
# mkinitramfs.sh - build the initramfs the kernel matrix boots.
#
#   tests/kernels/mkinitramfs.sh OUT.cpio.gz TEST_SCRIPT [FILE[=/DEST]]...
#
# The image holds busybox (static), tests/kernels/init as /init, TEST_SCRIPT
# as /csk/tests.sh and every FILE (by default into /bin under its own name).
# A FILE that is dynamically linked brings its shared libraries along, so a
# demo built without -static still runs; copyscope itself goes in static.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=$1
script=$2
shift 2
busybox=${BUSYBOX:-/bin/busybox}

if ! "$busybox" --list 2>/dev/null | grep -qx cpio; then
	echo "mkinitramfs: $busybox has no cpio applet (install busybox-static)" >&2
	exit 1
fi
# A dynamic busybox would need the loader in the image: refuse it plainly.
if readelf -l "$busybox" 2>/dev/null | grep -q INTERP; then
	echo "mkinitramfs: $busybox is dynamically linked (install busybox-static)" >&2
	exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,root,etc,csk,lib64}
cp "$busybox" "$root/bin/busybox"
install -m 0755 "$here/init" "$root/init"
install -m 0755 "$script" "$root/csk/tests.sh"
# The kernel opens /dev/console before devtmpfs is mounted.
"$busybox" mknod -m 600 "$root/dev/console" c 5 1
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"

# copy_libs FILE: put the shared libraries FILE needs at the same paths.
copy_libs() {
	local lib
	for lib in $(ldd "$1" 2>/dev/null | grep -oE '/[^ ]+'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

for spec in "$@"; do
	src=${spec%%=*}
	dest=/bin/$(basename "$src")
	[ "$spec" != "$src" ] && dest=${spec#*=}
	if [ ! -e "$src" ]; then
		echo "mkinitramfs: $src: no such file" >&2
		exit 1
	fi
	mkdir -p "$root$(dirname "$dest")"
	cp -a "$src" "$root$dest"
	if [ -f "$src" ] && readelf -l "$src" 2>/dev/null | grep -q INTERP; then
		copy_libs "$src"
	fi
done

tmp=$out.tmp
(cd "$root" && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc 2>/dev/null) | gzip -1 >"$tmp"
mv "$tmp" "$out"
