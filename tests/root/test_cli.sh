#!/bin/sh
# test_cli.sh - copyscope's command line on this machine (root):
# errors a user can cause, doctor, and 'trace --json' on commands that are
# not ours.  Needs jq.  CS_COPYSCOPE: the binary (default build/copyscope).
cs=${CS_COPYSCOPE:-build/copyscope}
tmp=$(mktemp -d /tmp/copyscope-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

expect "help" 0 "usage: copyscope COMMAND" $cs --help
expect "unknown command" 2 "unknown command 'frob'" $cs frob
expect "trace --help" 0 "copyscope trace [OPTIONS] -p PID" $cs trace --help
expect "doctor --help" 0 "usage: copyscope doctor" $cs doctor --help
expect "trace without target" 2 \
	"nothing to trace: give -p PID, -n NAME, --cgroup DIR or -- COMMAND" $cs trace
expect "trace bad option" 2 "unknown option '--bogus'" $cs trace --bogus -p 1
expect "trace missing pid" 2 "no process with pid 2147483000" $cs trace -p 2147483000
expect "trace bad command" 127 "cannot run 'no-such-command-xyz': No such file or directory" \
	$cs trace -- no-such-command-xyz

expect "report bad format" 2 "bad value 'xml' for --format" $cs report --format xml
expect "trace --record to a bad path" 1 "cannot write /nonexistent/rec: No such file or directory" \
	$cs trace --record /nonexistent/rec -- touch "$tmp/ran"
[ ! -e "$tmp/ran" ] && ok "the command did not run" || bad "the command ran although tracing failed"

# doctor: valid JSON, self-consistent, and on a kernel without a kprobe
# event source it must say "not built".
if $cs doctor --json >"$tmp/doc.json" && jq -e . "$tmp/doc.json" >/dev/null; then
	ok "doctor --json is JSON"
else
	bad "doctor --json"
fi
tier=$(jq -r .tier "$tmp/doc.json")
fentry=$(jq -r .attach.fentry.status "$tmp/doc.json")
kprobe=$(jq -r .attach.kprobe.status "$tmp/doc.json")
case "$fentry/$kprobe/$tier" in
works/*/fentry | [!w]*/works/kprobe | [!w]*/[!w]*/tracepoint) ok "doctor tier $tier follows fentry=$fentry kprobe=$kprobe" ;;
*) bad "doctor tier $tier with fentry=$fentry kprobe=$kprobe" ;;
esac
if [ ! -e /sys/bus/event_source/devices/kprobe ]; then
	[ "$kprobe" = "not built" ] && ok "doctor: kprobes not built" || bad "doctor kprobe: $kprobe"
fi
if [ "$fentry" = refused ]; then
	$cs doctor >"$tmp/doc.txt"
	if grep -q "^  fentry  *refused  *refused (EPERM at load" "$tmp/doc.txt" &&
		grep -q "^tier: tracepoint" "$tmp/doc.txt" && ! grep -qi "raise.*ulimit\|try raising" "$tmp/doc.txt"; then
		ok "doctor explains the fentry refusal and uses tracepoints"
	else
		bad "doctor text"
		cat "$tmp/doc.txt"
	fi
fi

