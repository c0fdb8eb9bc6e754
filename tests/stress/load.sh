#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# tests/stress/load.sh - a sustained load (root): records as fast as the
# traced programs can make them, for LOAD_SECONDS (default 60), through
# 'copyscope trace --json'.
#
#   tests/stress/load.sh [SECONDS]
#
# The load is LOAD_PROCS (default 2, one per core here) dd processes
# copying /dev/zero to /dev/null one byte at a time: two system calls a
# byte, one record each, for SECONDS (then SIGINT: dd says how many bytes
# it copied).  It checks and prints:
# - copyscope's peak memory (/usr/bin/time's maximum RSS), which must stay
#   under LOAD_MAX_RSS_KB (default 65536): records are streamed, not kept;
# - the records a second the kernel made, and how many the ring buffer
#   lost (counted by the kernel, shown in the summary);
# - that every record that reached the ring buffer was written out;
# - that the kernel's counters are exact whatever was lost: each dd's
#   bytes written are the bytes it says it copied plus its status message.
# Last line: "load: N passed, N failed".
set -u
export LC_ALL=C

BUILD=${BUILD:-build}
CS=${CS_COPYSCOPE:-$BUILD/copyscope}
SECS=${1:-${LOAD_SECONDS:-60}}
MAX_RSS=${LOAD_MAX_RSS_KB:-65536}
PROCS=${LOAD_PROCS:-2}
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/copyscope-load.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; }

# summary FILE KEY: a key of the trace's closing "summary" line
summary() { jq -r "select(.type == \"summary\") | .$2" "$1"; }

# the load, as one shell command: each dd on its own stderr
dds() {
	local s=""

	for i in $(seq "$PROCS"); do
		s="$s timeout -s INT $SECS dd if=/dev/zero of=/dev/null bs=1"
		s="$s count=1000000000000 2>$WORK/dd$i.err &"
	done
	echo "$s wait"
}

/usr/bin/time -f "%M %e" -o "$WORK/time" \
	"$CS" trace --json -o "$WORK/load.json" -- sh -c "$(dds)" \
	2>"$WORK/trace.err"
rc=$?
read -r rss secs <"$WORK/time"
records=$(summary "$WORK/load.json" records)
drops=$(summary "$WORK/load.json" drops)
made=$((records + drops))
rate=$(awk -v r="$made" -v s="$secs" 'BEGIN { printf "%.0f", r / s }')
echo "load: $PROCS dd for ${secs} s: $made records made ($rate a second)," \
	"$drops of them lost by the ring buffer (counted), peak RSS $rss KiB"

[ $rc -eq 0 ] && ok "trace under load: exit 0" || bad "trace under load: exit $rc"
[ "$rss" -le "$MAX_RSS" ] && ok "peak memory $rss KiB (at most $MAX_RSS)" ||
	bad "peak memory $rss KiB over $MAX_RSS"
# every record that reached the ring buffer was written out; the rest
# were counted as lost (the kernel's "records" and "drops" counters)
lines=$(grep -c '"ts_ns"' "$WORK/load.json")
[ "$lines" -eq "$records" ] &&
	ok "every record through the ring buffer written: $lines of $made, $drops counted lost" ||
	bad "records: $lines written, the kernel put $records in the ring buffer"
# each dd: the bytes it says it copied and its status message, to the byte
jq -r 'select(.type == "counters" and .comm == "dd") | .bytes_written' \
	"$WORK/load.json" | sort -n >"$WORK/written"
for i in $(seq "$PROCS"); do
	n=$(sed -n 's/^\([0-9]*\) bytes .*copied.*/\1/p' "$WORK/dd$i.err")
	echo $((n + $(stat -c %s "$WORK/dd$i.err")))
done | sort -n >"$WORK/wanted"
if [ -s "$WORK/wanted" ] && cmp -s "$WORK/written" "$WORK/wanted"; then
	ok "kernel counters exact under load: each dd wrote what it says + its status"
else
	bad "dd bytes_written $(tr '\n' ' ' <"$WORK/written"), wanted $(tr '\n' ' ' <"$WORK/wanted")"
fi
echo "load: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
