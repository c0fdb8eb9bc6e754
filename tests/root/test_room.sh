#!/bin/sh
# test_room.sh - 'copyscope serve' on a private socket, and unprivileged
# clients (uids with no passwd entry, no capability, one shared group):
# exact counts for each, another user's process refused, a stuck client
# that costs the others nothing, clients killed 100 times leaving nothing.
cs=$(realpath "${CS_COPYSCOPE:-build/copyscope}")
base=${TMPDIR:-/var/tmp}
tmp=$(mktemp -d "$base/copyscope-room.XXXXXX")
chmod 755 "$tmp"
GID=40170 UA=40171 UB=40172
srv=
cleanup() {
	for t in demo tour; do
		tmux -L "copyscope-room-$$-$t" kill-server 2>/dev/null
	done
	[ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
eq() { if [ "$2" = "$3" ]; then ok "$1 = $3"; else bad "$1: $2, wanted $3"; fi; }
# as UID CMD...: become that uid, group GID only, no capability at all
# (it execs: call it in a subshell, "(as ...)", or in the background)
as() {
	u=$1
	shift
	exec setpriv --reuid "$u" --regid "$u" --groups $GID --inh-caps=-all \
		--bounding-set=-all "$@"
}
S=$tmp/sock
status() { $cs serve --status --socket "$S" | awk -v k="$1" '$1 == k { print $2 }'; }
# wait_for FILE TEXT: until FILE holds TEXT (the service's answer)
wait_for() {
	w=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		w=$((w + 1))
		[ $w -gt 500 ] && return 1
		sleep 0.01
	done
}

# 8 MiB per client: more than the free client below ever holds (its 40000
# records), much less than the stuck one's 600000
$cs serve --socket "$S" --group $GID --client-buffer 8M -v 2>"$tmp/serve.log" &
srv=$!
wait_for "$tmp/serve.log" listening || bad "the service did not start"
eq "socket mode and group" "$(stat -c '%a %g' "$S")" "660 $GID"

# two users at once, each their own command: exact bytes written
count() { jq -r "select(.type == \"counters\" and .pid == $2) | .bytes_written" "$1"; }
pids=
for u in $UA $UB; do
	n=$((u - 40000))
	as $u "$cs" trace --socket "$S" --json -q -- dd if=/dev/zero \
		of=/dev/null bs=1 count=$n status=none >"$tmp/$u.json" \
		2>"$tmp/$u.err" &
	pids="$pids $!"
done
wait $pids
for u in $UA $UB; do
	pid=$(jq -r 'select(.type == "start") | .pid' "$tmp/$u.json")
	eq "uid $u: dd's bytes written" "$(count "$tmp/$u.json" "$pid")" $((u - 40000))
	eq "uid $u: records it lost" "$(jq -r 'select(.type == "summary") | .client_lost' "$tmp/$u.json")" 0
	eq "uid $u: processes reported" "$(jq -r 'select(.type == "counters") | .pid' "$tmp/$u.json" | wc -l)" 1
done

# trace's -o, --record, --report and -T through the service: the events
# (with each call's duration), a recording the user replays, the report
# checked against the counters; the entry program goes once no one asks
d=$tmp/u$UA
install -d -o $UA -g $UA -m 700 "$d"
(as $UA "$cs" trace --socket "$S" -T -o "$d/dd.txt" --record "$d/dd.rec" \
	--report -- dd if=/dev/zero of=/dev/null bs=4096 count=100 \
	status=none) 2>"$tmp/opts.err"
eq "trace -T -o --record --report through the service: exit" $? 0
eq "-o -T: dd's 100 writes, each with its duration" \
	"$(grep -cE 'write\(1<chardev:null>\) = 4096 <[0-9.]+ [mu]s>' "$d/dd.txt")" 100
grep -q "checked: *the records of 1 process add up to the kernel's counters" \
	"$d/dd.txt" && ok "--report: checked against the counters" ||
	bad "--report: $(grep -A3 measured "$d/dd.txt")"
eq "--record: the replay's bytes written" "$( (as $UA "$cs" replay --json \
	"$d/dd.rec") | jq -r 'select(.type == "counters") | .bytes_written')" 409600
eq "after -T: clients that want the entry program" "$(status entry_times_clients)" 0
# without -T, no durations, even while another client's -T has the entry
# program attached
as $UA "$cs" trace --socket "$S" -T -q -- sleep 30 >/dev/null 2>"$tmp/T.err" &
tcl=$!
wait_for "$tmp/T.err" tracing
eq "a -T client: the entry program wanted" "$(status entry_times_clients)" 1
(as $UB "$cs" trace --socket "$S" -- dd if=/dev/zero of=/dev/null bs=4096 \
	count=5 status=none) >"$tmp/plain.txt" 2>"$tmp/plain.err"
eq "without -T beside it: dd's writes" \
	"$(grep -c 'write(1<chardev:null>) = 4096' "$tmp/plain.txt")" 5
eq "without -T beside it: calls with a duration" \
	"$(grep -cE '<[0-9.]+ [mu]?s>$' "$tmp/plain.txt")" 0
kill $tcl
wait $tcl
kill $(sed -n 's/.*command, pid \([0-9]*\).*/\1/p' "$tmp/T.err") 2>/dev/null

# 'copyscope report' through the service: two users at once, each in a
# directory of their own, get the rows and exact counts root's direct run
# gets (the receiver's calls depend on timing: only its bytes are compared)
demos="read_write sendfile splice sendfile_nogather"
# (without gather a segment TCP sends again is copied again: a loaded
# machine's retransmits add to sendfile_nogather's copies, in either mode,
# so its copies are compared as whole copies of the file)
row='[.report.rows[] | {demo, strategy, counters_check, counters_differ,
	checked_processes, drops, s: (.sender | {bytes, per_chunk, syscalls,
	mode_switches, cpu_bytes, dma_bytes, ref_bytes, map_bytes}),
	r: (.receiver | {bytes, cpu_bytes})} |
	if .demo == "sendfile_nogather" then
		.s.cpu_bytes = (.s.cpu_bytes / .s.bytes | floor) |
		.s.per_chunk.cpu_copies |= floor
	else . end]'
