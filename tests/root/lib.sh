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
