#!/bin/sh
# test_ends.sh - the full names of what a traced program reads and writes
# (endpoint records, root).  A file sent over loopback TCP into another
# file (tests/root/ends_pair.c): each of its four ends named once, the
# files by their paths and the sockets by both addresses, each name tied
# by (dev, ino) to the calls that moved exactly the file's bytes; the same
# names in the recording's replay; the helper that reads /proc keeps two
# capabilities and copyscope none; a client of the tracing service names
# its own ends; a busy loop looks in /proc once per end, not once per call.
# Needs jq.  CS_COPYSCOPE, CS_ENDS_PAIR: the binaries (default build/).
cs=$(realpath "${CS_COPYSCOPE:-build/copyscope}")
pair=$(realpath "${CS_ENDS_PAIR:-build/tests/ends_pair}")
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/copyscope-ends.XXXXXX")
tmp=$(realpath "$tmp") # /proc names the resolved path
GID=40190 U=40191
srv=
cleanup() {
	[ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
. "$(dirname "$0")/lib.sh"

SIZE=4194304
head -c $SIZE /dev/urandom >"$tmp/src.bin"
chmod 755 "$tmp"
chmod 644 "$tmp/src.bin"

TCP='TCP 127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:[0-9]+'
# named JSON DST: the trace so far names both files and two TCP ends
named() {
	grep -qF "\"text\":\"$tmp/src.bin\"" "$1" 2>/dev/null &&
		grep -qF "\"text\":\"$2\"" "$1" &&
		[ "$(grep -cE "\"text\":\"$TCP\"" "$1")" -ge 2 ]
}

# end JSON TEXT: the endpoint record(s) of that name, compact
end() { jq -c --arg t "$2" 'select(.type == "endpoint" and .text == $t)' "$1"; }
# moved JSON PID CALL DEV INO: bytes PID's CALL calls moved through it
moved() {
	jq -s --argjson p "$2" --arg c "$3" --argjson d "$4" --argjson i "$5" \
		'[.[] | select(.type == "syscall" and .pid == $p and .name == $c
			and .file.dev == $d and .file.ino == $i) | .ret] | add' "$1"
}
# check_end NAME JSON TEXT CALL: one record names it, and the calls of
# that process through that (dev, ino) moved the whole file
check_end() {
	r=$(end "$2" "$3")
	n=$(printf '%s' "$r" | grep -c .)
	if [ "$n" != 1 ]; then
		bad "$1: $n endpoint records name '$3'"
		return
	fi
	set -- "$1" "$2" "$3" "$4" $(printf '%s' "$r" | jq -r '"\(.pid) \(.dev) \(.ino) \(.kind)"')
	b=$(moved "$2" "$5" "$4" "$6" "$7")
	[ "$b" = $SIZE ] && ok "$1: '$3' ($8), its $4 calls moved $b bytes" ||
		bad "$1: '$3' ($8, pid $5): its $4 calls moved $b bytes, not $SIZE"
}

# ---- a local trace, recorded ---------------------------------------------
$cs trace --json --record "$tmp/t.rec" -- "$pair" "$tmp/src.bin" \
	"$tmp/dst.bin" "$tmp/go" >"$tmp/t.json" 2>"$tmp/t.err" &
cspid=$!
if until_ named "$tmp/t.json" "$tmp/dst.bin"; then
	ok "the trace named the four ends while they were open"
else
	bad "the ends were not named within 10 s:"
	grep '"endpoint"' "$tmp/t.json" | head -8 | sed 's/^/     /'
	sed 's/^/     /' "$tmp/t.err" | head -5
fi
# while it runs: the sockets' addresses as ss (sock_diag, not /proc) has
# them, for the sender and its child, the receiver
spid=$(jq -r 'select(.type == "start") | .pid' "$tmp/t.json")
rpid=$(pgrep -P "$spid")
tcp_of() { ss -Htnp | awk -v p="pid=$1," 'index($0, p) { print "TCP " $4 " -> " $5 }'; }
want_s=$(tcp_of "$spid")
want_r=$(tcp_of "$rpid")
# while it runs: the helper keeps CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE
# (bits 2 and 19), copyscope itself nothing
helper_of() { pgrep -P "$1" -x copyscope-ends; }
helper=$(helper_of $cspid)
caps() { awk -v k="$2:" '$1 == k { print $2 }' /proc/$1/status; }
if [ -n "$helper" ] && [ "$(caps $helper CapPrm)" = 0000000000080004 ] &&
	[ "$(caps $helper CapEff)" = 0000000000080004 ] &&
	[ "$(caps $cspid CapPrm)" = 0000000000000000 ]; then
	ok "the helper keeps CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE, copyscope none"
else
	bad "capabilities: helper '$helper' $(caps "${helper:-0}" CapPrm 2>/dev/null), copyscope $(caps $cspid CapPrm)"
fi
touch "$tmp/go"
wait $cspid
rc=$?
[ $rc -eq 0 ] && cmp -s "$tmp/src.bin" "$tmp/dst.bin" &&
	ok "the trace and the copy ended well" ||
	bad "trace exit $rc, or the copy differs: $(head -c 300 "$tmp/t.err")"
