#!/bin/sh
# run.sh TARGET... - a short libFuzzer run of each target (FUZZ_SECONDS,
# default 15) from its seeds; a crash fails the suite.
pass=0
fail=0
for t in "$@"; do
	n=$(basename "$t")
	work=$(mktemp -d)
	if "$t" -max_total_time="${FUZZ_SECONDS:-15}" -print_final_stats=1 \
		"$work" "tests/fuzz/seeds/$n" >"$work.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $n: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$work.log")"
	else
		fail=$((fail + 1))
		echo "FAIL $n"
		tail -40 "$work.log"
	fi
	rm -rf "$work" "$work.log"
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
