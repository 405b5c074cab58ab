# Computed figures whose records are gone: an import with --replace drops a month, or a
# district within a month; the next compute withdraws those figures (history keeps them and
# says why), gives counts 0, stays inside --period / --since / --metric, never touches figures
# entered by hand, changes nothing when run again, and restores a figure whose records return.
. tests/cli/lib.sh

rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/events.yaml >/dev/null

# Decided in 2024-01..2024-04; district 4 only in March; P-006 is April's only record.
cat >"$T/all.csv" <<'C'
permit_id,district,submitted_on,decided_on,fee,status
P-001,1,2024-01-02,2024-01-05,100,issued
P-002,1,2024-01-03,2024-01-12,250.50,issued
P-003,2,2024-01-10,2024-01-11,75,void
P-004,2,2024-01-20,2024-02-02,80,issued
P-006,2,2024-03-28,2024-04-01,60,issued
P-007,4,2024-03-01,2024-03-07,40,issued
P-008,1,2024-03-05,2024-03-15,30,issued
C
grep -v '^P-00[67],' "$T/all.csv" >"$T/less.csv"

expect_rc 0 "$KP" events import permits "$T/all.csv"
expect_rc 0 "$KP" record code.manual 2024-03 12 --note "entered by hand"
expect_rc 0 "$KP" record code.manual 2024-04 9
expect_rc 0 "$KP" compute --by ana
expect_no_out "withdrawn"
expect_rc 0 "$KP" export
expect_out "permits.days,2024-03,,8,"
expect_out "permits.days,2024-03,district=4,6,"
expect_out "permits.days,2024-04,,4,"
expect_out "permits.days,2024-04,district=2,4,"
expect_out "permits.decided,2024-04,,1,"
expect_out "permits.decided,2024-03,district=4,1,"
expect_out "permits.within_5,2024-04,,100,"
expect_out "permits.fees,2024-04,,60,"

# The records lose April (P-006) and district 4 (P-007).
expect_rc 0 "$KP" events import permits "$T/less.csv" --replace
expect_out "5 rows: 5 new"

# --period 2024-03 rewrites March only: district 4 is withdrawn there, April is left alone.
expect_rc 0 "$KP" compute --period 2024-03 --by bo
expect_out "; 1 withdrawn (no records)"
expect_rc 0 "$KP" export
expect_out "permits.days,2024-03,,10,"
expect_no_out "permits.days,2024-03,district=4"
expect_out "permits.decided,2024-03,district=4,0,"
expect_out "permits.days,2024-04,,4,"
expect_out "permits.decided,2024-04,,1,"
expect_rc 0 "$KP" history permits.days --period 2024-03 --breakdown district=4
expect_out "2024-03  district=4          withdrawn  computed by ana"
expect_out "  withdrawn (was 6) by bo at "
expect_out ": recomputed from permits: no records"
expect_rc 0 "$KP" history permits.days --period 2024-03 --breakdown ''
expect_out "revised 8 -> 10 by bo"
expect_no_out "withdrawn"

# --metric and --since: only that metric, only from that period on.
expect_rc 0 "$KP" compute --since 2024-04 --metric permits.days --by bo
expect_out "computed 1 metric: 0 figures: 0 new, 0 revised, 0 unchanged; 2 withdrawn (no records)"
expect_rc 0 "$KP" export
expect_no_out "permits.days,2024-04"
expect_out "permits.decided,2024-04,,1,"
expect_out "permits.within_5,2024-04,,100,"

# A full compute: April is past the records' dates now, so it has no figure at all, counts
# and sums included; district 4's counts are 0 where the records still reach.
expect_rc 0 "$KP" compute --by bo
expect_out "; 6 withdrawn (no records)"
expect_rc 0 "$KP" export
expect_no_out "permits.decided,2024-04"
expect_no_out "permits.within_5,2024-04"
expect_no_out "permits.fees,2024-04"
expect_out "permits.decided,2024-01,district=4,0,"
expect_out "permits.decided,2024-03,district=4,0,"
expect_out "permits.decided,2024-03,,1,"
# Figures entered by hand are never touched, whatever their period.
expect_out "code.manual,2024-03,,12,inspections,Inspections (entered by hand),code,entered,tester"
expect_rc 0 "$KP" history code.manual
expect_out "2024-04  (city)                      9  entered by tester"
expect_no_out "withdrawn"

# Status, trend and the CSV status leave a withdrawn figure out: April is missing.
expect_rc 0 "$KP" status --period 2024-04 --codes --format csv
expect_out "permits.days,Median days to decide a permit,dev,days,2024-04,,,,missing,,,2024-03,"
expect_out "permits.decided,Permits decided,dev,permits,2024-04,,,,missing,"
expect_out "code.manual,Inspections (entered by hand),code,inspections,2024-04,9,"
expect_rc 0 "$KP" trend permits.days
expect_out "2024-01 .. 2024-03, 3 points"
expect_rc 0 "$KP" history permits.fees --period 2024-04
expect_out "2024-04  (city)              withdrawn  computed by ana"
expect_out "  withdrawn (was 60) by bo at "

# Computing again is idempotent: no new revisions, nothing withdrawn twice.
"$KP" history permits.days >"$T/h1"
"$KP" history permits.decided >>"$T/h1"
"$KP" export >"$T/e1"
expect_rc 0 "$KP" compute --by bo
expect_out "0 new, 0 revised"
expect_no_out "withdrawn"
expect_rc 0 "$KP" compute --period 2024-04 --by bo
expect_no_out "withdrawn"
"$KP" history permits.days >"$T/h2"
"$KP" history permits.decided >>"$T/h2"
"$KP" export >"$T/e2"
same_file "$T/h1" "$T/h2"
same_file "$T/e1" "$T/e2"

# The records come back: the figures are current again, each kept as a revision.
expect_rc 0 "$KP" events import permits "$T/all.csv" --replace
expect_rc 0 "$KP" compute --by cy
expect_out "0 new, 13 revised"
expect_no_out "withdrawn"
expect_rc 0 "$KP" export
expect_out "permits.days,2024-04,,4,"
expect_out "permits.days,2024-03,district=4,6,"
expect_out "permits.fees,2024-04,,60,"
expect_rc 0 "$KP" history permits.days --period 2024-04 --breakdown ''
expect_out "2024-04  (city)                      4  computed by ana"
expect_out "  withdrawn (was 4) by bo"
expect_out "  restored as 4 by cy at "
expect_rc 0 "$KP" compute --by cy
expect_out "0 new, 0 revised"

# A metric given a compute block later: a figure entered by hand before it, in a period the
# records no longer reach, is not withdrawn.
sed 's/^    unit: inspections$/    unit: inspections\n    compute: { dataset: permits, period_by: decided_on, measure: count }/' \
    tests/fixtures/events.yaml >"$T/manual.yaml"
expect_rc 0 "$KP" catalog load "$T/manual.yaml"
expect_out "metric 'code.manual' changed"
expect_rc 0 "$KP" events import permits "$T/less.csv" --replace
expect_rc 0 "$KP" compute --metric code.manual
expect_no_out "withdrawn"
expect_rc 0 "$KP" export
expect_out "code.manual,2024-04,,9,inspections,Inspections (entered by hand),code,entered"

finish
