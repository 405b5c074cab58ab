#!/usr/bin/env bash
# Riverton runs its Stat cycle: what `make demo` does after loading the catalog. Each step runs
# on the clock it would have happened on (SOURCE_DATE_EPOCH), so "late" and "overdue" mean
# what they would have meant then:
#   2025-03  the March session asks for electronic plan review; it goes live 1 April (F-1, done:
#            the packet's metric page says whether review times really changed after it)
#   2026-10  September's data call (one off-target figure without commentary stops the lock
#            until it is explained), the lock, the packet published, the session on 15 October
#            with its agenda, decisions and follow-ups; a locked figure revised with a reason
#   2026-11  October's call (Parks late, Public Works missing a figure), follow-ups closed,
#            moved and dropped, the lock, and the session on 12 November
# Usage: samples/city/cycle.sh KPISTAT STORE [PACKET.pdf] [MEMO.pdf]
set -eu
K=$1
DB=$2
PACKET=${3:-packet.pdf}
MEMO=${4:-memo.pdf}
S=samples/city
kp() { "$K" --db "$DB" "$@"; }
at() { SOURCE_DATE_EPOCH=$(date -u -d "$1" +%s); export SOURCE_DATE_EPOCH; }

# The figures as the departments sent them in early October; Parks' October figure comes late.
at 2026-10-06T15:00:00Z
grep -v '^parks.mowing_cycle_days,2026-10,' $S/measurements.csv >"$DB.import.csv"
kp import "$DB.import.csv" --by "Data steward"
rm -f "$DB.import.csv"
for d in permits calls911 blight_cases; do
	kp events import $d $S/events/$d.csv --by "Data steward" 2>/dev/null
done
kp compute --by "Data steward"

# March 2025: the follow-up that worked.
at 2025-03-06T10:00:00Z
kp meeting add --program tulstat --period 2025-02 --date 2025-03-06 --time 09:00 \
    --place "City Hall, Room 201" --chair "Mayor Ellen Park" >/dev/null
kp action add --by "Office of Performance" --meeting 1 --owner "Angela Ruiz" --due 2025-04-30 --metric permits.review_days \
    --type workgroup --done-when "applications reviewed online" "Launch electronic plan review" >/dev/null
at 2025-04-02T10:00:00Z
kp action update F-1 --status done --on 2025-04-01 --by "Angela Ruiz" \
    --evidence "Electronic plan review live 1 April; every new application submitted online" >/dev/null

# September 2026.
at 2026-10-01T09:00:00Z
kp call open --program tulstat --period 2026-09 --due 2026-10-07 --cutoff 2026-10-09 --by "Office of Performance"
at 2026-10-09T09:00:00Z
kp lock --program tulstat --period 2026-09 --by "Office of Performance" 2>&1 | sed 's/^/  (expected) /' || true
kp comment finance.invoices_paid_30_days 2026-09 "Two payment runs slipped when the new ERP module went live; both cleared in the first week of October." --by "Susan Castellano"
kp comment permits.within_5_days 2026-09 "Commercial plan review queue grew after the August code update; two reviewers cross-trained." --by "Angela Ruiz"
kp comment fire.lift_assists 2026-09 "Repeat callers at two senior residences make up a third of lift assists." --by "Chief Marcus Delaney"
kp comment police.priority1_response 2026-09 "Two patrol vacancies in District 4; overtime covers nights only." --by "Chief Darnell Hughes"
kp comment code.open_blight_cases 2026-09 "Closures up 12 % on August, but new complaints still outpace them." --by "Rosa Villanueva"
kp comment 311.calls_answered_within_60s 2026-09 "Evening peak understaffed: three call-takers on leave." --by "Priya Raman"
kp comment hr.vacancy_rate 2026-09 "Hiring freeze lifted 1 September; 14 offers out." --by "Gregory Ames"
kp lock --program tulstat --period 2026-09 --by "Office of Performance"
kp call close --program tulstat --period 2026-09 --by "Office of Performance"
at 2026-10-13T09:00:00Z
kp packet --program tulstat --period 2026-09 -o "$DB.2026-09.pdf" --publish --by "Office of Performance" >/dev/null
rm -f "$DB.2026-09.pdf"
kp meeting add --program tulstat --period 2026-09 --date 2026-10-15 --time 09:30 \
    --place "City Hall, Room 201" --chair "Mayor Ellen Park" --attendee "Angela Ruiz" \
    --attendee "Chief Marcus Delaney" --attendee "Priya Raman" --attendee "Susan Castellano" \
    --notes "Focus: lift-assist calls and 311 answer times" >/dev/null