# trace --json on an ordinary command: dd reads 1 MiB in 64 KiB chunks.
head -c 1048576 /dev/urandom >"$tmp/data"
ino=$(stat -c %i "$tmp/data")
$cs trace --json -- dd if="$tmp/data" of=/dev/null bs=64k 2>/dev/null >"$tmp/dd.json"
if [ -s "$tmp/dd.json" ] && jq -e . "$tmp/dd.json" >/dev/null 2>&1; then ok "trace --json: every line is JSON"; else bad "trace --json lines"; fi
reads=$(jq -s "[.[] | select(.type==\"syscall\" and .name==\"read\" and .file.ino==$ino)] | length" "$tmp/dd.json")
bytes=$(jq -s "[.[] | select(.type==\"syscall\" and .name==\"read\" and .file.ino==$ino) | .ret] | add" "$tmp/dd.json")
[ "$reads" = 17 ] && [ "$bytes" = 1048576 ] && ok "dd: 17 reads, 1 MiB" || bad "dd: $reads reads, $bytes bytes"
nsys=$(jq -s '[.[] | select(.type=="syscall")] | length' "$tmp/dd.json")
ksys=$(jq -s '[.[] | select(.type=="counters") | .syscalls] | add' "$tmp/dd.json")
drops=$(jq -s '.[] | select(.type=="summary") | .drops' "$tmp/dd.json")
[ "$nsys" = "$ksys" ] && [ "$drops" = 0 ] && ok "records ($nsys) = kernel count ($ksys), 0 drops" ||
	bad "records $nsys, kernel $ksys, drops $drops"
[ -n "$tier" ] && [ "$(jq -r 'select(.type=="start") | .tier' "$tmp/dd.json")" = "$tier" ] && ok "trace uses doctor's tier" || bad "trace tier"

# durations only with -T: without it no program runs at system call entry
# and no record claims a duration it did not measure
ndur=$(jq -s '[.[] | select(.type=="syscall" and has("duration_ns"))] | length' "$tmp/dd.json")
[ "$ndur" = 0 ] && ok "no -T: no durations" || bad "no -T: $ndur records with a duration"
$cs trace -T --json -- dd if="$tmp/data" of=/dev/null bs=64k 2>/dev/null >"$tmp/ddT.json"
nsysT=$(jq -s '[.[] | select(.type=="syscall")] | length' "$tmp/ddT.json")
ndurT=$(jq -s '[.[] | select(.type=="syscall" and has("duration_ns"))] | length' "$tmp/ddT.json")
readsT=$(jq -s "[.[] | select(.type==\"syscall\" and .name==\"read\" and .file.ino==$ino)] | length" "$tmp/ddT.json")
# every call but execve (it entered the kernel before dd was traced) is timed
[ "$readsT" = 17 ] && [ "$ndurT" -ge $((nsysT - 1)) ] && [ "$ndurT" -gt 0 ] &&
	ok "-T: $ndurT of $nsysT calls timed" || bad "-T: $ndurT of $nsysT calls timed, $readsT reads"
expect "-T with --counters-only" 2 "-T times system call records: not with --counters-only" \
	$cs trace -T --counters-only -- true

# copyscope lowers its own priority (default nice 10), never the command's
nices=$($cs trace -q -- sh -c 'sleep 0.1; echo nice: $(cut -d" " -f19 /proc/$$/stat) $(cut -d" " -f19 /proc/$PPID/stat)' 2>/dev/null | sed -n 's/^nice: //p')
[ "$nices" = "0 10" ] && ok "trace: command at nice 0, copyscope at 10" || bad "trace nice values (command, copyscope): '$nices'"
nices=$($cs trace -q --nice 0 -- sh -c 'sleep 0.1; echo nice: $(cut -d" " -f19 /proc/$PPID/stat)' 2>/dev/null | sed -n 's/^nice: //p')
[ "$nices" = "0" ] && ok "trace --nice 0 keeps copyscope's priority" || bad "trace --nice 0: copyscope at '$nices'"
expect "--nice out of range" 2 "--nice takes 0 to 19" $cs trace --nice 20 -- true

# a shell pipeline: children are followed; cat's reads total 1 MiB
$cs trace --json -- sh -c "cat '$tmp/data' | wc -c >/dev/null" 2>/dev/null >"$tmp/sh.json"
catbytes=$(jq -s "[.[] | select(.type==\"syscall\" and .name==\"read\" and .file.ino==$ino) | .ret] | add" "$tmp/sh.json")
nproc=$(jq -s '[.[] | select(.type=="counters")] | length' "$tmp/sh.json")
[ "$catbytes" = 1048576 ] && [ "$nproc" -ge 3 ] && ok "sh | cat | wc followed ($nproc processes)" ||
	bad "pipeline: cat read $catbytes, $nproc processes"

