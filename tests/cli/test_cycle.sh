# The Stat cycle end to end, two months of it, on a fresh store: data call, figures (one
# department late, one off-target figure without commentary), lock, publish, meeting with
# follow-ups, a revision after the lock, follow-ups closed and moved; then every bad input
# the cycle's commands refuse, each with its message, exit status and an unchanged store.
. tests/cli/lib.sh

# The clock each step runs at (stamps entries, decides what is late and overdue).
at() { SOURCE_DATE_EPOCH=$(date -u -d "$1" +%s); export SOURCE_DATE_EPOCH; }

rm -f "$KPISTAT_DB"*
at 2026-03-01T09:00:00Z
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load tests/fixtures/cycle.yaml

# Thirty months of history. Lift assists run near 212 until March 2026, then near 180.
awk 'BEGIN {
	print "metric,period,value";
	for (i = 0; i < 30; i++) {
		y = 2024 + int((i + 2) / 12); m = (i + 2) % 12 + 1; p = sprintf("%d-%02d", y, m);
		w = (i * 7) % 11 - 5;
		printf "permits.review_days,%s,%.1f\n", p, 4.6 + w / 20;
		printf "permits.within_5_days,%s,%.1f\n", p, 93 + w / 10;
		printf "fire.lift_assists,%s,%d\n", p, (p < "2026-04" ? 212 : 178) + w;
		printf "pw.missed_pickups,%s,%.1f\n", p, 4.4 + w / 25;
	}
}' >"$T/history.csv"
expect_rc 0 "$KP" import "$T/history.csv" --by "Data steward"
expect_out "120 rows: 120 new"

# A session in March with a follow-up on lift assists, done that month.
expect_rc 0 "$KP" meeting add --program tulstat --period 2026-02 --date 2026-03-05 --chair "Mayor Ruiz"
expect_out "meeting 1: tulstat 2026-02 on 2026-03-05"
expect_rc 0 "$KP" action add --meeting 1 --owner "Michael Baker" --due 2026-03-31 \
    --metric fire.lift_assists --type written_update --done-when "home visits started" \
    "Cut lift-assist repeat callers"
expect_out "F-1: Cut lift-assist repeat callers, owner Michael Baker, due 2026-03-31"
at 2026-03-25T12:00:00Z
expect_rc 0 "$KP" action update F-1 --status done --evidence "Community paramedics visit the 12 top callers weekly" --on 2026-03-20 --by "Michael Baker"
expect_out "F-1: done, due 2026-03-31 (green)"

# ---- Cycle 1: September 2026 ----
at 2026-10-01T09:00:00Z
expect_rc 0 "$KP" call open --program tulstat --period 2026-09 --due 2026-10-07 --cutoff 2026-10-09
expect_out "opened the data call for tulstat 2026-09: figures due 2026-10-07, data cutoff 2026-10-09"
expect_rc 0 "$KP" call open --program tulstat --period 2026-09 --due 2026-10-07
expect_out "unchanged: the data call for tulstat 2026-09 is open"
expect_rc 0 "$KP" call status
expect_out "Data call tulstat 2026-09: figures due 2026-10-07, cutoff 2026-10-09; open"
expect_out "Development Services"
expect_out "0 of 2  missing"

at 2026-10-05T10:00:00Z
expect_rc 0 "$KP" record permits.review_days 2026-09 4.6 --by "Pat Smith" --note "Steady."
expect_rc 0 "$KP" record permits.within_5_days 2026-09 88.5% --by "Pat Smith"
expect_rc 0 "$KP" record pw.missed_pickups 2026-09 4.3 --by "Kevin O'Connell"
at 2026-10-09T16:00:00Z
expect_rc 0 "$KP" record fire.lift_assists 2026-09 176 --by "Michael Baker"

