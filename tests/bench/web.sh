#!/usr/bin/env bash
# Web benchmark (issue 11, make bench-web): `kpistat serve` under 20 clients for 30 s each run,
# half of them department users submitting their figure (each a new value with a reason), half
# viewers reading the status page (tests/bench/web_load.c); once on a quiet store, once while
# 1M-row `events import --replace` runs again and again beside it. Afterwards every accepted
# submission must be in the store: each department's last accepted value is its current
# figure, and its revisions number the accepted submissions less one.
#
#   tests/bench/web.sh ./kpistat build/events_gen build/web_load
#   WEB_BENCH_SECONDS=10 WEB_BENCH_ROWS=200000 tests/bench/web.sh ...
#
# Goals (issue 11), on this 2-core machine: >= 1,000 requests/s; p99 < 50 ms without the import
# and < 250 ms during it; no failed request.
set -euo pipefail
usage="usage: web.sh PATH/TO/kpistat PATH/TO/events_gen PATH/TO/web_load"
bin=$(cd "$(dirname "${1:?$usage}")" && pwd)/$(basename "$1")
gen=$(cd "$(dirname "${2:?$usage}")" && pwd)/$(basename "$2")
load=$(cd "$(dirname "${3:?$usage}")" && pwd)/$(basename "$3")
here=$(cd "$(dirname "$0")" && pwd)
secs=${WEB_BENCH_SECONDS:-30}
rows=${WEB_BENCH_ROWS:-1000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/kpistat-web.XXXXXX")
spid="" ipid=""
cleanup() {
	[ -z "$ipid" ] || { touch "$dir/stop"; wait "$ipid" 2>/dev/null || true; }
	[ -z "$spid" ] || { kill -TERM "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true; }
	rm -rf "$dir"
}
trap cleanup EXIT
export KPISTAT_DB=$dir/kp.db
"$bin" init >/dev/null
"$bin" catalog load "$here/web_catalog.yaml" >/dev/null
"$bin" call open --program bench --period 2026-11 --due 2026-12-31 >/dev/null
for i in 0 1 2 3 4 5 6 7 8 9; do
	"$bin" user add "w$i" --role department --department "d$i" >/dev/null
	echo "w$i long password" | "$bin" user passwd "w$i" >/dev/null
done
"$bin" user add viewer --role viewer >/dev/null
echo "viewer long password" | "$bin" user passwd viewer >/dev/null
"$gen" permits "$rows" 42 >"$dir/permits.csv"

"$bin" serve --listen 127.0.0.1:0 2>"$dir/serve.log" &
spid=$!
for _ in $(seq 100); do
	port=$(sed -n 's|.*on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/serve.log")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { cat "$dir/serve.log"; exit 1; }

# The server's own processor time per request (user + system, from /proc), steadier than the
# latencies on a shared machine: what a request costs, not how long it waited for a processor.
# Each run's own logins (20 Argon2id checks, a few ms each) are in it.
cpu() { awk '{ print $14 + $15 }' "/proc/$spid/stat"; }
per_request() {	# per_request TICKS_BEFORE REPORT_FILE
	awk -v a="$1" -v b="$(cpu)" -v t="$(getconf CLK_TCK)" '
		NR == 1 { n = $3 } END { printf "  server CPU per request %.3f ms\n", (b - a) / t * 1000 / n }' "$2"
}

echo "kpistat serve, 10 writers + 10 readers, ${secs} s each run ($(nproc) cores)"
c0=$(cpu)
"$load" "$port" "$secs" 10 10 1 >"$dir/quiet"
echo "quiet store:"
sed -n '1,3s/^/  /p' "$dir/quiet"
per_request "$c0" "$dir/quiet"
( n=0; while [ ! -e "$dir/stop" ]; do "$bin" events import permits "$dir/permits.csv" --replace >/dev/null 2>&1; n=$((n + 1)); echo "$n" >"$dir/imports"; done ) &
ipid=$!
c0=$(cpu)
"$load" "$port" "$secs" 10 10 1000000 >"$dir/busy"
touch "$dir/stop"
wait "$ipid" 2>/dev/null || true
ipid=""
echo "during $rows-row events imports, one after another ($(cat "$dir/imports" 2>/dev/null || echo 0) finished):"
sed -n '1,3s/^/  /p' "$dir/busy"
per_request "$c0" "$dir/busy"		# the import's own processor time is not in it

# Every accepted submission is in the store.
bad=0
for i in 0 1 2 3 4 5 6 7 8 9; do
	q=$(sed -n "s/^accepted d$i.figure last \([0-9]*\) count \([0-9]*\)$/\1 \2/p" "$dir/quiet")
	b=$(sed -n "s/^accepted d$i.figure last \([0-9]*\) count \([0-9]*\)$/\1 \2/p" "$dir/busy")
	set -- $q $b
	last=$([ "$4" -gt 0 ] && echo "$3" || echo "$1")
	want_rev=$(($2 + $4 - 1))
	got=$(sqlite3 "$KPISTAT_DB" "SELECT m.value FROM measurement m JOIN metric x ON x.id = m.metric WHERE x.code = 'd$i.figure'")
	rev=$(sqlite3 "$KPISTAT_DB" "SELECT count(*) FROM revision r JOIN measurement m ON m.id = r.measurement JOIN metric x ON x.id = m.metric WHERE x.code = 'd$i.figure'")
	if [ "${got%.0}" != "$last" ] || [ "$rev" != "$want_rev" ]; then
		echo "d$i: store has $got with $rev revisions; accepted last $last, $(($2 + $4)) submissions"
		bad=1
	fi
done
[ "$bad" = 0 ] && echo "every accepted submission is in the store (10 departments)"
exit "$bad"
