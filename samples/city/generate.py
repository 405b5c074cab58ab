#!/usr/bin/python3
"""Generate measurements.csv for Riverton, kpistat's fictional sample city.

Run:  /usr/bin/python3 samples/city/generate.py
Standard library only and deterministic: each metric has its own random stream seeded from SEED and the
metric code, so the output is the same bytes on every run and every machine.

The series are built for statistical process control demos:
  - most metrics are noise around a level (some on target, some off);
  - real sustained shifts: permits.review_days / permits.within_5_days (ePlan, April 2025, a rebase point),
    blight.demolitions (second demolition crew, Feb 2025), code.open_blight_cases (summer 2025 blitz),
    police.priority1_response and 311.calls_answered_within_60s / 311.abandon_rate (staffing, 2026);
  - a steady trend: fire.lift_assists (about +2.2 calls a month);
  - an outlier beyond 3 sigma: 911.answer_within_15s in 2026-01 (winter storm + CAD outage);
  - seasonality: 911.call_volume (summer peak), potholes (spring), lots cleared (growing season);
  - a stale metric: sanitation.missed_pickups_per_10k has no 2026-10 row;
  - a quarterly metric: blight.properties_returned (2023-Q4 .. 2026-Q3);
  - district breakdowns (district=1..5, summing to the city figure) for the last 13 months of
    fire.lift_assists, code.open_blight_cases and streets.potholes_filled.
A few values are written the way people type them ("1,234", "89.4%") to exercise the importer.
"""

import csv
import math
import os
import random
import re
import sys

SEED = 20261031
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "measurements.csv")
CATALOG = os.path.join(HERE, "catalog.yaml")

FIRST = (2023, 11)
NMONTHS = 36                      # 2023-11 .. 2026-10
MONTHS = []
for _i in range(NMONTHS):
    _y, _m = FIRST[0] + (FIRST[1] - 1 + _i) // 12, (FIRST[1] - 1 + _i) % 12 + 1
    MONTHS.append("%04d-%02d" % (_y, _m))
