# CSV import: formats people produce, all or nothing, every bad row reported, idempotent.
. tests/cli/lib.sh

fresh_store
# BOM, CRLF, quoted comma and embedded newline, typed values, breakdown and note columns.
printf '\xef\xbb\xbfmetric,period,value,breakdown,note\r\n' >"$T/good.csv"
printf 'permits.review_days,2026-09,4.2,,"Slower, because of leave"\r\n' >>"$T/good.csv"
printf 'permits.review_days,2026-10,3.9,,"Line one\r\nline two"\r\n' >>"$T/good.csv"
printf 'permits.within_5_days,2026-10,89%%,,\r\n' >>"$T/good.csv"
printf 'fire.lift_assists,2026-10,"1,234",,\r\n' >>"$T/good.csv"
printf 'fire.lift_assists,2026-10,400,district=1,Medellín St\r\n' >>"$T/good.csv"
printf 'fire.budget,2026-Q3,"$2,920,000",,\r\n' >>"$T/good.csv"
expect_rc 0 "$KP" import "$T/good.csv" --dry-run
expect_out "dry run, nothing written"
expect_out "6 rows: 6 new"
expect_rc 0 "$KP" export
expect_no_out "permits.review_days"
expect_rc 0 "$KP" import "$T/good.csv"
expect_out "6 rows: 6 new, 0 revised, 0 unchanged"
expect_rc 0 "$KP" import "$T/good.csv"
expect_out "6 rows: 0 new, 0 revised, 6 unchanged"
expect_rc 0 "$KP" export
expect_out 'permits.review_days,2026-10,,3.9'
expect_out 'fire.lift_assists,2026-10,district=1,400'
expect_out 'fire.budget,2026-Q3,,2920000'
expect_out '"Line one'
expect_out 'Medellín St'

# Columns in another order, LF only, no optional columns.
printf 'period,value,metric\n2026-08,4.4,permits.review_days\n' >"$T/reordered.csv"
expect_rc 0 "$KP" import "$T/reordered.csv"
expect_out "1 rows: 1 new"

# A changed value in a re-import needs --reason; then it is a revision.
sed 's/2026-09,4.2/2026-09,4.6/' "$T/good.csv" >"$T/changed.csv"
snapshot "$T/before"
expect_rc 65 "$KP" import "$T/changed.csv"
expect_err "$T/changed.csv:2:3: stored figure would change from 4.2 to 4.6: give --reason"
snapshot "$T/after"
same_file "$T/before" "$T/after"
expect_rc 0 "$KP" import "$T/changed.csv" --reason "September corrected" --by analyst
expect_out "1 revised, 5 unchanged"
expect_rc 0 "$KP" history permits.review_days --period 2026-09
expect_out "revised 4.2 -> 4.6 by analyst"

# One bad row and nothing is written; every bad row is listed as FILE:LINE:COL.
snapshot "$T/before"
cat >"$T/bad.csv" <<'C'
metric,period,value,breakdown
permits.review_days,2026-07,4.1,
nosuch.metric,2026-07,1,
permits.review_days,2026-13,1,
permits.review_days,2026-06,abc,
permits.review_days,2026-05,NaN,
permits.review_days,2026-04,inf,
permits.review_days,2026-03,,
permits.review_days,2026-Q1,1,
fire.lift_assists,2026-07,5,district
permits.review_days,2026-07,4.1,
permits.review_days,2026-02,1
fire.drills,2026-W54,1,
permits.review_days,26-10,1,
C
expect_rc 65 "$KP" import "$T/bad.csv"
expect_err "$T/bad.csv:3:1: unknown metric 'nosuch.metric'"
expect_err "$T/bad.csv:4:2: bad period '2026-13': month must be 01..12"
expect_err "$T/bad.csv:5:3: bad value 'abc'"
expect_err "$T/bad.csv:6:3: bad value 'NaN'"
expect_err "$T/bad.csv:7:3: bad value 'inf'"
expect_err "$T/bad.csv:8:3: empty value"
expect_err "$T/bad.csv:9:2: period '2026-Q1' is a quarter"
expect_err "$T/bad.csv:10:4: bad breakdown 'district'"
expect_err "$T/bad.csv:11:1: duplicate row: permits.review_days 2026-07 appears earlier in this file"
expect_err "$T/bad.csv:12:1: wrong number of columns: expected 4 as in the header, found 3"
expect_err "$T/bad.csv:13:2: bad period '2026-W54'"
expect_err "$T/bad.csv:14:2: bad period '26-10'"
expect_err "nothing imported: 12 problems"
snapshot "$T/after"
same_file "$T/before" "$T/after"

