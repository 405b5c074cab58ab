# Maps and fair comparison on real data: NYC CouncilStat cases (samples/nyc) on the council
# district lines in force at the time (2013 lines for June 2022, 2023 lines for June 2023).
# The expected figures and verdicts come from an independent python3 pass over the same CSV:
#   rows = csv.DictReader(open('samples/nyc/cases.csv')); for closures in the month whose
#   council_dist is NYCC01..NYCC51: n = cases, k = closed within 14 days of opening;
#   p0 = sum k / sum n; verdict from p0 -+ z sqrt(p0 (1 - p0) / n), z = 1.96 and 3.0902.
# 2022-06: pool 892 / 1444 = 61.77 %; district 2: 76/150 low_95; 3: 76/94 high_998;
#          50: 79/160 low_998; 23: 42/72 not significant; 9: 5/20 = 25 % < 28.2 %, low_998.
# 2023-06: pool 1278 / 1826 = 69.99 %; district 2: 34/91 low_998; 12: 4/21 low_998;
#          3: 57/91 and 50: 76/108 not significant.
. tests/cli/lib.sh

text() { pdftotext "$1" - 2>/dev/null | tr -s ' \n' '  '; }
expect_text() {	# expect_text FILE.pdf STRING
	checks=$((checks + 1))
	text "$1" | grep -qF -- "$2" || fail "$(basename "$1") lacks '$2'"
}
area() {	# area JSON-FLAT ID: the area's object, flattened
	grep -o "{\"area\":\"$2\",[^}]*}" "$1"
}
expect_area() {	# expect_area ID NUM DEN VERDICT
	checks=$((checks + 1))
	local a
	a=$(area "$T/flat" "$1")
	case "$a" in
	*"\"numerator\":$2,\"denominator\":$3,"*"\"verdict\":\"$4\""*) ;;
	*) fail "district $1: expected $2/$3 $4, got: $a" ;;
	esac
}

rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load samples/nyc/catalog.yaml
expect_out "1 geography"
expect_rc 0 "$KP" events import cases samples/nyc/cases.csv
expect_out "17477 rows: 17477 new"
# The import says which records name no district (python3 over the CSV: 4,650 blank, 284 'NYCC',
# and NYCC053, NYCC076, NYCC082 (3), NYCC083, NYCC087).
expect_err "kpistat: note: dataset 'cases', column 'council_dist': 4,650 records have no council_dist; "
expect_err "284 have 'NYCC'"
expect_err "3 'NYCC082'"
expect_err "which name no area of 'council_districts' in any vintage: counted for the city, left out of maps and comparisons"
expect_rc 0 "$KP" compute

expect_rc 0 "$KP" compare cases.closed_within_14_days --period 2022-06 --format json
tr -d ' \n' <"$T/out" >"$T/flat"
expect_out '"boundaries": "districts_2013.geojson"'
expect_out '"numerator": 892'
expect_out '"denominator": 1444'
expect_out '"NYCC": 31'
expect_area 2 76 150 low_95
expect_area 3 76 94 high_998
expect_area 50 79 160 low_998
expect_area 23 42 72 not_significant

expect_rc 0 "$KP" compare cases.closed_within_14_days --period 2023-06 --format json
tr -d ' \n' <"$T/out" >"$T/flat"
expect_out '"boundaries": "districts_2023.geojson"'
expect_out '"numerator": 1278'
expect_out '"denominator": 1826'
expect_out '"NYCC053": 1'
expect_area 2 34 91 low_998
expect_area 12 4 21 low_998
expect_area 3 57 91 not_significant
expect_area 50 76 108 not_significant
# District 4 is written NYCC04 and NYCC4 in the records: one area, 1 of 4 (25 %), just below
# the 95 % limit 69.99 - 1.96 * sqrt(0.6999 * 0.3001 / 4) = 25.08 %.
expect_area 4 1 4 low_95

# The table says it in words, with what was left out.
expect_rc 0 "$KP" compare cases.closed_within_14_days --period 2022-06
expect_out "significantly better than the city (99.8 % limits)"
expect_out "31 records with council_dist 'NYCC', which is no area of 'council_districts': left out"
expect_out "areas with no records in the period: 30 41"
expect_out "boundaries: council_districts, districts_2013.geojson"
# Medians and a count: the median test runs, a count without a population is refused.
expect_rc 0 "$KP" compare cases.days_to_close --period 2023-06 --format json
expect_out '"method": "median"'
expect_rc 65 "$KP" compare cases.open --period 2023-06
expect_err "compare needs denominators"
# A vintage named that is not in force is refused.
expect_rc 0 "$KP" compare cases.closed_within_14_days --period 2022-06 --geography council_districts
expect_rc 65 "$KP" compare cases.closed_within_14_days --period 2022-06 --geography nowhere
expect_err "unknown geography 'nowhere'"