# -p PID and Ctrl-C: detach cleanly, print the counters
sleep 30 &
spid=$!
$cs trace -q -p $spid >"$tmp/p.out" 2>&1 &
tpid=$!
sleep 1
kill -INT $tpid
wait $tpid
rc=$?
kill $spid 2>/dev/null
if [ $rc -eq 0 ] && grep -q "records lost (ring buffer full): 0" "$tmp/p.out" && grep -q "^process $spid" "$tmp/p.out"; then
	ok "trace -p, Ctrl-C: counters and drops"
else
	bad "trace -p / Ctrl-C (exit $rc)"
	cat "$tmp/p.out"
fi

# Many short processes at once, forked, migrating, preempting each other:
# every one of their calls counted, exactly (a per-CPU "the task here may
# be traced" hint, kept by the scheduler program, once lost some of them).
$cs trace --counters-only -- sh -c 'i=0; while [ $i -lt 40 ]; do i=$((i + 1))
	for j in 1 2 3 4; do dd if=/dev/zero of=/dev/null bs=1 count=20000 2>/dev/null & done; wait; done' \
	>"$tmp/dd160.out" 2>&1
# (with --counters-only no exec record names them: the dd are the ones
# that made more than a thousand calls)
ndd=$(awk '/io_syscalls/ && $2 > 1000 { print $2 }' "$tmp/dd160.out" | sort | uniq -c | awk '{ printf "%s x %s; ", $1, $2 }')
[ "$ndd" = "160 x 40008; " ] && ok "160 dd, four at a time: each 40008 reads and writes, none missed" ||
	bad "160 dd, four at a time, io_syscalls per process (count x value): $ndd"

# -p on a thread that runs alone on its CPU, without a system call, while
# copyscope attaches: none of its calls after that may be missed.
wl=${CS_WORKLOAD:-build/tests/workload}
taskset -c 1 "$wl" busy 5000 &
bpid=$!
# everything else stays off CPU 1, so that the busy thread keeps it
taskset -c 0 sh -c '
	sleep 0.2
	"$1" trace --json -o "$2/busy.json" -p "$3" 2>"$2/busy.err" &
	i=0
	while ! grep -q "copyscope: tracing" "$2/busy.err" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -USR1 "$3"
	wait' sh "$cs" "$tmp" $bpid
wait $bpid
nw=$(jq -s '[.[] | select(.type=="syscall" and .name=="write")] | length' "$tmp/busy.json")
[ "$nw" = 5000 ] && ok "trace -p a running thread: all 5000 writes" || bad "trace -p a running thread: $nw of 5000 writes"

# A traced process's socket closes and its address comes back as other
# processes' sockets (3000 untraced loopback transfers while the trace
# goes on): none of their transmits may be counted as the traced one's.
# 64 KiB crossed the traced socket; a retransmitted segment (at most
# 65483 bytes on lo) may add to it, another 64 KiB transfer may not.
head -c 65536 /dev/urandom >"$tmp/64k"
$cs trace --json -o "$tmp/reuse.json" -- sh -c '
	"$1" io "$2/64k" && touch "$2/sent"
	while [ ! -e "$2/done" ]; do sleep 0.05; done' sh "$wl" "$tmp" >/dev/null 2>&1 &