# A stored figure given twice in one file: found too, with the line it was first given on.
printf 'metric,period,value\npermits.review_days,2026-10,3.9\npermits.review_days,2026-10,3.9\n' >"$T/twice.csv"
expect_rc 65 "$KP" import "$T/twice.csv"
expect_err "twice.csv:3:1: duplicate row: permits.review_days 2026-10 is already given on line 2"

# Invalid UTF-8: reported with its place; the rows around it are still checked.
printf 'metric,period,value,note\npermits.review_days,2026-01,4,caf\xe9\nnosuch,2026-01,1,\n' >"$T/latin1.csv"
expect_rc 65 "$KP" import "$T/latin1.csv"
expect_err "$T/latin1.csv:2:4: not UTF-8 (line 2 looks like Windows-1252): save it as CSV UTF-8 (field 4)"
expect_err "$T/latin1.csv:3:1: unknown metric"

# Empty file, header only, missing file, bad header.
: >"$T/empty.csv"
expect_rc 65 "$KP" import "$T/empty.csv"
expect_err "empty file: expected a header line metric,period,value"
printf 'metric,period,value\n' >"$T/header.csv"
expect_rc 0 "$KP" import "$T/header.csv"
expect_out "0 rows"
expect_rc 66 "$KP" import "$T/missing.csv"
expect_err "cannot open"
printf 'metric,period,amount\nx,2026-01,1\n' >"$T/badhead.csv"
expect_rc 65 "$KP" import "$T/badhead.csv"
expect_err "unknown column 'amount'"
expect_err "the header has no 'value' column"
printf 'metric,period,value\npermits.review_days,2026-01,"4\n' >"$T/unterminated.csv"
expect_rc 65 "$KP" import "$T/unterminated.csv"
expect_err "unterminated"
snapshot "$T/after2"
same_file "$T/before" "$T/after2"

# Standard input.
printf 'metric,period,value\npermits.review_days,2026-01,4.8\n' >"$T/stdin.csv"
expect_rc 0 "$KP" import - <"$T/stdin.csv"
expect_out "1 new"

# An export imports back: into a fresh store it adds everything, into the same store nothing.
"$KP" export >"$T/export.csv"
expect_rc 0 "$KP" import "$T/export.csv"
expect_out "0 new, 0 revised"
mv "$KPISTAT_DB" "$T/first.db"; rm -f "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
fresh_store
expect_rc 0 "$KP" import "$T/export.csv"
expect_out "0 revised, 0 unchanged"
"$KP" export | cut -d, -f1-4 >"$T/export2.csv"
cut -d, -f1-4 "$T/export.csv" >"$T/export1.csv"
same_file "$T/export1.csv" "$T/export2.csv"

# Every figure that would change is reported in one run, even after another bad row.
printf 'metric,period,value\nnosuch,2026-01,1\npermits.review_days,2026-09,9\npermits.review_days,2026-10,9\n' >"$T/two.csv"
expect_rc 65 "$KP" import "$T/two.csv"
expect_err "two.csv:3:3: stored figure would change"
expect_err "two.csv:4:3: stored figure would change"

finish