expect_rc 0 "$KP" call status --program tulstat --period 2026-09
expect_out "Fire Department"
expect_out "Late (entered after the due date):"
expect_out "fire.lift_assists 2026-09: 911 lift-assist calls, entered 2026-10-09 by Michael Baker [fire]"
expect_out "Off target without commentary:"
expect_out "permits.within_5_days 2026-09: Permits decided within 5 days = 88.5 [dev]"
expect_rc 0 "$KP" call status --program tulstat --period 2026-09 --format csv
expect_out "program,period,due,department,department_name,head,status,expected,submitted,late,missing,late_figures,unexplained,stale"
expect_out "tulstat,2026-09,2026-10-07,fire,Fire Department,Michael Baker,submitted,1,1,1,,fire.lift_assists 2026-09,,"
expect_out "tulstat,2026-09,2026-10-07,dev,Development Services,Pat Smith,submitted,2,2,0,,,permits.within_5_days 2026-09,"
expect_rc 0 "$KP" call status --program tulstat --period 2026-09 --format json
expect_out '"unexplained": ['
expect_out '"state": "open"'

# The lock refuses an off-target figure without commentary, and changes nothing.
at 2026-10-10T09:00:00Z
snapshot "$T/before"
expect_rc 65 "$KP" lock --program tulstat --period 2026-09
expect_err "cannot lock tulstat 2026-09: 1 figure is off target without commentary:"
expect_err "permits.within_5_days 2026-09 = 88.5 (Permits decided within 5 days, dev)"
expect_err "give each a commentary ('kpistat comment METRIC PERIOD TEXT'), or lock with --force"
expect_rc 0 "$KP" lock list
expect_out "no locked periods"
snapshot "$T/after"
same_file "$T/before" "$T/after"

expect_rc 0 "$KP" comment permits.within_5_days 2026-09 "Two plan reviewers at code training." --by "Pat Smith"
expect_out "commentary on permits.within_5_days 2026-09"
expect_rc 0 "$KP" comment permits.within_5_days 2026-09 "Two plan reviewers were at code training for a week." --by "Pat Smith"
expect_out "revised the commentary on permits.within_5_days 2026-09"
expect_rc 0 "$KP" comment permits.within_5_days 2026-09 "Two plan reviewers were at code training for a week." --by "Pat Smith"
expect_out "unchanged: commentary on"
expect_rc 0 "$KP" comment --history permits.within_5_days
expect_out "2026-09  (city)           current, by Pat Smith"
expect_out "2026-09  (city)           earlier, by Pat Smith"
expect_out "  Two plan reviewers at code training."

expect_rc 0 "$KP" lock --program tulstat --period 2026-09 --by "Analyst"
expect_out "locked tulstat 2026-09: 4 figures frozen; changing them now needs --reason"
expect_rc 0 "$KP" lock --program tulstat --period 2026-09
expect_out "already locked: tulstat 2026-09 (nothing changed)"
expect_rc 0 "$KP" lock list
expect_out "tulstat      2026-09  locked 2026-10-10T09:00:00Z by Analyst"

# Locked: record, import, comment and changes need --reason; nothing changes without one.
snapshot "$T/before"
expect_rc 65 "$KP" record fire.lift_assists 2026-09 181
expect_err "'fire.lift_assists' 2026-09 is locked (tulstat 2026-09): to enter or change it give --reason TEXT"
expect_rc 65 "$KP" record fire.lift_assists 2026-09 176 --note "late note"
expect_err "to change its note give --reason TEXT"
printf 'metric,period,value\nfire.lift_assists,2026-09,181\n' >"$T/late.csv"
expect_rc 65 "$KP" import "$T/late.csv"
expect_err "late.csv:2:3: fire.lift_assists 2026-09 is locked for its Stat packet: give --reason TEXT"
expect_rc 65 "$KP" comment fire.lift_assists 2026-09 "Lower again."
expect_err "fire.lift_assists 2026-09 is locked (tulstat 2026-09): give --reason TEXT to change its commentary"
snapshot "$T/after"
same_file "$T/before" "$T/after"
# The same figure again is harmless.
expect_rc 0 "$KP" record fire.lift_assists 2026-09 176
expect_out "unchanged"

