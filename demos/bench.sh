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
# the CPU's copy bandwidth before and after, in the same run.  Every run
# checks every byte; a run that does not verify fails the benchmark.
# The table reports medians.
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

# name|options: the file-to-socket strategies.
DEMOS="read_write|
mmap_write|
sendfile|
sendfile_nogather|
splice|
vmsplice|
odirect|
msg_zerocopy|
io_uring|--variant read_send
io_uring|--variant splice
io_uring|--variant send_zc"

RAW=$(mktemp "${TMPDIR:-/tmp}/copyscope-bench.XXXXXX")
trap 'rm -f "$RAW"' EXIT

echo "bench: $REPS rounds of $(echo "$DEMOS" | wc -l) demos, $SIZE each, warm cache${PIN:+, pinned $PIN}" >&2
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

# Everything below is arithmetic on the JSON lines.
awk -v cmd="$CMD" -v reps="$REPS" -v size="$SIZE" -v pin="$PIN" \
	-v kernel="$(uname -r)" -v cpus="$(nproc)" \
	-v cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
	-v date="$(date -u +%Y-%m-%d)" '
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
	if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	if (field($0, "verified") != "true") bad[name]++
	zc_sends += field($0, "zerocopy_sends")
	zc_copied += field($0, "zerocopy_copied_sends")
	gib = field($0, "bytes") / 1073741824
	if (gib <= 0) { bad[name]++; next }
	mibs[name] = mibs[name] " " field($0, "mib_per_s")
	tot[name] = tot[name] " " (field($0, "user_s") + field($0, "sys_s")) / gib
	snd[name] = snd[name] " " (field($0, "sender_user_s") + field($0, "sender_sys_s")) / gib
	rcv[name] = rcv[name] " " (field($0, "receiver_user_s") + field($0, "receiver_sys_s")) / gib
}
function row(k) { return median(mibs[k]) }
function pct(a, b) { return b > 0 ? 100 * a / b : 0 }
END {
	base = median(mibs["read_write"])
	print "# Throughput of the file-to-socket demos"
	print ""
	print "Written by `make bench`, which ran:"
	print ""
	print "    " cmd
	print ""
	printf "Linux %s, %s, %d CPUs, %s. Each demo moved %s from a warm page cache\n", kernel, cpu, cpus, date, size
	printf "over TCP to a receiver on the same machine that checked every byte, %d times, taking\n", reps
	printf "turns with the others; %s. Medians. CPU time is user + system per GiB\n", (pin == "" ? "not pinned" : "sender and receiver pinned to CPUs " pin)
	print "moved: sender and receiver together (\"CPU s/GiB\"), and each alone."
	print ""
	print "| demo | MiB/s | ratio to read_write | CPU s/GiB | sender CPU s/GiB | receiver CPU s/GiB |"
	print "|---|---:|---:|---:|---:|---:|"
	for (i = 1; i <= n; i++) {
		k = order[i]
		m = median(mibs[k])
		sm[k] = median(snd[k])
		rm[k] = median(rcv[k])
		printf "| %s%s | %.0f | %.2f | %.3f | %.3f | %.3f |\n", k, ((k in bad) ? " (NOT VERIFIED)" : ""), m, (base > 0 ? m / base : 0), median(tot[k]), sm[k], rm[k]
	}
	print ""
	printf "memcpy bandwidth, measured before and after the demos: %.0f MiB/s memory to memory\n", median(large)
	printf "(the ceiling of a CPU copy of data that is not in the CPU caches), %.0f MiB/s for\n", median(chunk)
	print "64 KiB pieces into one buffer that stays cached (the way read() fills a reused buffer)."
	print ""
	print "## What the numbers say"
	print ""
	print "- The sender'"'"'s CPU time per GiB, as a share of read_write'"'"'s (two CPU copies):"
	printf "  sendfile %.0f%%, splice %.0f%%, vmsplice %.0f%% (page references, no copy);\n", pct(sm["sendfile"], sm["read_write"]), pct(sm["splice"], sm["read_write"]), pct(sm["vmsplice"], sm["read_write"])
	printf "  mmap_write %.0f%% (one copy, plus a page fault per page); msg_zerocopy %.0f%%.\n", pct(sm["mmap_write"], sm["read_write"]), pct(sm["msg_zerocopy"], sm["read_write"])
	printf "- Throughput: sendfile ran at %.2f times read_write'"'"'s speed. The receiver shares this\n", (base > 0 ? row("sendfile") / base : 0)
	print "  machine and always copies (socket buffers -> its buffer) and checks every byte; here"
	printf "  it needed %.3f CPU s/GiB behind sendfile and %.3f behind read_write, where it copies\n", rm["sendfile"], rm["read_write"]
	print "  socket memory the sender has just written. On loopback the transfer is as fast as the"
	print "  receiver, so a sender that saves copies gains throughput only if the receiver keeps up."
	printf "- Without gather (a veth with scatter-gather off, MTU 1500) sendfile ran at %.2f times\n", (row("sendfile") > 0 ? row("sendfile_nogather") / row("sendfile") : 0)
	printf "  its loopback speed, the sender using %.1f times the CPU per GiB: the kernel copies\n", (sm["sendfile"] > 0 ? sm["sendfile_nogather"] / sm["sendfile"] : 0)
	print "  every page, and without gather it cannot offload segmentation either."
	printf "- Zero-copy sends on loopback: %d of %d MSG_ZEROCOPY/SEND_ZC sends were reported\n", zc_copied, zc_sends
	print "  copied by the kernel after all (SO_EE_CODE_ZEROCOPY_COPIED / IORING_NOTIF_USAGE_ZC_COPIED)."
	for (k in bad) exit 1
}' "$RAW" >"$OUT.tmp" || status=$?
mv "$OUT.tmp" "$OUT"
echo "bench: wrote $OUT" >&2
exit "${status:-0}"
