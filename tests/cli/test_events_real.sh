# Computed figures against values pandas computed independently, figure by figure (within
# 1e-9): real data (tests/fixtures/real, see SOURCE.md: Calgary building permits, NYC
# CouncilStat cases, NHS A&E attendances; expected.csv made by make_expected.py), and the sample
# city's generated records (tests/fixtures/city_expected.csv, made by tests/bench/events_pandas.py).
. tests/cli/lib.sh

# same_figures EXPECTED.csv: the store's export has exactly these figures, within 1e-9.
same_figures() {
	"$KP" export --format csv | cut -d, -f1-4 >"$T/got.csv"
	checks=$((checks + 1))
	awk -F, 'NR == FNR { if (FNR > 1) want[$1 "," $2 "," $3] = $4; next }
	FNR > 1 { k = $1 "," $2 "," $3
		if (!(k in want)) { print "not expected: " $0; bad++; next }
		a = $4 + 0; b = want[k] + 0; d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b
		if (m < 1) m = 1
		if (d > 1e-9 * m) { print k ": kpistat " $4 ", pandas " want[k]; bad++ }
		delete want[k]; n++ }
	END { for (k in want) { print "missing: " k " " want[k]; bad++ }
		if (n < 500) { print "only " n " figures"; bad++ }
		exit bad > 0 }' "$1" "$T/got.csv" >"$T/cmp" ||
		fail "figures differ from $1: $(head -5 "$T/cmp")"
}

R=tests/fixtures/real
rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load $R/real.yaml
expect_out "3 datasets"
expect_rc 0 "$KP" events import calgary_permits $R/calgary_permits.csv
expect_out "3677 rows: 3677 new"
expect_rc 0 "$KP" events import nyc_cases $R/nyc_cases.csv
expect_out "6068 rows: 6068 new"
expect_rc 0 "$KP" events import nhs_ae $R/nhs_ae.csv
expect_out "12765 rows: 12765 new"
expect_rc 0 "$KP" compute
expect_out "computed 9 metrics"

same_figures $R/expected.csv

# Spot checks that say what the figures mean (the 95 % target, open cases, Calgary medians).
expect_rc 0 "$KP" export
expect_out "nhs.seen_within_4_hours,2017-01,,85.1413411901"
expect_out "nhs.seen_within_4_hours_q,2016-Q2,,"
expect_rc 0 "$KP" status --period 2019-03
expect_out "A&E patients seen within 4 hours"

# A recompute of one month and of everything changes nothing; a composite key re-imports.
expect_rc 0 "$KP" compute --period 2023-06
expect_out "0 new, 0 revised"
expect_rc 0 "$KP" compute
expect_out "0 new, 0 revised"
expect_rc 0 "$KP" events import nhs_ae $R/nhs_ae.csv
expect_out "12765 rows: 0 new, 0 updated, 12765 unchanged"

# The sample city's records, with the benchmark's four measures.
rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
"$KP" catalog load tests/bench/events_catalog.yaml >/dev/null
for d in permits calls911 blight_cases; do
	expect_rc 0 "$KP" events import $d samples/city/events/$d.csv
done
expect_rc 0 "$KP" compute
expect_out "895 figures"
same_figures tests/fixtures/city_expected.csv
finish