# Publish the September packet, hold the meeting, agree three follow-ups.
at 2026-10-12T09:00:00Z
expect_rc 0 "$KP" packet --program tulstat --period 2026-09 -o "$T/sep.pdf" --publish --by "Analyst"
expect_out "published tulstat 2026-09: publication 1, sha256 $(sha256sum "$T/sep.pdf" | cut -d' ' -f1)"
expect_rc 0 "$KP" meeting add --program tulstat --period 2026-09 --date 2026-10-14 --time 09:30 \
    --place "City Hall, Room 201" --chair "Mayor Ruiz" --attendee "Pat Smith" \
    --attendee "Michael Baker" --attendee "Kevin O'Connell" --notes "Focus: permits and lift assists"
expect_out "meeting 2: tulstat 2026-09 on 2026-10-14 at 09:30, City Hall, Room 201"
expect_rc 0 "$KP" meeting agenda 2 --item "Follow-ups from the last session" --minutes 10
expect_out "meeting 2, agenda item 1: Follow-ups from the last session (10 min)"
expect_rc 0 "$KP" meeting agenda M-2 --item "Permit review backlog" --minutes 25 --metric permits.within_5_days
expect_out "agenda item 2"
at 2026-10-14T11:00:00Z
expect_rc 0 "$KP" meeting decide 2 "Hire two contract plan reviewers for 90 days" --by "Mayor Ruiz"
expect_out "meeting 2: decision 1 by Mayor Ruiz: Hire two contract plan reviewers"
expect_rc 0 "$KP" meeting decide 2 "Permit backlog by review type, weekly" --by "Mayor Ruiz" --data-request
expect_out "data request 2"
expect_rc 0 "$KP" action add --meeting 2 --owner "Pat Smith" --due 2026-10-31 --metric permits.within_5_days \
    --type "new workgroup/project" --done-when "contracts signed" "Bring in two contract plan reviewers"
expect_out "F-2:"
expect_rc 0 "$KP" action add --meeting 2 --owner "Michael Baker" --due 2026-10-20 --metric fire.lift_assists \
    --type "Written update" "Report repeat-caller visits by station"
expect_out "F-3:"
expect_rc 0 "$KP" action add --meeting 2 --owner "Kevin O'Connell" --due 2026-11-30 --type memo \
    "Route 14 resequencing memo"
expect_out "F-4:"
expect_rc 0 "$KP" meeting list
expect_out "   2  tulstat      2026-09  2026-10-14 09:30, City Hall, Room 201; chair Mayor Ruiz"
expect_rc 0 "$KP" meeting show 2
expect_out "attendees: Pat Smith, Michael Baker, Kevin O'Connell"
expect_out "  2. Permit review backlog [permits.within_5_days] (25 min)"
expect_out "  decision 1, 2026-10-14 by Mayor Ruiz: Hire two contract plan reviewers for 90 days"
expect_out "  data request 2, 2026-10-14 by Mayor Ruiz"
expect_out "  F-2 open        white  due 2026-10-31, Pat Smith: Bring in two contract plan reviewers"

# After the meeting: a locked figure revised with a reason; follow-ups move.
at 2026-10-20T10:00:00Z
expect_rc 0 "$KP" record fire.lift_assists 2026-09 181 --reason "CAD export missed 5 calls" --by "Michael Baker"
expect_out "revised fire.lift_assists 2026-09: 176 -> 181"
expect_rc 0 "$KP" action update F-2 --status in_progress --note "Two contracts in review" --by "Pat Smith"
expect_out "F-2: in_progress, due 2026-10-31 (yellow)"
at 2026-10-28T10:00:00Z
expect_rc 0 "$KP" action update F-4 --due 2026-12-15 --plan "Pilot the new sequence on Route 14 first" --by "Kevin O'Connell"
expect_out "F-4: open, due 2026-12-15 (white)"

