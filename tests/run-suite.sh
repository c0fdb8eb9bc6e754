#!/bin/sh
# run-suite.sh NAME PROGRAM... - run test programs one after the other and
# close with one line "NAME: N passed, N failed" counting test cases: a
# cmocka program's "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)."
# lines, a script's own "...: N passed, N failed" line; a program that says
# neither counts as one case, passed when it exits 0.  A program that exits
# non-zero always adds at least one failure.
name=$1
shift
pass=0
fail=0
failed=""
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$@"; do
	echo "== $t"
	case $t in
	*.sh) sh "$t" >"$out" 2>&1 ;;
	*) "$t" >"$out" 2>&1 ;;
	esac
	rc=$?
	# indented: only the suite's own closing line starts a line
	sed 's/^/  /' "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
	if [ -z "$p$f" ]; then
		line=$(grep -E '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
		p=$(echo "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p')
		f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
	fi
	if [ -z "$p$f" ]; then
		if [ $rc -eq 0 ]; then p=1; else f=1; fi
	fi
	p=${p:-0}
	f=${f:-0}
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p))
	fail=$((fail + f))
	[ $rc -ne 0 ] && failed="$failed $t"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
