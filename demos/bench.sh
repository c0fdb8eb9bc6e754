#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run every file-to-socket demo side by side and write the throughput table
# (make bench).
#
#   sh demos/bench.sh [--build DIR] [--reps N] [--size BYTES] [--pin CPU[,CPU]]
#                     [--out FILE]
#
# The demos run in turns (all of them once, then all again, N times), so
# that a slow moment of the machine hits them all alike; memcpy_bw measures
# the CPU's copy bandwidth before and after, in the same run.
#
# The table compares sending strategies, so the receiver must cost little,
# and the same behind each of them: every demo runs with --discard, where
# the receiver counts the bytes and lets the kernel drop them without a copy
# (recv MSG_TRUNC) instead of copying them out and comparing them.  A run
# whose count is wrong fails the benchmark.  read_write and sendfile also run
# with the default receiver that compares every byte, for a second, smaller
# table: what a receiver that copies does to the comparison.
# The tables report medians.
set -eu

BUILD=build
REPS=5
SIZE=16M
PIN=
OUT=bench/throughput.md
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2 ;;
	--reps) REPS=$2 ;;
	--size) SIZE=$2 ;;
	--pin) PIN=$2 ;;
	--out) OUT=$2 ;;
	*)
		echo "usage: bench.sh [--build DIR] [--reps N] [--size BYTES]" \
			"[--pin CPU[,CPU]] [--out FILE]" >&2
		exit 2
		;;
	esac
	shift 2
done
D=$BUILD/demos
CMD="sh demos/bench.sh --build $BUILD --reps $REPS --size $SIZE${PIN:+ --pin $PIN} --out $OUT"

# name|options: the file-to-socket strategies (the receiver only counts),
# then the two that also run with the receiver that compares every byte.
DEMOS="read_write|--discard
mmap_write|--discard
sendfile|--discard
sendfile_nogather|--discard
splice|--discard
vmsplice|--discard
odirect|--discard
msg_zerocopy|--discard
io_uring|--discard --variant read_send
io_uring|--discard --variant splice
io_uring|--discard --variant send_zc
read_write|
sendfile|"

RAW=$(mktemp "${TMPDIR:-/tmp}/copyscope-bench.XXXXXX")
trap 'rm -f "$RAW"' EXIT

echo "bench: $REPS rounds of $(echo "$DEMOS" | wc -l) runs, $SIZE each, warm cache${PIN:+, pinned $PIN}" >&2
# Other work on the machine skews every number: say how busy it was.
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
"$D/memcpy_bw" --json >>"$RAW"
r=1
while [ "$r" -le "$REPS" ]; do
	echo "$DEMOS" | while IFS='|' read -r name opts; do
		# shellcheck disable=SC2086
		if ! "$D/$name" $opts --size "$SIZE" --warm ${PIN:+--pin $PIN} \
			--bench 1 --json >>"$RAW"; then
			echo "bench: $name $opts failed" >&2
			exit 1
		fi
	done
	echo "bench: round $r of $REPS done" >&2
	r=$((r + 1))