# ---- Cycle 2: October 2026 ----
at 2026-11-01T09:00:00Z
expect_rc 0 "$KP" call open --program tulstat --period 2026-10 --due 2026-11-06
at 2026-11-04T09:00:00Z
expect_rc 0 "$KP" record permits.review_days 2026-10 4.4 --by "Pat Smith"
expect_rc 0 "$KP" record permits.within_5_days 2026-10 92.4 --by "Pat Smith" --note "Contract reviewers started."
expect_rc 0 "$KP" record fire.lift_assists 2026-10 177 --by "Michael Baker"
at 2026-11-05T09:00:00Z
expect_rc 0 "$KP" action update F-2 --status done --evidence "Contracts signed 2026-11-02; reviewers started 2026-11-04" --by "Pat Smith"
expect_out "F-2: done"
expect_rc 0 "$KP" call status --program tulstat --period 2026-10
expect_out "Public Works               Kevin O'Connell       0 of 1  missing"
expect_out "pw.missed_pickups 2026-10: Missed collections per 10,000 [pw]"
expect_rc 0 "$KP" lock --program tulstat --period 2026-10
expect_out "locked tulstat 2026-10: 4 figures frozen"
# A late figure for a locked period goes in with a reason.
at 2026-11-08T09:00:00Z
expect_rc 0 "$KP" record pw.missed_pickups 2026-10 4.1 --reason "Submitted after the lock" --by "Kevin O'Connell"
expect_rc 0 "$KP" call close --program tulstat --period 2026-10
expect_out "closed the data call for tulstat 2026-10"
expect_rc 0 "$KP" call status --program tulstat
expect_out "closed (opened 2026-11-01"

# The tracker: one overdue (red), one open (white), one closed with evidence.
at 2026-11-06T09:00:00Z
expect_rc 0 "$KP" action list --program tulstat
expect_out "F-3    open        red    2026-10-20 Michael Baker      Report repeat-caller visits by station"
expect_out "F-4    open        white  2026-12-15 Kevin O'Connell    Route 14 resequencing memo"
expect_out "F-2    done        green  2026-10-31 Pat Smith          Bring in two contract plan reviewers"
expect_out "evidence: Contracts signed 2026-11-02"
expect_rc 0 "$KP" action list --overdue
expect_out "F-3"
expect_no_out "F-4"
expect_rc 0 "$KP" action list --open --owner "Kevin O'Connell" --format csv
expect_out "F-4,tulstat,2,2026-10-14,,Kevin O'Connell,2026-12-15,memo,open,white,Route 14 resequencing memo"
expect_no_out "F-3"
expect_rc 0 "$KP" action list --closed-since 2026-11-01 --format json
expect_out '"id": "F-2"'
expect_out '"evidence": "Contracts signed 2026-11-02; reviewers started 2026-11-04"'
expect_no_out '"id": "F-1"'
expect_rc 0 "$KP" action show F-4
expect_out "  due        2026-12-15"
expect_out "  type       Memo"
expect_out "  2026-10-14T11:00:00Z by tester: raised, due 2026-11-30"
expect_out "  2026-10-28T10:00:00Z by Kevin O'Connell: due 2026-11-30 -> 2026-12-15"
expect_out "    plan: Pilot the new sequence on Route 14 first"

# October's packet follows the cycle up (pdftotext, lines joined and spaces squeezed).
expect_rc 0 "$KP" packet --program tulstat --period 2026-10 -o "$T/oct.pdf"
pdftotext -enc UTF-8 "$T/oct.pdf" - | tr '\n' ' ' | tr -s ' ' >"$T/oct.txt"
pdf_has() { checks=$((checks + 1)); grep -qF -- "$1" "$T/oct.txt" || fail "October packet lacks '$1'"; }
pdf_has "Revised since the September 2026 packet"
pdf_has "176 calls → 181 calls after the figure was locked, by Michael Baker on 20 October 2026, reason: CAD export missed 5 calls."
pdf_has "Late and missing submissions"
pdf_has "Public Works"
pdf_has "Late: Missed collections per 10,000 (entered 8 November 2026)"
pdf_has "F-3 Report repeat-caller visits by station"
pdf_has "Overdue"
pdf_has "F-4 Route 14 resequencing memo"
pdf_has "Pilot the new sequence on Route 14 first"
pdf_has "F-2 Bring in two contract plan reviewers"
pdf_has "Contracts signed 2026-11-02; reviewers started 2026-11-04"
pdf_has "Since follow-up F-1 (cut lift-assist repeat callers) was done in March 2026, 7 of 7 months have been below the former average of"
pdf_has "a real change, an improvement"
pdf_has "Next steps"

