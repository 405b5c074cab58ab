# Entering figures by hand: checks, revisions with reasons, nothing overwritten silently.
. tests/cli/lib.sh

fresh_store
expect_rc 0 "$KP" record permits.review_days 2026-10 4.2 --note "Two reviewers back from leave" --by "Pat"
expect_out "recorded permits.review_days 2026-10 = 4.2"
expect_rc 0 "$KP" record permits.review_days 2026-10 4.2
expect_out "unchanged"

# A different value needs a reason, and is then kept as a revision.
snapshot "$T/before"
expect_rc 65 "$KP" record permits.review_days 2026-10 4.5
expect_err "already has 4.2; to change it to 4.5 give --reason"
snapshot "$T/after"
same_file "$T/before" "$T/after"
expect_rc 0 "$KP" record permits.review_days 2026-10 4.5 --reason "late permits added" --by "Lee"
expect_out "revised permits.review_days 2026-10: 4.2 -> 4.5"
expect_rc 0 "$KP" history permits.review_days
expect_out "2026-10"
expect_out "revised 4.2 -> 4.5 by Lee at 2026-09-21T14:13:20Z: late permits added"
expect_out "note: Two reviewers back from leave"

# Values as people type them; the unit decides what '%' means.
expect_rc 0 "$KP" record permits.within_5_days 2026-10 89%
expect_out "= 89"
expect_rc 0 "$KP" record fire.share_on_time 2026-10 89%
expect_out "= 0.89"
expect_rc 0 "$KP" record fire.lift_assists 2026-10 1,234
expect_out "= 1234"
expect_rc 0 "$KP" record fire.budget 2026-Q3 '$2,920,000'
expect_out "= 2920000"
expect_rc 0 "$KP" record fire.drills 2026-W43 3
expect_rc 0 "$KP" record fire.inspections_fy FY2026 410
expect_rc 0 "$KP" record fire.lift_assists 2026-10 17 --breakdown district=3
expect_out "district=3"
expect_rc 0 "$KP" record -- fire.lift_assists 2026-09 -0
expect_rc 0 "$KP" record permits.review_days 2026-09 3.9 --note "Bogotá Ave “rush” – ≥ 92 %"

# Bad input: each refused with a clear message, exit 65, store unchanged.
snapshot "$T/before"
expect_rc 65 "$KP" record nosuch.metric 2026-10 1
expect_err "unknown metric 'nosuch.metric'"
expect_rc 65 "$KP" record permits.review_days 2026-13 1
expect_err "bad period '2026-13': month must be 01..12"
expect_rc 65 "$KP" record fire.drills 2026-W54 1
expect_err "bad period '2026-W54'"
expect_rc 65 "$KP" record permits.review_days 26-10 1
expect_err "bad period '26-10': expected a month (2026-10), quarter (2026-Q3), ISO week (2026-W43), year (2026) or fiscal year (FY2026)"
expect_rc 65 "$KP" record permits.review_days 2026-Q3 1
expect_err "period '2026-Q3' is a quarter, but metric 'permits.review_days' is reported monthly"
expect_rc 65 "$KP" record fire.budget 2026-10 1
expect_err "is reported quarterly"
for v in abc NaN nan inf -inf Infinity '1,23' '1.2.3' '0x10' '5 days'; do
	expect_rc 65 "$KP" record -- permits.review_days 2026-08 "$v"
	expect_err "bad value '$v'"
done
expect_rc 65 "$KP" record permits.review_days 2026-08 ""
expect_err "empty value"
expect_rc 65 "$KP" record fire.lift_assists 2026-08 12%
expect_err "calls"
expect_rc 65 "$KP" record fire.lift_assists 2026-08 5 --breakdown district
expect_err "bad breakdown 'district': expected KEY=VALUE"
expect_rc 65 "$KP" record fire.lift_assists 2026-08 5 --note "$(printf 'bad \xff byte')"
expect_err "not valid UTF-8"
snapshot "$T/after"
same_file "$T/before" "$T/after"

finish
