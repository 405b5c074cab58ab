# Ratio metrics: figures derived by `compute` from two stored metrics with the same breakdown,
# compared across providers with the two counts; the refusals.
. tests/cli/lib.sh

rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load tests/fixtures/ratio/catalog.yaml
expect_out "metric 'ae.breach_rate' added"
# Two months; in March provider C has no attendances recorded as 0 (no figure, a notice).
{
	echo "metric,period,value,breakdown"
	for m in 2024-02 2024-03; do
		echo "ae.attendances,$m,3000,"
		echo "ae.breaches,$m,240,"
		echo "ae.attendances,$m,1000,provider=A"
		echo "ae.breaches,$m,40,provider=A"
		echo "ae.attendances,$m,1000,provider=B"
		echo "ae.breaches,$m,140,provider=B"
		echo "ae.breaches,$m,60,provider=C"
		echo "ae.admissions,$m,600,"
	done
	echo "ae.attendances,2024-02,1000,provider=C"
	echo "ae.attendances,2024-03,0,provider=C"
} >"$T/ae.csv"
expect_rc 0 "$KP" import "$T/ae.csv"
# A hand-entered figure for a ratio metric is refused (it is computed).
expect_rc 65 "$KP" record ae.breach_rate 2024-02 8
expect_rc 65 "$KP" compute
expect_err "metric 'ae.admit_rate': a ratio of metrics with different breakdowns: 'ae.attendances' has provider=A and 'ae.admissions' does not"
expect_rc 0 "$KP" compute --metric ae.breach_rate
expect_err "metric 'ae.breach_rate': 2024-03 provider=C: denominator 'ae.attendances' is 0: no figure"
expect_rc 0 "$KP" export
expect_out "ae.breach_rate,2024-02,,8,%"
expect_out "ae.breach_rate,2024-02,provider=A,4,%"
expect_out "ae.breach_rate,2024-02,provider=B,14,%"
expect_out "ae.breach_rate,2024-02,provider=C,6,%"
expect_no_out "ae.breach_rate,2024-03,provider=C"
expect_rc 0 "$KP" status --codes
expect_out "ae.breach_rate"
# Compare with the two counts, February: pool 240 / 3000 = 8 %; at n = 1000 the 99.8 % limits
# are 8 -+ 3.0902 * sqrt(0.08 * 0.92 / 1000) * 100 = 5.35 .. 10.65: A (4 %) below, B (14 %)
# above, C (6 %) inside (95 %: 6.32 .. 9.68, so C is below at 95 %). Lower is better.
expect_rc 0 "$KP" compare ae.breach_rate --period 2024-02 --format json
tr -d ' \n' <"$T/out" >"$T/flat"
grep -q '"pooled":{"numerator":240,"denominator":3000,"value":8}' "$T/flat" || fail "pooled"
grep -q '"area":"A","name":null,"numerator":40,"denominator":1000,"value":4,.*"verdict":"low_998"' "$T/flat" ||
	fail "provider A"
grep -q '"area":"B",[^}]*"verdict":"high_998"' "$T/flat" || fail "provider B"
grep -q '"area":"C",[^}]*"verdict":"low_95"' "$T/flat" || fail "provider C"
expect_rc 0 "$KP" compare ae.breach_rate --period 2024-02
expect_out "significantly worse than the city (99.8 % limits)"
# Bad ratio blocks.
sed 's/numerator: ae.breaches, denominator: ae.attendances/numerator: ae.nothing, denominator: ae.attendances/' \
    tests/fixtures/ratio/catalog.yaml >"$T/bad.yaml"
expect_rc 65 "$KP" catalog load "$T/bad.yaml"
expect_err "metric 'ae.breach_rate': ratio: unknown numerator metric 'ae.nothing'"
sed 's/per: 100 }/per: zero }/' tests/fixtures/ratio/catalog.yaml >"$T/bad.yaml"
expect_rc 65 "$KP" catalog load "$T/bad.yaml"
expect_err "bad per 'zero'"
sed 's/numerator: ae.breaches, denominator: ae.attendances/numerator: ae.admit_rate, denominator: ae.attendances/' \
    tests/fixtures/ratio/catalog.yaml >"$T/bad.yaml"
