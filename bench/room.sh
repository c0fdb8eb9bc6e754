#!/bin/sh
# bench/room.sh - what the tracing service costs every process on the
# machine as clients come ('make bench-room', issue 17): the untraced
# 1-byte read loop (bench/overhead.c) with no service, then with one
# 'copyscope serve' and 0, 1, 4, 8, 16 clients connected, each tracing an
# idle process of its own.  The counts take turns within each repetition,
# and the table shows medians.  Environment: BUILD (build), ROOM_N
# (1000000 calls), ROOM_REPS (5), ROOM_CPU (0), ROOM_OUT (print only when
# unset: the table goes to stdout).
set -u
BUILD=${BUILD:-build}
N=${ROOM_N:-1000000}
REPS=${ROOM_REPS:-5}
CPU=${ROOM_CPU:-0}
CS=$(realpath "$BUILD/copyscope")
O=$BUILD/bench/overhead
TMP=$(mktemp -d "${TMPDIR:-/tmp}/copyscope-bench-room.XXXXXX")
chmod 755 "$TMP"
S=$TMP/sock
srv=
clients=
cleanup() {
	[ -n "$clients" ] && kill $clients 2>/dev/null
	[ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] || { echo "bench-room: needs root" >&2; exit 1; }

loop() { "$O" loop "$N" "$CPU" | sed -n 's/^ns_per_call=//p'; }

# connect K: K clients in all, each tracing a sleep of its own
have=0
connect() {
	while [ $have -lt "$1" ]; do
		sleep 3600 &
		idle=$!
		"$CS" trace --socket "$S" -q -p $idle >/dev/null \
			2>"$TMP/c$have.err" &
		clients="$clients $! $idle"
		while ! grep -q tracing "$TMP/c$have.err" 2>/dev/null; do
			sleep 0.01
		done
		have=$((have + 1))
	done
}
disconnect_all() {
	[ -n "$clients" ] && kill $clients 2>/dev/null
	wait $clients 2>/dev/null
	clients=
	have=0
}

: >"$TMP/samples"
r=0
while [ $r -lt "$REPS" ]; do
	echo "none $(loop)" >>"$TMP/samples"
	"$CS" serve --socket "$S" --group 0 2>"$TMP/serve.log" &
	srv=$!
	while ! grep -q listening "$TMP/serve.log"; do sleep 0.01; done
	for k in 0 1 4 8 16; do
		connect $k
		echo "$k $(loop)" >>"$TMP/samples"
	done
	disconnect_all
	kill "$srv"
	wait "$srv" 2>/dev/null
	srv=
	r=$((r + 1))
done

median() {
	awk -v k="$1" '$1 == k { print $2 }' "$TMP/samples" | sort -n |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
one=$(median 1)
echo "| clients of one 'copyscope serve' | ns per untraced read (median of $REPS) | vs 1 client |"
echo "|---|---|---|"
for k in none 0 1 4 8 16; do
	m=$(median $k)
	echo "| $k | $m | $(awk -v a="$m" -v b="$one" 'BEGIN { printf "%.2f", a / b }') |"
done
