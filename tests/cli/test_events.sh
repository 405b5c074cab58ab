# Raw records: events import (typed, all or nothing, FILE:LINE:COL, --skip-bad, keys, modes,
# data-quality warnings, crash safety, a full disk) and compute (measures, zero-fill, breakdowns,
# idempotence, revisions, incremental periods, hand entry refused).
. tests/cli/lib.sh

events_store() {
	rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm" "$KPISTAT_DB-journal"
	"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/events.yaml >/dev/null
}
# Everything the store holds about records and figures, as text.
ev_snapshot() {
	{ "$KP" events list; "$KP" export --format csv; } >"$1"
}

events_store
cat >"$T/permits.csv" <<'C'
permit_id,district,submitted_on,decided_on,fee,status
P-001,1,2024-01-02,2024-01-05,100,issued
P-002,1,2024-01-03,2024-01-12,250.50,issued
P-003,2,2024-01-10,2024-01-11,75,void
P-004,2,2024-01-20,2024-02-02,80,issued
P-005,1,2024-02-01,,90,pending
P-006,2,2024-03-28,2024-04-01,60,issued
C

# An unknown dataset, a missing file, usage.
expect_rc 65 "$KP" events import nosuch "$T/permits.csv"
expect_err "unknown dataset 'nosuch': expected one of the datasets in the catalog"
expect_rc 66 "$KP" events import permits "$T/missing.csv"
expect_err "cannot open"
expect_rc 64 "$KP" events import permits
expect_rc 64 "$KP" events import permits "$T/permits.csv" --replace --append
expect_err "give --replace or --append, not both"

# A good file; then the same again changes nothing.
expect_rc 0 "$KP" events import permits "$T/permits.csv"
expect_out "permits: 6 rows: 6 new, 0 updated"
expect_rc 0 "$KP" events import permits "$T/permits.csv"
expect_out "6 rows: 0 new, 0 updated, 6 unchanged"
expect_rc 0 "$KP" events list
expect_out "permits"
expect_out "6 records"

# A header that does not match the dataset: every problem, nothing written.
ev_snapshot "$T/before"
printf 'permit_id,district,submitted,decided_on,fee,status,status,extra\nP-9,1,2024-01-01,2024-01-02,1,x,x,y\n' >"$T/badhead.csv"
expect_rc 65 "$KP" events import permits "$T/badhead.csv"
expect_err "$T/badhead.csv:1:3: column 'submitted' is not in dataset 'permits'"
expect_err "$T/badhead.csv:1:7: column 'status' appears twice in the header"
expect_err "$T/badhead.csv:1:8: column 'extra' is not in dataset 'permits'"
expect_err "$T/badhead.csv:1:1: the header has no 'submitted_on' column"
expect_err "nothing imported"
: >"$T/empty.csv"
expect_rc 65 "$KP" events import permits "$T/empty.csv"
expect_err "empty file"

# Bad fields: each reported as FILE:LINE:COL with what would be accepted; nothing written.
cat >"$T/bad.csv" <<'C'
permit_id,district,submitted_on,decided_on,fee,status
P-101,1,2023-02-30,2023-03-01,1,issued
P-102,1,31/12/2023,2024-01-02,1,issued
P-103,x1,2024-01-01,2024-01-02,1,issued
P-104,1,2024-01-01,2024-01-02,1.2.3,issued
,1,2024-01-01,2024-01-02,1,issued
P-106,1,2024-01-01
P-107,1,2024-13-01,0999-01-01,1,issued
P-108,1,2024-01-01,2024-01-02,1,issued
P-108,2,2024-01-01,2024-01-03,1,issued
C
expect_rc 65 "$KP" events import permits "$T/bad.csv"
expect_err "$T/bad.csv:2:3: bad date '2023-02-30': February 2023 has 28 days (column 'submitted_on')"
expect_err "$T/bad.csv:3:3: bad date '31/12/2023': expected YYYY-MM-DD (ISO 8601)"
expect_err "$T/bad.csv:4:2: bad whole number 'x1'"
expect_err "$T/bad.csv:5:5: bad value '1.2.3'"
expect_err "$T/bad.csv:6:1: no value: column 'permit_id' is required"
expect_err "$T/bad.csv:7:1: wrong number of columns: expected 6 as in the header, found 3"
expect_err "$T/bad.csv:8:3: bad date '2024-13-01': month must be 01..12"
expect_err "$T/bad.csv:8:4: bad date '0999-01-01': the year must be 1000..9999"
expect_err "$T/bad.csv:10:1: key 'P-108' appears on an earlier row of this file"
expect_err "nothing imported: 9 problems"
ev_snapshot "$T/after"
same_file "$T/before" "$T/after"

