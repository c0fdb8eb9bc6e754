#!/bin/sh
# test_procs.sh - choosing processes as users do (root): -p with a
# pre-forking server's master (its workers, forked before the trace, are
# traced too, and not with --no-follow), -p with two pids, -n for running
# and later processes, --cgroup, and exit status 2 for what does not exist.
# Each traced process must be named and have written exactly its bytes.
# Needs jq.  CS_COPYSCOPE, CS_WORKLOAD: the binaries (default build/).
cs=${CS_COPYSCOPE:-build/copyscope}
wl=$(realpath "${CS_WORKLOAD:-build/tests/workload}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/copyscope-procs.XXXXXX")
# the cgroup v2 hierarchy: /sys/fs/cgroup, or .../unified on hybrid systems
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
cg=$cg2/copyscope-procs.$$
cleanup() {
	[ -n "$cg2" ] && [ -d "$cg" ] && rmdir "$cg"
	rm -rf "$tmp"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

nchildren() { [ "$(pgrep -P "$1" | wc -l)" -eq "$2" ]; }
started() { grep -q '"type":"start"' "$1" 2>/dev/null; }
# blocked PID: in sigwait(), so ready for SIGUSR1
blocked() { grep -q sigtimedwait "/proc/$1/wchan" 2>/dev/null; }
# written FILE PID: bytes_written of PID's counters ("" when not traced)
written() { jq -r "select(.type==\"counters\" and .pid==$2) | .bytes_written" "$1"; }
commof() { jq -r "select(.type==\"counters\" and .pid==$2) | .comm" "$1"; }

# A trace in the background, its JSON in FILE; ready once "start" is out.
trace_bg() {
	out=$1
	shift
	rm -f "$out"
	$cs trace -q --json -o "$out" "$@" 2>"$out.err" &
	tpid=$!
	if ! until_ started "$out"; then
		bad "trace $* did not start:"
		sed 's/^/     /' "$out.err" | head -5
	fi
}

# check NAME FILE PID BYTES COMM
check() {
	w=$(written "$2" "$3")
	c=$(commof "$2" "$3")
	if [ "$w" = "$4" ] && [ "$c" = "$5" ]; then
		ok "$1: pid $3 ($c) wrote $w bytes"
	else
		bad "$1: pid $3: wanted $4 bytes by '$5', got '$w' by '$c'"
	fi
}

# finish NAME FILE COMM OLD OLD-BYTES NEW NEW-BYTES OTHER: a trace open to
# processes that start later (-n, --cgroup) of one running before it (OLD)
# and one after (NEW), not of OTHER; all three write, then it is stopped
finish() {
	kill -USR1 "$4" "$6" "$8"
	wait "$4" "$6" "$8"
	kill -TERM $tpid
	wait $tpid && ok "$1: stopped by SIGTERM" || bad "$1: trace failed"
	check "$1, running" "$2" "$4" "$5" "$3"
	check "$1, started later" "$2" "$6" "$7" "$3"
	[ -z "$(written "$2" "$8")" ] && ok "$1: no other process traced" ||
		bad "$1: traced process $8"
}

# ---- a pre-forking server, traced by its master's pid ---------------------
for follow in yes no; do
	"$wl" prefork 2 65536 &
	m=$!
	until_ nchildren $m 2 || bad "the workers did not start"
	w1=$(pgrep -P $m | head -1)
	w2=$(pgrep -P $m | tail -1)
	until_ blocked "$w1" && until_ blocked "$w2"
	if [ $follow = yes ]; then
		trace_bg "$tmp/pf.json" -p $m
	else
		trace_bg "$tmp/pf.json" -p $m --no-follow
	fi
	kill -USR1 "$w1" "$w2"
	wait $tpid
	st=$?
	wait $m
	[ $st -eq 0 ] && ok "prefork ($follow follow): trace ended with the master" ||
		bad "prefork ($follow follow): trace exit $st"
	# the workers were forked in order: the first wrote 64 KiB
	[ "$w1" -gt "$w2" ] && { t=$w1; w1=$w2; w2=$t; }
	if [ $follow = yes ]; then
		check "prefork -p master" "$tmp/pf.json" "$w1" 65536 workload
		check "prefork -p master" "$tmp/pf.json" "$w2" 131072 workload
		check "prefork -p master" "$tmp/pf.json" "$m" 0 workload
	else
		n=$(jq -s '[.[] | select(.type=="counters")] | length' "$tmp/pf.json")
		[ "$n" = 1 ] && [ "$(commof "$tmp/pf.json" $m)" = workload ] &&
			ok "prefork --no-follow: the master alone" ||
			bad "prefork --no-follow: $n processes traced"
	fi
done

# ---- -p with two pids, as $(pidof NAME) gives them ------------------------
"$wl" signalled 4096 &
a=$!
"$wl" signalled 12288 &
b=$!
until_ blocked $a && until_ blocked $b
trace_bg "$tmp/two.json" -p "$a,$b"
kill -USR1 $a
wait $a
# one ended: still tracing the other
kill -0 $tpid 2>/dev/null && ok "-p A,B: goes on while B runs" ||
	bad "-p A,B: ended with A"
kill -USR1 $b
wait $tpid && ok "-p A,B: ends when both have" || bad "-p A,B: trace failed"
check "-p A,B" "$tmp/two.json" $a 4096 workload
check "-p A,B" "$tmp/two.json" $b 12288 workload

# ---- -n: the processes named so, running and started later ---------------
ln -s "$wl" "$tmp/csprocs-w"
"$tmp/csprocs-w" signalled 8192 &
old=$!
"$wl" signalled 100 &
other=$!
until_ blocked $old && until_ blocked $other
trace_bg "$tmp/name.json" -n csprocs-w
"$tmp/csprocs-w" signalled 20480 &
new=$!
until_ blocked $new
finish -n "$tmp/name.json" csprocs-w $old 8192 $new 20480 $other

# ---- --cgroup: members now and later (moved in, then exec) ----------------
if [ -n "$cg2" ] && mkdir "$cg"; then
	"$wl" signalled 4096 &
	old=$!
	echo $old >"$cg/cgroup.procs"
	"$wl" signalled 100 &
	other=$!
	until_ blocked $old && until_ blocked $other
	trace_bg "$tmp/cg.json" --cgroup "$cg"
	sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" signalled 16384' sh "$cg" "$wl" &
	new=$!
	until_ blocked $new
	finish --cgroup "$tmp/cg.json" workload $old 4096 $new 16384 $other
else
	bad "cannot create a cgroup under /sys/fs/cgroup"
fi

# ---- a program that only reads: O_DIRECT into memory has a name ------------
# (TMPDIR must be on a disk: O_DIRECT needs one; 8 MiB, no CPU copy)
dd if=/dev/urandom of="$tmp/direct.dat" bs=1M count=8 status=none
$cs trace -q --report --json -o "$tmp/dd.json" -- \
	dd if="$tmp/direct.dat" iflag=direct of=/dev/null bs=1M status=none
row=$(jq -c 'select(.type == "report") | .report.rows[0]' "$tmp/dd.json")
st=$(echo "$row" | jq -r .strategy)
dma=$(echo "$row" | jq -r '.sender.routes[] | select(.from=="disk" and .to=="user" and .kind=="DMA") | .bytes')
cpu=$(echo "$row" | jq -r '.sender.per_chunk.cpu_copies < 0.01')
[ "$st" = odirect_read ] && ok "dd iflag=direct: strategy odirect_read" ||
	bad "dd iflag=direct: strategy '$st'"
[ "$dma" = 8388608 ] && ok "dd iflag=direct: 8 MiB disk -> memory by DMA" ||
	bad "dd iflag=direct: disk -> user DMA '$dma'"
[ "$cpu" = true ] && ok "dd iflag=direct: no CPU copy of the data" ||
	bad "dd iflag=direct: CPU copies per chunk: $(echo "$row" | jq .sender.per_chunk)"

# ---- the rate over the transfer's own time, its own calls -----------------
# a shell that waits a second, then dd copies 8 MiB in 1 MiB calls: not
# 8 MiB over the second, not the start-up's calls per chunk
$cs trace -q --report --json -o "$tmp/late.json" -- sh -c \
	'sleep 1; exec dd if="$1" of="$1.copy" bs=1M status=none' sh "$tmp/direct.dat"
row=$(jq -c 'select(.type == "report") | .report.rows[0]' "$tmp/late.json")
tn=$(echo "$row" | jq -r .sender.time_ns)
cpc=$(echo "$row" | jq -r .sender.per_chunk.syscalls)
few=$(echo "$row" | jq -r '.sender.per_chunk.syscalls < 2.5')
[ "$tn" -gt 0 ] && [ "$tn" -lt 500000000 ] &&
	ok "rate over the transfer's time: $tn ns, not the trace's second" ||
	bad "rate: time $tn ns"
[ "$few" = true ] && ok "calls per chunk, the copy's own: $cpc" ||
	bad "calls per chunk $cpc (the start-up counted?)"

# ---- what does not exist: exit status 2 -----------------------------------
expect "no such pid" 2 "no process with pid 2147483000" $cs trace -p 2147483000
expect "no such pid in a list" 2 "no process with pid 2147483000" \
	$cs trace -p "$$,2147483000"
expect "a name nothing has" 2 \
	"no process is named 'no-such-prog-xy', and no program in PATH has that name" \
	$cs trace -n no-such-prog-xyz
expect "no such cgroup" 2 "no cgroup directory $cg2/no-such-cgroup-x" \
	$cs trace --cgroup "$cg2/no-such-cgroup-x"
expect "not a cgroup" 2 "$tmp is not a cgroup v2 directory" $cs trace --cgroup "$tmp"
expect "a name with no process yet" 0 "no process is named 'csprocs-w' yet" \
	env PATH="$tmp:$PATH" $cs trace -q -d 0.2 -n csprocs-w

echo "procs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
