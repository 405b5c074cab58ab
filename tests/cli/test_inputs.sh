# Files as department heads really send them (separators, decimal commas, encodings, header
# spelling) and cut-off files: each bad input with its exact message, and the store unchanged.
. tests/cli/lib.sh

fresh_store

# A semicolon-separated file (Excel in a European locale): named, and read with --delimiter.
printf '\xef\xbb\xbfmetric;period;value;breakdown;note\r\n' >"$T/semi.csv"
printf 'permits.review_days;2026-09;4,2;;"Slower; leave"\r\n' >>"$T/semi.csv"
printf 'fire.lift_assists;2026-10;1.234;;\r\n' >>"$T/semi.csv"
snapshot "$T/before"
expect_rc 65 "$KP" import "$T/semi.csv"
expect_err "kpistat: $T/semi.csv:1: this file looks semicolon-separated: use --delimiter ';'"
expect_rc 65 "$KP" import --delimiter ';' "$T/semi.csv"
expect_err "$T/semi.csv:2:3: bad value '4,2': thousands separators must group three digits"
snapshot "$T/after"
same_file "$T/before" "$T/after"
expect_rc 0 "$KP" import --delimiter ';' --decimal-comma "$T/semi.csv"
expect_out "2 rows: 2 new"
expect_rc 0 "$KP" export
expect_out 'permits.review_days,2026-09,,4.2'
expect_out 'fire.lift_assists,2026-10,,1234'
expect_out 'Slower; leave'
expect_rc 64 "$KP" import --delimiter '"' "$T/semi.csv"
expect_err "bad --delimiter '\"': expected one character such as ';' or '|', or tab"
printf 'metric;period;value (days, or %%)\npermits.review_days;2026-08;4,5\n' >"$T/semi2.csv"
expect_rc 65 "$KP" import "$T/semi2.csv"
expect_err "kpistat: $T/semi2.csv:1: this file looks semicolon-separated: use --delimiter ';'"
printf 'metric\tperiod\tvalue\npermits.review_days\t2026-08\t4.5\n' >"$T/tab.csv"
expect_rc 65 "$KP" import "$T/tab.csv"
expect_err "$T/tab.csv:1: this file looks tab-separated: use --delimiter tab"
expect_rc 0 "$KP" import --delimiter tab "$T/tab.csv"
expect_out "1 rows: 1 new"
# A decimal comma with a point: the message says what --decimal-comma reads.
printf 'metric;period;value\npermits.review_days;2026-07;4.5\n' >"$T/dcbad.csv"
expect_rc 65 "$KP" import --delimiter ';' --decimal-comma "$T/dcbad.csv"
expect_err "$T/dcbad.csv:2:3: bad value '4.5': thousands separators must group three digits: write 1.234.567 or 1234567, with a comma for decimals (4,25), as --decimal-comma reads"

# Windows-1252 (Excel's "CSV (comma delimited)"): the line is named, nothing is written.
snapshot "$T/before"
printf 'metric,period,value,note\npermits.review_days,2026-06,4,ok\npermits.review_days,2026-05,4,"two\nlines"\npermits.review_days,2026-04,4,"a\nCaf\xe9 \x96 closed"\n' >"$T/cp1252.csv"
expect_rc 65 "$KP" import "$T/cp1252.csv"
expect_err "kpistat: $T/cp1252.csv:5:4: not UTF-8 (line 6 looks like Windows-1252): save it as CSV UTF-8 (field 4)"
printf 'metric,period,value,note\npermits.review_days,2026-06,4,\x81\x8d\n' >"$T/binary.csv"
expect_rc 65 "$KP" import "$T/binary.csv"
expect_err "$T/binary.csv:2:4: not UTF-8 (line 2, field 4): save it as CSV UTF-8"
snapshot "$T/after"
same_file "$T/before" "$T/after"

