#!/usr/bin/env bash
# Import benchmark: kpistat import against the sqlite3 shell's .import of the same file, in
# the same run, plus the floor of just reading the file. Reports rows/s, the ratio to sqlite3,
# and peak memory (max RSS) at 250k, 500k and 1M rows to show that memory stays flat.
#
#   tests/bench/import.sh ./kpistat [ROWS]      (make bench)
#
# The data are synthetic (deterministic awk): 200 monthly metrics, 60 months, and as many
# district breakdowns as it takes to reach ROWS distinct figures.
set -euo pipefail
bin=$(cd "$(dirname "${1:?usage: import.sh PATH/TO/kpistat [ROWS]}")" && pwd)/$(basename "$1")
rows=${2:-1000000}
dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kpistat-bench.XXXXXX")}
trap 'rm -rf "$dir"' EXIT
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 shell (apt-get install sqlite3)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)"; exit 1; }

catalog() {
	echo "city: Benchville"
	echo "departments: [{ code: ops, name: Operations }]"
	echo "metrics:"
	for i in $(seq 1 200); do
		echo "  - { code: m.$i, name: Metric $i, department: ops, unit: days, decimals: 1, direction: lower }"
	done
}

gen() {	# gen N: N figure rows
	awk -v n="$1" 'BEGIN {
		print "metric,period,value,breakdown"
		srand(42)
		for (k = 0; k < n; k++) {
			m = k % 200 + 1; mo = int(k / 200) % 60; d = int(k / 12000) + 1
			printf "m.%d,%d-%02d,%.1f,district=%d\n", m, 2021 + int(mo / 12), mo % 12 + 1, rand() * 20, d
		}
	}'
}

# Median of three runs ("seconds maxrss_kb" lines, ordered by seconds).
median3() {
	local t1 t2 t3
	t1=$("$@"); t2=$("$@"); t3=$("$@")
	printf '%s\n%s\n%s\n' "$t1" "$t2" "$t3" | sort -g | sed -n 2p
}

kp_once() {	# kp_once FILE -> "seconds maxrss_kb"
	rm -f "$dir/kp.db" "$dir/kp.db-wal" "$dir/kp.db-shm"
	"$bin" --db "$dir/kp.db" init >/dev/null
	"$bin" --db "$dir/kp.db" catalog load "$dir/catalog.yaml" >/dev/null
	/usr/bin/time -f "%e %M" -o "$dir/time" "$bin" --db "$dir/kp.db" import "$1" >/dev/null
	cat "$dir/time"
}

sq_once() {	# sq_once FILE -> "seconds maxrss_kb"
	rm -f "$dir/sq.db" "$dir/sq.db-wal"
	sqlite3 "$dir/sq.db" "PRAGMA journal_mode=WAL; CREATE TABLE m(metric TEXT, period TEXT, value REAL, breakdown TEXT);" >/dev/null
	/usr/bin/time -f "%e %M" -o "$dir/time" sqlite3 "$dir/sq.db" ".mode csv" ".import --skip 1 $1 m" >/dev/null
	cat "$dir/time"
}

# The same, into a table with kpistat's unique key (one figure per metric, breakdown, period):
# what the constraint alone costs, since kpistat must refuse duplicates and find revisions.
squ_once() {
	rm -f "$dir/squ.db" "$dir/squ.db-wal"
	sqlite3 "$dir/squ.db" "PRAGMA journal_mode=WAL; CREATE TABLE m(metric TEXT, period TEXT, value REAL, breakdown TEXT, UNIQUE (metric, breakdown, period));" >/dev/null
	/usr/bin/time -f "%e %M" -o "$dir/time" sqlite3 "$dir/squ.db" ".mode csv" ".import --skip 1 $1 m" >/dev/null
	cat "$dir/time"
}

cat_once() {
	/usr/bin/time -f "%e %M" -o "$dir/time" cat "$1" >/dev/null
	cat "$dir/time"
}

catalog >"$dir/catalog.yaml"
echo "kpistat import benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
printf '%-9s %-22s %9s %12s %10s %9s\n' rows what seconds rows/s peak_MB vs_sqlite3
for n in $((rows / 4)) $((rows / 2)) "$rows"; do
	gen "$n" >"$dir/m.csv"
	kp=$(median3 kp_once "$dir/m.csv")
	sq=$(median3 sq_once "$dir/m.csv")
	squ=$(median3 squ_once "$dir/m.csv")
	ct=$(median3 cat_once "$dir/m.csv")
	kps=${kp% *}; sqs=${sq% *}; cts=${ct% *}
	awk -v n="$n" -v kp="$kps" -v km="${kp#* }" -v sq="$sqs" -v sm="${sq#* }" -v ct="$cts" \
	    -v sqk="${squ% *}" -v sqkm="${squ#* }" 'BEGIN {
		f = "%-9d %-22s %9.2f %12.0f %10.1f %9s\n"
		printf f, n, "kpistat import", kp, n / (kp > 0 ? kp : 0.001), km / 1024, sprintf("%.2fx", sq / kp)
		printf f, n, "sqlite3 .import", sq, n / (sq > 0 ? sq : 0.001), sm / 1024, "1.00x"
		printf f, n, "sqlite3 .import, keyed", sqk, n / (sqk > 0 ? sqk : 0.001), sqkm / 1024, sprintf("%.2fx", sq / sqk)
		printf f, n, "cat (read floor)", ct, n / (ct > 0 ? ct : 0.001), 0, "-"
	}'
done
echo "vs_sqlite3 > 1 means kpistat is faster. kpistat checks every field (metric, period form,"
echo "value, breakdown, UTF-8), rejects duplicates and keeps revisions; sqlite3 .import checks nothing."
