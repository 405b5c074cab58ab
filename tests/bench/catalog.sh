#!/usr/bin/env bash
# Catalog load benchmark: `kpistat catalog load` of generated catalogs of 10,000, 20,000 and
# 40,000 departments (one metric per eight departments) into a fresh store, and the ratio of
# each time to the 10,000 one: about 2 and 4 when loading is linear (it was quadratic: 40,000
# departments took 10 s, three quarters of it in strcmp under catalog_dept).
#
#   tests/bench/catalog.sh ./kpistat      (make bench)
set -euo pipefail
bin=$(cd "$(dirname "${1:?usage: catalog.sh PATH/TO/kpistat}")" && pwd)/$(basename "$1")
dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kpistat-bench.XXXXXX")}
trap 'rm -rf "$dir"' EXIT

gen() {	# gen N: a catalog of N departments and N/8 metrics
	awk -v n="$1" 'BEGIN {
		print "city: Benchville"
		print "departments:"
		for (i = 0; i < n; i++)
			printf "  - { code: d%05d, name: Department %d }\n", i, i
		print "metrics:"
		for (i = 0; i < n; i += 8)
			printf "  - { code: m%05d, name: Metric %d, department: d%05d, direction: higher }\n", i, i, i
	}'
}

base=""
for n in 10000 20000 40000; do
	gen "$n" >"$dir/cat.yaml"
	rm -f "$dir/kp.db"
	"$bin" --db "$dir/kp.db" init >/dev/null
	t0=$(date +%s.%N)
	"$bin" --db "$dir/kp.db" catalog load "$dir/cat.yaml" >/dev/null
	t1=$(date +%s.%N)
	s=$(echo "$t1 - $t0" | bc -l)
	[ -n "$base" ] || base=$s
	printf "catalog load, %5d departments: %6.2f s  (x%.1f the 10,000 time)\n" "$n" "$s" \
	    "$(echo "$s / $base" | bc -l)"
done