mkdir "$tmp/root"
TMPDIR=$tmp/root $cs report --json --warm --size 1M $demos >"$tmp/direct.json" 2>"$tmp/direct.err"
jq -S "$row" "$tmp/direct.json" >"$tmp/direct.rows"
pids=
for u in $UA $UB; do
	install -d -o $u -g $u -m 700 "$tmp/u$u"
	(as $u env TMPDIR="$tmp/u$u" "$cs" report --socket "$S" --json --warm \
		--size 1M $demos) >"$tmp/rep$u.json" 2>"$tmp/rep$u.err" &
	pids="$pids $!"
done
for p in $pids; do
	wait $p
	eq "report through the service: exit status" $? 0
done
eq "root's direct rows: all three checked" "$(jq -r '.[] | .counters_check' "$tmp/direct.rows" | sort -u)" match
for u in $UA $UB; do
	jq -S "$row" "$tmp/rep$u.json" >"$tmp/rep$u.rows"
	if cmp -s "$tmp/direct.rows" "$tmp/rep$u.rows"; then
		ok "uid $u: report rows and exact counts as root's direct run"
	else
		bad "uid $u: report rows differ: $(diff "$tmp/direct.rows" "$tmp/rep$u.rows" | head -20)"
	fi
	# its own demo processes, in its own directory
	spid=$(jq -r '.report.rows[0].sender.pid' "$tmp/rep$u.json")
	eq "uid $u: its demo file in its own directory" \
		"$(ls "$tmp/u$u"/copyscope-demo-*.dat | wc -l)" 1
	[ -n "$spid" ] && [ "$spid" != null ] && ok "uid $u: sender pid $spid" ||
		bad "uid $u: no sender pid"
done
# sendfile_nogather's network namespace, made inside the user's own user
# namespace: still no gather, so the kernel copies every byte once
eq "uid $UA: sendfile_nogather copies (no gather)" "$(jq -r '.report.rows[] |
	select(.demo == "sendfile_nogather") |
	"\(.strategy) \(.sender.per_chunk.cpu_copies | floor)"' \
	"$tmp/rep$UA.json")" "sendfile 1"
