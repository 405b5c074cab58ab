#!/usr/bin/env bash
# Run each libFuzzer harness for a while (make fuzz): tests/fuzz/run.sh BUILD SECONDS NAME...
# The corpus grows in BUILD/corpus/NAME (seeded from tests/fuzz/corpus/NAME); an input that
# crashes, leaks, hangs (-timeout) or runs out of memory is copied into tests/fuzz/regress/NAME/
# (commit it with its fix: make check replays it). Prints per harness: runs, cov:, ft:, findings.
set -u
build=${1:?usage: run.sh BUILD SECONDS NAME...}
secs=${2:?}
shift 2
cd "$(dirname "$0")/../.."
found=0
printf '%-10s %12s %8s %8s  %s\n' harness execs cov ft findings
for h in "$@"; do
	mkdir -p "$build/corpus/$h" "$build/artifacts/$h" "tests/fuzz/regress/$h"
	"$build/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -print_final_stats=1 -dict="tests/fuzz/dict/$h.dict" \
	    -artifact_prefix="$build/artifacts/$h/" "$build/corpus/$h" "tests/fuzz/corpus/$h" \
	    >"$build/$h.log" 2>&1
	rc=$?
	n=0
	for a in "$build/artifacts/$h"/*; do
		[ -e "$a" ] || continue
		cp "$a" "tests/fuzz/regress/$h/" && rm "$a"
		n=$((n + 1))
	done
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$h.log")
	cov=$(grep -o 'cov: [0-9]*' "$build/$h.log" | tail -1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$build/$h.log" | tail -1 | cut -d' ' -f2)
	what="none"
	if [ "$rc" -ne 0 ] || [ "$n" -gt 0 ]; then
		what="$n input(s) kept in tests/fuzz/regress/$h: $(grep -m1 -E 'ERROR|property failed|timeout|leak' "$build/$h.log")"
		found=1
	fi
	printf '%-10s %12s %8s %8s  %s\n' "$h" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$what"
done
exit $found