# Header names as people write them: case and spaces matched, near misses named.
printf 'Metric, Period ,VALUE,Break-down\r\npermits.review_days,2026-03,4.1,\r\n' >"$T/case.csv"
expect_rc 0 "$KP" import "$T/case.csv"
expect_out "1 rows: 1 new"
printf 'Metric Code,Period,Value\npermits.review_days,2026-02,4\n' >"$T/near.csv"
expect_rc 65 "$KP" import "$T/near.csv"
expect_err "$T/near.csv:1:1: unknown column 'Metric Code' in the header: did you mean 'metric'?"
expect_err "$T/near.csv:1:1: the header has no 'metric' column"
printf 'metric,period,value,Value\npermits.review_days,2026-02,4,4\n' >"$T/twice.csv"
expect_rc 65 "$KP" import "$T/twice.csv"
expect_err "$T/twice.csv:1:4: column 'value' appears twice in the header (as 'value' and 'Value')"

# A cut-off file: a last row without a line break that changes a stored figure is refused.
printf 'metric,period,value,note\npermits.review_days,2026-09,4.2,Slower because of leave\n' >"$T/full.csv"
expect_rc 0 "$KP" import "$T/full.csv"
head -c -8 "$T/full.csv" >"$T/cut.csv"
snapshot "$T/before"
expect_rc 65 "$KP" import "$T/cut.csv"
expect_err "kpistat: $T/cut.csv:2: the last row has no line break at its end and would change the stored figure permits.review_days 2026-09 (its note): the file may be cut off; check its end, or give --accept-unterminated"
printf 'metric,period,value\npermits.review_days,2026-09,4' >"$T/cut2.csv"
expect_rc 65 "$KP" import "$T/cut2.csv" --reason "cut"
expect_err "$T/cut2.csv:2: the last row has no line break at its end and would change the stored figure permits.review_days 2026-09 (its value 4.2 -> 4)"
snapshot "$T/after"
same_file "$T/before" "$T/after"
# Unchanged or new figures on an unterminated last row are fine; so is --accept-unterminated.
printf 'metric,period,value\npermits.review_days,2026-09,4.2' >"$T/same.csv"
expect_rc 0 "$KP" import "$T/same.csv"
expect_out "1 rows: 0 new, 0 revised, 1 unchanged"
printf 'metric,period,value\npermits.review_days,2025-09,4.2' >"$T/new.csv"
expect_rc 0 "$KP" import "$T/new.csv"
expect_out "1 rows: 1 new"
expect_rc 0 "$KP" import "$T/cut.csv" --accept-unterminated
expect_out "1 revised"

# Raw records: the same options, and a file cut mid-row does not overwrite a good record.
rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/events.yaml >/dev/null
cat >"$T/permits.csv" <<'C'
permit_id,district,submitted_on,decided_on,fee,status
P-001,1,2024-01-02,2024-01-05,100,issued
P-002,1,2024-01-03,2024-01-12,250.50,issued
C
expect_rc 0 "$KP" events import permits "$T/permits.csv"
{ "$KP" events list; "$KP" export --format csv; } >"$T/ev_before"
head -c -4 "$T/permits.csv" >"$T/pcut.csv"
expect_rc 65 "$KP" events import permits "$T/pcut.csv"
expect_err "kpistat: $T/pcut.csv:3: the last row has no line break at its end and would update the stored record 'P-002': the file may be cut off; check its end, or give --accept-unterminated"
expect_rc 65 "$KP" events import permits "$T/pcut.csv" --skip-bad "$T/rej.csv"
expect_err "$T/pcut.csv:3: the last row has no line break at its end"
expect_rc 65 "$KP" events import permits "$T/pcut.csv" --replace
expect_err "$T/pcut.csv:3: the last row has no line break at its end and would replace the stored records"
{ "$KP" events list; "$KP" export --format csv; } >"$T/ev_after"
same_file "$T/ev_before" "$T/ev_after"
# A new record on an unterminated last row is fine.
printf 'permit_id,district,submitted_on,decided_on,fee,status\nP-003,2,2024-01-10,2024-01-11,75,void' >"$T/pnew.csv"
expect_rc 0 "$KP" events import permits "$T/pnew.csv"
expect_out "1 new"
# Semicolons, a decimal comma, header spelling.
printf 'Permit ID;District;Submitted On;Decided On;Fee;Status\r\nP-004;2;2024-01-20;2024-02-02;1.080,50;issued\r\n' >"$T/psemi.csv"
expect_rc 65 "$KP" events import permits "$T/psemi.csv"
expect_err "$T/psemi.csv:1: this file looks semicolon-separated: use --delimiter ';'"
expect_rc 65 "$KP" events import permits "$T/psemi.csv" --delimiter ';'
expect_err "$T/psemi.csv:2:5: bad value '1.080,50'"
expect_rc 0 "$KP" events import permits "$T/psemi.csv" --delimiter ';' --decimal-comma
expect_out "1 new"
expect_rc 0 "$KP" events import permits "$T/pcut.csv" --accept-unterminated
expect_out "1 updated"

