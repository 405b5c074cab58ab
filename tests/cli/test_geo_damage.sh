# Geographies in a store that something other than kpistat changed (a hand edit with sqlite3,
# a half-restored backup): a stored boundary that no longer decodes is refused (65) naming the
# geography and the area, only for the vintage that holds it; a geography table that is gone is
# a program error (70) naming the table. The failing command changes nothing stored.
# Data: the NYC CouncilStat sample (samples/nyc), as in test_where.sh.
. tests/cli/lib.sh

rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load samples/nyc/catalog.yaml
expect_rc 0 "$KP" events import cases samples/nyc/cases.csv
M=cases.closed_within_14_days

# District 2 of the 2014 lines (in force in June 2022) damaged; the 2023 lines intact.
sqlite3 "$KPISTAT_DB" "UPDATE geo_area SET rings = x'0102' WHERE geography = 'council_districts'
    AND vfrom = '2014-01' AND id = '2'"
[ "$(sqlite3 "$KPISTAT_DB" "SELECT count(*) FROM geo_area WHERE rings = x'0102'")" = 1 ] ||
	fail "district 2 of the 2014 lines not damaged"
snapshot "$T/before"
expect_rc 65 "$KP" compare $M --period 2022-06
expect_err "kpistat: geography 'council_districts': the stored boundary of area '2' is damaged"
expect_rc 65 "$KP" compare $M --period 2022-06 --geography council_districts
expect_err "the stored boundary of area '2' is damaged"
snapshot "$T/after"
same_file "$T/before" "$T/after"
expect_rc 0 "$KP" compare $M --period 2023-06 --format json
expect_out '"boundaries": "districts_2023.geojson"'
expect_out '"numerator": 1278'	# test_where.sh's independent pass: 1278 / 1826

# The areas table gone: every comparison by area fails, naming it.
sqlite3 "$KPISTAT_DB" "DROP TABLE geo_area"
expect_rc 70 "$KP" compare $M --period 2023-06
expect_err "kpistat: $KPISTAT_DB: cannot prepare a statement: no such table: geo_area"
store_ok "geo_area dropped"

finish