QUARTERS = ["%04d-Q%d" % (2023 + (3 + i) // 4, (3 + i) % 4 + 1) for i in range(12)]  # 2023-Q4 .. 2026-Q3
BREAKDOWN_MONTHS = MONTHS[-13:]   # 2025-10 .. 2026-10
DISTRICTS = [1, 2, 3, 4, 5]

# code: (unit, decimals, frequency); checked against catalog.yaml at start-up
METRICS = {
    "permits.review_days": ("days", 1, "monthly"),
    "permits.within_5_days": ("%", 1, "monthly"),
    "permits.issued": ("permits", 0, "monthly"),
    "permits.inspections_next_day": ("%", 1, "monthly"),
    "fire.response_p90": ("minutes", 2, "monthly"),
    "fire.lift_assists": ("calls", 0, "monthly"),
    "ems.response_median": ("minutes", 1, "monthly"),
    "911.call_volume": ("calls", 0, "monthly"),
    "911.answer_within_15s": ("%", 1, "monthly"),
    "police.priority1_response": ("minutes", 1, "monthly"),
    "code.open_blight_cases": ("cases", 0, "monthly"),
    "code.case_age_days": ("days", 0, "monthly"),
    "code.inspections_within_10_days": ("%", 1, "monthly"),
    "code.new_cases": ("cases", 0, "monthly"),
    "blight.demolitions": ("structures", 0, "monthly"),
    "blight.lots_cleared": ("lots", 0, "monthly"),
    "blight.board_ups": ("structures", 0, "monthly"),
    "blight.properties_returned": ("properties", 0, "quarterly"),
    "streets.pothole_repair_days": ("days", 1, "monthly"),
    "streets.potholes_filled": ("potholes", 0, "monthly"),
    "sanitation.missed_pickups_per_10k": ("per 10k", 1, "monthly"),
    "311.calls_received": ("calls", 0, "monthly"),
    "311.calls_answered_within_60s": ("%", 1, "monthly"),
    "311.abandon_rate": ("%", 1, "monthly"),
    "parks.mowing_cycle_days": ("days", 1, "monthly"),
    "finance.invoices_paid_30_days": ("%", 1, "monthly"),
    "finance.overtime_usd": ("USD", 0, "monthly"),
    "hr.vacancy_rate": ("%", 1, "monthly"),
}

# Department commentary, keyed by (metric, period). Numbers quoted in a note are pinned in PINNED.
NOTES = {
    ("permits.review_days", "2025-04"):
        "ePlan electronic review went live on April 7; reviewers now work one shared queue – "
        "expect a new baseline from here on.",
    ("permits.within_5_days", "2026-10"):
        "91.4 % against a goal of ≥ 92 %: two commercial plan reviewers were at code training "
        "in the last week of October.",
    ("fire.response_p90", "2026-10"):
        "Engine 4 was out of service for nine days (pump repair), so Station 6 covered its first-due area.",
    ("fire.lift_assists", "2025-11"):
        "Repeat callers at three senior residences account for about a quarter of lift assists.",
    ("fire.lift_assists", "2026-10"):
        "Still rising, mostly repeat callers at the senior residences on Bogotá Ave and Medellín St; "
        "the community paramedic pilot starts home visits in November.",
    ("911.answer_within_15s", "2026-01"):
        "CAD outage on January 24 (11 hours on the backup site).\n"
        "The winter storm the same weekend tripled call volume; both night shifts were held over.",
    ("police.priority1_response", "2026-10"):
        "Patrol is 14 officers below authorised strength, and the “power shift” from 6 p.m. to 2 a.m. "
        "has been suspended since February.",
    ("code.open_blight_cases", "2025-08"):
        "Summer blitz: the new hearing officer cleared the backlog of long-standing cases.",
    ("code.open_blight_cases", "2026-10"):
        "Still above the FY2026 goal of 1,100; District 3 holds almost a third of the open cases.",
    ("code.case_age_days", "2026-10"):
        "Median age is held up by about 140 heir-property cases waiting on title searches.",
    ("code.inspections_within_10_days", "2026-10"):
        "The goal rose from 85 % to 90 % in July; two inspector vacancies have been posted since August.",
    ("blight.demolitions", "2025-02"):
        "The new demolition contract (two crews instead of one) started on February 3.",
    ("streets.pothole_repair_days", "2026-02"):
        "Freeze–thaw cycles doubled pothole reports; crews worked Saturdays through March.",
    ("sanitation.missed_pickups_per_10k", "2026-09"):
        "Route 14 was re-sequenced after the Bogotá Ave bridge closure; most misses were on that route "
        "in the first week.",
    ("311.calls_answered_within_60s", "2026-01"):
        "Five agents moved to the new utility-billing team; their replacements are in training until March.",
    ("311.calls_answered_within_60s", "2026-10"):
        "Still four agents short. A chat assistant for bulk-item pick-ups goes live on November 15 and "
        "should take about 8 % of calls.",
    ("311.abandon_rate", "2026-10"):
        "Follows the answer-time problem above – most callers give up after about two minutes in the queue.",
    ("finance.overtime_usd", "2026-07"):
        "Includes the July 4 fireworks detail and the heat-emergency cooling centres, about $96,000.",
    ("hr.vacancy_rate", "2026-10"):
        "A hiring freeze on non-public-safety posts has been in place since September; "
        "see the “Budget outlook” memo.",
}

# Values that a note quotes, so the note and the number agree.
PINNED = {
    ("permits.within_5_days", "2026-10"): 91.4,
    ("911.answer_within_15s", "2026-01"): 76.8,      # the > 3 sigma outlier
    ("fire.response_p90", "2026-10"): 6.18,          # above the goal, inside the 0.25-minute band
}


def month_index(period):
    return MONTHS.index(period)


def cal_month(i):
    return int(MONTHS[i][5:7])


def season(i, peak_month):
    """+1 at peak_month, -1 six months away, a smooth cosine in between."""
    return math.cos(2 * math.pi * (cal_month(i) - peak_month) / 12)


def step(i, period, before, after):
    return before if i < month_index(period) else after


def series(code, rng):
    """Return {period: value} for the whole-city figure of one metric."""
    g = rng.gauss
    out = {}
    if code == "blight.properties_returned":
        for q in QUARTERS:
            level = 24 if q < "2025-Q3" else 29
            out[q] = max(8, round(g(level, 4.5)))
        return out
    for i, p in enumerate(MONTHS):
        if code == "permits.review_days":
            v = step(i, "2025-04", g(6.4, 0.35), g(4.7, 0.28))
        elif code == "permits.within_5_days":
            v = step(i, "2025-04", g(84.0, 1.9), g(92.6, 1.1))
        elif code == "permits.issued":
            v = g(420 + 85 * season(i, 5), 22)
        elif code == "permits.inspections_next_day":
            v = min(99.9, g(96.4, 1.0))
        elif code == "fire.response_p90":
            v = g(6.12, 0.11)
        elif code == "fire.lift_assists":
            v = g(152 + 2.2 * i, 7)
        elif code == "ems.response_median":
            v = g(7.55, 0.18)
        elif code == "911.call_volume":
            v = g(21400 + 2300 * season(i, 7), 420)
        elif code == "911.answer_within_15s":
            v = min(99.5, g(92.6, 1.0))
        elif code == "police.priority1_response":
            v = step(i, "2026-02", g(7.3, 0.22), g(8.1, 0.22))
        elif code == "code.open_blight_cases":
            # a gentle downward drift, then the summer 2025 blitz lowers the level
            v = step(i, "2025-08", g(1420 - 3 * i, 28), g(1175, 26))
        elif code == "code.case_age_days":
            v = g(97, 4.5)
        elif code == "code.inspections_within_10_days":
            v = g(86.5, 1.8)
        elif code == "code.new_cases":
            v = g(310 + 45 * season(i, 6), 18)
        elif code == "blight.demolitions":
            v = step(i, "2025-02", g(9, 2.2), g(15.5, 2.4))
        elif code == "blight.lots_cleared":
            v = g(145 + 55 * season(i, 7), 12)
        elif code == "blight.board_ups":
            v = g(41, 5.5)
        elif code == "streets.pothole_repair_days":
            winter = 1.4 if cal_month(i) in (1, 2, 3) else 0.0
            v = max(1.2, g(2.5 + winter, 0.3))
        elif code == "streets.potholes_filled":
            v = g(1150 + 520 * season(i, 3), 70)
        elif code == "sanitation.missed_pickups_per_10k":
            v = max(1.5, g(4.2, 0.45))
        elif code == "311.calls_received":
            v = g(14600 + 900 * season(i, 7), 450)
        elif code == "311.calls_answered_within_60s":
            v = step(i, "2026-01", g(82.4, 1.6), g(71.0, 1.9))
        elif code == "311.abandon_rate":
            v = step(i, "2026-01", g(6.1, 0.6), g(10.8, 0.8))
        elif code == "parks.mowing_cycle_days":
            v = g(12.8 + 1.6 * max(0.0, season(i, 7)), 0.7)
        elif code == "finance.invoices_paid_30_days":
            v = min(99.0, g(90.8, 1.9))
        elif code == "finance.overtime_usd":
            v = g(1120000 + 90000 * season(i, 7), 45000)
        elif code == "hr.vacancy_rate":
            v = g(11.4, 0.45)
        else:
            raise SystemExit("generate.py: no series for metric %s" % code)
        out[p] = v
    return out


def rounded(v, decimals):
    return round(v, decimals) if decimals else int(round(v))


def split_districts(total, shares, rng):
    """Whole-number district figures (largest remainder) that add up exactly to total."""
    w = [max(0.01, s * rng.gauss(1.0, 0.08)) for s in shares]
    raw = [total * x / sum(w) for x in w]
    parts = [int(math.floor(x)) for x in raw]
    rest = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda k: (-(raw[k] - parts[k]), k))
    for k in order[:rest]:
        parts[k] += 1
    return parts


BREAKDOWN_SHARES = {
    "fire.lift_assists": [0.27, 0.16, 0.24, 0.13, 0.20],
    "code.open_blight_cases": [0.18, 0.14, 0.31, 0.22, 0.15],
    "streets.potholes_filled": [0.21, 0.19, 0.17, 0.23, 0.20],
}


def typed(v, unit, decimals, fmt_rng):
    """The value as text: usually plain, sometimes the way people type it."""
    text = "%.*f" % (decimals, v)
    r = fmt_rng.random()
    if unit == "%" and r < 0.08:
        return text + "%"
    if unit != "%" and abs(v) >= 1000 and r < 0.12:
        return "{:,.{d}f}".format(v, d=decimals)
    return text


def check_catalog():
    """The metric list here must match catalog.yaml (a light text check; no YAML library needed)."""
    with open(CATALOG, encoding="utf-8") as f:
        text = f.read()
    found = {}
    cur = None
    for line in text.splitlines():
        m = re.match(r"^  - code: (\S+)\s*$", line)
        if m:
            cur = m.group(1)
            found[cur] = {}
            continue
        m = re.match(r"^    (unit|decimals|frequency): (.+?)\s*(#.*)?$", line)
        if m and cur is not None:
            found[cur][m.group(1)] = m.group(2).strip('"')
        if re.match(r"^    compute:", line) and cur is not None:
            found[cur]["compute"] = True    # computed from raw records: no rows here
    metrics = {k: v for k, v in found.items() if "unit" in v and "compute" not in v}
    if set(metrics) != set(METRICS):
        raise SystemExit("generate.py: catalog.yaml and METRICS differ: %s"
                         % sorted(set(metrics) ^ set(METRICS)))
    for code, (unit, dec, freq) in METRICS.items():
        got = metrics[code]
        if (got.get("unit"), got.get("decimals"), got.get("frequency")) != (unit, str(dec), freq):
            raise SystemExit("generate.py: %s differs from catalog.yaml: %r" % (code, got))


def main():
    check_catalog()
    rows = []
    for code in sorted(METRICS, key=lambda c: list(METRICS).index(c)):
        unit, decimals, freq = METRICS[code]
        rng = random.Random("%d:%s" % (SEED, code))
        fmt_rng = random.Random("%d:%s:format" % (SEED, code))
        split_rng = random.Random("%d:%s:districts" % (SEED, code))
        values = series(code, rng)
        for period, v in values.items():
            if (code, period) in PINNED:
                v = PINNED[(code, period)]
            if code == "sanitation.missed_pickups_per_10k" and period == MONTHS[-1]:
                continue  # not submitted yet: the packet should flag it as missing / stale
            v = rounded(v, decimals)
            rows.append([code, period, typed(v, unit, decimals, fmt_rng), "",
                         NOTES.get((code, period), "")])
            if code in BREAKDOWN_SHARES and period in BREAKDOWN_MONTHS:
                parts = split_districts(int(v), BREAKDOWN_SHARES[code], split_rng)
                for d, part in zip(DISTRICTS, parts):
                    rows.append([code, period, typed(part, unit, 0, fmt_rng), "district=%d" % d, ""])
    used = {(r[0], r[1]) for r in rows if r[4]}
    missing = set(NOTES) - used
    if missing:
        raise SystemExit("generate.py: notes for periods without a row: %s" % sorted(missing))
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["metric", "period", "value", "breakdown", "note"])
        w.writerows(rows)
    print("wrote %s: %d rows (%d with a note, %d district rows)"
          % (os.path.relpath(OUT), len(rows), sum(1 for r in rows if r[4]),
             sum(1 for r in rows if r[3])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
