#!/bin/sh
# The store fuzz_http's pages run against (tests/fuzz/http_store.sh KPISTAT DB), as
# tests/cli/test_serve.sh sets it up: tests/fixtures/cycle.yaml, a year of one figure, October
# entered and locked, November's data call open (call 2), two follow-ups (F-1 dev's, F-2
# fire's), users ann (department dev), office1 (office), eve (viewer). No passwords: the harness
# makes its sessions itself, and logging in (an Argon2id hash) is not what it fuzzes.
set -e
KP=$1
export KPISTAT_DB=$2 SOURCE_DATE_EPOCH=1795000000
rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null
"$KP" catalog load tests/fixtures/cycle.yaml >/dev/null
{
	printf 'metric,period,value\npermits.review_days,2026-09,4.4\npermits.within_5_days,2026-09,93\n'
	for m in 01 02 03 04 05 06 07 08; do printf 'permits.review_days,2026-%s,4.%s\n' "$m" "${m#0}"; done
} | "$KP" import - --by steward >/dev/null
"$KP" call open --program tulstat --period 2026-10 --due 2026-11-05 >/dev/null
"$KP" record permits.review_days 2026-10 4.6 --by "Pat Smith" >/dev/null
"$KP" lock --program tulstat --period 2026-10 --force >/dev/null
"$KP" call open --program tulstat --period 2026-11 --due 2026-12-05 >/dev/null
"$KP" meeting add --program tulstat --period 2026-10 --date 2026-11-10 >/dev/null
"$KP" action add --meeting 1 --owner "Pat Smith" --due 2026-12-01 --metric permits.review_days "Clear the backlog" >/dev/null
"$KP" action add --meeting 1 --owner "Michael Baker" --due 2026-12-01 --metric fire.lift_assists "Visit top callers" >/dev/null
"$KP" user add ann --role department --department dev >/dev/null
"$KP" user add office1 --role office >/dev/null
"$KP" user add eve --role viewer >/dev/null
