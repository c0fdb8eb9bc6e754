#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# tests/stress/run.sh - are the records exact on every run?  (root)
#
#   tests/stress/run.sh [-n RUNS] [-s SIZE] [--no-load] [DEMO...]
#
# 1. Every file-to-socket demo (or the ones named), cold and warm, RUNS
#    times each (default 25): 'copyscope report --json --record-dir', each
#    row's records checked against the kernel's exact counters.
# 2. Under load: both cores kept busy by spinning processes while two
#    reports run at once, and the real-program root tests
#    (tests/root/test_report.sh) run beside a third report.
#
# It prints the mismatch rate and the losses by cause: records the ring
# buffer dropped (counted), program runs the kernel skipped (counted), and
# counters whose records differ with nothing counted (a loss we cannot
# see, or a bug), by counter.  A cold run whose disk DMA is not the whole
# file, or a warm one with any, is counted too (the page cache changed
# behind the run's back).  Every run that differed keeps its recording and
# the kernel's counters under build/stress/kept/.  Last line:
# "stress: N passed, N failed", one case per demo run.
set -u
export LC_ALL=C

BUILD=${BUILD:-build}
CS=${CS_COPYSCOPE:-$BUILD/copyscope}
RUNS=25
SIZE=4M
LOAD=1
DEMOS=()
while [ $# -gt 0 ]; do
	case $1 in
	-n) RUNS=$2; shift 2 ;;
	-n*) RUNS=${1#-n}; shift ;;
	-s) SIZE=$2; shift 2 ;;
	--no-load) LOAD=0; shift ;;
	-h | --help) sed -n '3,20p' "$0"; exit 0 ;;
	-*) echo "stress: unknown option $1" >&2; exit 2 ;;
	*) DEMOS+=("$1"); shift ;;
	esac
