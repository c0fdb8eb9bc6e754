#!/bin/sh
# run-suite.sh NAME PROGRAM... - run test programs, one after the other,
# and close with one line "NAME: N passed, N failed" counting programs.
# A program passes when it exits 0; its own output is shown as it runs.
name=$1
shift
pass=0
fail=0
failed=""
for t in "$@"; do
	echo "== $t"
	case $t in
	*.sh) sh "$t" ;;
	*) "$t" ;;
	esac
	if [ $? -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