# --skip-bad: bad rows go to the reject file (same header), the others are imported.
expect_rc 0 "$KP" events import permits "$T/bad.csv" --skip-bad "$T/rejects.csv"
expect_out "9 rows: 1 new, 0 updated, 0 unchanged, 8 skipped (in $T/rejects.csv)"
expect_err "$T/bad.csv:2:3: skipped: bad date '2023-02-30'"
checks=$((checks + 1))
[ "$(head -1 "$T/rejects.csv")" = "permit_id,district,submitted_on,decided_on,fee,status" ] ||
	fail "reject file header: $(head -1 "$T/rejects.csv")"
checks=$((checks + 1))
[ "$(wc -l <"$T/rejects.csv")" = 9 ] || fail "reject file has $(wc -l <"$T/rejects.csv") lines, expected 9"
checks=$((checks + 1))
grep -q '^P-102,1,31/12/2023,2024-01-02,1,issued$' "$T/rejects.csv" || fail "reject file lacks row P-102"
# Fixed, the rejects import (P-108's second row was the duplicate: now it updates P-108).
sed -e 's/2023-02-30/2023-02-28/; s#31/12/2023#2023-12-31#; s/,x1,/,1,/; s/1\.2\.3/1.5/' \
    -e 's/^,1,/P-105,1,/; s/^P-106,1,2024-01-01$/P-106,1,2024-01-01,2024-01-09,1,issued/' \
    -e 's/2024-13-01,0999-01-01/2024-12-01,2024-12-09/' "$T/rejects.csv" >"$T/fixed.csv"
expect_rc 0 "$KP" events import permits "$T/fixed.csv"
expect_out "8 rows: 7 new, 1 updated"

# --append refuses stored keys; --replace makes the file the dataset.
expect_rc 65 "$KP" events import permits "$T/permits.csv" --append
expect_err "$T/permits.csv:2:1: key 'P-001' is already stored: --append adds new records only"
expect_rc 0 "$KP" events import permits "$T/permits.csv" --replace
expect_out "6 rows: 6 new, 0 updated"
expect_rc 0 "$KP" events list
expect_out "6 records"

# Computed metrics: figures per period and breakdown, computed, and hand entry refused.
expect_rc 0 "$KP" compute
expect_out "computed 4 metrics"
expect_err "metric 'code.open': dataset 'cases' has no records"
expect_rc 0 "$KP" export
expect_out "permits.days,2024-01,,3"
expect_out "permits.days,2024-01,district=1,6"
expect_out "permits.days,2024-01,district=2,1"
expect_out "permits.days,2024-02,,13"
expect_out "permits.decided,2024-01,,3"
expect_out "permits.decided,2024-03,,0"
expect_out "permits.decided,2024-02,district=1,0"
expect_out "permits.within_5,2024-01,,66.6666666667"
expect_out "permits.fees,2024-01,,350.5"
expect_no_out "permits.days,2024-03"
expect_no_out "permits.within_5,2024-03"
expect_out ",computed,"
expect_rc 65 "$KP" record permits.days 2024-05 4
expect_err "metric 'permits.days' is computed from raw records and takes no figures by hand: run 'kpistat compute' instead"
printf 'metric,period,value\npermits.days,2024-05,4\n' >"$T/hand.csv"
expect_rc 65 "$KP" import "$T/hand.csv"
expect_err "is computed from raw records"
expect_rc 0 "$KP" record code.manual 2024-01 12
expect_rc 0 "$KP" status --period 2024-01
expect_out "Permits decided within"
expect_out "66.7%"