done
[ ${#DEMOS[@]} -eq 0 ] && mapfile -t DEMOS < <("$CS" report --list | awk '{ print $1 }')

KEEP=$BUILD/stress/kept
mkdir -p "$KEEP"
WORK=$(mktemp -d /var/tmp/copyscope-stress.XXXXXX)
SPIN=()
BG=()
cleanup() {
	local p
	for p in "${SPIN[@]}" "${BG[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

runs=0 differ=0 drops=0 missed=0 dmaoff=0 failed_runs=0
declare -A bycounter=()

# tally FILE LABEL DIR: add up one report's rows; keep DIR if a row differed
tally() {
	local f=$1 label=$2 dir=$3 cache=$4 rows bad line c n
	if ! jq -e '.report.rows' "$f" >/dev/null 2>&1; then
		echo "FAIL $label: no report ($(head -c 300 "$dir/err" 2>/dev/null))"
		failed_runs=$((failed_runs + 1))
		runs=$((runs + 1))
		cp -r "$dir" "$KEEP/$label" 2>/dev/null
		return
	fi
	rows=$(jq '.report.rows | length' "$f")
	runs=$((runs + rows))
	drops=$((drops + $(jq '[.report.rows[].drops] | add // 0' "$f")))
	missed=$((missed + $(jq '[.report.rows[].missed_runs // 0] | add // 0' "$f")))
	bad=$(jq '[.report.rows[] | select(.counters_check != "match")] | length' "$f")
	if [ "$bad" -gt 0 ]; then
		differ=$((differ + bad))
		cp -r "$dir" "$KEEP/$label"
		jq -r '.report.rows[] | select(.counters_check != "match") |
			"differ \(.demo): drops \(.drops), missed runs \(.missed_runs), " +
			([.counters_diffs[] | "pid \(.pid) \(.counter) kernel \(.kernel) records \(.records)"] | join("; "))' "$f" |
			sed "s|^|$label: |"
		while read -r c n; do
			bycounter[$c]=$((${bycounter[$c]:-0} + n))
		done < <(jq -r '.report.rows[].counters_diffs[] |
			"\(.counter) \(if .kernel > .records then .kernel - .records else .records - .kernel end)"' "$f")
	fi
	# the page cache as the run asked for it
	if [ "$cache" = cold ]; then
		line=$(jq -r '.report.rows[] | select(.demo != "odirect" and .sender.dma_bytes != .file_bytes) |
			"\(.demo) cold: \(.sender.dma_bytes) of \(.file_bytes) bytes by disk DMA"' "$f")
	else
		line=$(jq -r '.report.rows[] | select(.demo != "odirect" and .sender.dma_bytes != 0) |
			"\(.demo) warm: \(.sender.dma_bytes) bytes by disk DMA"' "$f")
	fi
	if [ -n "$line" ]; then
		dmaoff=$((dmaoff + $(printf '%s\n' "$line" | wc -l)))
		printf '%s: %s\n' "$label" "$line"
	fi
}

# report LABEL CACHE: one 'copyscope report' of every demo, files of its own
report() {
	local label=$1 cache=$2 dir="$WORK/$1"
	mkdir -p "$dir/files"
	TMPDIR="$dir/files" "$CS" report --json --$cache --size "$SIZE" \
		--record-dir "$dir" "${DEMOS[@]}" >"$dir/r.json" 2>"$dir/err"
	echo "$label $cache" >"$dir/done"
}

echo "stress: ${#DEMOS[@]} demos (${DEMOS[*]}), $RUNS runs each, cold and warm, $SIZE"
for ((i = 1; i <= RUNS; i++)); do
	for cache in cold warm; do
		report "quiet-$cache-$i" $cache
		tally "$WORK/quiet-$cache-$i/r.json" "quiet-$cache-$i" "$WORK/quiet-$cache-$i" $cache
		rm -rf "$WORK/quiet-$cache-$i"
	done
done
quiet_runs=$runs

if [ $LOAD = 1 ]; then
	# both cores busy with work that never sleeps
	for c in 1 2; do
		sh -c 'while :; do :; done' &
		SPIN+=($!)
	done
	loaded=$(((RUNS + 4) / 5))
	echo "stress: under load: two reports at once, $loaded times, cold and warm"
	for ((i = 1; i <= loaded; i++)); do
		for cache in cold warm; do
			report "load-a-$cache-$i" $cache &
			a=$!
			report "load-b-$cache-$i" $cache
			wait $a
			for w in a b; do
				tally "$WORK/load-$w-$cache-$i/r.json" "load-$w-$cache-$i" \
					"$WORK/load-$w-$cache-$i" $cache
				rm -rf "$WORK/load-$w-$cache-$i"
			done
		done
	done
	echo "stress: under load: the real-program root tests beside a report"
	report "load-c-warm" warm &
	BG+=($!)
	CS_COPYSCOPE=$CS sh tests/root/test_report.sh >"$WORK/root.log" 2>&1
	root_rc=$?
	wait "${BG[@]}"
	BG=()
	tally "$WORK/load-c-warm/r.json" load-c-warm "$WORK/load-c-warm" warm
	grep -E '^FAIL' "$WORK/root.log"
	root_line=$(grep -E '^report: [0-9]+ passed' "$WORK/root.log" | tail -1)
	echo "stress: root tests under load: ${root_line:-no result} (exit $root_rc)"
	if [ $root_rc -ne 0 ]; then
		failed_runs=$((failed_runs + 1))
		cp "$WORK/root.log" "$KEEP/root-under-load.log"
	fi
	kill "${SPIN[@]}" 2>/dev/null
	wait "${SPIN[@]}" 2>/dev/null
	SPIN=()
fi

echo
echo "stress: $runs demo runs ($quiet_runs on a quiet machine, $((runs - quiet_runs)) under load)"
awk -v d=$differ -v r=$runs 'BEGIN { printf "stress: records vs kernel counters differ in %d (%.2f%%)\n", d, r ? 100 * d / r : 0 }'
echo "stress: losses by cause:"
echo "  records the ring buffer dropped (counted):       $drops"
echo "  program runs the kernel skipped (counted):       $missed"
for c in "${!bycounter[@]}"; do
	echo "  $c differs by $((bycounter[$c])) with nothing counted"
done
echo "  runs whose page cache was not as asked (cold/warm): $dmaoff"
[ $differ -gt 0 ] && echo "stress: recordings of the runs that differed: $KEEP"
fail=$((differ + failed_runs))
echo "stress: $((runs - differ)) passed, $fail failed"
[ $fail -eq 0 ]
