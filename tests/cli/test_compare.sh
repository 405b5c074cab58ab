# `kpistat compare`: each district against the pool of districts, with verdicts worked out by
# hand, the JSON shape, and the refusals (no breakdown, no denominators, no records).
. tests/cli/lib.sh

rm -f "$KPISTAT_DB"
"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/compare/catalog.yaml >/dev/null
# March 2026 closures. District 1: 80 in 5 days, 20 in 30; district 2: 50 in 10, 50 in 40;
# district 3: 65 in 7, 35 in 20; and 10 cases with no district (2 days).
{
	echo "case_id,district,opened_on,closed_on"
	id=0
	row() {	# district days count
		for _ in $(seq "$3"); do
			id=$((id + 1))
			printf '%d,%s,%s,2026-03-31\n' "$id" "$1" "$(date -u -d "2026-03-31 - $2 days" +%F)"
		done
	}
	row 1 5 80; row 1 30 20; row 2 10 50; row 2 40 50; row 3 7 65; row 3 20 35; row "" 2 10
} >"$T/cases.csv"
"$KP" events import cases "$T/cases.csv" >/dev/null && "$KP" compute >/dev/null

# Shares: pool 195/300 = 65 %; at n = 100 the 99.8 % limits are 65 -+ 3.0902 * 4.7697 =
# 50.26 .. 79.74 and the 95 % ones 55.65 .. 74.35: district 1 (80 %) is above, district 2 (50 %)
# below, district 3 (65 %) inside. Higher is better.
expect_rc 0 "$KP" compare cases.within_14_days --format json
expect_out '"metric": "cases.within_14_days"'
expect_out '"period": "2026-03"'
expect_out '"numerator": 195'
expect_out '"denominator": 300'
expect_out '"value": 65'
expect_out '"unplaced": 10'
expect_out '"lower_998": 50.26'
expect_out '"upper_998": 79.73'
expect_out '"upper_95": 74.34'
tr -d ' \n' <"$T/out" >"$T/flat"
grep -q '"area":"1","name":null,"numerator":80,"denominator":100,"value":80,.*"verdict":"high_998"' "$T/flat" ||
	fail "district 1 is not high_998"
grep -q '"area":"2",.*"value":50,.*"verdict":"low_998".*"area":"3"' "$T/flat" || fail "district 2 is not low_998"
grep -q '"area":"3",.*"value":65,.*"verdict":"not_significant"' "$T/flat" || fail "district 3 is not n.s."

expect_rc 0 "$KP" compare cases.within_14_days
expect_out "significantly better than the city (99.8 % limits)"
expect_out "significantly worse than the city (99.8 % limits)"
expect_out "no evidence that it differs from the city"
expect_out "10 records with no district: counted for the city, left out of the comparison"

expect_rc 0 "$KP" compare cases.within_14_days --format csv --period 2026-03
expect_out "metric,period,area,name,numerator,denominator,value,pooled,lower_95,upper_95,lower_998,upper_998,verdict"
expect_out "cases.within_14_days,2026-03,1,,80,100,80,65,"

# Medians: the pool's (300 values) is 10 days; district 1's and 3's order-statistic intervals
# (ranks 40..61 of 100 at 95 %) are 5..5 and 7..7, below it: shorter, and lower is better.
# District 2's is 10..40: it holds 10.
expect_rc 0 "$KP" compare cases.days_to_close --format json
tr -d ' \n' <"$T/out" >"$T/flat"
grep -q '"pooled":{"numerator":null,"denominator":300,"value":10}' "$T/flat" || fail "pooled median"
grep -q '"area":"1",.*"value":5,"lower_95":5,"upper_95":5,.*"verdict":"low_998"' "$T/flat" || fail "median district 1"
grep -q '"area":"2",.*"value":25,"lower_95":10,"upper_95":40,.*"verdict":"not_significant"' "$T/flat" ||
	fail "median district 2"
expect_rc 0 "$KP" compare cases.days_to_close
expect_out "significantly better than the city (99.8 % limits)"

# Overdispersion: three districts this far apart are overdispersed; the limits widen.
expect_rc 0 "$KP" compare cases.within_14_days --overdispersion
expect_out "limits widened for overdispersion"
expect_out "phi = "

# Refusals
expect_rc 65 "$KP" compare cases.closed
expect_err "kpistat: metric 'cases.closed' counts records (count): compare needs denominators"
expect_rc 65 "$KP" compare cases.closed_share
expect_err "metric 'cases.closed_share' has no breakdown"
expect_rc 65 "$KP" compare cases.within_14_days --period 2026-05
expect_err "no district value has records in 2026-05"
expect_rc 65 "$KP" compare cases.within_14_days --period 2026-Q1
expect_err "expected YYYY-MM"
expect_rc 65 "$KP" compare nosuch.metric
expect_err "unknown metric 'nosuch.metric'"
expect_rc 64 "$KP" compare
expect_rc 64 "$KP" compare cases.within_14_days --format xml
expect_rc 0 "$KP" compare --help
expect_out "--overdispersion"

finish
