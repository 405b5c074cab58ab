# Geographies in the catalog: boundary files read, checked and stored at `catalog load`;
# vintages, groups and dataset links checked; every bad input refused with the file and the
# feature, and nothing stored changes.
. tests/cli/lib.sh

D=$T/cat
mkdir -p "$D"
sq() {	# id x0 y0: a 0.01-degree square near NYC
	printf '{"type":"Feature","properties":{"dist":%s,"label":"District %s","pop":%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
	    "$1" "$1" "$((1000 * $1))" "$2" "$3" "$(echo "$2 + 0.01" | bc)" "$3" "$(echo "$2 + 0.01" | bc)" \
	    "$(echo "$3 + 0.01" | bc)" "$2" "$(echo "$3 + 0.01" | bc)" "$2" "$3"
}
fc() { printf '{"type":"FeatureCollection","features":[%s]}\n' "$1"; }
fc "$(sq 1 -74.00 40.70),$(sq 2 -73.99 40.70),$(sq 3 -74.00 40.71)" >"$D/old.geojson"
fc "$(sq 1 -74.00 40.70),$(sq 2 -73.99 40.70),$(sq 3 -74.00 40.71),$(sq 4 -73.99 40.71)" >"$D/new.geojson"
catalog() {	# versions-yaml groups-yaml
	cat <<YAML
city: Testville
departments: [{ code: code, name: Code }]
metrics:
  - code: cases.days
    name: Median days to close
    department: code
    unit: days
    direction: lower
    compute: { dataset: cases, period_by: closed_on, measure: duration_median, from: opened_on,
               to: closed_on, breakdown: district }
datasets:
  - name: cases
    key: case_id
    columns: { case_id: integer, district: text, opened_on: date, closed_on: date }
    geography: { district: { geography: districts, prefix: D } }
geographies:
  - name: districts
    id_property: dist
    name_property: label
    population_property: pop
    versions:
$1
    groups: { green_zones: $2 }
YAML
}
catalog "      - { file: old.geojson, from: 2020-01, to: 2022-12 }
      - { file: new.geojson, from: 2023-01 }" "[1, 3]" >"$D/catalog.yaml"

rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load "$D/catalog.yaml"
expect_out "1 geography"
expect_out "geography 'districts' added"
expect_out "dataset 'cases': column 'district' now names areas of 'districts'"
[ "$(sqlite3 "$KPISTAT_DB" "select vfrom || ':' || count(*) from geo_area group by vfrom" | tr '\n' ' ')" = "2020-01:3 2023-01:4 " ] ||
	fail "stored areas per vintage"
[ "$(sqlite3 "$KPISTAT_DB" "select name || '=' || population from geo_area where vfrom = '2023-01' and id = '4'")" = "District 4=4000.0" ] ||
	fail "stored name and population"
expect_rc 0 "$KP" catalog load "$D/catalog.yaml"
expect_out "catalog unchanged"
# A changed boundary file is a catalog change, and its areas are rewritten.
fc "$(sq 1 -74.00 40.70),$(sq 2 -73.99 40.70),$(sq 3 -74.00 40.71),$(sq 4 -73.99 40.71),$(sq 5 -73.98 40.71)" >"$D/new.geojson"
expect_rc 0 "$KP" catalog load "$D/catalog.yaml"
expect_out "geography 'districts' changed"
[ "$(sqlite3 "$KPISTAT_DB" "select count(*) from geo_area where vfrom = '2023-01'")" = 5 ] || fail "rewritten vintage"
snapshot "$T/before"
sqlite3 "$KPISTAT_DB" "select geography, vfrom, id, hex(rings) from geo_area order by 1, 2, 3" >>"$T/before"

# Each bad input: refused (65) with FILE and where in it, nothing stored changes.
bad() {	# message
	expect_rc 65 "$KP" catalog load "$D/bad.yaml"
	expect_err "$1"
	expect_err "catalog not loaded"
	snapshot "$T/after"
	sqlite3 "$KPISTAT_DB" "select geography, vfrom, id, hex(rings) from geo_area order by 1, 2, 3" >>"$T/after"
	same_file "$T/before" "$T/after"
}
catalog "      - { file: missing.geojson, from: 2020-01 }" "[1]" >"$D/bad.yaml"
bad "cannot read boundary file '$D/missing.geojson'"
echo '{"type":"Feature","properties":{},"geometry":null}' >"$D/f.geojson"
catalog "      - { file: f.geojson }" "[1]" >"$D/bad.yaml"
bad "f.geojson: not a GeoJSON FeatureCollection (type is 'Feature')"
fc '{"type":"Feature","properties":{"dist":1},"geometry":{"type":"LineString","coordinates":[[-74,40.7],[-73.9,40.7]]}}' >"$D/f.geojson"
bad "f.geojson: features[0].geometry: a LineString is not an area: expected Polygon or MultiPolygon"
fc '{"type":"Feature","properties":{"dist":1},"geometry":{"type":"Polygon","coordinates":[[[987654,201234],[987754,201234],[987754,201334],[987654,201234]]]}}' >"$D/f.geojson"
bad "looks projected (feet or metres, such as EPSG:2263), reproject to WGS 84 (EPSG:4326)"
fc "$(sq 1 -74.00 40.70),$(sq 1 -73.99 40.70)" >"$D/f.geojson"
bad "f.geojson: features[1]: duplicate id '1' (also features[0])"
fc '{"type":"Feature","properties":{"other":1},"geometry":{"type":"Polygon","coordinates":[[[-74,40.7],[-73.9,40.7],[-73.9,40.8],[-74,40.7]]]}}' >"$D/f.geojson"
bad "f.geojson: features[0].properties: no 'dist'"
fc '{"type":"Feature","properties":{"dist":1},"geometry":{"type":"Polygon","coordinates":[]}}' >"$D/f.geojson"
bad "features[0].geometry.coordinates: empty polygon"
catalog "      - { file: old.geojson, from: 2020-01 }
      - { file: new.geojson, from: 2020-01 }" "[1]" >"$D/bad.yaml"