# Idempotent: computing again changes nothing.
expect_rc 0 "$KP" compute
expect_out "0 new, 0 revised"
# A changed record: the next compute revises, with the dataset as the reason.
sed 's/P-002,1,2024-01-03,2024-01-12/P-002,1,2024-01-10,2024-01-12/' "$T/permits.csv" >"$T/permits2.csv"
expect_rc 0 "$KP" events import permits "$T/permits2.csv"
expect_out "0 new, 1 updated, 5 unchanged"
expect_rc 0 "$KP" compute --period 2024-01
expect_out "revised"
expect_rc 0 "$KP" history permits.days --period 2024-01
expect_out "recomputed from permits"
expect_rc 0 "$KP" compute
expect_out "0 new, 0 revised"
expect_rc 0 "$KP" compute --since 2024-02 --metric permits.decided
expect_out "computed 1 metric:"
expect_rc 65 "$KP" compute --metric code.manual
expect_err "metric 'code.manual' has no compute block"
expect_rc 65 "$KP" compute --metric code.open
expect_err "dataset 'cases' has no records"
expect_rc 64 "$KP" compute --period 2024-13
expect_rc 64 "$KP" compute --period 2024-01 --since 2024-01

# Date-times in a custom format and zone, filters on text and numbers, a percentile.
cat >"$T/calls.csv" <<'C'
call_id,received_at,call_type,priority,answer_seconds
1,01/31/2024 11:30 PM,LIFT ASSIST,2,10
2,02/01/2024 01:15 AM,LIFT ASSIST,1,20
3,02/01/2024 09:00 AM,MEDICAL,3,N/A
4,02/02/2024 12:00 PM,LIFT ASSIST,3,30
5,02/03/2024 12:00 AM,LIFT ASSIST,,40
C
expect_rc 0 "$KP" events import calls "$T/calls.csv"
expect_out "5 rows: 5 new"
expect_rc 0 "$KP" compute --metric fire.lift_assists
expect_rc 0 "$KP" export
expect_out "fire.lift_assists,2024-01,,1"
expect_out "fire.lift_assists,2024-02,,1"
expect_rc 0 "$KP" compute --metric fire.answer_p90
expect_rc 0 "$KP" export
expect_out "fire.answer_p90,2024-01,,10"
expect_out "fire.answer_p90,2024-02,,38"
printf 'call_id,received_at,call_type,priority,answer_seconds\n9,2024-02-01 10:00,X,1,3\n' >"$T/isocall.csv"
expect_rc 65 "$KP" events import calls "$T/isocall.csv"
expect_err "$T/isocall.csv:2:2: bad date-time '2024-02-01 10:00': expected %m/%d/%Y %I:%M %p"

# Cases: a close before the open is kept, warned about and left out; open counts at month end.
cat >"$T/cases.csv" <<'C'
case_id,opened_on,closed_on,kind
C-1,2024-01-05,2024-02-10,weeds
C-2,2024-01-20,,debris
C-3,2024-02-01,2024-02-29,weeds
C-4,2024-03-15,2024-03-01,debris
C-5,2024-04-30,,weeds
C
expect_rc 0 "$KP" events import cases "$T/cases.csv"
expect_err "$T/cases.csv:5:3: warning: closed_on 2024-03-01 is before opened_on 2024-03-15: kept, but left out"
expect_err "1 data-quality warning (records kept)"
expect_out "5 rows: 5 new, 0 updated, 0 unchanged, 1 warning"
expect_rc 0 "$KP" compute --metric code.open
expect_out "1 data-quality note"
expect_rc 0 "$KP" export
expect_out "code.open,2024-01,,2"
expect_out "code.open,2024-02,,1"
expect_out "code.open,2024-03,,1"
expect_out "code.open,2024-04,,2"
expect_out "code.open,2024-02,kind=weeds,0"
expect_out "code.open,2024-04,kind=weeds,1"
expect_rc 0 "$KP" compute --period 2024-03 --metric code.open
expect_out "0 new, 0 revised"

