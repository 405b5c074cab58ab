#!/usr/bin/env bash
# Packet benchmark: `kpistat packet` for a 100-metric program (36 months each, commentary on a
# tenth of the figures, district breakdowns for ten metrics) against tests/bench/packet_ref.py,
# a matplotlib + reportlab script making the same packet from the same data, in the same run.
# Reports wall time (median of 3), peak memory (max RSS), file size and pages, and the ratios.
# Targets (issue 4): at least 50 times faster, under 0.3 s and under 1.5 MB.
#
#   tests/bench/packet.sh ./kpistat          (make bench)
set -euo pipefail
bin=$(cd "$(dirname "${1:?usage: packet.sh PATH/TO/kpistat}")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kpistat-bench.XXXXXX")}
trap 'rm -rf "$dir"' EXIT
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)"; exit 1; }
if ! /usr/bin/python3 -c 'import matplotlib, reportlab' 2>/dev/null && [ "$(id -u)" = 0 ]; then
	echo "bench: installing python3-matplotlib python3-reportlab for the peer script" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-matplotlib python3-reportlab >&2 || true
fi
/usr/bin/python3 -c 'import matplotlib, reportlab' 2>/dev/null ||
	{ echo "bench: needs python3-matplotlib and python3-reportlab (apt-get install -y python3-matplotlib python3-reportlab)"; exit 1; }

# The data: deterministic awk, one catalog for kpistat and the same metrics as CSV for Python.
awk -v dir="$dir" 'BEGIN {
	srand(7)
	cat = dir "/catalog.yaml"; met = dir "/metrics.csv"; mea = dir "/measurements.csv"
	print "city: Benchville" > cat
	print "fiscal_year_start: 7" > cat
	print "departments:" > cat
	for (d = 1; d <= 10; d++)
		printf "  - { code: d%d, name: Department %d, head: Head %d }\n", d, d, d > cat
	print "metrics:" > cat
	print "code,name,department,unit,decimals,direction,target,description,source" > met
	print "metric,period,value,breakdown,note" > mea
	for (i = 1; i <= 100; i++) {
		dir_ = i % 3 == 0 ? "higher" : "lower"; base = 20 + i * 3; sd = base * 0.06
		tgt = dir_ == "lower" ? base * 0.97 : base * 1.02
		printf "  - { code: m.%03d, name: \"Benchmark metric %d with a long enough name\", department: d%d, unit: days, decimals: 1, direction: %s, description: \"Definition of metric %d in words, long enough to wrap onto a second line in the glossary of the packet.\", source: \"System %d\", targets: [{ value: %.1f, from: 2023-07 }] }\n", i, i, (i - 1) % 10 + 1, dir_, i, i % 7, tgt > cat
		printf "m.%03d,Benchmark metric %d with a long enough name,d%d,days,1,%s,%.1f,Definition of metric %d in words,System %d\n", i, i, (i - 1) % 10 + 1, dir_, tgt, i, i % 7 > met
		for (k = 0; k < 36; k++) {
			y = 2023 + int((k + 10) / 12); mo = (k + 10) % 12 + 1
			v = base + sd * (rand() + rand() + rand() - 1.5) * 2 + (k > 24 ? sd * (i % 4 - 1.5) : 0)
			note = rand() < 0.1 ? "Commentary on Bogotá Ave and Medellín St – ≥ 92 % “as planned”" : ""
			printf "m.%03d,%d-%02d,%.1f,,%s\n", i, y, mo, v, note > mea
			if (i % 10 == 0 && k >= 23) {
				for (dd = 1; dd <= 5; dd++)
					printf "m.%03d,%d-%02d,%.1f,district=%d,\n", i, y, mo, v / 5 + dd, dd > mea
			}
		}
	}
	printf "programs:\n  - code: bench\n    title: BenchStat\n    metrics: [" > cat
	for (i = 1; i <= 100; i++)
		printf "%sm.%03d", (i > 1 ? ", " : ""), i > cat
	print "]" > cat
}'
export KPISTAT_DB=$dir/kp.db
"$bin" init >/dev/null
"$bin" catalog load "$dir/catalog.yaml" >/dev/null
"$bin" import "$dir/measurements.csv" --by bench >/dev/null

median3() {	# median3 CMD... -> "seconds maxrss_kb" of the median run
	local t=()
	for _ in 1 2 3; do
		/usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>"$dir/stderr" ||
			{ cat "$dir/stderr"; exit 1; }
		t+=("$(cat "$dir/time")")
	done
	printf '%s\n' "${t[@]}" | sort -g | sed -n 2p
}

kp=$(median3 "$bin" packet --program bench --period 2026-10 --deterministic -o "$dir/kp.pdf")
py=$(median3 /usr/bin/python3 "$here/packet_ref.py" "$dir/metrics.csv" "$dir/measurements.csv" "$dir/py.pdf")
kpages=$(pdfinfo "$dir/kp.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
ppages=$(pdfinfo "$dir/py.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
echo "kpistat packet benchmark: 100 metrics x 36 months ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
awk -v kt="${kp% *}" -v km="${kp#* }" -v pt="${py% *}" -v pm="${py#* }" \
    -v ks="$(stat -c %s "$dir/kp.pdf")" -v ps="$(stat -c %s "$dir/py.pdf")" \
    -v kpg="${kpages:-?}" -v ppg="${ppages:-?}" 'BEGIN {
	f = "%-30s %9s %9s %9s %6s\n"
	printf f, "", "seconds", "peak_MB", "file_MB", "pages"
	printf "%-30s %9.3f %9.1f %9.2f %6s\n", "kpistat packet", kt, km / 1024, ks / 1048576, kpg
	printf "%-30s %9.3f %9.1f %9.2f %6s\n", "matplotlib + reportlab", pt, pm / 1024, ps / 1048576, ppg
	printf "ratio: %.0fx faster, %.1fx less memory, %.1fx smaller\n", (pt / (kt > 0 ? kt : 0.001)), (pm / km), (ps / ks)
	speed = pt / (kt > 0 ? kt : 0.001)
	printf "targets: >= 50x faster %s, < 0.3 s %s, < 1.5 MB %s\n", (speed >= 50 ? "met" : "MISSED"),
	    (kt < 0.3 ? "met" : "MISSED"), (ks < 1.5 * 1048576 ? "met" : "MISSED")
}'