# ---- Bad input: a clear message, a non-zero exit, nothing stored changes ----
snapshot "$T/before"
sqlite3 "$KPISTAT_DB" "SELECT count(*) FROM action_item; SELECT count(*) FROM action_event;
    SELECT count(*) FROM meeting; SELECT count(*) FROM commentary; SELECT count(*) FROM data_call" >"$T/rows.before"
expect_rc 65 "$KP" action add --meeting 99 --owner "Pat Smith" --due 2026-12-01 "x"
expect_err "no meeting 99: 'kpistat meeting list' shows the meetings"
expect_rc 65 "$KP" action add --meeting 2 --owner "Pat Smith" --due 2026-12-01 --metric permits.reviewdays "x"
expect_err "unknown metric 'permits.reviewdays'"
expect_rc 65 "$KP" action list --program citistat
expect_err "unknown program 'citistat': expected one of tulstat"
expect_rc 65 "$KP" action add --meeting 2 --owner "Pat Smith" --due 2026-10-01 "x"
expect_err "due date 2026-10-01 is before the meeting it comes from (2026-10-14, meeting 2)"
expect_rc 64 "$KP" action add --meeting 2 --owner "Pat Smith" --due 2026-02-30 "x"
expect_err "bad due date '2026-02-30': 2026-02 has no day 30"
expect_rc 64 "$KP" action add --meeting 2 --owner "Pat Smith" --due 12/05/2026 "x"
expect_err "bad due date '12/05/2026': expected a date as YYYY-MM-DD (e.g. 2026-11-05)"
expect_rc 64 "$KP" action add --meeting 2 --owner "Pat Smith" --due 2026-12-01 --type report "x"
expect_err "bad type 'report': expected one of email_update, memo, meeting, workgroup, agenda_item, report_out, todo, written_update"
expect_rc 64 "$KP" action add --meeting 2 --owner "" --due 2026-12-01 "x"
expect_err "owner is empty: give one accountable person's name"
expect_rc 64 "$KP" action add --meeting 2 --owner "Pat Smith, Kevin O'Connell" --due 2026-12-01 "x"
expect_err "names more than one: give one accountable person"
expect_rc 64 "$KP" action update F-3 --status finished --by "Michael Baker"
expect_err "bad status 'finished': expected open, in_progress, done or dropped"
expect_rc 65 "$KP" action update F-3 --status done --by "Michael Baker"
expect_err "F-3 cannot be done without evidence: give --evidence TEXT"
expect_rc 65 "$KP" action update F-3 --due 2026-12-01 --by "Michael Baker"
expect_err "a new due date needs a revised plan: give --plan TEXT"
expect_rc 65 "$KP" action update F-3 --status dropped --by "Michael Baker"
expect_err "dropping F-3 needs --note TEXT saying why"
expect_rc 64 "$KP" action update F-3 --note "x"
expect_err "'action update' needs --by NAME"
expect_rc 65 "$KP" action update F-99 --note "x" --by "Michael Baker"
expect_err "no follow-up F-99"
expect_rc 65 "$KP" call open --program tulstat --period 2026-Q3 --due 2026-10-07
expect_err "period '2026-Q3' is a quarter, but program 'tulstat' meets monthly: expected YYYY-MM"
expect_rc 65 "$KP" call open --program citistat --period 2026-11 --due 2026-12-07
expect_err "unknown program 'citistat'"
expect_rc 64 "$KP" call open --program tulstat --period 2026-11
expect_err "'call open' needs --due DATE"
expect_rc 64 "$KP" meeting add --program tulstat --period 2026-11 --date 2026-12-03 --time 25:00
expect_err "bad meeting time '25:00': expected a time of day as HH:MM, 00:00 to 23:59"
expect_rc 64 "$KP" meeting decide 2 "x"
expect_err "'meeting decide' needs --by NAME"
expect_rc 65 "$KP" meeting agenda 7 --item "x"
expect_err "no meeting 7"
expect_rc 65 "$KP" comment permits.reviewdays 2026-10 "x"
expect_err "unknown metric 'permits.reviewdays'"
expect_rc 65 "$KP" comment permits.review_days 2026-Q3 "x"
expect_err "period '2026-Q3' is a quarter, but metric 'permits.review_days' is reported monthly"
expect_rc 65 "$KP" comment fire.lift_assists 2026-10 "Still down." 
expect_err "is locked (tulstat 2026-10): give --reason TEXT"
expect_rc 64 "$KP" comment permits.review_days 2026-11 "   "
expect_err "commentary is empty"
head -c 10001 /dev/zero | tr '\0' 'a' >"$T/long.txt"
expect_rc 65 "$KP" comment permits.review_days 2026-11 "$(cat "$T/long.txt")"
expect_err "commentary is too long: 10001 characters, at most 10000"
snapshot "$T/after"
same_file "$T/before" "$T/after"
sqlite3 "$KPISTAT_DB" "SELECT count(*) FROM action_item; SELECT count(*) FROM action_event;
    SELECT count(*) FROM meeting; SELECT count(*) FROM commentary; SELECT count(*) FROM data_call" >"$T/rows.after"