# A catalog cut short in transfer: the plan is listed, nothing is written without --prune.
rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null && "$KP" catalog load samples/city/catalog.yaml >/dev/null
head -c 12326 samples/city/catalog.yaml >"$T/cutcat.yaml"
snapshot "$T/before"
expect_rc 65 "$KP" catalog load "$T/cutcat.yaml"
expect_out "program 'tulstat' removed"
expect_out "dataset 'permits' removed (its records are kept)"
expect_out "metric 'hr.vacancy_rate' retired"
expect_out "geography 'districts' removed"
expect_err "kpistat: $T/cutcat.yaml: catalog not loaded: it would retire or remove 19 things (listed above); if that is meant, load it again with --prune, else check the file (is it cut short?)"
expect_rc 0 "$KP" catalog load "$T/cutcat.yaml" --dry-run
expect_out "dry run: 23 changes not written (loading it needs --prune: it retires or removes something)"
snapshot "$T/after"
same_file "$T/before" "$T/after"
# Adding and changing need no --prune; two YAML documents are an error at the second.
cp samples/city/*.geojson "$T/"	# boundary files are found beside the catalog
sed 's/^city: .*/city: Renamed City/' samples/city/catalog.yaml >"$T/renamed.yaml"
expect_rc 0 "$KP" catalog load "$T/renamed.yaml"
expect_out "catalog updated: 1 change"
{ cat samples/city/catalog.yaml; printf -- '---\ncity: Other\n'; } >"$T/two.yaml"
n=$(($(wc -l <samples/city/catalog.yaml) + 1))
expect_rc 65 "$KP" catalog load "$T/two.yaml"
expect_err "kpistat: $T/two.yaml:$n:1: a second YAML document starts here: a catalog or template is one document (remove this '---' and what follows, or merge the two)"
expect_rc 0 "$KP" catalog load "$T/cutcat.yaml" --dry-run --prune
expect_out "dry run: 24 changes not written"
expect_no_out "needs --prune"
expect_rc 0 "$KP" catalog load "$T/cutcat.yaml" --prune
expect_out "catalog updated: 24 changes"

