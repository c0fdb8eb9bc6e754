#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Run every file-to-socket demo side by side and write the throughput table
# (make bench).
#
#   sh demos/bench.sh [--build DIR] [--reps N] [--size BYTES]
#                     [--pin CPU,CPU | --pin none] [--cc NAME | --cc system]
#                     [--out FILE]
#
# The table compares ways of sending, so everything else is held equal and
# cheap:
#   - the receiver only counts (--discard: recv with MSG_TRUNC, the kernel
#     drops the bytes without copying them out), so that it costs little and
#     the same behind every strategy; a run whose count is wrong fails;
#   - sender and receiver are pinned to two different CPUs (default 0,1 when
#     there are two), as they would be on two machines, so that the scheduler
#     does not put them on one CPU in some runs and on two in others;
#   - every sending socket uses the same TCP congestion control, cubic (the
#     kernel's own default) unless --cc says otherwise, whatever the system
#     is set to: BBR paces what it sends at a rate it estimates from the
#     ACKs, and on loopback sendfile's speed under it swings from run to run.
# Then read_write and sendfile run again with each of these changed, one at a
# time, for a second table: what the comparison depends on.
#
# The demos run in turns (all of them once, then all again, N times), so
# that a slow moment of the machine hits them all alike; memcpy_bw measures
# the CPU's copy bandwidth before and after, in the same run.  The tables
# report medians.
set -eu

BUILD=build
REPS=5
SIZE=16M
PIN=auto
CC=cubic
OUT=bench/throughput.md
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2 ;;
	--reps) REPS=$2 ;;
	--size) SIZE=$2 ;;
	--pin) PIN=$2 ;;
	--cc) CC=$2 ;;
	--out) OUT=$2 ;;
	*)
		echo "usage: bench.sh [--build DIR] [--reps N] [--size BYTES]" \
			"[--pin CPU,CPU|none] [--cc NAME|system] [--out FILE]" >&2
		exit 2
		;;
	esac
	shift 2
done
D=$BUILD/demos
CPUS=$(nproc)
if [ "$PIN" = auto ]; then
	PIN=none
	[ "$CPUS" -ge 2 ] && PIN=0,1
fi
CMD="sh demos/bench.sh --build $BUILD --reps $REPS --size $SIZE --pin $PIN --cc $CC --out $OUT"
SYSCC=$(cat /proc/sys/net/ipv4/tcp_congestion_control)

PINOPT=
[ "$PIN" != none ] && PINOPT="--pin $PIN"
CCOPT=
[ "$CC" != system ] && CCOPT="--cc $CC"
MAIN="--discard $PINOPT $CCOPT"
# The other congestion control to try: the system's default, or if that is
# the one in use already, cubic (or, if that too, bbr).
CCNOW=$SYSCC
[ "$CC" != system ] && CCNOW=$CC
ALTCC=$SYSCC
[ "$ALTCC" = "$CCNOW" ] && ALTCC=cubic
[ "$ALTCC" = "$CCNOW" ] && ALTCC=bbr
grep -qw "$ALTCC" /proc/sys/net/ipv4/tcp_available_congestion_control ||
	ALTCC=

# condition|name|options.  "main": every file-to-socket strategy; then
# read_write and sendfile with one thing changed.
RUNS="main|read_write|$MAIN
main|mmap_write|$MAIN
main|sendfile|$MAIN
main|sendfile_nogather|$MAIN
main|splice|$MAIN
main|vmsplice|$MAIN
main|odirect|$MAIN
main|msg_zerocopy|$MAIN
main|io_uring|$MAIN --variant read_send
main|io_uring|$MAIN --variant splice
main|io_uring|$MAIN --variant send_zc"
for name in read_write sendfile; do
	RUNS="$RUNS
compared|$name|$PINOPT $CCOPT"
	[ -n "$ALTCC" ] && RUNS="$RUNS
altcc|$name|--discard $PINOPT --cc $ALTCC"
	[ "$PIN" != none ] && RUNS="$RUNS
unpinned|$name|--discard $CCOPT
samecpu|$name|--discard --pin ${PIN%%,*},${PIN%%,*} $CCOPT"
done

RAW=$(mktemp "${TMPDIR:-/tmp}/copyscope-bench.XXXXXX")
trap 'rm -f "$RAW"' EXIT