[ "$(jq -r '.report.rows[0].sender.pid' "$tmp/rep$UA.json")" != \
	"$(jq -r '.report.rows[0].sender.pid' "$tmp/rep$UB.json")" ] &&
	ok "two users: two senders, each its own row" || bad "two users: one sender?"

# 'copyscope demo' (the screen) through the service, as a user: the row
# root's screen shows (tests/tui), exact, and the run ends cleanly
# a tmux server of its own for each screen: one going away cannot take the
# next one's start along
TM=demo
tm() { tmux -L "copyscope-room-$$-$TM" "$@"; }
tm -f /dev/null new-session -d -s d -x 120 -y 40 \
	"setpriv --reuid $UA --regid $UA --groups $GID --inh-caps=-all \
	--bounding-set=-all env TMPDIR='$tmp/u$UA' '$cs' demo sendfile --warm \
	--size 1M --no-class --socket '$S'; echo EXIT=\$?; sleep 600" \; \
	set-option -g status off
# wait_pane TEXT: until the pane shows TEXT
wait_pane() {
	w=0
	while ! tm capture-pane -p -t d 2>/dev/null | grep -qE -- "$1"; do
		w=$((w + 1))
		[ $w -gt 1000 ] && return 1
		sleep 0.01
	done
}
wait_pane "done: 1 MiB verified" && ok "demo through the service: done" ||
	bad "demo through the service: $(tm capture-pane -p -t d | tail -5)"
wait_pane "sendfile \+ gather +0 0B +0 0B +REF 1M +1 +[0-9]+/[0-9]+ +2 +1M" &&
	ok "demo through the service: its row, exact" ||
	bad "demo row: $(tm capture-pane -p -t d | grep -A1 strategy)"
tm capture-pane -p -t d | grep -q "tier tracepoint .* drops 0 " &&
	ok "demo through the service: tier and no drops" ||
	bad "demo status: $(tm capture-pane -p -t d | tail -1)"
tm send-keys -t d q
wait_pane "EXIT=0" && ok "demo through the service: q, exit 0" ||
	bad "demo exit: $(tm capture-pane -p -t d | tail -3)"
tm kill-server

# the tour (copyscope alone) through the service: pick sendfile (the third
# demo), watch it run cold, its row exact
TM=tour
tm -f /dev/null new-session -d -s d -x 120 -y 40 \
	"setpriv --reuid $UB --regid $UB --groups $GID --inh-caps=-all \
	--bounding-set=-all env TMPDIR='$tmp/u$UB' '$cs' --socket '$S' \
	--no-class; echo EXIT=\$?; sleep 600" \; set-option -g status off
wait_pane "The tour: pick" && ok "tour through the service: the picker" ||
	bad "tour: $(tm capture-pane -p -t d | head -5)"
tm send-keys -t d Down Down Enter
wait_pane "done: 16 MiB verified" && ok "tour through the service: sendfile done" ||
	bad "tour: $(tm capture-pane -p -t d | head -3)"
wait_pane "sendfile \+ gather +0 0B +[0-9]+ 16M +REF 16M +1 +[0-9]+/[0-9]+ +2 +16M" &&
	ok "tour through the service: its row, exact (cold: disk DMA)" ||
	bad "tour row: $(tm capture-pane -p -t d | grep -A1 strategy)"
tm send-keys -t d q
wait_pane "EXIT=0" && ok "tour through the service: q, exit 0" ||
	bad "tour exit: $(tm capture-pane -p -t d | tail -3)"
tm kill-server

# another user's process: refused, with its own exit status
as $UA sleep 30 &
victim=$!
(as $UB "$cs" trace --socket "$S" -q -p $victim) >"$tmp/refused" 2>&1
eq "another user's pid: exit status" $? 77
grep -q "is not yours" "$tmp/refused" && ok "refusal says why" ||
	bad "refusal: $(cat "$tmp/refused")"
(as $UA "$cs" trace --socket "$S" -q -p 1) >/dev/null 2>&1
eq "root's pid 1: exit status" $? 77
kill $victim

