# The packet follows the Stat cycle: the meeting on the cover and its agenda, the follow-up
# table from earlier sessions (overdue first, closed ones once), a done follow-up's marker and
# "did it work?" sentence on its metric page, late submissions and revisions since the last
# *published* packet in the data notes; --publish records the SHA-256 of the PDF and
# 'packet list' shows it. Bad input: --publish to stdout, --by without --publish.
. tests/cli/lib.sh

text() {	# text FILE.pdf: its text as one line, so wrapped sentences match (warnings dropped)
	pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr '\n' ' ' | tr -s ' '
}

expect_text() {	# expect_text FILE.pdf STRING
	checks=$((checks + 1))
	text "$1" | grep -qF -- "$2" || fail "$(basename "$1") lacks '$2'"
}

expect_row() {	# expect_row FILE.pdf STRING: a line of the page layout (spaces squeezed)
	checks=$((checks + 1))
	pdftotext -layout -enc UTF-8 "$1" - 2>/dev/null | tr -s ' ' | grep -qF -- "$2" ||
	    fail "$(basename "$1") has no row '$2'"
}

expect_no_text() {	# expect_no_text FILE.pdf STRING
	checks=$((checks + 1))
	! text "$1" | grep -qF -- "$2" || fail "$(basename "$1") has '$2'"
}

rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
"$KP" catalog load samples/city/catalog.yaml >/dev/null
export SOURCE_DATE_EPOCH=1791200000	# 2026-10-05: the September cycle
"$KP" import samples/city/measurements.csv --by "sample data" >/dev/null

# Before any publication: an empty list.
expect_rc 0 "$KP" packet list
expect_out "no published packets"

# February's session agreed a follow-up, done in March; then September is locked and published.
expect_rc 0 "$KP" meeting add --program tulstat --period 2026-02 --date 2026-03-05 --by ops
expect_rc 0 "$KP" action add --meeting 1 --owner "Sam Reyes" --due 2026-03-31 \
    --metric streets.pothole_repair_days --by ops "Add a second pothole crew"
expect_rc 0 "$KP" action update 1 --status done --evidence "Crew 2 started 16 March" \
    --on 2026-03-20 --by "Sam Reyes"
expect_rc 0 "$KP" lock --program tulstat --period 2026-09 --force --by ops
S=$T/sep.pdf
expect_rc 0 "$KP" packet --program tulstat --period 2026-09 -o "$S" --publish --by "Perf Office"
expect_out "published tulstat 2026-09: publication 1, sha256 $(sha256sum "$S" | cut -d' ' -f1)"
expect_rc 0 "$KP" packet list --program tulstat
expect_out "$(sha256sum "$S" | cut -d' ' -f1)"
expect_out "Perf Office"
expect_out "2026-09"
expect_rc 0 "$KP" packet list --program blightstat
expect_out "no published packets for 'blightstat'"

# September's session: three follow-ups.
expect_rc 0 "$KP" meeting add --program tulstat --period 2026-09 --date 2026-10-08 --by ops
expect_rc 0 "$KP" action add --meeting 2 --owner "Chief Diaz" --due 2026-10-20 \
    --metric fire.lift_assists --done-when "Repeat-caller list sent to EMS" --by ops \
    "Cut lift-assist repeat callers"
expect_rc 0 "$KP" action add --meeting 2 --owner "Ana Ruiz" --due 2026-12-01 \
    --metric 311.calls_answered_within_60s --by ops "Staff the 311 lunch peak"
expect_rc 0 "$KP" action add --meeting 2 --owner "Lee Park" --due 2026-11-01 --by ops \
    "Survey the crews"
expect_rc 0 "$KP" meeting decide 2 "Fire shares the repeat-caller list with EMS weekly" \
    --by "Mayor Ortiz"
expect_rc 0 "$KP" meeting decide 2 "Pull the 311 abandon rate by hour" --by "Mayor Ortiz" \
    --data-request

# October: progress, a drop, a late figure, a revision after the lock, commentary, the meeting.
export SOURCE_DATE_EPOCH=1793800000	# 2026-11-04
expect_rc 0 "$KP" action update 3 --status in_progress --note "Two hires start in November" \
    --by "Ana Ruiz"
expect_rc 0 "$KP" action update 4 --status dropped --note "Superseded by the staffing plan" \
    --on 2026-10-20 --by "Lee Park"
expect_rc 0 "$KP" call open --program tulstat --period 2026-10 --due 2026-11-02 --by ops
expect_rc 0 "$KP" record 911.call_volume 2026-09 21000 --reason "late CAD export" \
    --by "ECC data desk"
expect_rc 0 "$KP" record sanitation.missed_pickups_per_10k 2026-10 5.4 --by "Sanitation desk"
expect_rc 0 "$KP" comment fire.lift_assists 2026-10 "Three addresses make a third of the calls." \
    --by "Chief Diaz"
expect_rc 0 "$KP" meeting add --program tulstat --period 2026-10 --date 2026-11-05 --time 09:30 \
    --place "City Hall, Room 4" --chair "Mayor Ortiz" --by ops
expect_rc 0 "$KP" meeting agenda 3 --item "Lift-assist calls: repeat callers" --minutes 30 \
    --metric fire.lift_assists
expect_rc 0 "$KP" action add --meeting 3 --owner "Ana Ruiz" --due 2026-12-15 --by ops \
    "Move two agents to the lunch peak"