echo "bench: $REPS rounds of $(echo "$RUNS" | wc -l) runs, $SIZE each, warm cache" >&2
# Other work on the machine skews every number: say how busy it was.
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
"$D/memcpy_bw" --json >>"$RAW"
r=1
while [ "$r" -le "$REPS" ]; do
	echo "$RUNS" | while IFS='|' read -r cond name opts; do
		# shellcheck disable=SC2086
		if ! out=$("$D/$name" $opts --size "$SIZE" --warm --bench 1 \
			--json); then
			echo "bench: $name $opts failed" >&2
			exit 1
		fi
		printf '%s\n' "$out" | sed "s/^{/{\"cond\":\"$cond\",/" >>"$RAW"
	done
	echo "bench: round $r of $REPS done" >&2
	r=$((r + 1))
done
"$D/memcpy_bw" --json >>"$RAW"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# Everything below is arithmetic on the JSON lines.
awk -v cmd="$CMD" -v reps="$REPS" -v size="$SIZE" -v pin="$PIN" \
	-v cc="$CC" -v syscc="$SYSCC" -v kernel="$(uname -r)" -v cpus="$CPUS" \
	-v cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
	-v date="$(date -u +%Y-%m-%d)" -v load="$LOAD" -v load_end="$LOAD_END" '