# Plausible figures: the unit's range (a percentage 0..100, a ratio 0..1, a count >= 0) and
# the catalog's min:/max:, refused with the bound and where it comes from, or kept with
# --allow-outlier and a warning; numbers past 1e15 and underflows refused outright.
fresh_store
snapshot "$T/before"
expect_rc 65 "$KP" record permits.within_5_days 2026-10 150%
expect_err "kpistat: value 150 is above 100, the most for metric 'permits.within_5_days' in % (a percentage lies within 0..100): check the figure, or give --allow-outlier to store it anyway"
expect_rc 65 "$KP" record permits.within_5_days 2026-10 -- -5
expect_err "kpistat: value -5 is below 0, the least for metric 'permits.within_5_days' in % (a percentage lies within 0..100)"
expect_rc 65 "$KP" record fire.share_on_time 2026-10 1.2
expect_err "value 1.2 is above 1, the most for metric 'fire.share_on_time' in ratio (a ratio lies within 0..1)"
expect_rc 65 "$KP" record fire.lift_assists 2026-10 -- -3
expect_err "kpistat: value -3 is below 0, the least for metric 'fire.lift_assists' in calls (a count cannot be negative; give the metric a min: in the catalog if its figures can be): check the figure, or give --allow-outlier to store it anyway"
expect_rc 65 "$KP" record fire.lift_assists 2026-10 -- -9.2e18
expect_err "kpistat: bad value '-9.2e18': out of range: kpistat takes numbers up to 1e15 in size (a thousand trillion), past which a double no longer holds every whole number"
expect_rc 65 "$KP" record fire.lift_assists 2026-10 1e-400
expect_err "kpistat: bad value '1e-400': too close to zero to be kept (below 2.2e-308): give the figure in a larger unit or as 0"
printf 'metric,period,value\npermits.within_5_days,2026-10,150%%\nfire.lift_assists,2026-10,-2\n' >"$T/out.csv"
expect_rc 65 "$KP" import "$T/out.csv"
expect_err "$T/out.csv:2:3: value 150 is above 100, the most for metric 'permits.within_5_days'"
expect_err "$T/out.csv:3:3: value -2 is below 0, the least for metric 'fire.lift_assists'"
snapshot "$T/after"
same_file "$T/before" "$T/after"
expect_rc 0 "$KP" import "$T/out.csv" --allow-outlier
expect_err "kpistat: $T/out.csv:2:3: warning: value 150 is above 100, the most for metric 'permits.within_5_days' in % (a percentage lies within 0..100): kept, as --allow-outlier asks"
expect_out "2 rows: 2 new, 0 revised, 0 unchanged, 2 outside their metric's range (kept)"
expect_rc 0 "$KP" record fire.lift_assists 2026-09 --allow-outlier -- -1
expect_out "recorded fire.lift_assists 2026-09 = -1"
expect_err "kpistat: warning: value -1 is below 0, the least for metric 'fire.lift_assists' in calls"
# A currency takes either sign; min:/max: in the catalog replace the unit's range.
expect_rc 0 "$KP" record fire.budget 2026-Q3 -- -5000
awk '{print} /code: fire.lift_assists/{print "    min: -10"; print "    max: 1,200"}' \
    tests/fixtures/catalog.yaml >"$T/bounds.yaml"
expect_rc 0 "$KP" catalog load "$T/bounds.yaml"
expect_out "metric 'fire.lift_assists' changed: min, max"
expect_rc 0 "$KP" record fire.lift_assists 2026-08 -- -10
expect_rc 65 "$KP" record fire.lift_assists 2026-07 1201
expect_err "kpistat: value 1201 is above 1200, the most for metric 'fire.lift_assists' in calls (the max: the catalog gives it)"
expect_rc 65 "$KP" record fire.lift_assists 2026-07 -- -11
expect_err "value -11 is below -10, the least for metric 'fire.lift_assists' in calls (the min: the catalog gives it)"
expect_rc 0 "$KP" catalog show
expect_out "      range -10 .. 1200"
awk '{print} /code: fire.lift_assists/{print "    min: 5"; print "    max: 1"}' \
    tests/fixtures/catalog.yaml >"$T/badbounds.yaml"
expect_rc 65 "$KP" catalog load "$T/badbounds.yaml"
expect_err "metric 'fire.lift_assists': max: is below min:: expected min <= max"
awk '{print} /code: fire.lift_assists/{print "    min: lots"}' tests/fixtures/catalog.yaml >"$T/badmin.yaml"
expect_rc 65 "$KP" catalog load "$T/badmin.yaml"
expect_err "metric 'fire.lift_assists': min: bad value 'lots': expected a number"

# Targets are held to the same range as figures (a target of 150 % could never be met), each
# with FILE:LINE:COL of its value; nothing is loaded.
fresh_store
snapshot "$T/before"
cat >"$T/targets.yaml" <<'Y'
city: T
departments:
  - { code: dev, name: Dev }
metrics:
  - code: a.pct
    name: A share
    department: dev
    unit: "%"
    direction: higher
    targets: [{ value: 150, from: 2024-01 }]
  - code: b.count
    name: B calls
    department: dev
    unit: calls
    direction: lower
    min: 10
    targets:
      - { value: 12, from: 2024-01 }
      - { value: 5, from: 2025-01 }
  - code: c.cost
    name: C cost
    department: dev
    unit: "$"
    direction: lower
    max: 1000
    targets: [{ value: "$2,000", from: 2024-01 }]
  - code: d.cost
    name: D cost
    department: dev
    unit: "$"
    direction: lower
    targets: [{ value: -50, from: 2024-01 }]