kp meeting agenda 2 --item "Follow-ups from the last session" --minutes 10 >/dev/null
kp meeting agenda 2 --item "911 lift-assist calls: repeat callers" --minutes 25 --metric fire.lift_assists >/dev/null
kp meeting agenda 2 --item "311 answer times" --minutes 20 --metric 311.calls_answered_within_60s >/dev/null
kp meeting agenda 2 --item "Repeat back follow-ups, owners, dates" --minutes 5 >/dev/null
at 2026-10-15T11:00:00Z
kp meeting decide 2 "Fund the community paramedic pilot for the 12 most frequent callers" --by "Mayor Ellen Park" >/dev/null
kp meeting decide 2 "311 call volume by hour of day, last 13 weeks" --by "Mayor Ellen Park" --data-request >/dev/null
kp action add --by "Office of Performance" --meeting 2 --owner "Chief Marcus Delaney" --due 2026-10-31 --metric fire.lift_assists \
    --type written_update --done-when "visit schedule for the 12 callers" "Start home visits for repeat lift-assist callers" >/dev/null
kp action add --by "Office of Performance" --meeting 2 --owner "Priya Raman" --due 2026-11-30 --metric 311.calls_answered_within_60s \
    --type agenda_item "Staffing plan for the 311 evening peak" >/dev/null
kp action add --by "Office of Performance" --meeting 2 --owner "Susan Castellano" --due 2026-11-06 --metric finance.invoices_paid_30_days \
    --type memo "Memo on invoice approval delays in the ERP" >/dev/null
kp action add --by "Office of Performance" --meeting 2 --owner "Lamar Whitfield" --due 2026-11-15 --metric parks.mowing_cycle_days \
    --type todo "Mowing contract extension for the late-season cycle" >/dev/null
at 2026-10-20T10:00:00Z
kp record fire.lift_assists 2026-09 216 --reason "CAD export missed two calls on 30 September" --by "Chief Marcus Delaney"
kp action update F-3 --status in_progress --note "Rota drafted; two call-takers move to 16:00-24:00" --by "Priya Raman" >/dev/null

# October 2026.
at 2026-11-01T09:00:00Z
kp call open --program tulstat --period 2026-10 --due 2026-11-06 --by "Office of Performance"
at 2026-11-04T12:00:00Z
kp action update F-4 --status done --evidence "Memo of 4 November: approvals now routed to deputies after 5 days" --by "Susan Castellano" >/dev/null
kp action update F-3 --due 2026-12-15 --plan "Hire two part-time call-takers for the evening; rota starts after training" --by "Priya Raman" >/dev/null
kp action update F-5 --status dropped --note "Season ended early; contract question moves to the spring budget" --by "Lamar Whitfield" >/dev/null
at 2026-11-09T16:00:00Z
kp record parks.mowing_cycle_days 2026-10 11.3 --by "Lamar Whitfield"
kp comment finance.invoices_paid_30_days 2026-10 "Backlog from September cleared; deputies now approve invoices waiting more than 5 days." --by "Susan Castellano"
kp call status --program tulstat --period 2026-10
at 2026-11-10T09:00:00Z
kp lock --program tulstat --period 2026-10 --by "Office of Performance"
kp call close --program tulstat --period 2026-10 --by "Office of Performance"
kp meeting add --program tulstat --period 2026-10 --date 2026-11-12 --time 09:30 \
    --place "City Hall, Room 201" --chair "Mayor Ellen Park" --attendee "Chief Marcus Delaney" \
    --attendee "Priya Raman" --attendee "Rosa Villanueva" >/dev/null
kp meeting agenda 3 --item "Follow-ups from the last session" --minutes 10 >/dev/null
kp meeting agenda 3 --item "Lift assists: are home visits working?" --minutes 25 --metric fire.lift_assists >/dev/null
kp meeting agenda 3 --item "Open blight cases" --minutes 20 --metric code.open_blight_cases >/dev/null
kp packet --program tulstat --period 2026-10 -o "$PACKET" --publish --by "Office of Performance"
# The T+1 memo of the October session (meeting 2): its decisions, follow-ups and data request.
kp memo --meeting 2 -o "$MEMO" --from "Office of Performance" >/dev/null