function field(line, key,    m) {
	if (match(line, "\"" key "\":\"?[^,}\"]*")) {
		m = substr(line, RSTART, RLENGTH)
		sub("^\"" key "\":\"?", "", m)
		return m
	}
	return ""
}
function sorted(list, v,    n, i, j, t) {
	n = split(list, v, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
	return n
}
function median(list,    n, v) {
	n = sorted(list, v)
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function lowest(list,    v) { sorted(list, v); return v[1] }
function highest(list,    v) { return v[sorted(list, v)] }
# A field that should be the same in every run of a row, or "mixed".
function same(k, what, val) {
	if (!((k, what) in one)) one[k, what] = val
	else if (one[k, what] != val) one[k, what] = "mixed"
}
/"program":"memcpy_bw"/ {
	large = large " " field($0, "large_mib_per_s")
	chunk = chunk " " field($0, "chunk_64k_mib_per_s")
	next
}
{
	c = field($0, "cond")
	name = field($0, "demo")
	v = field($0, "variant")
	if (v != "")
		name = name " (" v ")"
	k = c SUBSEP name
	if (c == "main" && !(name in seen)) { seen[name] = 1; order[++n] = name }
	same(k, "verify", field($0, "verify"))
	same(k, "cc", field($0, "tcp_cc"))
	if (field($0, "verified") != "true") bad[k]++
	if (c == "main") {
		zc_sends += field($0, "zerocopy_sends")
		zc_copied += field($0, "zerocopy_copied_sends")
	}
	gib = field($0, "bytes") / 1073741824
	if (gib <= 0) { bad[k]++; next }
	mibs[k] = mibs[k] " " field($0, "mib_per_s")
	tot[k] = tot[k] " " (field($0, "user_s") + field($0, "sys_s")) / gib
	snd[k] = snd[k] " " (field($0, "sender_user_s") + field($0, "sender_sys_s")) / gib
	rcv[k] = rcv[k] " " (field($0, "receiver_user_s") + field($0, "receiver_sys_s")) / gib
}
function pct(a, b) { return b > 0 ? 100 * a / b : 0 }
function ratio(a, b) { return b > 0 ? a / b : 0 }
# "ahead of" or "behind" (or "level with", within 10%), for a ratio.
function place(r) { return r > 1.1 ? "ahead of" : r < 0.9 ? "behind" : "level with" }
function M(c, d) { return median(mibs[c, d]) }
function S(c, d) { return median(snd[c, d]) }
function R(c, d) { return median(rcv[c, d]) }
function T(c, d) { return median(tot[c, d]) }
function cond_row(c, what,    i, d) {
	if (!((c, "read_write") in mibs))
		return
	for (i = 0; i < 2; i++) {
		d = i ? "sendfile" : "read_write"
		printf "| %s | %s%s | %s | %s | %.0f | %.0f-%.0f | %.2f | %.3f | %.3f | %.3f |\n", what, d, (((c, d) in bad) ? " (FAILED)" : ""), one[c, d, "verify"], one[c, d, "cc"], M(c, d), lowest(mibs[c, d]), highest(mibs[c, d]), ratio(M(c, d), M(c, "read_write")), T(c, d), S(c, d), R(c, d)
	}
}
END {
	pinned = pin == "none" ? "not pinned" : "sender pinned to CPU " substr(pin, 1, index(pin, ",") - 1) ", receiver to CPU " substr(pin, index(pin, ",") + 1)
	ccword = cc == "system" ? "the system'"'"'s TCP congestion control, " syscc : "TCP congestion control " cc " (the system'"'"'s: " syscc ")"
	print "# Throughput of the file-to-socket demos"
	print ""
	print "Written by `make bench`, which ran:"
	print ""
	print "    " cmd
	print ""
	printf "Linux %s, %s, %d CPUs, %s. Each demo moved %s from a warm\n", kernel, cpu, cpus, date, size
	printf "page cache over TCP on loopback, %d times, taking turns with the others.\n", reps
	printf "%s; %s. Medians. CPU time is user + system\n", toupper(substr(pinned, 1, 1)) substr(pinned, 2), ccword
	print "per GiB moved: sender and receiver together (\"CPU s/GiB\"), and each alone."
	print "Load average when the run began: " load ", when it ended: " load_end
	print "(anything else running skews the numbers)."
	print ""
	print "The benchmark compares ways of sending, so its receiver costs little and the same"
	print "behind each of them: it counts the bytes and lets the kernel drop them (`--discard`:"
	print "`recv()` with `MSG_TRUNC`, which frees the data without copying it to user space)."
	print "It checks that exactly the bytes sent arrived, but compares none of them with the"
	print "file: `verify` is `count` (the demos compare every byte by default, and so do their"
	print "tests, `make check-demos`)."
	print ""
	print "| demo | verify | MiB/s | ratio to read_write | CPU s/GiB | sender CPU s/GiB | receiver CPU s/GiB |"
	print "|---|---|---:|---:|---:|---:|---:|"
	base = M("main", "read_write")
	for (i = 1; i <= n; i++) {
		k = order[i]
		printf "| %s%s | %s | %.0f | %.2f | %.3f | %.3f | %.3f |\n", k, ((("main", k) in bad) ? " (FAILED)" : ""), one["main", k, "verify"], M("main", k), ratio(M("main", k), base), T("main", k), S("main", k), R("main", k)
	}
	print ""
	printf "memcpy bandwidth, measured before and after the demos: %.0f MiB/s memory to memory\n", median(large)
	printf "(the ceiling of a CPU copy of data that is not in the CPU caches), %.0f MiB/s for\n", median(chunk)
	print "64 KiB pieces into one buffer that stays cached (the way read() fills a reused buffer)."
	print ""
	print "## What the comparison depends on"
	print ""
	print "read_write and sendfile again, in the same rounds, with one thing changed at a time"
	print "(the first two rows are the table above; MiB/s: median and the range over the runs;"
	print "ratio: to read_write under the same conditions):"
	print ""
	print "| conditions | demo | verify | tcp_cc | MiB/s | range | ratio | CPU s/GiB | sender | receiver |"
	print "|---|---|---|---|---:|---:|---:|---:|---:|---:|"
	cond_row("main", "as above")
	cond_row("compared", "the receiver copies and compares every byte")
	cond_row("altcc", "another TCP congestion control")
	cond_row("unpinned", "not pinned")
	cond_row("samecpu", "sender and receiver on one CPU")
	print ""
	print "## What the numbers say"
	print ""
	sr = S("main", "read_write")
	print "- The sender'"'"'s CPU time per GiB, as a share of read_write'"'"'s (two CPU copies):"
	printf "  sendfile %.0f%%, splice %.0f%%, vmsplice %.0f%% (page references, no copy);\n", pct(S("main", "sendfile"), sr), pct(S("main", "splice"), sr), pct(S("main", "vmsplice"), sr)
	printf "  mmap_write %.0f%% (one copy, plus a page fault per page); msg_zerocopy %.0f%%.\n", pct(S("main", "mmap_write"), sr), pct(S("main", "msg_zerocopy"), sr)
	print "  On loopback, TCP runs the receiving half of the connection in softirq on the CPU"
	print "  that transmits, and the sending half partly on the CPU whose ACK frees room: the"
	print "  split between sender and receiver is approximate, the sum is not."
	r = ratio(M("main", "sendfile"), base)
	printf "- Throughput: sendfile ran at %.2f times read_write'"'"'s speed (%s it).\n", r, place(r)
	r = ratio(M("main", "sendfile_nogather"), M("main", "sendfile"))
	printf "- Without gather (a veth with scatter-gather off, MTU 1500) sendfile ran at %.2f times\n", r
	printf "  its loopback speed (%s it), using %.1f times the CPU per GiB: the kernel\n", place(r), ratio(T("main", "sendfile_nogather"), T("main", "sendfile"))
	print "  copies every page, and without gather it cannot offload segmentation either, so"
	print "  both ends handle 1500-byte packets."
	if (("compared", "sendfile") in mibs) {
		r = ratio(M("compared", "sendfile"), M("compared", "read_write"))
		printf "- With the receiver that copies and compares every byte, sendfile ran at %.2f times\n", r
		printf "  read_write'"'"'s speed; that receiver needed %.3f CPU s/GiB behind sendfile and %.3f\n", R("compared", "sendfile"), R("compared", "read_write")
		print "  behind read_write, against the counting receiver'"'"'s " sprintf("%.3f and %.3f.", R("main", "sendfile"), R("main", "read_write"))
	}
	if (("altcc", "sendfile") in mibs) {
		a = one["altcc", "sendfile", "cc"]; b = one["main", "sendfile", "cc"]
		printf "- With %s, sendfile ran at %.2f times read_write'"'"'s speed, its runs ranging\n", a, ratio(M("altcc", "sendfile"), M("altcc", "read_write"))
		printf "  from %.0f to %.0f MiB/s (%.0f to %.0f with %s).", lowest(mibs["altcc", "sendfile"]), highest(mibs["altcc", "sendfile"]), lowest(mibs["main", "sendfile"]), highest(mibs["main", "sendfile"]), b
		if (a == "bbr" || b == "bbr")
			printf " BBR paces what it sends\n  with a timer of its own, at a rate it estimates from the ACKs; on loopback the\n  estimate differs from run to run."
		print ""
	}
	if (("samecpu", "sendfile") in mibs) {
		printf "- On one CPU, where the speed is that CPU divided by the total CPU time per byte,\n"
		printf "  sendfile ran at %.2f times read_write'"'"'s speed: its sender used %.3f CPU s/GiB against\n", ratio(M("samecpu", "sendfile"), M("samecpu", "read_write")), S("samecpu", "sendfile"), S("samecpu", "read_write")
		printf "  %.3f, the receiving side %.3f against %.3f, in all %.3f against %.3f (see the\n", S("samecpu", "read_write"), R("samecpu", "sendfile"), R("samecpu", "read_write"), T("samecpu", "sendfile"), T("samecpu", "read_write")
		print "  profiling note below)."
	}
	printf "- Zero-copy sends on loopback: %d of %d MSG_ZEROCOPY/SEND_ZC sends were reported\n", zc_copied, zc_sends
	print "  copied by the kernel after all (SO_EE_CODE_ZEROCOPY_COPIED / IORING_NOTIF_USAGE_ZC_COPIED)."
	print ""
	print "## Profiling note"
	print ""
	print "Not re-measured by `make bench`: a one-off look, 2026-11-26 (Linux 6.18, 2 vCPUs,"
	print "AMD EPYC), at why sendfile gains nothing when both ends share one CPU. Over 20"
	print "runs of 64 MiB each (`--discard --cc cubic --pin 0,0`), /proc/stat counted for"
	print "read_write 11-13 ticks in softirq and 44-46 in system calls, for sendfile 31-35 and"
	print "27-30: the same total, moved into the network softirq. sendfile put fewer packets"
	print "on loopback (1484 per run against 2608-2774), so that time goes per byte or per page,"
	print "not per packet. `perf record -e cpu-clock -g` (this VM has no hardware counters)"
	print "finds it under the receiver'"'"'s `recv()`: the ACK it sends goes through loopback, and"
	print "the sender'"'"'s TCP, in softirq on that CPU, handles it, frees the acknowledged skbs"
	print "and transmits more. Much of it is charged to `_raw_spin_unlock_irqrestore`, that is,"
	print "spent with interrupts off, where cpu-clock sampling cannot see which function ran;"
	print "which part of handling skbs that point at page-cache pages costs it was not found."
	print "On two CPUs the same runs counted 10-15 softirq ticks for sendfile and 11-20 for"
	print "read_write."
	for (k in bad) exit 1
}' "$RAW" >"$OUT.tmp" || status=$?
mv "$OUT.tmp" "$OUT"
echo "bench: wrote $OUT" >&2
exit "${status:-0}"