tpid=$!
i=0
while [ ! -e "$tmp/sent" ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
i=0
while [ $i -lt 3000 ] && "$wl" io "$tmp/64k"; do i=$((i + 1)); done
touch "$tmp/done"
wait $tpid
xb=$(jq -s '[.[] | select(.type == "counters") | .xmit_gather_bytes + .xmit_copied_bytes + .xmit_zerocopy_bytes] | add' "$tmp/reuse.json")
[ "$i" = 3000 ] && [ "$xb" -ge 65536 ] && [ "$xb" -lt 131072 ] &&
	ok "closed socket's address reused by 3000 untraced transfers: the traced one transmitted $xb bytes" ||
	bad "closed socket's address reused: traced transmits $xb bytes, not 64 KiB ($i untraced transfers)"

# -v lists every BPF program and what became of it
$cs trace -v -q -- true 2>"$tmp/v.err" >/dev/null
nat=$(grep -c " attached$" "$tmp/v.err")
grep -q "^copyscope: $nat of [0-9]* BPF programs attached:" "$tmp/v.err" &&
	grep -q "^  cs_sys_exit  *tp_btf  *sys_exit  *attached$" "$tmp/v.err" &&
	grep -q "^  cs_sys_enter  *tp_btf  *sys_enter  *not loaded: entry times not asked for (-T)$" "$tmp/v.err" &&
	ok "trace -v: $nat programs attached, each listed with its fate" ||
	bad "trace -v: $(grep -v ^libbpf "$tmp/v.err" | head -5)"

# replay: a recording plays back without privileges, the same events as
# the trace that made it printed, as text and as JSON.
dd_cmd="dd if=/etc/services of=/dev/null bs=4k"
$cs trace --text --record "$tmp/dd.rec" -o "$tmp/dd.txt" -- $dd_cmd 2>/dev/null
$cs trace --json --record "$tmp/dd2.rec" -o "$tmp/dd2.json" -- $dd_cmd 2>/dev/null
chmod 755 "$tmp"
chmod 644 "$tmp/dd.rec" "$tmp/dd2.rec"
# (a copy of the binary: the checkout may not be open to nobody)
cp "$cs" "$tmp/copyscope"
chmod 755 "$tmp/copyscope"
as_nobody() {
	prog=$1
	shift
	[ "$prog" = "$cs" ] && prog=$tmp/copyscope
	setpriv --reuid=65534 --regid=65534 --clear-groups "$prog" "$@"
}
if as_nobody $cs replay --text "$tmp/dd.rec" >"$tmp/dd.replay.txt" 2>"$tmp/replay.err" &&
	[ -s "$tmp/dd.txt" ] && cmp -s "$tmp/dd.txt" "$tmp/dd.replay.txt"; then
	ok "replay --text as nobody: the trace's $(wc -l <"$tmp/dd.txt") lines, byte for byte"
else
	bad "replay --text as nobody differs from the trace (or failed: $(head -c 200 "$tmp/replay.err"))"
fi
events() { jq -c 'select(.type != "start" and .type != "counters" and .type != "summary")' "$1"; }
as_nobody $cs replay --json "$tmp/dd2.rec" >"$tmp/dd2.replay.json"
if [ "$(events "$tmp/dd2.json" | wc -l)" -gt 10 ] &&
	[ "$(events "$tmp/dd2.json")" = "$(events "$tmp/dd2.replay.json")" ]; then
	ok "replay --json: the same events as the trace"
else
	bad "replay --json: events differ from the trace"
fi
# the kernel's counters, written at the recording's end, come back whole
kc() { jq -c 'select(.type == "counters")' "$1"; }
[ -n "$(kc "$tmp/dd2.json")" ] && [ "$(kc "$tmp/dd2.json")" = "$(kc "$tmp/dd2.replay.json")" ] &&
	ok "replay --json: the trace's kernel counters, as recorded" ||
	bad "replay --json: counters differ from the trace's"
n=$(jq -r 'select(.type == "summary") | .records' "$tmp/dd2.replay.json")
want=$(($(events "$tmp/dd2.json" | wc -l) + $(kc "$tmp/dd2.json" | wc -l)))
drops=$(jq -r 'select(.type == "summary") | .drops' "$tmp/dd2.replay.json")
[ "$n" = "$want" ] && [ "$drops" = "$(jq -r 'select(.type == "summary") | .drops' "$tmp/dd2.json")" ] &&
	ok "replay summary: $n records (events and counters), $drops lost, as traced" ||
	bad "replay summary: $n records (want $want), $drops lost"
# a recording from before the counters were written: lost records unknown
cp tests/data/sendfile.rec "$tmp/old.rec"
chmod 644 "$tmp/old.rec"
[ "$(as_nobody $cs replay --json "$tmp/old.rec" | jq -r 'select(.type == "summary") | .drops')" = null ] &&
	ok "replay of a recording without counters: drops null (unknown)" ||
	bad "replay of a recording without counters: drops not null"
# the comparison table from records alone; its time is dd's, not the
# machine's uptime (a first call's entry was once taken as time 1)
t_rep=$(as_nobody $cs replay -q --report --json "$tmp/dd2.rec" 2>/dev/null | jq -r 'select(.type == "report") | .report.rows[0].sender.time_ns')
t_tr=$($cs trace -q --report --json -- $dd_cmd 2>/dev/null | jq -r 'select(.type == "report") | .report.rows[0].sender.time_ns')
[ -n "$t_rep" ] && [ "$t_rep" -gt 0 ] && [ "$t_rep" -lt 1000000000 ] &&
	[ -n "$t_tr" ] && [ "$t_tr" -gt 0 ] && [ "$t_tr" -lt 1000000000 ] &&
	ok "replay --report and trace --report: dd's time ($t_rep, $t_tr ns)" ||
	bad "report time of dd: replay $t_rep ns, trace $t_tr ns"
# (a flow's calls are its records': the kernel counts per process)
chk=$(as_nobody $cs replay -q --report --json "$tmp/dd2.rec" 2>/dev/null | jq -r 'select(.type == "report") | .report.rows[0] | "\(.counters_check) \(.checked_processes) \(.sender.counts_from)"')
[ "$chk" = "match 1 records" ] &&
	ok "replay --report: the records checked against the recorded counters ($chk)" ||
	bad "replay --report: counters check '$chk'"
expect "replay of a file that is not a recording" 1 "not a copyscope recording" \
	$cs replay --text /etc/services
expect "replay without a file" 2 "which recording?" $cs replay
expect "replay of a directory" 1 "cannot read $tmp: Is a directory" $cs replay --text "$tmp"
# export: the same recording as Chrome trace events (Perfetto), as nobody:
# one slice per system call the trace printed, none of negative length,
# the process named, its DMA and CPU bytes counted.
as_nobody $cs export "$tmp/dd2.rec" >"$tmp/dd.chrome.json" 2>"$tmp/export.err"
calls=$(jq -c 'select(.type == "syscall")' "$tmp/dd2.json" | wc -l)
slices=$(jq '[.traceEvents[] | select(.ph == "X" and .cat == "syscall")] | length' "$tmp/dd.chrome.json" 2>/dev/null)
neg=$(jq '[.traceEvents[] | select(.ph == "X" and .dur < 0)] | length' "$tmp/dd.chrome.json" 2>/dev/null)
named=$(jq -r '.traceEvents[] | select(.ph == "M") | .args.name' "$tmp/dd.chrome.json" 2>/dev/null | head -1)
[ "$calls" -gt 10 ] && [ "$slices" = "$calls" ] && [ "$neg" = 0 ] && [ "$named" = dd ] &&
	ok "export as nobody: $slices system call slices (the trace's $calls), process named $named" ||
	bad "export: $slices slices for $calls calls, $neg negative, named '$named' ($(head -c 200 "$tmp/export.err"))"
# its byte counter ends where the comparison table's CPU bytes are
cpu=$(jq '[.traceEvents[] | select(.ph == "C") | .args.CPU] | max' "$tmp/dd.chrome.json")
rep_cpu=$(as_nobody $cs replay -q --report --json "$tmp/dd2.rec" 2>/dev/null |
	jq -r 'select(.type == "report") | .report.rows[0].sender.cpu_bytes')
[ -n "$cpu" ] && [ "$cpu" -gt 0 ] && [ "$cpu" = "$rep_cpu" ] &&
	ok "export: CPU bytes counted $cpu, as the table says" ||
	bad "export: CPU bytes counted $cpu, the table says $rep_cpu"
expect "export of a file that is not a recording" 1 "not a copyscope recording" \
	$cs export /etc/services
expect "export without a file" 2 "which recording?" $cs export
expect "demo --record to a bad path" 1 "cannot write /nonexistent/r.rec" \
	$cs demo read_write --record /nonexistent/r.rec
head -c 3000 "$tmp/dd.rec" >"$tmp/cut.rec"
expect "replay of a truncated recording: what it has, and a warning" 0 \
	"the rest of $tmp/cut.rec is unreadable" $cs replay --text "$tmp/cut.rec"

# A record lost where nothing counted it (left out of a recording on
# purpose): every output names the counter, the process and the amount.
recdrop=${CS_REC_DROP:-build/tests/rec_drop}
sf=${CS_DEMO_DIR:-$(dirname "$cs")/demos}/sendfile
$cs trace -q --record "$tmp/sf.rec" -- "$sf" --size 1M --warm >/dev/null 2>&1
if "$recdrop" "$tmp/sf.rec" "$tmp/sf-lost.rec" 7; then
	ok "a recording with one xmit record left out"
else
	bad "rec_drop found no xmit record to leave out"
fi
$cs replay -q --report "$tmp/sf.rec" >"$tmp/sf.txt" 2>&1
grep -q "add up to the kernel's counters" "$tmp/sf.txt" &&
	ok "replay --report: the whole recording adds up" ||
	bad "replay --report: the whole recording does not add up: $(grep checked "$tmp/sf.txt")"
$cs replay -q --report "$tmp/sf-lost.rec" >"$tmp/sf-lost.txt" 2>&1
grep -q "^  checked:   3 counters differ from the kernel's (0 records lost): a loss nothing counted, or a bug$" "$tmp/sf-lost.txt" &&
	grep -q "^             pid [0-9]* (sendfile) xmit_skbs: the kernel counted [0-9]*, the records show [0-9]* (-[1-9][0-9]*)$" "$tmp/sf-lost.txt" &&
	ok "replay --report text: which counters differ, for which process, by how much" ||
	{ bad "replay --report text does not name the lost record:"; grep -A3 checked "$tmp/sf-lost.txt"; }
$cs replay -q --report --json "$tmp/sf-lost.rec" 2>/dev/null >"$tmp/sf-lost.json"
[ "$(jq -r 'select(.type == "report") | .report.rows[0] |
	"\(.counters_check) \([.counters_diffs[] | select(.counter == "records") | .kernel - .records] | add)"' \
	"$tmp/sf-lost.json")" = "differ 1" ] &&
	ok "replay --report --json: counters_diffs names the records counter, 1 missing" ||
	bad "replay --report --json: $(jq -c 'select(.type == "report") | .report.rows[0].counters_diffs' "$tmp/sf-lost.json")"
$cs replay --text "$tmp/sf-lost.rec" 2>&1 >/dev/null | grep -q "^  records differ: xmit_skbs: the kernel counted [0-9]*, the records show [0-9]* (-[1-9][0-9]*)$" &&
	ok "replay's closing counters: the lost record named" ||
	bad "replay's closing counters do not name the lost record"
keys=$(jq -r 'select(.type == "counters" and .records_check == "differ") | .records_differ | keys | join(",")' "$tmp/sf-lost.json")
case ",$keys," in
*,records,*xmit_skbs,*) ok "replay --json counters: records_check differ, records_differ names them ($keys)" ;;
*) bad "replay --json counters: $(jq -c 'select(.type == "counters") | {records_check, records_differ}' "$tmp/sf-lost.json")" ;;
esac
# a live trace checks its own records at the end
$cs trace -o /dev/null -- "$sf" --size 1M --warm 2>"$tmp/sf.err"
[ "$(grep -c "^  (its records add up to these counters)$" "$tmp/sf.err")" = 2 ] &&
	ok "trace: both processes' records add up to their counters" ||
	bad "trace: $(grep -E "records (differ|add up)" "$tmp/sf.err")"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