done
"$D/memcpy_bw" --json >>"$RAW"

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# Everything below is arithmetic on the JSON lines.
awk -v cmd="$CMD" -v reps="$REPS" -v size="$SIZE" -v pin="$PIN" \
	-v kernel="$(uname -r)" -v cpus="$(nproc)" \
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
function median(list,    n, v, i, j, t) {
	n = split(list, v, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
/"program":"memcpy_bw"/ {
	large = large " " field($0, "large_mib_per_s")
	chunk = chunk " " field($0, "chunk_64k_mib_per_s")
	next
}
{
	name = field($0, "demo")
	v = field($0, "variant")
	if (v != "")
		name = name " (" v ")"
	# The runs whose receiver compared every byte go to the second table.
	vf = field($0, "verify")
	if (vf == "bytes")
		name = name " [compared]"
	if (!(name in seen)) { seen[name] = 1; order[++n] = name; verify[name] = vf }
	if (verify[name] != vf) verify[name] = "mixed"
	if (field($0, "verified") != "true") bad[name]++
	if (vf == "count") {
		zc_sends += field($0, "zerocopy_sends")
		zc_copied += field($0, "zerocopy_copied_sends")
	}
	gib = field($0, "bytes") / 1073741824
	if (gib <= 0) { bad[name]++; next }
	mibs[name] = mibs[name] " " field($0, "mib_per_s")
	tot[name] = tot[name] " " (field($0, "user_s") + field($0, "sys_s")) / gib
	snd[name] = snd[name] " " (field($0, "sender_user_s") + field($0, "sender_sys_s")) / gib
	rcv[name] = rcv[name] " " (field($0, "receiver_user_s") + field($0, "receiver_sys_s")) / gib
}
function pct(a, b) { return b > 0 ? 100 * a / b : 0 }
function ratio(a, b) { return b > 0 ? a / b : 0 }
# "ahead of" or "behind" (or "level with", within 5%), for a ratio.
function place(r) { return r > 1.05 ? "ahead of" : r < 0.95 ? "behind" : "level with" }
function line(k, base) {
	printf "| %s%s | %s | %.0f | %.2f | %.3f | %.3f | %.3f |\n", k, ((k in bad) ? " (FAILED)" : ""), verify[k], mm[k], ratio(mm[k], base), median(tot[k]), sm[k], rm[k]
}
END {
	for (i = 1; i <= n; i++) {
		k = order[i]
		mm[k] = median(mibs[k])
		sm[k] = median(snd[k])
		rm[k] = median(rcv[k])
	}
	base = mm["read_write"]
	cbase = mm["read_write [compared]"]
	print "# Throughput of the file-to-socket demos"
	print ""
	print "Written by `make bench`, which ran:"
	print ""
	print "    " cmd
	print ""
	printf "Linux %s, %s, %d CPUs, %s. Each demo moved %s from a warm page cache\n", kernel, cpu, cpus, date, size
	printf "over TCP to a receiver on the same machine, %d times, taking turns with the others;\n", reps
	printf "%s. Medians. CPU time is user + system per GiB moved: sender and receiver\n", (pin == "" ? "not pinned" : "sender and receiver pinned to CPUs " pin)
	print "together (\"CPU s/GiB\"), and each alone. Load average when the run began: " load ","
	print "when it ended: " load_end " (anything else running skews the numbers)."
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
	for (i = 1; i <= n; i++)
		if (order[i] !~ /\[compared\]$/)
			line(order[i], base)
	print ""
	printf "memcpy bandwidth, measured before and after the demos: %.0f MiB/s memory to memory\n", median(large)
	printf "(the ceiling of a CPU copy of data that is not in the CPU caches), %.0f MiB/s for\n", median(chunk)
	print "64 KiB pieces into one buffer that stays cached (the way read() fills a reused buffer)."
	print ""
	print "The same runs, with the receiver the demos use by default: it copies every byte out"
	print "of the socket and compares it (`verify` is `bytes`); ratio to read_write with that"
	print "receiver:"
	print ""
	print "| demo | verify | MiB/s | ratio to read_write | CPU s/GiB | sender CPU s/GiB | receiver CPU s/GiB |"
	print "|---|---|---:|---:|---:|---:|---:|"
	for (i = 1; i <= n; i++)
		if (order[i] ~ /\[compared\]$/)
			line(order[i], cbase)
	sf = mm["sendfile"]; ng = mm["sendfile_nogather"]
	csf = mm["sendfile [compared]"]
	print ""
	print "## What the numbers say"
	print ""
	print "- The sender'"'"'s CPU time per GiB, as a share of read_write'"'"'s (two CPU copies):"
	printf "  sendfile %.0f%%, splice %.0f%%, vmsplice %.0f%% (page references, no copy);\n", pct(sm["sendfile"], sm["read_write"]), pct(sm["splice"], sm["read_write"]), pct(sm["vmsplice"], sm["read_write"])
	printf "  mmap_write %.0f%% (one copy, plus a page fault per page); msg_zerocopy %.0f%%.\n", pct(sm["mmap_write"], sm["read_write"]), pct(sm["msg_zerocopy"], sm["read_write"])
	printf "  On loopback the sender'"'"'s CPU time also holds the receiving half of TCP, run in\n"
	print "  softirq on the sending CPU: it is not the cost of the strategy alone."
	printf "- Throughput: sendfile ran at %.2f times read_write'"'"'s speed (%s it), the\n", ratio(sf, base), place(ratio(sf, base))
	printf "  receiver costing %.3f CPU s/GiB behind sendfile and %.3f behind read_write.\n", rm["sendfile"], rm["read_write"]
	printf "- Without gather (a veth with scatter-gather off, MTU 1500) sendfile ran at %.2f times\n", ratio(ng, sf)
	printf "  its loopback speed (%s it), the sender using %.1f times the CPU per GiB: the kernel\n", place(ratio(ng, sf)), ratio(sm["sendfile_nogather"], sm["sendfile"])
	print "  copies every page, and without gather it cannot offload segmentation either; the"
	print "  receiver, in its own network namespace behind the veth, handles 1500-byte packets."
	printf "- With a receiver that copies and compares every byte, sendfile ran at %.2f times\n", ratio(csf, cbase)
	printf "  read_write'"'"'s speed (%s it): that receiver needed %.3f CPU s/GiB behind sendfile\n", place(ratio(csf, cbase)), rm["sendfile [compared]"]
	printf "  and %.3f behind read_write. It copies from the pages sendfile handed over, page-cache\n", rm["read_write [compared]"]
	print "  pages last written long ago, where behind read_write it copies socket memory the sender"
	print "  has just written; either way the receiver, not the sender, then sets the pace."
	printf "- Zero-copy sends on loopback: %d of %d MSG_ZEROCOPY/SEND_ZC sends were reported\n", zc_copied, zc_sends
	print "  copied by the kernel after all (SO_EE_CODE_ZEROCOPY_COPIED / IORING_NOTIF_USAGE_ZC_COPIED)."
	for (k in bad) exit 1
}' "$RAW" >"$OUT.tmp" || status=$?
mv "$OUT.tmp" "$OUT"
echo "bench: wrote $OUT" >&2
exit "${status:-0}"