same_file "$T/rows.before" "$T/rows.after"

# ---- Computed figures in a locked period change only with --reason ----
R=$T/rec.db
"$KP" --db "$R" init >/dev/null
"$KP" --db "$R" catalog load samples/city/catalog.yaml >/dev/null
head -400 samples/city/events/permits.csv >"$T/permits.csv"
expect_rc 0 "$KP" --db "$R" events import permits "$T/permits.csv"
expect_rc 0 "$KP" --db "$R" compute --metric permits.decided
expect_rc 0 "$KP" --db "$R" lock --program recordstat --period 2023-11
expect_out "locked recordstat 2023-11: 8 figures frozen"
expect_rc 0 "$KP" --db "$R" compute --metric permits.decided
expect_out "0 new, 0 revised"
# A decision date corrected into November adds one permit to November's locked count.
sed '2s/2023-10-08T03:28:31/2023-11-02T03:28:31/' "$T/permits.csv" >"$T/permits2.csv"
expect_rc 0 "$KP" --db "$R" events import permits "$T/permits2.csv"
"$KP" --db "$R" export >"$T/rec.before"
expect_rc 65 "$KP" --db "$R" compute --metric permits.decided
expect_err "the records change permits.decided 2023-11, which is locked for its Stat packet ('kpistat lock list'): give --reason TEXT"
"$KP" --db "$R" export >"$T/rec.after"
same_file "$T/rec.before" "$T/rec.after"
expect_rc 0 "$KP" --db "$R" compute --metric permits.decided --reason "BLD-2023-00001 decided in November"
expect_out "revised"
run sqlite3 "$R" "SELECT what, period, breakdown, reason FROM late_change ORDER BY id LIMIT 1"
expect_out "revised|2023-11||BLD-2023-00001 decided in November"

# ---- A store written by the schema-3 release migrates with nothing lost ----
gunzip -c tests/fixtures/schema3/store.db.gz >"$T/old.db"
expect_rc 0 "$KP" --db "$T/old.db" export
gunzip -c tests/fixtures/schema3/export.csv.gz >"$T/old-export.csv"
same_file "$T/out" "$T/old-export.csv"
expect_rc 0 "$KP" --db "$T/old.db" history permits.within_5_days --period 2026-10
same_file "$T/out" tests/fixtures/schema3/history.txt
expect_rc 0 "$KP" --db "$T/old.db" events list
same_file "$T/out" tests/fixtures/schema3/events-list.txt
run sqlite3 "$T/old.db" "PRAGMA user_version; PRAGMA integrity_check"
expect_out "ok"
expect_rc 0 "$KP" --db "$T/old.db" call open --program tulstat --period 2026-10 --due 2026-11-03

finish