P=$T/oct.pdf
expect_rc 0 "$KP" packet --program tulstat --period 2026-10 -o "$P"
expect_no_out "published"
expect_text "$P" "Thursday 5 November 2026, 09:30"
expect_text "$P" "City Hall, Room 4"
expect_text "$P" "Mayor Ortiz"
expect_no_text "$P" "date to be set"
expect_text "$P" "Lift-assist calls: repeat callers"
expect_text "$P" "30 min"
# The follow-up table: overdue, in progress, then the one dropped since the last session.
expect_row "$P" "F-2 Cut lift-assist repeat callers Chief Diaz 20 Oct 2026 Overdue"
expect_row "$P" "F-3 Staff the 311 lunch peak Ana Ruiz 1 Dec 2026 In progress"
expect_text "$P" "Dropped: Superseded by the staffing plan"
checks=$((checks + 1))
pdftotext -layout "$P" - 2>/dev/null | tr '\n' ' ' |
    grep -q "F-2 *Cut lift-assist.*F-3 *Staff the 311.*F-4 *Survey the crews" ||
    fail "follow-ups not in tracker order (overdue, in progress, closed)"
# F-1 closed before the September session: not in the table, but its effect on its chart.
expect_no_text "$P" "Add a second pothole crew Sam Reyes"
expect_no_text "$P" "Move two agents"	# agreed at this packet's own session
expect_text "$P" "F-1 done 20 Mar"
expect_text "$P" "Since follow-up F-1 (add a second pothole crew) was done in March 2026, 7 of 7 months have been below the former average of 2.8 days: a real change, an improvement."
expect_text "$P" "Three addresses make a third of the calls."
# Data notes: the late department and the revision since the published September packet.
expect_text "$P" "Late and missing submissions"
expect_text "$P" "Late: Missed collections per 10,000 pick-ups (entered 4 November 2026)"
expect_text "$P" "Revised since the September 2026 packet"
expect_text "$P" "22,922 calls → 21,000 calls after the figure was locked, by ECC data desk on 4 November 2026, reason: late CAD export."
expect_text "$P" "Next steps"

# Without a meeting record the cover still takes --meeting-date.
expect_rc 0 "$KP" packet --program blightstat --period 2026-10 -o "$T/b.pdf" \
    --meeting-date 2026-11-12
expect_text "$T/b.pdf" "Thursday 12 November 2026"

# Bad input: nothing published.
expect_rc 64 "$KP" packet --program tulstat --period 2026-10 -o - --publish
expect_err "kpistat: --publish needs a file to record: give -o FILE.pdf"
expect_rc 64 "$KP" packet --program tulstat --period 2026-10 -o "$T/x.pdf" --by someone
expect_err "--by names who publishes: it goes with --publish"
expect_rc 64 "$KP" packet list --program
expect_rc 64 "$KP" packet list extra
expect_err "unexpected argument 'extra'"
expect_rc 0 "$KP" packet list
expect_no_out " 2026-10  "

# The T+1 memo of September's session: decisions, follow-ups agreed, data requests, and the
# next session (October's, with its agenda).
M=$T/memo.pdf
expect_rc 0 "$KP" memo --meeting 2 -o "$M" --from "Office of Performance"
expect_out "wrote $M: 1 page; 1 decision, 3 follow-ups, 1 data request"
expect_text "$M" "RivStat follow-up memo"
expect_text "$M" "Date 9 October 2026"
expect_text "$M" "Fire shares the repeat-caller list with EMS weekly Mayor Ortiz"
expect_row "$M" "F-2 Cut lift-assist repeat callers Chief Diaz 20 October 2026 Repeat-caller list sent to EMS"
expect_row "$M" "F-4 Survey the crews Lee Park 1 November 2026 to be agreed with the owner"
expect_text "$M" "Data requests Request Asked by When Pull the 311 abandon rate by hour"
expect_text "$M" "Thursday 5 November 2026 at 09:30, City Hall, Room 4. Focus: 1. Lift-assist calls: repeat callers (30 min)."
checks=$((checks + 1))
[ "$(pdfinfo "$M" 2>/dev/null | sed -n 's/^Pages: *//p')" = 1 ] || fail "memo is not one page"
# Deterministic: the same bytes twice; the memo's date can be given.
expect_rc 0 "$KP" memo --meeting M-2 -o "$T/m1.pdf" --deterministic
expect_rc 0 "$KP" memo --meeting 2 -o "$T/m2.pdf" --deterministic
same_file "$T/m1.pdf" "$T/m2.pdf"
expect_rc 0 "$KP" memo --meeting 3 -o "$T/m3.pdf" --date 2026-11-09
expect_text "$T/m3.pdf" "Date 9 November 2026"
expect_text "$T/m3.pdf" "No decisions were recorded."
expect_text "$T/m3.pdf" "Not scheduled yet."
# Bad input: a clear message, an exit status, no file.
expect_rc 64 "$KP" memo -o "$T/bad.pdf"
expect_err "--meeting ID is required"
expect_rc 64 "$KP" memo --meeting x -o "$T/bad.pdf"
expect_err "bad meeting ID 'x'"
expect_rc 65 "$KP" memo --meeting 99 -o "$T/bad.pdf"
expect_err "no meeting 99"
expect_rc 64 "$KP" memo --meeting 2 --date 2026-02-30 -o "$T/bad.pdf"
expect_err "memo date '2026-02-30'"
expect_rc 64 "$KP" memo --meeting 2 --paper a3 -o "$T/bad.pdf"
expect_rc 64 "$KP" memo --meeting 2 --from "  " -o "$T/bad.pdf"
expect_rc 73 "$KP" memo --meeting 2 -o "$T/no/such/dir/m.pdf"
checks=$((checks + 1))
[ ! -e "$T/bad.pdf" ] || fail "a failed memo left a file"

# Publishing October: 'since the last packet' now counts from it.
expect_rc 0 "$KP" packet --program tulstat --period 2026-10 -o "$P" --publish
expect_out "publication 2"
expect_rc 0 "$KP" packet list
expect_out "tester"
finish
