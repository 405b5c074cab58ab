# `kpistat trend` on stored figures agrees with `kpistat spc` on the same series, and
# `kpistat status` carries the icons and puts what needs attention first.
. tests/cli/lib.sh

fresh_store
# 24 stable months of review days, then a jump: the last point is beyond the upper limit.
{
	echo "metric,period,value"
	v=(5.1 4.9 5.0 5.2 4.8 5.0 5.1 4.9 5.0 5.3 4.7 5.0 5.1 4.9 5.2 4.8 5.0 5.1 4.9 5.0 5.2 4.8 5.0 5.1 7.5)
	for i in $(seq 0 24); do
		printf 'permits.review_days,%04d-%02d,%s\n' $((2024 + i / 12)) $((i % 12 + 1)) "${v[$i]}"
	done
	# A gap (2025-03 missing) for lift assists, and an improving run for within-5-days.
	for i in 1 2 4 5 6 7 8 9 10 11 12; do printf 'fire.lift_assists,2025-%02d,%d\n' $i $((100 + i)); done
	for i in $(seq 1 12); do printf 'permits.within_5_days,2025-%02d,%d\n' $i $((80 + i)); done
} >"$T/series.csv"
"$KP" import "$T/series.csv" >/dev/null

expect_rc 0 "$KP" trend permits.review_days --format csv
cp "$T/out" "$T/trend.csv"
# The same series through spc: direction and target as the catalog says (lower, 4 from 2026-07,
# 5 before; the last figure is 2026-01, so 5).
grep '^permits.review_days' "$T/series.csv" | cut -d, -f2,3 | sed '1i period,value' >"$T/pv.csv"
expect_rc 0 "$KP" spc "$T/pv.csv" --direction decrease --target 5 --format csv
same_file "$T/trend.csv" "$T/out"
expect_out "2026-01,7.5,0,"
expect_out "special_cause_concern"

expect_rc 0 "$KP" trend permits.review_days --format json
expect_out '"variation": "concern_high"'
expect_rc 0 "$KP" trend permits.review_days
expect_out "Median building permit review time (permits.review_days): lower is better"

# A missing month stays a gap: 12 rows, one of them empty.
expect_rc 0 "$KP" trend fire.lift_assists --format csv
expect_out "2025-03,,"
[ "$(grep -c '^2025-' "$T/out")" = 12 ] || fail "lift assists: expected 12 monthly rows"

expect_rc 0 "$KP" trend permits.review_days --until 2025-06 --format csv
expect_no_out "2025-07"
expect_rc 65 "$KP" trend permits.review_days --until 2025-Q2
expect_err "is a quarter, but metric 'permits.review_days' is reported monthly"
expect_rc 65 "$KP" trend fire.drills
expect_err "has no figures"
expect_rc 65 "$KP" trend nosuch
expect_err "unknown metric 'nosuch'"
expect_rc 64 "$KP" trend
expect_rc 64 "$KP" trend permits.review_days --format xml

# status: icons as words in CSV/JSON, symbols in the table, attention first.
expect_rc 0 "$KP" status --format json --program tulstat
expect_out '"variation": "concern_high"'
expect_out '"needs_attention": true'
expect_rc 0 "$KP" status --program tulstat --codes
expect_out "Needs attention:"
expect_out "special-cause concern (beyond the"
first=$(sed -n 4p "$T/out" | cut -c1-24)
checks=$((checks + 1))
case "$first" in permits.review_days*) ;; *) fail "first row is '$first', expected the off-target metric" ;; esac
expect_rc 0 "$KP" status --format csv
expect_out "metric,name,department,unit,period,value,target,gap,status,change_prev,change_year,latest_period,variation,assurance,trend"

finish
