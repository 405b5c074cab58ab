# The catalog's ratio: blocks and datasets: every way they can be wrong, each with FILE:LINE:COL
# and the exact message, all reported in one run and nothing loaded; a metric with both
# compute: and ratio:; and a ratio catalog loaded again changes nothing.
. tests/cli/lib.sh

rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null
snapshot "$T/before"
cat >"$T/bad.yaml" <<'Y'
departments:
  - { code: d, name: D }
metrics:
  - { code: a, name: A, department: d, unit: calls, direction: neutral }
  - { code: b, name: B, department: d, unit: calls, direction: neutral }
  - { code: q, name: Q, department: d, unit: calls, direction: neutral, frequency: quarterly }
  - { code: r.scalar, name: R, department: d, unit: "%", direction: neutral, ratio: a/b }
  - { code: r.noden, name: R, department: d, unit: "%", direction: neutral, ratio: { numerator: a } }
  - { code: r.per, name: R, department: d, unit: "%", direction: neutral, ratio: { numerator: a, denominator: b, per: 0 } }
  - { code: r.unknown, name: R, department: d, unit: "%", direction: neutral, ratio: { numerator: zz, denominator: b } }
  - { code: r.self, name: R, department: d, unit: "%", direction: neutral, ratio: { numerator: r.self, denominator: b } }
  - { code: r.ok, name: R, department: d, unit: "%", direction: neutral, ratio: { numerator: a, denominator: b, per: 100 } }
  - { code: r.ofratio, name: R, department: d, unit: "%", direction: neutral, ratio: { numerator: r.ok, denominator: b } }
  - { code: r.freq, name: R, department: d, unit: "%", direction: neutral, ratio: { numerator: a, denominator: q } }
Y
expect_rc 65 "$KP" catalog load "$T/bad.yaml"
B=$T/bad.yaml
expect_err "kpistat: $B:7:85: metric 'r.scalar': ratio must be a mapping of key: value lines, not a single value"
expect_err "kpistat: $B:8:84: metric 'r.noden': ratio: missing required key 'denominator'"
expect_err "kpistat: $B:9:119: metric 'r.per': ratio: bad per '0': expected a number such as 100 (a percentage) or 1000 (per 1,000)"
expect_err "kpistat: $B:10:99: metric 'r.unknown': ratio: unknown numerator metric 'zz': expected a metric code of this catalog"
expect_err "kpistat: $B:11:96: metric 'r.self': ratio: numerator 'r.self' is the metric itself: a ratio takes two stored metrics"
expect_err "kpistat: $B:13:99: metric 'r.ofratio': ratio: numerator 'r.ok' is a ratio too: a ratio takes two stored metrics"
expect_err "kpistat: $B:14:112: metric 'r.freq': ratio: denominator 'q' is reported quarterly, the ratio monthly: expected the same frequency"
expect_err "kpistat: catalog not loaded: 7 problems in '$B'"
snapshot "$T/after"
same_file "$T/before" "$T/after"

# Datasets: a column twice, a bad required:, a format on a text column, an unknown format, a
# column that is not a mapping, a type that is a list or unknown, a bad datetime_format,
# null_values that are not text, columns that are neither a mapping nor a list.
cat >"$T/ds.yaml" <<'Y'
departments:
  - { code: d, name: D }
metrics:
  - { code: a, name: A, department: d, unit: calls, direction: neutral }
datasets:
  - name: one
    key: id
    columns:
      - { name: id, type: text }
      - { name: id, type: integer }
      - { name: done, type: date, required: maybe }
      - { name: when, type: text, format: "%Y" }
      - { name: at, type: datetime, format: "%Q" }
      - just a name
  - name: two
    key: id
    columns: { id: text, bad: [1, 2], sixth: colour }
    datetime_format: "%Q"
    null_values: [NA, [x]]
  - name: three
    key: id
    columns: text
Y
expect_rc 65 "$KP" catalog load "$T/ds.yaml"
D=$T/ds.yaml
expect_err "kpistat: $D:10:9: dataset 'one': column 'id' is declared twice"
expect_err "kpistat: $D:11:45: dataset 'one': bad required 'maybe': expected true or false"
expect_err "kpistat: $D:12:43: dataset 'one': column 'when': a format is only for date and datetime columns"
expect_err "kpistat: $D:13:45: dataset 'one': column 'at': bad format '%Q': '%Q' is not known; use %Y %m %d %b %H %I %M %S %f %p %z or %%"
expect_err "kpistat: $D:14:9: a column must be a mapping of key: value lines, not a single value"
expect_err "kpistat: $D:17:31: dataset 'two': column 'bad' needs a type (text, integer, number, date or datetime), not a list"
expect_err "kpistat: $D:17:46: dataset 'two': column 'sixth': unknown type 'colour': expected text, integer, number, date or datetime"
expect_err "kpistat: $D:18:22: dataset 'two': bad format '%Q'"
expect_err "kpistat: $D:19:23: dataset 'two': 'null_values' takes text values (a value or a list)"
expect_err "kpistat: $D:22:14: dataset 'three': 'columns' must be a mapping of name: type"
expect_err "kpistat: catalog not loaded: 10 problems in '$D'"
snapshot "$T/after"
same_file "$T/before" "$T/after"

# compute: and ratio: on one metric.
awk '{print} /code: permits.decided/{print "    ratio: { numerator: permits.days, denominator: permits.fees }"}' \
    tests/fixtures/events.yaml >"$T/both.yaml"
n=$(grep -n 'ratio: { numerator: permits.days' "$T/both.yaml" | cut -d: -f1)
expect_rc 65 "$KP" catalog load "$T/both.yaml"
expect_err "kpistat: $T/both.yaml:$n:12: metric 'permits.decided': ratio: a metric has a compute: block or a ratio:, not both"

# The good ratio catalog, loaded twice: the second load finds its ratios unchanged.
expect_rc 0 "$KP" catalog load tests/fixtures/ratio/catalog.yaml
expect_rc 0 "$KP" catalog load tests/fixtures/ratio/catalog.yaml
expect_out "catalog unchanged"

finish