Y
expect_rc 65 "$KP" catalog load "$T/targets.yaml"
expect_err "kpistat: $T/targets.yaml:10:24: metric 'a.pct': target: value 150 is above 100, the most for metric 'a.pct' in % (a percentage lies within 0..100): a target is a figure the metric can have"
expect_err "kpistat: $T/targets.yaml:19:18: metric 'b.count': target: value 5 is below 10, the least for metric 'b.count' in calls (the min: the catalog gives it): a target is a figure the metric can have"
expect_err "kpistat: $T/targets.yaml:26:24: metric 'c.cost': target: value 2000 is above 1000, the most for metric 'c.cost' in \$ (the max: the catalog gives it)"
expect_err "kpistat: catalog not loaded: 3 problems in '$T/targets.yaml'"
snapshot "$T/after"
same_file "$T/before" "$T/after"

# A computed figure outside its metric's range is stored (the records give it; refusing it would
# leave a figure they no longer support), with a warning naming it and a count in the summary.
rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
awk '{print} /unit: permits/{print "    max: 1"}' tests/fixtures/events.yaml >"$T/evmax.yaml"
"$KP" init >/dev/null && "$KP" catalog load "$T/evmax.yaml" >/dev/null
printf 'permit_id,district,submitted_on,decided_on,fee,status
P-1,1,2024-01-02,2024-01-05,10,issued
P-2,1,2024-01-03,2024-01-09,20,issued
P-3,2,2024-02-01,2024-02-02,30,issued
' >"$T/pm.csv"
expect_rc 0 "$KP" events import permits "$T/pm.csv"
expect_rc 0 "$KP" compute --metric permits.decided
expect_err "kpistat: warning: permits.decided 2024-01: computed value 2 is above 1, the most for metric 'permits.decided' in permits (the max: the catalog gives it): stored, as the records give it; check the records, or the metric's min:/max: in the catalog"
expect_err "kpistat: warning: permits.decided 2024-01 district=1: computed value 2 is above 1"
expect_out "; 2 outside their metric's range (kept)"
expect_rc 0 "$KP" export
expect_out "permits.decided,2024-01,,2,"
expect_out "permits.decided,2024-02,,1,"
expect_rc 0 "$KP" compute --metric permits.decided --period 2024-02
expect_no_out "outside their metric's range"
# Computed again with nothing changed: no new warnings.
expect_rc 0 "$KP" compute --metric permits.decided
expect_out "computed 1 metric: 6 figures: 0 new, 0 revised, 6 unchanged"
expect_no_out "outside their metric's range"
checks=$((checks + 1))
! grep -q warning "$T/err" || fail "a recompute that changed nothing warned again"
# A ratio metric too (a percentage of breaches over attendances past 100), warned when it is
# stored and when it changes; a recompute after a revised part revises the ratio.
rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/ratio/catalog.yaml >/dev/null
printf 'metric,period,value\nae.attendances,2024-02,3000\nae.breaches,2024-02,240\nae.attendances,2024-03,100\nae.breaches,2024-03,120\n' >"$T/ae.csv"
"$KP" import "$T/ae.csv" >/dev/null
expect_rc 0 "$KP" compute --metric ae.breach_rate
expect_out "computed 1 metric: 2 figures: 2 new, 0 revised, 0 unchanged; 1 outside their metric's range (kept)"
expect_err "kpistat: warning: ae.breach_rate 2024-03: computed value 120 is above 100, the most for metric 'ae.breach_rate' in % (a percentage lies within 0..100): stored, as the records give it"
expect_rc 0 "$KP" compute --metric ae.breach_rate
expect_out "computed 1 metric: 2 figures: 0 new, 0 revised, 2 unchanged"
expect_no_out "outside"
"$KP" record ae.breaches 2024-02 300 --reason "late returns" >/dev/null
"$KP" record ae.breaches 2024-03 130 --reason "late returns" >/dev/null
expect_rc 0 "$KP" compute --metric ae.breach_rate
expect_out "computed 1 metric: 2 figures: 0 new, 2 revised, 0 unchanged; 1 outside their metric's range (kept)"
expect_err "kpistat: warning: ae.breach_rate 2024-03: computed value 130 is above 100"
expect_rc 0 "$KP" history ae.breach_rate --period 2024-02
expect_out "revised 8 -> 10 by tester at "
expect_out ": recomputed from ae.breaches / ae.attendances"

