#!/usr/bin/env bash
# Maps benchmark: what a "Where" page (choropleth + funnel plot) adds to a packet, measured
# against the same packet without maps (the same catalog without the dataset's geography link)
# in the same run. Two sizes: NYC's 51 council districts (samples/nyc, June 2023) and
# Calgary's 308 community districts (tests/fixtures/real). Time is the median CPU time
# (user + system, GNU time, 10 ms resolution) of 7 runs.
# Then a 48 MB boundary file loaded: time and peak memory.
# Targets (issue 14): 51 areas at most +10 ms and +60 KB; 308 areas at most +40 ms and +250 KB,
# per map (a map here is a whole "Where" page: the map, its legend and sentence, the funnel
# plot, and the comparison behind them).
#
#   tests/bench/maps.sh ./kpistat          (make bench)
set -euo pipefail
bin=$(cd "$(dirname "${1:?usage: maps.sh PATH/TO/kpistat}")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/kpistat-maps.XXXXXX")
trap 'rm -rf "$dir"' EXIT
printf 'sections: [{ section: metric_pages, pages: all }]\n' >"$dir/tpl.yaml"

median_ms() {	# median_ms CMD...: the median CPU time (user + system) of 7 runs, in ms
	# (CPU rather than wall time: the machine is shared, and wall time swings with its load)
	for _ in 1 2 3 4 5 6 7; do
		/usr/bin/time -f '%U %S' -o "$dir/t" "$@" >/dev/null
		awk '{ printf "%d\n", ($1 + $2) * 1000 }' "$dir/t"
	done | sort -n | sed -n 4p
}

measure() {	# measure NAME DB PROGRAM PERIOD MAPS: one line, with and without maps
	local name=$1 db=$2 prog=$3 per=$4 maps=$5 with without sw swo
	with=$(median_ms "$bin" --db "$db" packet --program "$prog" --period "$per" --template "$dir/tpl.yaml" -o "$dir/with.pdf")
	sw=$(stat -c %s "$dir/with.pdf")
	sqlite3 "$db" "DELETE FROM geo_link"	# the same store, its datasets no longer linked
	without=$(median_ms "$bin" --db "$db" packet --program "$prog" --period "$per" --template "$dir/tpl.yaml" -o "$dir/without.pdf")
	swo=$(stat -c %s "$dir/without.pdf")
	printf '%-28s with maps %4d ms %7d B, without %4d ms %7d B: +%d ms, +%d KB; per map +%d ms, +%d KB\n' \
	    "$name" "$with" "$sw" "$without" "$swo" $((with - without)) $(((sw - swo) / 1024)) \
	    $(((with - without) / maps)) $(((sw - swo) / 1024 / maps))
}

# NYC: 51 districts, three metrics, the two with denominators get a map.
db=$dir/nyc.db
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" catalog load "$root/samples/nyc/catalog.yaml" >/dev/null
"$bin" --db "$db" events import cases "$root/samples/nyc/cases.csv" >/dev/null
"$bin" --db "$db" compute >/dev/null
measure "NYC, 51 districts, 2 maps" "$db" councilstat 2023-06 2

# Calgary: 308 communities, permits issued within 30 days by community code.
cat >"$dir/calgary.yaml" <<YAML
departments: [{ code: calgary, name: Calgary Planning & Development }]
metrics:
  - code: calgary.issued_within_30_days
    name: Permits issued within 30 days of application
    department: calgary
    unit: "%"
    decimals: 1
    direction: higher
    compute: { dataset: calgary_permits, period_by: issueddate, measure: share_within,
               from: applieddate, to: issueddate, within: 30 days, breakdown: communitycode }
programs: [{ code: calgary, title: Calgary, metrics: [calgary.issued_within_30_days] }]
datasets:
  - name: calgary_permits
    key: permitnum
    columns: { permitnum: text, statuscurrent: text, applieddate: date, issueddate: date,
               completeddate: date, permittype: text, permitclassmapped: text,
               workclassgroup: text, description: text, communitycode: text,
               communityname: text, estprojectcost: number }
    geography: { communitycode: communities }
geographies:
  - { name: communities, id_property: comm_code, name_property: name,
      file: $root/tests/fixtures/real/calgary_communities.geojson }
YAML
db=$dir/calgary.db
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" catalog load "$dir/calgary.yaml" >/dev/null
"$bin" --db "$db" events import calgary_permits "$root/tests/fixtures/real/calgary_permits.csv" >/dev/null
"$bin" --db "$db" compute >/dev/null
measure "Calgary, 308 communities" "$db" calgary 2023-06 1

# A 48 MB boundary file (40 areas of 45,000 points): catalog load's CPU time and peak memory,
# against the file's size and what is stored (issue 14: a 50 MB file stays within memory).
/usr/bin/python3 - "$dir/big.geojson" <<'PY'
import json, math, sys
feats = []
for a in range(40):
    cx, cy, n, pts = -74.0 + (a % 8) * 0.05, 40.6 + (a // 8) * 0.05, 45000, []
    for i in range(n):
        t = 2 * math.pi * i / n
        r = 0.02 * (1 + 0.1 * math.sin(7 * t) + 0.03 * math.sin(301 * t) + 0.01 * math.sin(4001 * t))
        pts.append([round(cx + r * math.cos(t) / 0.76, 7), round(cy + r * math.sin(t), 7)])
    pts.append(pts[0])
    feats.append({"type": "Feature", "properties": {"id": a + 1},
                  "geometry": {"type": "Polygon", "coordinates": [pts]}})
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w"))
PY
printf 'departments: [{ code: d, name: D }]\nmetrics: []\ngeographies:\n  - { name: big, id_property: id, file: %s }\n' \
    "$dir/big.geojson" >"$dir/big.yaml"
"$bin" --db "$dir/big.db" init >/dev/null
/usr/bin/time -f '%U %S %M' -o "$dir/t" "$bin" --db "$dir/big.db" catalog load "$dir/big.yaml" >/dev/null
read -r u s kb <"$dir/t"
printf '%-28s %d MB file: %.1f s CPU, peak %d MB; stored %d KB\n' "catalog load, 40 x 45,000 pts" \
    $(($(stat -c %s "$dir/big.geojson") / 1048576)) "$(echo "$u + $s" | bc -l)" $((kb / 1024)) \
    $(($(sqlite3 "$dir/big.db" "select sum(length(rings)) from geo_area") / 1024))