# The catalog changes a dataset's columns: imports need --replace, compute says so.
sed 's/fee: number, status: text }/fee: number, status: text, note: text }/' tests/fixtures/events.yaml >"$T/changed.yaml"
expect_rc 0 "$KP" catalog load "$T/changed.yaml"
expect_out "dataset 'permits' changed"
expect_rc 65 "$KP" compute --metric permits.days
expect_err "import them again with --replace"
sed '1s/$/,note/; 2,$s/$/,/' "$T/permits2.csv" >"$T/permits3.csv"
expect_rc 65 "$KP" events import permits "$T/permits3.csv"
expect_err "import the whole file again with --replace"
expect_rc 0 "$KP" events import permits "$T/permits3.csv" --replace
expect_rc 0 "$KP" compute --metric permits.days
expect_out "0 new, 0 revised"

# SIGKILL during an import: the store is intact and holds none of it. The import reads a FIFO
# and is killed while it waits for more, after 300,000 rows (more than the page cache holds).
events_store
"$KP" events import permits "$T/permits.csv" >/dev/null
ev_snapshot "$T/before"
mkfifo "$T/fifo"
"$KP" events import permits - <"$T/fifo" >/dev/null 2>&1 &
pid=$!
exec 3>"$T/fifo"
awk 'BEGIN { print "permit_id,district,submitted_on,decided_on,fee,status";
    for (i = 0; i < 300000; i++) printf "K%07d,%d,2024-01-%02d,2024-02-%02d,%d,issued\n", i, i % 5, i % 28 + 1, i % 28 + 1, i % 500 }' >&3
sleep 1
checks=$((checks + 1))
kill -9 $pid 2>/dev/null || fail "the import ended before it could be killed"
exec 3>&-
wait $pid 2>/dev/null
checks=$((checks + 1))
[ "$(sqlite3 "$KPISTAT_DB" 'PRAGMA integrity_check')" = ok ] || fail "store damaged after SIGKILL"
ev_snapshot "$T/after"
same_file "$T/before" "$T/after"

# A file larger than the disk allows fails cleanly (here: a 1 MB file-size limit).
awk 'BEGIN { print "permit_id,district,submitted_on,decided_on,fee,status";
    for (i = 0; i < 200000; i++) printf "L%07d,%d,2024-01-%02d,2024-02-%02d,%d,issued\n", i, i % 5, i % 28 + 1, i % 28 + 1, i % 500 }' >"$T/large.csv"
run bash -c "trap '' XFSZ; ulimit -f 1024; exec \"\$0\" events import permits \"\$1\"" "$KP" "$T/large.csv"
checks=$((checks + 1))
[ "$rc" = 74 ] || fail "full disk: exit status $rc, expected 74"
expect_err "disk is full (or the file size limit was reached): nothing was written"
expect_err "nothing imported"
checks=$((checks + 1))
[ "$(sqlite3 "$KPISTAT_DB" 'PRAGMA integrity_check')" = ok ] || fail "store damaged by a full disk"
ev_snapshot "$T/after2"
same_file "$T/before" "$T/after2"
expect_rc 0 "$KP" events import permits "$T/large.csv"
expect_out "200000 rows: 200000 new"

# The same rows out of key order: sorted through a temporary file in $TMPDIR; with no room there
# the import fails cleanly too; with room it stores exactly what the file in key order does.
awk 'BEGIN { print "permit_id,district,submitted_on,decided_on,fee,status";
    for (j = 0; j < 200000; j++) { i = (j * 7919) % 200000;
    printf "L%07d,%d,2024-01-%02d,2024-02-%02d,%d,issued\n", i, i % 5, i % 28 + 1, i % 28 + 1, i % 500 } }' \
    >"$T/shuffled.csv"
