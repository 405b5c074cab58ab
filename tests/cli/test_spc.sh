# kpistat spc: the trend module on a period,value CSV. Expected numbers come from the
# independent reference tests/trend_ref.py (series "missing" and "rebase" of tests/trend_cases.py).
. tests/cli/lib.sh

# Series "missing": a 7-run before a gap, runs and a trend across gaps, one point below the limit.
{ echo period,value; cat <<'CSV'
2022-01,9.8
2022-02,9.7
2022-03,10.5
2022-04,10.3
2022-05,10.2
2022-06,10.4
2022-07,10.3
2022-08,10.5
2022-09,10.4
2022-10,
2022-11,9.6
2022-12,9.9
2023-01,9.7
2023-02,10.4
2023-03,10.3
2023-04,10.5
2023-05,10.4
2023-06,
2023-07,10.4
2023-08,10.3
2023-09,10.5
2023-10,9.5
2023-11,
2023-12,9.4
2024-01,9.6
2024-02,9.9
2024-03,10.1
2024-04,10.3
2024-05,10.5
2024-06,10.8
2024-07,9.9
CSV
} >"$T/missing.csv"
{ echo period,value; cat <<'CSV'
2022-01,10.2
2022-02,9.8
2022-03,10.5
2022-04,9.6
2022-05,10.1
2022-06,10.4
2022-07,9.7
2022-08,10.0
2022-09,10.3
2022-10,9.9
2022-11,10.6
2022-12,9.5
2023-01,10.2
2023-02,9.8
2023-03,10.1
2023-04,12.3
2023-05,11.8
2023-06,12.5
2023-07,11.6
2023-08,12.1
2023-09,12.4
2023-10,11.7
2023-11,12.0
2023-12,12.3
2024-01,11.9
2024-02,12.6
2024-03,11.5
2024-04,12.2
2024-05,11.8
2024-06,12.1
CSV
} >"$T/rebase.csv"

# CSV: the exact header, one row per input row, numbers that round-trip.
expect_rc 0 "$KP" spc "$T/missing.csv" --direction increase --format csv
expect_out "period,value,group,mean,lpl,upl,near_lpl,near_upl,outside_limits,trend,two_in_three,run,rule,point_type"
expect_out "2022-03,10.5,0,10.146428571428572,9.452515527950311,10.840341614906833,9.683819875776399,10.609037267080746,0,0,0,1,run,special_cause_improvement"
expect_out "2022-10,,0,10.146428571428572,9.452515527950311,10.840341614906833,9.683819875776399,10.609037267080746,0,0,0,0,none,common_cause"
expect_out "2023-12,9.4,0,10.146428571428572,9.452515527950311,10.840341614906833,9.683819875776399,10.609037267080746,1,1,0,0,outside_limits,special_cause_concern"
expect_out "2024-01,9.6,0,10.146428571428572,9.452515527950311,10.840341614906833,9.683819875776399,10.609037267080746,0,1,0,0,trend,special_cause_improvement"
checks=$((checks + 1))
[ "$(wc -l <"$T/out")" -eq 32 ] || fail "expected 31 rows and a header"

# Lower is better: the same points are concerns and improvements the other way round.
expect_rc 0 "$KP" spc "$T/missing.csv" --direction decrease --format csv
expect_out "2022-03,10.5,0,10.146428571428572,9.452515527950311,10.840341614906833,9.683819875776399,10.609037267080746,0,0,0,1,run,special_cause_concern"
expect_rc 0 "$KP" spc "$T/missing.csv" --direction neutral --format csv
expect_out ",1,1,0,0,outside_limits,special_cause_neutral_low"

# Standard input, rebase: a new group with its own limits.
run "$KP" spc - --direction increase --rebase 2023-04 --format csv <"$T/rebase.csv"
checks=$((checks + 1)); [ "$rc" = 0 ] || fail "exit status $rc"
expect_out "2023-03,10.1,0,10.046666666666667,8.583666666666668,11.509666666666666,9.071333333333333,11.022,0,0,0,0,none,common_cause"
expect_out "2023-04,12.3,1,12.053333333333333,10.571333333333333,13.535333333333332,11.065333333333333,13.041333333333332,0,0,0,0,none,common_cause"
run "$KP" spc --direction increase --format csv <"$T/rebase.csv"	# no FILE: stdin; no rebase
expect_out "2023-04,12.3,0,"
expect_out "run,special_cause_improvement"

# JSON: points and the series summary (Anhøj and icons from the reference).
expect_rc 0 "$KP" spc "$T/missing.csv" --direction increase --target 9 --format json
expect_out '"points": ['
expect_out '"period": "2022-10",'
expect_out '"value": null,'
expect_out '"variation": "common_cause",'
expect_out '"assurance": "consistent_pass",'
expect_out '"short_series_warning": false,'
expect_out '"n_useful": 28,'
expect_out '"longest_run": 7,'
expect_out '"longest_run_max": 8,'
expect_out '"crossings": 6,'
expect_out '"crossings_min": 9,'
expect_out '"signal": true'
expect_out '"mann_kendall": {'
expect_out '"sen_slope": '
expect_out '"status": "on",'
expect_out '"forecast": "on_target",'
expect_rc 0 "$KP" spc "$T/missing.csv" --direction increase --format json
expect_out '"assurance": null,'
expect_out '"target": null'
expect_rc 0 "$KP" spc "$T/missing.csv" --direction increase --target 12 --format json
expect_out '"assurance": "consistent_fail",'
expect_out '"needs_change": true'