# Raw records: whole numbers past 64 bits and numbers past 1e15 are errors naming the column.
rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/events.yaml >/dev/null
# compare needs records behind a metric: a metric entered by hand, or one whose dataset is empty.
"$KP" record code.manual 2024-03 12 >/dev/null
expect_rc 65 "$KP" compare code.manual --period 2024-03
expect_err "kpistat: metric 'code.manual' is not computed from records: compare needs the records behind each area's figure (a compute block)"
expect_rc 65 "$KP" compare permits.days --period 2024-03
expect_err "kpistat: metric 'permits.days': dataset 'permits' has no records: load them with 'kpistat events import permits FILE.csv'"
printf 'permit_id,district,submitted_on,decided_on,fee,status\nP-1,-9223372036854775809,2024-01-02,2024-01-05,1,x\nP-2,18446744073709551616,2024-01-02,2024-01-05,1,x\nP-3,1,2024-01-02,2024-01-05,1e-400,x\nP-4,1,2024-01-02,2024-01-05,2e15,x\n' >"$T/big.csv"
expect_rc 65 "$KP" events import permits "$T/big.csv"
expect_err "$T/big.csv:2:2: whole number '-9223372036854775809' is too large (column 'district')"
expect_err "$T/big.csv:3:2: whole number '18446744073709551616' is too large (column 'district')"
expect_err "$T/big.csv:4:5: bad value '1e-400': too close to zero to be kept"
expect_err "$T/big.csv:5:5: bad value '2e15': out of range"

# status with extreme figures stored before these checks: no "inf", no rows of digits.
fresh_store
"$KP" record fire.lift_assists 2026-09 10 >/dev/null
"$KP" record fire.lift_assists 2026-10 12 >/dev/null
"$KP" record permits.within_5_days 2026-10 90 >/dev/null
sqlite3 "$KPISTAT_DB" "UPDATE measurement SET value = CASE period WHEN '2026-10' THEN 1.7e308 ELSE -1.7e308 END WHERE metric = (SELECT id FROM metric WHERE code = 'fire.lift_assists'); UPDATE measurement SET value = 9.2e18 WHERE metric = (SELECT id FROM metric WHERE code = 'permits.within_5_days')"
for fmt in table csv json; do
	expect_rc 0 "$KP" status --format "$fmt"
	expect_no_out "inf"
	checks=$((checks + 1))
	! grep -qE '[0-9,]{25}' "$T/out" || fail "status --format $fmt prints a long row of digits"
done
expect_rc 0 "$KP" status
expect_out "1.7e+308"
expect_out "n/a"
expect_out "9.2e+18%"