[ -z "$helper" ] || ! kill -0 "$helper" 2>/dev/null &&
	ok "the helper is gone with the trace" || bad "the helper $helper outlived the trace"

check_end "sender's file" "$tmp/t.json" "$tmp/src.bin" read
check_end "receiver's file" "$tmp/t.json" "$tmp/dst.bin" write
echo "$want_s" | grep -qxE "$TCP" && echo "$want_r" | grep -qxE "$TCP" &&
	ok "ss: the sender is $want_s, the receiver $want_r" ||
	bad "ss found no connection for $spid and $rpid: '$want_s', '$want_r'"
check_end "sender's socket" "$tmp/t.json" "$want_s" sendto
check_end "receiver's socket" "$tmp/t.json" "$want_r" recvfrom
# every (dev, ino) named once, and by a process whose calls named it
dup=$(jq -r 'select(.type == "endpoint") | "\(.dev) \(.ino)"' "$tmp/t.json" | sort | uniq -d)
[ -z "$dup" ] && ok "each end named once" || bad "named twice: $dup"
stray=$(jq -s '[.[] | select(.type == "syscall") | (.file, .file2) | select(.) | "\(.dev) \(.ino)"] as $seen |
	[.[] | select(.type == "endpoint") | select(("\(.dev) \(.ino)") as $k | $seen | index($k) | not)] | length' "$tmp/t.json")
[ "$stray" = 0 ] && ok "every endpoint is an end of a traced call" || bad "$stray endpoints of no call"

# copyscope SIGKILLed: its helper goes with it
$cs trace -q --report -- "$pair" "$tmp/src.bin" "$tmp/dst2.bin" "$tmp/go2" >/dev/null 2>&1 &
cspid=$!
until_ helper_of $cspid >/dev/null
helper=$(helper_of $cspid)
kill -KILL $cspid
wait $cspid 2>/dev/null
[ -n "$helper" ] && until_ eval "! kill -0 $helper 2>/dev/null" &&
	ok "copyscope SIGKILLed: its helper gone too" ||
	bad "copyscope SIGKILLed: helper '$helper' left"
touch "$tmp/go2"

# ---- the recording has them --------------------------------------------------
epl() { jq -c 'select(.type == "endpoint")' "$1"; }
$cs replay --json "$tmp/t.rec" >"$tmp/r.json" 2>"$tmp/r.err"
[ -n "$(epl "$tmp/t.json")" ] && [ "$(epl "$tmp/t.json")" = "$(epl "$tmp/r.json")" ] &&
	ok "replay: the same $(epl "$tmp/r.json" | wc -l) endpoint records" ||
	bad "replay: endpoint records differ from the trace's ($(head -c 200 "$tmp/r.err"))"
$cs replay --text "$tmp/t.rec" 2>/dev/null | grep -qF "= fd 3: $tmp/src.bin" &&
	ok "replay --text: '= fd 3: $tmp/src.bin'" ||
	bad "replay --text does not name fd 3"

# ---- through the tracing service: the client names its own ends ------------
as() {
	u=$1
	shift
	exec setpriv --reuid "$u" --regid "$u" --groups $GID --inh-caps=-all \
		--bounding-set=-all "$@"
}
mkdir "$tmp/u"
chown $U "$tmp/u"
S=$tmp/sock
$cs serve --socket "$S" --group $GID -v 2>"$tmp/serve.log" &
srv=$!
until_ grep -q listening "$tmp/serve.log" || bad "the service did not start"
(as $U "$cs" trace --socket "$S" --json -- "$pair" "$tmp/src.bin" \
	"$tmp/u/dst.bin" "$tmp/u/go" >"$tmp/s.json" 2>"$tmp/s.err") &
cl=$!
if until_ named "$tmp/s.json" "$tmp/u/dst.bin"; then
	ok "through the service, uid $U named its four ends"
else
	bad "through the service, the ends were not named:"
	sed 's/^/     /' "$tmp/s.err" | head -5
fi
touch "$tmp/u/go"
wait $cl
check_end "service: sender's file" "$tmp/s.json" "$tmp/src.bin" read
check_end "service: receiver's file" "$tmp/s.json" "$tmp/u/dst.bin" write

# ---- a busy loop: /proc once per end, not once per call ---------------------
$cs trace --json -v -- dd if="$tmp/src.bin" of=/dev/null bs=512 \
	>"$tmp/dd.json" 2>"$tmp/dd.err"
line=$(grep '^copyscope: endpoints:' "$tmp/dd.err")
looked=$(echo "$line" | sed -n 's/.*; \([0-9]*\) descriptors looked at.*/\1/p')
asked=$(echo "$line" | sed -n 's/.*, \([0-9]*\) looked up in \/proc.*/\1/p')
[ "${looked:-0}" -ge 16384 ] && [ "${asked:-99}" -le 40 ] &&
	ok "dd's 8192 reads and 8192 writes: $looked descriptors, $asked looks in /proc" ||
	bad "busy loop: '$line'"

echo "ends: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