# The table: limits per group, a text chart, what fired, and the summary in words.
expect_rc 0 "$KP" spc "$T/missing.csv" --direction increase --target 12
expect_out "2022-01 .. 2024-07, 31 points: mean 10.15, limits 9.45 to 10.84"
expect_out "7 above mean: improvement"
expect_out "below lower limit: concern"
expect_out "7 rising: improvement"
expect_out "(missing)"
expect_out "variation  common_cause"
expect_out "assurance  consistent_fail"
expect_out "needs a change in the process"
expect_rc 0 "$KP" spc "$T/rebase.csv" --direction increase --rebase 2023-04
expect_out "-- rebase: 2023-04 .. 2024-06, 15 points"

# Options that change the rules.
expect_rc 0 "$KP" spc "$T/missing.csv" --direction increase --run-length 8 --format csv
expect_no_out ",run,special_cause"
expect_rc 0 "$KP" spc "$T/missing.csv" --direction increase --trend-length 8 --format csv
expect_no_out ",trend,special_cause"
expect_rc 0 "$KP" spc "$T/missing.csv" --direction increase --fix-after 12 --no-screen --format csv
expect_out "2022-01,9.8,0,"

# A skipped period is analysed as given but reported.
printf 'period,value\n2024-01,5\n2024-04,6\n' >"$T/gap.csv"
expect_rc 0 "$KP" spc "$T/gap.csv" --direction increase --format csv
expect_err "gap.csv:3: 2 periods missing between '2024-01' and '2024-04'"
printf 'period,value\n' >"$T/empty.csv"
expect_rc 0 "$KP" spc "$T/empty.csv" --direction increase --format csv
printf 'period,value\n2024-Q1,5\n' >"$T/one.csv"
expect_rc 0 "$KP" spc "$T/one.csv" --direction increase --format json
expect_out '"lpl": null,'

# Bad data: clear FILE:LINE:COL messages, exit 65, nothing on stdout.
printf 'period,value\n2024-01,1\n2024-03,2\n2024-02,3\n' >"$T/bad.csv"
expect_rc 65 "$KP" spc "$T/bad.csv" --direction increase
expect_err "bad.csv:4:1: period '2024-02' is earlier than '2024-03' on line 3: rows must be in time order"
printf 'period,value\n2024-01,1\n2024-02,2\n2024-01,3\n' >"$T/bad.csv"
expect_rc 65 "$KP" spc "$T/bad.csv" --direction increase
expect_err "bad.csv:4:1: duplicate period '2024-01': already on line 2"
printf 'period,value\n2024-01,1\n2024-02,n/a\n' >"$T/bad.csv"
expect_rc 65 "$KP" spc "$T/bad.csv" --direction increase
expect_err "bad.csv:3:2: bad value 'n/a'"
expect_err "leave the value empty for a missing period"
printf 'period,value\n2024-01,1\n2024-Q2,2\n' >"$T/bad.csv"
expect_rc 65 "$KP" spc "$T/bad.csv" --direction increase
expect_err "bad.csv:3:1: period '2024-Q2' is a quarter, but line 2 has a month"
printf 'period,value\n2024-13,1\n' >"$T/bad.csv"
expect_rc 65 "$KP" spc "$T/bad.csv" --direction increase
expect_err "bad.csv:2:1: bad period '2024-13': month must be 01..12"
printf 'month,value\n2024-01,1\n' >"$T/bad.csv"
expect_rc 65 "$KP" spc "$T/bad.csv" --direction increase
expect_err "unknown column 'month'"
printf 'period,value\n2024-01,1,2\n' >"$T/bad.csv"
expect_rc 65 "$KP" spc "$T/bad.csv" --direction increase
expect_err "bad.csv:2:1: wrong number of columns"
checks=$((checks + 1)); [ ! -s "$T/out" ] || fail "output despite bad data"

# Usage errors exit 64; a missing file 66.
expect_rc 64 "$KP" spc "$T/rebase.csv"
expect_err "missing --direction"
expect_rc 64 "$KP" spc "$T/rebase.csv" --direction up
expect_err "unknown direction 'up': expected increase, decrease or neutral"
expect_rc 64 "$KP" spc "$T/rebase.csv" --direction increase --fix-after 11
expect_err "at least 12"
expect_rc 64 "$KP" spc "$T/rebase.csv" --direction increase --run-length x
expect_rc 64 "$KP" spc "$T/rebase.csv" --direction increase --format xml
expect_rc 64 "$KP" spc "$T/rebase.csv" --direction increase --target abc
expect_rc 64 "$KP" spc "$T/rebase.csv" --direction increase --rebase 2030-01
expect_err "--rebase '2030-01': no row has this period"
expect_rc 64 "$KP" spc "$T/rebase.csv" "$T/rebase.csv" --direction increase
expect_rc 66 "$KP" spc "$T/nosuch.csv" --direction increase
expect_rc 0 "$KP" spc --help
expect_out "usage: kpistat spc"

finish
