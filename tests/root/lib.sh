# lib.sh - what the root test scripts share; sourced, after they set tmp
# (a private directory).  Each script ends with "NAME: $pass passed,
# $fail failed".
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
# expect NAME WANT-EXIT WANT-TEXT CMD... : exit status and a line of output
expect() {
	name=$1 want=$2 text=$3
	shift 3
	"$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ] && grep -qF -- "$text" "$tmp/out"; then
		ok "$name"
	else
		bad "$name (exit $got, wanted $want and '$text'):"
		sed 's/^/     /' "$tmp/out" | head -5
	fi
}

# until COND...: wait (at most 10 s) for a state, not for a time
until_() {
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ $i -gt 1000 ] && return 1
		sleep 0.01
	done
}
# nchildren PID N: PID has N children
nchildren() { [ "$(pgrep -P "$1" | wc -l)" -eq "$2" ]; }
started() { grep -q '"type":"start"' "$1" 2>/dev/null; }

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