# The packets of both months: the map's legend and the sentence under it.
for m in 2022-06 2023-06; do
	expect_rc 0 "$KP" packet --program councilstat --period $m -o "$T/$m.pdf"
	expect_text "$T/$m.pdf" "Where: Cases closed within 14 days"
	expect_text "$T/$m.pdf" "Classes up to"
	expect_text "$T/$m.pdf" "no data Darker is worse (higher is better). One break is the target."
	expect_text "$T/$m.pdf" "Projection: equirectangular, east-west scaled by the cosine of the mid-latitude (40.7°)"
	expect_text "$T/$m.pdf" "Funnel plot: each area against the city at its own size"
	run qpdf --check "$T/$m.pdf"
	expect_out "No syntax or stream encoding errors"
done
expect_text "$T/2022-06.pdf" "(districts_2013.geojson, from 2014-01)"
expect_text "$T/2022-06.pdf" "District 9 is significantly worse than the city (99.8 % limits): 25.0% against 61.8%."
expect_text "$T/2023-06.pdf" "(districts_2023.geojson, from 2023-01)"
# The data notes carry what the comparison left out, for the period shown. Counted apart from
# kpistat (python3 over cases.csv, cases closed in June 2023): 740 with no council_dist, 26
# 'NYCC', one each 'NYCC053' and 'NYCC082'; seven districts have no closed case.
expect_text "$T/2023-06.pdf" "Records without an area Median days to close a constituent case June 2023: 740 records have no council_dist; 26 have 'NYCC', 1 'NYCC053', 1 'NYCC082', which name no area of 'council_districts'. They count for the city but not in the comparison or the map. 7 areas with no records:"
expect_text "$T/2023-06.pdf" "Cases closed within 14 days June 2023: 740 records have no council_dist;"
# Overdispersion where the template asks: the districts differ more than chance allows. By an
# independent python3 pass (44 districts with closures; z = (k/n - p0) / sqrt(p0 (1 - p0) / n),
# winsorised at R's type-7 10 % and 90 % quantiles; phi = mean z^2; tau^2 = (44 phi - 43) /
# (sum w - sum w^2 / sum w), w = n / (p0 (1 - p0))): phi = 3.554, tau = 11.79 points. The pass
# also counts "NYCC4" and "NYCC04" as one district, as compare must.
sed 's/^    pages: attention$/    pages: all\n    overdispersion: true/' templates/blightstat.yaml >"$T/od.yaml"
expect_rc 0 "$KP" packet --program councilstat --period 2023-06 --template "$T/od.yaml" -o "$T/od.pdf"
expect_text "$T/od.pdf" "The areas differ more than chance allows (phi = 3.55): the limits are widened by a between-area spread of 11.8%"
expect_rc 0 "$KP" compare cases.closed_within_14_days --period 2023-06 --overdispersion
expect_out "phi = 3.55, tau = 11.8"
sed 's/^    pages: attention$/    pages: all\n    overdispersion: maybe/' templates/blightstat.yaml >"$T/od2.yaml"
expect_rc 65 "$KP" packet --program councilstat --period 2023-06 --template "$T/od2.yaml" -o "$T/od2.pdf"
expect_err "bad overdispersion 'maybe'"
expect_text "$T/2023-06.pdf" "District 2 is significantly worse than the city (99.8 % limits): 37.4% against 70.0%."

# The sample city: its permits map (a hole, a two-part district) with no significant district.
rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
"$KP" catalog load samples/city/catalog.yaml >/dev/null
"$KP" events import permits samples/city/events/permits.csv >/dev/null
"$KP" compute --metric permits.reviewed_within_5_days >/dev/null
expect_rc 0 "$KP" compare permits.reviewed_within_5_days --format json
expect_out '"geography": "districts"'
# The equity view: per period the best and worst district and the Green Zones (3, 5) against the
# rest. 2026-10 from the comparison above: best 2 (44/73 = 60.27 %), worst 4 (41/89 = 46.07 %),
# green zones (33 + 29) / (63 + 59) = 50.82 %, the rest (30 + 44 + 41) / (56 + 73 + 89) = 52.75 %.
expect_rc 0 "$KP" compare permits.reviewed_within_5_days --gap --group green_zones --format csv
expect_out "metric,period,best,best_value,worst,worst_value,gap,group,group_value,rest_value,group_gap"
expect_out "permits.reviewed_within_5_days,2026-10,2,60.2739726027,4,46.0674157303,14.2065568724,green_zones,50.8196721311,52.752293578,-1.932621446"
[ "$(grep -c '^permits.reviewed_within_5_days,' "$T/out")" = 12 ] || fail "12 periods by default"
expect_rc 0 "$KP" compare permits.reviewed_within_5_days --gap --group green_zones --periods 6
expect_out "best against worst: "
expect_out "green_zones against the rest: "
expect_rc 0 "$KP" compare permits.reviewed_within_5_days --gap --format json
expect_out '"gap": {'
expect_rc 65 "$KP" compare permits.reviewed_within_5_days --gap --group blue_zones
expect_err "no group 'blue_zones' in geography 'districts'"
expect_rc 64 "$KP" compare permits.reviewed_within_5_days --group green_zones
expect_err "--group and --periods go with --gap"
expect_rc 64 "$KP" compare permits.reviewed_within_5_days --gap --periods 1
# A median's group gap: the Green Zones' pooled median against the rest's. python3 over
# permits.csv, decided in 2026-10: 122 in districts 3 and 5, median 4.9306 days; 218 elsewhere,
# 4.8147 days (statistics.median of decided_at - submitted_at).
"$KP" compute --metric permits.median_review_days >/dev/null
expect_rc 0 "$KP" compare permits.median_review_days --gap --group green_zones --periods 3 --format csv
expect_out "permits.median_review_days,2026-10,2,4.04648148148,4,5.21849537037,1.17201388889,green_zones,4.93057291667,4.81470486111,0.115868055556"
expect_rc 0 "$KP" compare permits.median_review_days --gap --group green_zones --periods 3
expect_out "green_zones against the rest: "