# no client holds a capability
as $UA "$cs" trace --socket "$S" -q -- sleep 1 >/dev/null 2>"$tmp/capclient" &
cl=$!
wait_for "$tmp/capclient" tracing
eq "client CapEff" "$(awk '/^CapEff/ { print $2 }' /proc/$cl/status)" 0000000000000000
eq "client CapPrm" "$(awk '/^CapPrm/ { print $2 }' /proc/$cl/status)" 0000000000000000
wait $cl

# a stuck client (stopped: it never reads) while the other runs
as $UA "$cs" trace --socket "$S" -q -- dd if=/dev/zero of=/dev/null bs=1 \
	count=300000 status=none >/dev/null 2>"$tmp/stuck.err" &
stuck=$!
wait_for "$tmp/stuck.err" tracing
kill -STOP $stuck
(as $UB "$cs" trace --socket "$S" --json -q -- dd if=/dev/zero of=/dev/null \
	bs=1 count=20000 status=none) >"$tmp/free.json" 2>"$tmp/free.err"
pid=$(jq -r 'select(.type == "start") | .pid' "$tmp/free.json")
eq "beside a stuck client: bytes written" "$(count "$tmp/free.json" "$pid")" 20000
eq "beside a stuck client: records lost" "$(jq -r 'select(.type == "summary") | .client_lost' "$tmp/free.json")" 0
kill -CONT $stuck
wait $stuck
lost=$(sed -n 's/^records lost (your buffer in the service was full): //p' "$tmp/stuck.err")
[ "${lost:-0}" -gt 0 ] && ok "the stuck client was told its losses ($lost)" ||
	bad "the stuck client lost nothing? $(tail -3 "$tmp/stuck.err")"

# a client killed 100 times leaves nothing: no process, no thread, no bytes
i=0
while [ $i -lt 100 ]; do
	# a new file: the redirection of the next client comes when it runs
	rm -f "$tmp/k.err"
	as $UA "$cs" trace --socket "$S" -q -- sleep 30 >/dev/null 2>"$tmp/k.err" &
	k=$!
	wait_for "$tmp/k.err" tracing || bad "kill $i: no start"
	kill -KILL $k
	wait $k 2>/dev/null
	# its command lives on, untraced: ours to end
	kill $(sed -n 's/.*command, pid \([0-9]*\).*/\1/p' "$tmp/k.err")
	i=$((i + 1))
done
j=0
while [ "$(status clients)" != 0 ] && [ $j -lt 200 ]; do j=$((j + 1)); sleep 0.01; done
eq "after 100 killed clients: clients" "$(status clients)" 0
eq "after 100 killed clients: processes" "$(status processes)" 0
eq "after 100 killed clients: traced threads" "$(status traced_threads)" 0
eq "after 100 killed clients: buffered bytes" "$(status buffered_bytes)" 0
# every client so far came and went: no counters left in the kernel (a
# reused pid would have added to them, and the slots would run out)
eq "after every client: processes still counted" "$(status counted_processes)" 0

# the service stops: a client is told, and exits with its counters
as $UA "$cs" trace --socket "$S" -q -- sleep 30 >/dev/null 2>"$tmp/end.err" &
cl=$!
wait_for "$tmp/end.err" tracing
kill -TERM $srv
wait $cl
eq "service stopped: client exit" $? 0
grep -q "service is stopping" "$tmp/end.err" && grep -q "syscalls" "$tmp/end.err" &&
	ok "service stopped: client says so, with counters" ||
	bad "service stopped: $(cat "$tmp/end.err")"
wait $srv
srv=

# a killed service: the client says so and fails
$cs serve --socket "$S" --group $GID 2>"$tmp/serve2.log" &
srv=$!
wait_for "$tmp/serve2.log" listening
as $UA "$cs" trace --socket "$S" -q -- sleep 30 >/dev/null 2>"$tmp/dead.err" &
cl=$!
wait_for "$tmp/dead.err" tracing
kill -KILL $srv
wait $srv 2>/dev/null
srv=
wait $cl
eq "service killed: client exit" $? 69
grep -q "went away" "$tmp/dead.err" && ok "service killed: client says so" ||
	bad "service killed: $(cat "$tmp/dead.err")"

echo "room: $pass passed, $fail failed"
[ $fail -eq 0 ]