# Limits, each with its own message and nothing stored: a note of 10,000 characters, a CSV
# record of 1 MiB and 1,000 fields, a template string of 10,000 characters and a template of
# 1 MiB, 10,000 metrics in a catalog.
fresh_store
long=$(head -c 10001 /dev/zero | tr '\0' 'x')
expect_rc 0 "$KP" record fire.lift_assists 2026-10 5 --note "${long%x}"
snapshot "$T/before"
expect_rc 65 "$KP" record fire.lift_assists 2026-10 5 --note "$long"
expect_err "kpistat: note is too long: 10001 characters, at most 10000 (a paragraph: put a report in a file and refer to it)"
printf 'metric,period,value,note\nfire.lift_assists,2026-09,5,%s\n' "$long" >"$T/longnote.csv"
expect_rc 65 "$KP" import "$T/longnote.csv"
expect_err "$T/longnote.csv:2:4: note is too long: 10001 characters, at most 10000"
{ printf 'metric,period,value,note\nfire.lift_assists,2026-08,5,'; head -c 1100000 /dev/zero | tr '\0' 'y'; printf '\n'; } >"$T/hugeline.csv"
expect_rc 65 "$KP" import "$T/hugeline.csv"
expect_err "kpistat: $T/hugeline.csv:2: the record starting on line 2 is larger than 1 MiB, the most kpistat reads as one line or field: is a quoted field missing its closing quote?"
{ printf 'metric,period,value\n'; printf 'a,%.0s' $(seq 1 1001); printf 'a\n'; } >"$T/wide.csv"
expect_rc 65 "$KP" import "$T/wide.csv"
expect_err "kpistat: $T/wide.csv:2: the record starting on line 2 has more than 1000 fields, the most kpistat reads in one record"
snapshot "$T/after"
same_file "$T/before" "$T/after"

# --reason is kept with each revision like a note: the same limit, before anything is read.
fresh_store
"$KP" record fire.lift_assists 2026-10 5 >/dev/null
snapshot "$T/before"
expect_rc 0 "$KP" record fire.lift_assists 2026-10 6 --reason "${long%x}"
expect_out "revised fire.lift_assists 2026-10: 5 -> 6"
"$KP" record fire.lift_assists 2026-10 5 --reason "back" >/dev/null
snapshot "$T/before"
printf 'metric,period,value\nfire.lift_assists,2026-10,7\n' >"$T/rev.csv"
for cmd in "record fire.lift_assists 2026-10 7" "import $T/rev.csv" "compute" \
    "comment fire.lift_assists 2026-10 words"; do
	expect_rc 65 "$KP" $cmd --reason "$long"
	expect_err "kpistat: --reason is too long: 10001 characters, at most 10000 (a paragraph: put a report in a file and refer to it)"
done
expect_rc 65 "$KP" record fire.lift_assists 2026-10 7 --reason "$(printf 'bad \377 byte')"
expect_err "kpistat: --reason is not valid UTF-8: set the terminal or script to UTF-8"
snapshot "$T/after"
same_file "$T/before" "$T/after"

# Templates: a string past 10,000 characters (libharu stops at 65,535 bytes and took 41.6 s on a
# 1 MB one) and a file past 1 MiB are refused before any PDF is written.
rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null && "$KP" catalog load samples/city/catalog.yaml >/dev/null
"$KP" import samples/city/measurements.csv >/dev/null
awk -v big="$(head -c 70000 /dev/zero | tr '\0' 'x')" '/^title:/{print "title: \"" big "\""; next} {print}' \
    templates/tulstat.yaml >"$T/bigtitle.yaml"
expect_rc 65 "$KP" packet --program tulstat --period 2026-10 -o "$T/big.pdf" --template "$T/bigtitle.yaml"
expect_err "kpistat: $T/bigtitle.yaml:5:8: text of 70000 characters: a template string takes at most 10000"
checks=$((checks + 1))
[ ! -e "$T/big.pdf" ] || fail "a packet was written"
{ cat templates/tulstat.yaml; printf '# %s\n' "$(head -c 1100000 /dev/zero | tr '\0' 'z')"; } >"$T/bigfile.yaml"
expect_rc 65 "$KP" packet --program tulstat --period 2026-10 -o "$T/big.pdf" --template "$T/bigfile.yaml"
expect_err "kpistat: $T/bigfile.yaml: template is $(wc -c <"$T/bigfile.yaml") bytes: a template takes at most 1 MiB"
awk 'BEGIN { print "departments: [{ code: d, name: D }]"; print "metrics:";
    for (i = 0; i <= 10000; i++) printf "  - { code: m%d, name: M, department: d, direction: higher }\n", i }' >"$T/many.yaml"
expect_rc 65 "$KP" catalog load "$T/many.yaml"
expect_err "$T/many.yaml:3:3: catalog: 10001 metrics: a catalog takes at most 10000"

finish