# An equity goal: the share of blight cases closed in the Green Zones (districts 3 and 5).
# python3 over samples/city/events/blight_cases.csv, closures in the month: 2026-08 126 of 318,
# 2026-09 106 of 271, 2026-10 119 of 289 (41.18 %).
"$KP" events import blight_cases samples/city/events/blight_cases.csv >/dev/null 2>&1
expect_rc 0 "$KP" compute --metric blight.closed_in_green_zones
expect_rc 0 "$KP" export
expect_out "blight.closed_in_green_zones,2026-08,,39.6226415094,%"
expect_out "blight.closed_in_green_zones,2026-09,,39.1143911439,%"
expect_out "blight.closed_in_green_zones,2026-10,,41.1764705882,%"
expect_rc 0 "$KP" status --program recordstat --codes
expect_out "blight.closed_in_green_zones: off target by -3.8%"

# A count over the districts' populations is a rate per 1,000 residents. By hand: the pool is
# 199 calls / 169,850 residents; district 3 expected 199 * 29,600 / 169,850 = 34.68 calls and
# had 57, whose 99.8 % Byar lower limit 57 (1 - 1/513 - 3.0902 / (3 sqrt 57))^3 = 36.46 is above
# it: high at 0.001, and worse (fewer lift assists are better).
"$KP" events import calls911 samples/city/events/calls911.csv >/dev/null
"$KP" compute --metric fire.lift_assist_calls >/dev/null
expect_rc 0 "$KP" compare fire.lift_assist_calls --period 2026-10 --format json
tr -d ' \n' <"$T/out" >"$T/flat"
expect_out '"per": "1,000 residents"'
expect_out '"numerator": 199'
expect_out '"denominator": 169850'
expect_out '"unplaced": 0'
expect_area 3 57 29600 high_998
expect_area 1 34 38200 not_significant
expect_rc 0 "$KP" compare fire.lift_assist_calls --period 2026-10
expect_out "city (areas compared): 1.17 calls per 1,000 residents"
expect_rc 0 "$KP" packet --program recordstat --period 2026-10 -o "$T/city.pdf"
expect_text "$T/city.pdf" "District 3 is significantly worse than the city (99.8 % limits): 1.93 per 1,000 residents against 1.17 per 1,000 residents."
# Small multiples where the template asks: the last 6 months on one scale.
sed 's/^    pages: all$/    pages: all\n    small_multiples: 6/' templates/tulstat.yaml >"$T/sm.yaml"
expect_rc 0 "$KP" packet --program recordstat --period 2026-10 --template "$T/sm.yaml" -o "$T/sm.pdf"
expect_text "$T/sm.pdf" "Where, the last 6 periods: 911 lift-assist calls (from CAD records)"
# (Each map's period over it; pdftotext reads the map labels between the rows' titles.)
expect_text "$T/sm.pdf" "May 2026 June 2026"
expect_text "$T/sm.pdf" "July 2026"
expect_text "$T/sm.pdf" "August 2026 September 2026 October 2026"
# Areas named rather than numbered are labelled with their names where they fit, on the map
# and under each column of the medians' plot (in order of median).
expect_text "$T/sm.pdf" "mid-latitude (36.1°). Mill Creek Oak Hill Fairview Cedar Grove"
expect_text "$T/sm.pdf" "Bogotá Park Riverside Northfield Mill Creek Medellín Heights Eastgate Fairview Oak Hill Old Town Cedar Grove areas, by median"
sed 's/^    pages: all$/    pages: all\n    small_multiples: 9/' templates/tulstat.yaml >"$T/sm9.yaml"
expect_rc 65 "$KP" packet --program recordstat --period 2026-10 --template "$T/sm9.yaml" -o "$T/sm9.pdf"
expect_err "bad small_multiples '9': expected a whole number 2..6"
expect_text "$T/city.pdf" "Where: Permits decided within 5 days (from permit records), October 2026"
expect_text "$T/city.pdf" "No area differs significantly from the city (52.1%) at 99.8 % limits."
finish
