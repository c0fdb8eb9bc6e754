#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Record the runs the lessons are made from (root: the demos are traced for
# real).  Each demo runs on a terminal of its own (a tmux pane, as 'copyscope
# demo' wants one) with --record; the "trace your own program" lesson traces
# cp, busybox httpd and busybox wget.  The recordings go to
# tutorial/recordings/NAME.rec; 'make tutorial' then fills the lessons from
# them, without root.
#
#   tutorial/record.sh [BUILD-DIR] [NAME...]      (default: every recording)
#
# Re-recording changes numbers (context switches, timings): run 'make
# tutorial' after it and read the lessons' prose against the new numbers.

set -u
export LC_ALL=C.UTF-8 LANG=C.UTF-8

BUILD=${1:-build}
shift
CS=$(cd "$BUILD" && pwd)/copyscope
OUT=$(cd "$(dirname "$0")" && pwd)/recordings
WORK=$(mktemp -d "${TMPDIR:-/tmp}/copyscope-record.XXXXXX")
SOCK=copyscope-record-$$
httpd=
trap 'tmux -L $SOCK kill-server 2>/dev/null; [ -n "$httpd" ] && kill $httpd 2>/dev/null; rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# NAME [DEMO [OPTIONS...]]: one demo run, 1 MiB, cold unless told.
demo() {
	local name=$1 demo=${2:-$1} i
	shift 2 2>/dev/null || shift $#
	# a server of its own for each run: a dying one cannot take the next
	tmux -L $SOCK kill-server 2>/dev/null
	SOCK=copyscope-record-$$-$name
	tmux -L $SOCK -f /dev/null new-session -d -s r -x 100 -y 30 \
		"$CS demo $demo --size 1M --cold $* --record $OUT/$name.rec; echo EXIT=\$?; sleep 600"
	for ((i = 0; i < 600; i++)); do
		tmux -L $SOCK capture-pane -p -t r >"$WORK/screen" 2>&1 || break
		grep -q "^ END " "$WORK/screen" && break
		grep -q "EXIT=" "$WORK/screen" && break
		sleep 0.1
	done
	if ! grep -q "^ END   done: " "$WORK/screen"; then
		echo "record: $name did not end well:" >&2
		cat "$WORK/screen" >&2
		return 1
	fi
	tmux -L $SOCK send-keys -t r q
	for ((i = 0; i < 100; i++)); do
		tmux -L $SOCK capture-pane -p -t r 2>&1 | grep -q "EXIT=0" && break
		sleep 0.1
	done
	echo "recorded $name: $(stat -c %s "$OUT/$name.rec") bytes"
}

# A file of 1 MiB for the programs to copy and serve.
mkfile() {
	head -c 1048576 /dev/urandom >"$WORK/big.iso"
	sync "$WORK/big.iso"
	echo 1 >/proc/sys/vm/drop_caches 2>/dev/null || true
}

trace_cp() {
	mkfile
	"$CS" trace -q --record "$OUT/cp_same_fs.rec" -- cp "$WORK/big.iso" "$WORK/copy.iso" 2>/dev/null
	echo "recorded cp_same_fs"
	# /dev/shm is a tmpfs: another file system than $WORK's
	"$CS" trace -q --record "$OUT/cp_other_fs.rec" -- cp "$WORK/big.iso" /dev/shm/copyscope-big.iso 2>/dev/null
	rm -f /dev/shm/copyscope-big.iso
	echo "recorded cp_other_fs"
}

trace_web() {
	local port=18000 i
	mkfile
	mkdir -p "$WORK/www"
	mv "$WORK/big.iso" "$WORK/www/big.iso"
	busybox httpd -f -p 127.0.0.1:$port -h "$WORK/www" &
	httpd=$!
	sleep 0.3
	# the server, traced by pid while a download runs
	"$CS" trace --json -q --record "$OUT/httpd.rec" -p $httpd >"$WORK/httpd.json" 2>&1 &
	local tr=$!
	for ((i = 0; i < 100; i++)); do
		grep -q '"type":"start"' "$WORK/httpd.json" 2>/dev/null && break
		sleep 0.1
	done
	busybox wget -q -O "$WORK/dl.iso" "http://127.0.0.1:$port/big.iso"
	sleep 0.5
	kill -INT $tr
	wait $tr
	echo "recorded httpd"
	# the download, traced from its start
	"$CS" trace -q --record "$OUT/wget.rec" -- busybox wget -q -O "$WORK/dl2.iso" "http://127.0.0.1:$port/big.iso" 2>/dev/null
	echo "recorded wget"
	kill $httpd
	wait $httpd 2>/dev/null
	httpd=
}

ALL="read_write read_write_warm mmap_write sendfile sendfile_chunked sendfile_nogather splice vmsplice tee
copy_file_range odirect msg_zerocopy io_uring io_uring_splice io_uring_send_zc mmap_sigbus sendfile_truncate cow
cp web"
for name in ${@:-$ALL}; do
	case $name in
	read_write_warm) demo read_write_warm read_write --warm ;;
	sendfile_chunked) demo sendfile_chunked sendfile --chunk 64K ;;
	cp) trace_cp ;;
	web) trace_web ;;
	*) demo "$name" ;;
	esac || exit 1
done