bad "versions 'old.geojson' and 'new.geojson' overlap"
catalog "      - { file: old.geojson, from: 2020-01, to: 2022-06 }
      - { file: new.geojson, from: 2023-01 }" "[1]" >"$D/bad.yaml"
bad "version 'old.geojson' ends 2022-06 but 'new.geojson' starts only 2023-01: the vintages leave a gap"
catalog "      - { file: old.geojson, from: 2020-01, to: 2023-06 }
      - { file: new.geojson, from: 2023-01 }" "[1]" >"$D/bad.yaml"
bad "the vintages overlap"
catalog "      - { file: old.geojson, from: 2020-01 }" "[1, 9]" >"$D/bad.yaml"
bad "group 'green_zones' names area '9', which 'old.geojson' does not have"
catalog "      - { file: old.geojson, from: 2020-01 }" "[1]" | sed 's/geography: districts, prefix/geography: nowhere, prefix/' >"$D/bad.yaml"
bad "column 'district' names geography 'nowhere', which the catalog does not declare"

# A group by a boolean property of the features: the areas where it is true, in any vintage
# (district 4 is green only in the new lines, which the old ones lack: not an error here).
gsq() { sq "$1" "$2" "$3" | sed "s/\"pop\":/\"green\":$4,\"pop\":/"; }
fc "$(gsq 1 -74.00 40.70 true),$(gsq 2 -73.99 40.70 false),$(sq 3 -74.00 40.71)" >"$D/gold.geojson"
fc "$(gsq 1 -74.00 40.70 true),$(gsq 2 -73.99 40.70 null),$(sq 3 -74.00 40.71),$(gsq 4 -73.99 40.71 true)" >"$D/gnew.geojson"
catalog "      - { file: gold.geojson, from: 2020-01, to: 2022-12 }
      - { file: gnew.geojson, from: 2023-01 }" "{ property: green }" >"$D/green.yaml"
KPISTAT_DB=$T/green.db "$KP" init >/dev/null
expect_rc 0 env KPISTAT_DB="$T/green.db" "$KP" catalog load "$D/green.yaml"
[ "$(sqlite3 "$T/green.db" "select name || '=' || replace(ids, char(31), ',') from geo_group")" = "green_zones=1,4" ] ||
	fail "property group: districts 1 and 4"
fc "$(gsq 1 -74.00 40.70 true),$(gsq 2 -73.99 40.70 '"yes"'),$(sq 3 -74.00 40.71)" >"$D/gbad.geojson"
catalog "      - { file: gbad.geojson }" "{ property: green }" >"$D/bad.yaml"
bad "gbad.geojson: features[1].properties.green: a group's property is true or false"
catalog "      - { file: gold.geojson }" "{ property: blue }" >"$D/bad.yaml"
bad "group 'green_zones': no area has property 'blue' true"
catalog "      - { file: gold.geojson }" "{ property: green, ids: [1] }" >"$D/bad.yaml"
bad "group 'green_zones': expected only property: (a boolean property of the features)"
catalog "      - { file: gold.geojson }" "nothing" >"$D/bad.yaml"
bad "group 'green_zones': expected a list of area ids, or { property: P }"

# share_in_group: its area column must be linked to a geography that has the group.
catalog "      - { file: old.geojson, from: 2020-01 }" "[1]" | sed 's/^metrics:$/metrics:\
  - code: cases.green\
    name: Cases in Green Zones\
    department: code\
    unit: "%"\
    direction: higher\
    compute: { dataset: cases, period_by: closed_on, measure: share_in_group, area: district,\
               group: blue_zones }/' >"$D/bad.yaml"
bad "metric 'cases.green': share_in_group: no group 'blue_zones' in the geography of column 'district'"
catalog "      - { file: old.geojson, from: 2020-01 }" "[1]" | sed 's/^metrics:$/metrics:\
  - code: cases.green\
    name: Cases in Green Zones\
    department: code\
    unit: "%"\
    direction: higher\
    compute: { dataset: cases, period_by: closed_on, measure: share_in_group, area: case_id,\
               group: green_zones }/' >"$D/bad.yaml"
bad "metric 'cases.green': share_in_group: dataset 'cases' has no geography for column 'case_id'"

# An open ring is closed with a warning; the catalog loads.
fc '{"type":"Feature","properties":{"dist":1},"geometry":{"type":"Polygon","coordinates":[[[-74,40.7],[-73.9,40.7],[-73.9,40.8]]]}}' >"$D/f.geojson"
catalog "      - { file: f.geojson }" "[1]" >"$D/ok.yaml"
expect_rc 0 "$KP" catalog load "$D/ok.yaml"
expect_err "f.geojson: warning: features[0].geometry.coordinates[0]: ring not closed (its last position is not its first): closed it"
# A ring that crosses itself is drawn as it is, with a warning.
fc '{"type":"Feature","properties":{"dist":1},"geometry":{"type":"Polygon","coordinates":[[[-74,40.7],[-73.9,40.8],[-73.9,40.7],[-74,40.9],[-74,40.7]]]}}' >"$D/f.geojson"
expect_rc 0 "$KP" catalog load "$D/ok.yaml"
expect_err "warning: area '1': a ring crosses itself: drawn as it is"

finish