events_store
ev_snapshot "$T/before3"
run bash -c "trap '' XFSZ; ulimit -f 4096; exec \"\$0\" events import permits \"\$1\"" "$KP" "$T/shuffled.csv"
checks=$((checks + 1))
[ "$rc" = 74 ] || fail "full temporary space: exit status $rc, expected 74"
expect_err "cannot sort the records of 'permits' that are out of key order in a temporary file"
ev_snapshot "$T/after3"
same_file "$T/before3" "$T/after3"
mkdir -p "$T/tmp"
expect_rc 0 env TMPDIR="$T/tmp" "$KP" events import permits "$T/shuffled.csv"
expect_out "200000 rows: 200000 new"
checks=$((checks + 1))
[ -z "$(ls -A "$T/tmp")" ] || fail "temporary files left in TMPDIR: $(ls -A "$T/tmp")"
expect_rc 0 "$KP" events import permits "$T/large.csv"
expect_out "200000 rows: 0 new, 0 updated, 200000 unchanged"

# Standard input, and no progress output when stderr is not a terminal.
events_store
expect_rc 0 "$KP" events import permits - <"$T/permits.csv"
expect_out "standard input: permits: 6 rows: 6 new"
checks=$((checks + 1))
[ ! -s "$T/err" ] || fail "stderr not empty: $(cat "$T/err")"
if command -v script >/dev/null; then
	script -qec "$KP events import permits $T/large.csv" /dev/null >"$T/tty.out" 2>&1
	checks=$((checks + 1))
	grep -q "rows, .* MB/s" "$T/tty.out" || fail "no progress bar on a terminal"
fi

# Rows out of key order are sorted before they are stored: a key given twice is still found,
# with the line of the later row, after every row has been read; --skip-bad writes it aside.
events_store
cat >"$T/unsorted.csv" <<'C'
permit_id,district,submitted_on,decided_on,fee,status
P-009,1,2024-01-02,2024-01-05,100,issued
P-003,1,2024-01-03,2024-01-12,250.50,issued
P-007,2,2024-01-10,2024-01-11,75,void
P-003,2,2024-01-20,2024-02-02,80,"issued, late"
P-001,1,2024-02-01,,90,pending
C
expect_rc 65 "$KP" events import permits "$T/unsorted.csv"
expect_err "$T/unsorted.csv:5:1: key 'P-003' appears on an earlier row of this file"
expect_err "nothing imported: 1 problem"
expect_rc 0 "$KP" events import permits "$T/unsorted.csv" --skip-bad "$T/rej2.csv"
expect_out "5 rows: 4 new, 0 updated, 0 unchanged, 1 skipped"
checks=$((checks + 1))
[ "$(tail -1 "$T/rej2.csv")" = 'P-003,2,2024-01-20,2024-02-02,80,"issued, late"' ] ||
	fail "reject file: $(tail -1 "$T/rej2.csv")"
expect_rc 0 "$KP" events list
expect_out "permits"
# The first P-003 (line 3) is the one stored.
expect_rc 0 "$KP" events import permits "$T/unsorted.csv" --skip-bad "$T/rej3.csv"
expect_out "5 rows: 0 new, 0 updated, 4 unchanged, 1 skipped"

# Records stored by an earlier build, one row per record: a clear word, and --replace mends it.
sqlite3 "$KPISTAT_DB" "UPDATE dataset_state SET table_sig = substr(table_sig, 9)
    WHERE dataset = 'permits'"
expect_rc 65 "$KP" events import permits "$T/permits.csv"
expect_err "the records of dataset 'permits' were stored by an older kpistat, in another layout:"
expect_err "import the whole file again with --replace"
expect_rc 0 "$KP" events import permits "$T/permits.csv" --replace
expect_out "6 rows: 6 new"

finish
