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
expect_text "$T/2023-06.pdf" "District 2 is significantly worse than the city (99.8 % limits): 37.4% against 70.0%."

# The sample city: its permits map (a hole, a two-part district) with no significant district.
rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
"$KP" catalog load samples/city/catalog.yaml >/dev/null
"$KP" events import permits samples/city/events/permits.csv >/dev/null
"$KP" compute --metric permits.reviewed_within_5_days >/dev/null
expect_rc 0 "$KP" compare permits.reviewed_within_5_days --format json
expect_out '"geography": "districts"'
expect_rc 0 "$KP" packet --program recordstat --period 2026-10 -o "$T/city.pdf"
expect_text "$T/city.pdf" "Where: Permits decided within 5 days (from permit records), October 2026"
expect_text "$T/city.pdf" "No area differs significantly from the city (52.1%) at 99.8 % limits."
finish