expect_rc 65 "$KP" catalog load "$T/bad.yaml"
expect_err "numerator 'ae.admit_rate' is a ratio too"
# A ratio figure goes when an input figure goes. A denominator revised to 0: March's C had no
# figure already; February's C (6 %) is withdrawn, with the reason, and no longer exported.
expect_rc 0 "$KP" record ae.attendances 2024-02 0 --breakdown provider=C --reason "recount: none"
expect_rc 0 "$KP" compute --metric ae.breach_rate
expect_rc 0 "$KP" export
expect_no_out "ae.breach_rate,2024-02,provider=C"
expect_out "ae.breach_rate,2024-02,provider=A,4,%"
expect_rc 0 "$KP" history ae.breach_rate --breakdown provider=C
expect_out "an input figure is gone or the denominator is 0"
# A numerator figure corrected: compute revises the ratio figure made from it. February's
# city breaches 240 -> 300 of 3000 attendances: 10 %. The other five current figures
# (February A, B; March city, A, B) are unchanged.
expect_rc 0 "$KP" record ae.breaches 2024-02 300 --reason "late returns"
expect_rc 0 "$KP" compute --metric ae.breach_rate
expect_out "computed 1 metric: 6 figures: 0 new, 1 revised, 5 unchanged"
expect_rc 0 "$KP" export
expect_out "ae.breach_rate,2024-02,,10,%"
expect_rc 0 "$KP" history ae.breach_rate
expect_out "recomputed from ae.breaches / ae.attendances"
# February's C comes back (attendances 1000 again): its ratio figure, withdrawn above, is
# restored at 60 / 1000 = 6 % and counted as revised. April has breaches but no attendances:
# no figure. May's city attendances are 0: no figure, and the notice names no breakdown.
expect_rc 0 "$KP" record ae.attendances 2024-02 1000 --breakdown provider=C --reason "found"
expect_rc 0 "$KP" record ae.breaches 2024-04 50
expect_rc 0 "$KP" record ae.breaches 2024-05 5
expect_rc 0 "$KP" record ae.attendances 2024-05 0
expect_rc 0 "$KP" compute --metric ae.breach_rate
expect_out "computed 1 metric: 7 figures: 0 new, 1 revised, 6 unchanged"
expect_err "metric 'ae.breach_rate': 2024-05: denominator 'ae.attendances' is 0: no figure"
expect_rc 0 "$KP" export
expect_out "ae.breach_rate,2024-02,provider=C,6,%"
expect_no_out "ae.breach_rate,2024-04"
expect_no_out "ae.breach_rate,2024-05"
# A ratio whose numerator has a breakdown its denominator lacks is refused, naming the first
# value only the numerator has; nothing is computed for it.
sed 's/numerator: ae.admissions, denominator: ae.attendances/numerator: ae.attendances, denominator: ae.admissions/' \
    tests/fixtures/ratio/catalog.yaml >"$T/swap.yaml"
KPISTAT_DB=$T/swap.db "$KP" init >/dev/null
expect_rc 0 env KPISTAT_DB="$T/swap.db" "$KP" catalog load "$T/swap.yaml"
expect_rc 0 env KPISTAT_DB="$T/swap.db" "$KP" import "$T/ae.csv"
expect_rc 65 env KPISTAT_DB="$T/swap.db" "$KP" compute --metric ae.admit_rate
expect_err "kpistat: metric 'ae.admit_rate': a ratio of metrics with different breakdowns: 'ae.attendances' has provider=A and 'ae.admissions' does not: give both the same breakdown"
expect_rc 0 env KPISTAT_DB="$T/swap.db" "$KP" export
expect_no_out "ae.admit_rate"
# Inputs computed from records: when a provider's records go (--replace), its count figures
# are withdrawn by compute, and so is the ratio figure made from them.
cat >"$T/visits.yaml" <<'YAML'
departments: [{ code: er, name: Emergency room }]
metrics:
  - code: er.visits
    name: Visits
    department: er
    unit: visits
    direction: neutral
    compute: { dataset: visits, period_by: day, measure: count, breakdown: site }
  - code: er.long_waits
    name: Visits waiting over 4 hours
    department: er
    unit: visits
    direction: lower
    compute: { dataset: visits, period_by: day, measure: count, where: { long: yes },
               breakdown: site }
  - code: er.long_rate
    name: Share of visits waiting over 4 hours
    department: er
    unit: "%"
    direction: lower
    ratio: { numerator: er.long_waits, denominator: er.visits, per: 100 }
datasets:
  - { name: visits, key: id, columns: { id: text, day: date, site: text, long: text } }
YAML
KPISTAT_DB=$T/visits.db
export KPISTAT_DB
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load "$T/visits.yaml"
printf 'id,day,site,long\n1,2024-02-01,N,yes\n2,2024-02-02,N,no\n3,2024-02-03,S,yes\n4,2024-02-04,S,no\n5,2024-02-05,S,no\n6,2024-02-06,S,yes\n7,2024-03-01,N,yes\n8,2024-03-02,N,no\n' >"$T/v1.csv"
expect_rc 0 "$KP" events import visits "$T/v1.csv"
expect_rc 0 "$KP" compute
expect_rc 0 "$KP" export
expect_out "er.long_rate,2024-02,site=N,50,%"
expect_out "er.long_rate,2024-02,site=S,50,%"
expect_out "er.long_rate,2024-03,site=N,50,%"
# March's records all go: its counts are withdrawn, and so is its ratio figure. February's
# site S loses its records: its counts stay as zeros (counts are zero-filled), so the ratio
# has a denominator of 0 and its figure goes too. Site N's stays.
printf 'id,day,site,long\n1,2024-02-01,N,yes\n2,2024-02-02,N,no\n' >"$T/v2.csv"
expect_rc 0 "$KP" events import visits "$T/v2.csv" --replace
expect_rc 0 "$KP" compute
expect_rc 0 "$KP" export
expect_no_out "er.visits,2024-03"
expect_no_out "er.long_rate,2024-03"
expect_out "er.visits,2024-02,site=S,0,"
expect_no_out "er.long_rate,2024-02,site=S"
expect_out "er.long_rate,2024-02,site=N,50,%"
expect_out "er.long_rate,2024-02,,50,%"
finish
