#!/usr/bin/python3
"""Convert Baltimore's published performance measures into a kpistat catalog.

Reads  baltimore_performance_measures.csv   (next to this script)
Writes catalog.yaml and measurements.csv    (next to this script)
and prints the counts that SOURCE.md reports.

Standard library only; deterministic (same input, same bytes out).
Run:  /usr/bin/python3 samples/baltimore/convert.py
The rules are described in SOURCE.md ("How the catalog was derived").
"""

import collections
import csv
import io
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "baltimore_performance_measures.csv")
OUT_CATALOG = os.path.join(HERE, "catalog.yaml")
OUT_MEAS = os.path.join(HERE, "measurements.csv")

# Baltimore's fiscal year runs July-June: FY25 = Jul 2024 .. Jun 2025.
TARGET_COLS = [  # column, first calendar quarter of that fiscal year
    ("FY 24 Target", "2023-Q3"),
    ("FY 25 Target", "2024-Q3"),
    ("FY 26 Target", "2025-Q3"),
    ("FY 27 Target", "2026-Q3"),
]
QUARTER_COLS = [  # column, calendar quarter, fiscal year it belongs to
    ("FY 25 Q1", "2024-Q3", "FY25"),
    ("FY 25 Q2", "2024-Q4", "FY25"),
    ("FY 25 Q3", "2025-Q1", "FY25"),
    ("FY 25 Q4", "2025-Q2", "FY25"),
    ("FY 26 Q1", "2025-Q3", "FY26"),
    ("FY 26 Q2", "2025-Q4", "FY26"),
    ("FY 26 Q3", "2026-Q1", "FY26"),
    ("FY 26 Q4", "2026-Q2", "FY26"),
]
# Quarterly narrative: which quarters it may be attached to.
CONTEXT_COLS = [
    ("FY 25 Quarterly Context", ["FY 25 Q1", "FY 25 Q2", "FY 25 Q3", "FY 25 Q4"]),
    ("FY 26 Quarterly Context", ["FY 26 Q1", "FY 26 Q2", "FY 26 Q3"]),
    ("FY 26 Q4 Context", ["FY 26 Q4"]),
]
NOTE_MAX = 300
PERCENT_MAX = 1000  # a "%" value above this is not a percentage (placeholders such as 9999, dollar sums)
PROGRAM_AGENCIES = 4
PROGRAM_PER_AGENCY = 5

# A published number: optional $, optional sign, digits with or without thousands separators,
# optional decimals (".75" allowed), optional trailing %.
NUMBER_RE = re.compile(r"^\$?-?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?$")

STOPWORDS = {"baltimore", "city", "of", "and", "the", "in", "mayor's", "mayor\u2019s",
             "office", "department", "m-r"}


def clean_line(s):
    """Collapse all whitespace (newlines included) to single spaces and trim."""
    return " ".join(s.split())


def slug(s):
    s = re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")
    return s


def parse_number(raw):
    """Return (Decimal value, had_percent_sign) or None when raw is not a number."""
    s = raw.strip()
    if not s or not NUMBER_RE.match(s) or not re.search(r"\d", s):
        return None
    pct = s.endswith("%")
    t = s.replace("$", "").replace(",", "").rstrip("%")
    try:
        return Decimal(t), pct
    except InvalidOperation:
        return None


def fmt_decimal(d):
    """Decimal to the shortest plain string: 87.4700 -> 87.47, 90.0 -> 90."""
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    s = format(d.normalize(), "f")
    return s


def decimals_of(d):
    e = d.normalize().as_tuple().exponent
    return max(0, -e) if isinstance(e, int) else 0


def yq(s):
    """YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    out = json.dumps(s, ensure_ascii=False)
    # characters that YAML treats as line breaks or that are not printable
    for ch in ("\u0085", "\u2028", "\u2029", "\ufeff"):
        out = out.replace(ch, "\\u%04x" % ord(ch))
    return out


def unit_of(kind):
    k = kind.strip().lower()
    if k == "percent":
        return "%"
    if k == "currency":
        return "USD"
    return "count"


def direction_of(outcome):
    o = outcome.strip().lower()
    if o == "increase":
        return "higher"
    if o == "decrease":
        return "lower"
    return "neutral"


def rollup_of(interval, unit):
    i = interval.strip().lower()
    if unit == "%":
        return "last"  # a percentage cannot be summed
    if i.startswith("cum"):  # "Cumulative" and the published typo "Cumalitve"
        return "sum"
    return "last"


def main():
    with open(SRC, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    stats = collections.Counter()
    stats["source_rows"] = len(rows)

    # --- 1. merge the plan-year records (FY26 plan and FY27 plan) of one measure -------------
    groups = collections.OrderedDict()
    for r in rows:
        key = (r["Agency ID"].strip(), r["Measure ID"].strip(), r["Service ID"].strip(),
               clean_line(r["Performance Measure"]).lower())
        groups.setdefault(key, []).append(r)
    stats["measures_after_merge"] = len(groups)

    def plan_year(r):
        return r["Fiscal Year"].strip()

    measures = []
    for key, recs in groups.items():
        recs_by_year = sorted(recs, key=plan_year)  # FY26 before FY27; file order within a year
        latest = recs_by_year[-1]
        fy26 = [x for x in recs_by_year if plan_year(x) == "FY26"]
        fy27 = [x for x in recs_by_year if plan_year(x) == "FY27"]

        def pick(col, prefer):
            """First non-empty value of col, trying the preferred records first."""
            order = prefer + [x for x in recs_by_year if x not in prefer]
            for x in order:
                v = x[col].strip()
                if v:
                    return v
            return ""

        newest_first = list(reversed(recs_by_year))
        m = {
            "recs": recs,
            "agency": clean_line(latest["Agency"]),
            "agency_id": latest["Agency ID"].strip(),
            "measure_id": key[1],
            "service_id": key[2],
            "name": clean_line(pick("Performance Measure", newest_first)),
            "kind": pick("Percent or Count", newest_first),
            "outcome": pick("Desired Outcome", newest_first),
            "interval": pick("Interval", newest_first),
            "formula": pick("Measure Formula", newest_first).strip(),
            "source": pick("Data Source", newest_first).strip(),
            "deprecated": latest["Deprecated"].strip().lower() == "yes",
        }
        # values of a fiscal year come from that plan year's record when it has them
        m["targets_raw"] = []
        for col, frm in TARGET_COLS:
            prefer = fy27 if col == "FY 27 Target" else fy26
            m["targets_raw"].append((col, frm, pick(col, prefer)))
        m["quarters_raw"] = [(col, per, pick(col, fy26)) for col, per, _ in QUARTER_COLS]
        m["context"] = [(col, qcols, pick(col, fy26)) for col, qcols in CONTEXT_COLS]
        measures.append(m)

    # --- 2. departments -------------------------------------------------------------------
    agency_ids = collections.defaultdict(collections.Counter)
    for r in rows:
        agency_ids[clean_line(r["Agency"])][r["Agency ID"].strip()] += 1
    main_id = {a: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for a, c in agency_ids.items()}
    names_per_id = collections.defaultdict(list)
    for a in sorted(main_id):
        names_per_id[main_id[a]].append(a)
    dept_code = {}
    for aid, names in names_per_id.items():
        base = slug(aid.split()[0]) if aid else "agency"
        if len(names) == 1:
            dept_code[names[0]] = base
            continue
        for a in names:
            words = [w for w in re.split(r"[\s\-]+", a.lower()) if w and w not in STOPWORDS]
            initials = "".join(w[0] for w in words if w[0].isalnum()) or "x"
            code = base + "_" + initials
            n = 2
            while code in dept_code.values():
                code = "%s_%s%d" % (base, initials, n)
                n += 1
            dept_code[a] = code

    # --- 3. values ------------------------------------------------------------------------
    kept = []
    for m in measures:
        unit = unit_of(m["kind"])
        m["unit"] = unit
        if m["deprecated"]:
            stats["skipped_deprecated"] += 1
            continue
        quarters = []
        for col, per, raw in m["quarters_raw"]:
            if not raw:
                continue
            p = parse_number(raw)
            if p is None:
                stats["dropped_non_numeric"] += 1
                stats["dropped_non_numeric_text:" + raw[:40]] += 1
                continue
            val, pct = p
            out = raw
            if unit == "%":
                if not pct and Decimal(0) <= val <= Decimal(1):
                    val = val * 100
                    out = fmt_decimal(val)
                    if val != 0:
                        stats["fraction_to_percent"] += 1
                if abs(val) > PERCENT_MAX:
                    stats["dropped_implausible_percent"] += 1
                    continue
            quarters.append((col, per, out, val))
        if len(quarters) < 2:
            stats["skipped_fewer_than_2_values"] += 1
            continue
        targets = []
        for col, frm, raw in m["targets_raw"]:
            if not raw:
                continue
            p = parse_number(raw)
            if p is None:
                stats["targets_dropped_non_numeric"] += 1
                stats["dropped_target_text:" + raw[:40]] += 1
                continue
            val, pct = p
            if unit == "%" and not pct and Decimal(0) <= val <= Decimal(1):
                val = val * 100
            if unit == "%" and abs(val) > PERCENT_MAX:
                stats["targets_dropped_non_numeric"] += 1
                continue
            annual = None
            if rollup_of(m["interval"], unit) == "sum":
                # Cumulative measures: the quarters add up to the fiscal year, and the published
                # target is for the whole year; a quarter is held to a quarter of it.
                annual = val
                val = val / 4
            if targets and targets[-1][1] == val:
                stats["targets_repeated_same_value"] += 1
                continue  # unchanged target carries on from the earlier fiscal year
            if annual is not None:
                stats["targets_annual_divided_by_4"] += 1
            targets.append((frm, val, col, annual))
        m["quarters"] = quarters
        m["targets"] = targets
        # decimals
        if unit == "%":
            m["decimals"] = 1
        else:
            m["decimals"] = min(2, max(decimals_of(v) for _, _, _, v in quarters))
        # kpistat takes counts >= 0 unless the catalog gives a min: (net figures can be negative)
        low = min(val for _, _, _, val in quarters)
        m["min"] = low if unit not in ("%", "USD") and low < 0 else None
        # notes: the quarterly context goes on the last quarter it covers that has a value
        notes = {}
        have = {col for col, _, _, _ in quarters}
        for ccol, qcols, text in m["context"]:
            text = clean_line(text)
            if not text:
                continue
            target_q = [c for c in qcols if c in have]
            if not target_q:
                stats["notes_without_value"] += 1
                continue
            if len(text) > NOTE_MAX:
                text = text[:NOTE_MAX - 1].rstrip() + "\u2026"
                stats["notes_trimmed"] += 1
            q = target_q[-1]
            notes[q] = (notes[q] + " / " + text) if q in notes else text
        m["notes"] = notes
        kept.append(m)

    # --- 4. metric codes --------------------------------------------------------------------
    by_base = collections.defaultdict(list)
    for i, m in enumerate(kept):
        if m["measure_id"]:
            base = "bmore." + slug(m["measure_id"])
        else:
            base = "bmore." + dept_code[m["agency"]] + "_noid"
        by_base[base].append(i)
    used = set()
    for base, idx in by_base.items():
        for i in idx:
            m = kept[i]
            code = base
            if len(idx) > 1:
                code = base + "." + (slug(m["service_id"].split()[0]) if m["service_id"] else "nosrv")
            if code in used:
                n = 2
                while "%s_%d" % (code, n) in used:
                    n += 1
                code = "%s_%d" % (code, n)
            used.add(code)
            m["code"] = code
    for m in kept:
        assert re.fullmatch(r"[a-z0-9_.]+", m["code"]), m["code"]

    # --- 5. program: the agencies with the most complete series -----------------------------
    def completeness(m):
        return (len(m["quarters"]), 1 if m["notes"] else 0)

    per_agency = collections.defaultdict(list)
    for m in kept:
        distinct = len({v for _, _, _, v in m["quarters"]})
        if (len(m["quarters"]) >= 6 and distinct >= 3 and m["targets"]
                and direction_of(m["outcome"]) != "neutral"):
            per_agency[m["agency"]].append(m)
    agencies = sorted(per_agency, key=lambda a: (-len(per_agency[a]),
                                                 -sum(len(x["quarters"]) for x in per_agency[a]), a))
    program_metrics = []
    for a in agencies[:PROGRAM_AGENCIES]:
        best = sorted(per_agency[a], key=lambda x: (tuple(-c for c in completeness(x)), x["code"]))
        program_metrics.extend(x["code"] for x in best[:PROGRAM_PER_AGENCY])
    program_agencies = agencies[:PROGRAM_AGENCIES]

    # --- 6. write catalog.yaml ----------------------------------------------------------------
    used_agencies = sorted({m["agency"] for m in kept}, key=lambda a: dept_code[a])
    y = io.StringIO()
    w = y.write
    w("# kpistat catalog generated by convert.py from baltimore_performance_measures.csv\n")
    w("# (City of Baltimore performance measures, MIT licence; see SOURCE.md). Do not edit by hand:\n")
    w("# change convert.py and run /usr/bin/python3 samples/baltimore/convert.py\n")
    w("city: Baltimore\n")
    w("fiscal_year_start: 7              # Baltimore fiscal years run July-June\n")
    w("departments:\n")
    for a in used_agencies:
        w("  - code: %s\n" % dept_code[a])
        w("    name: %s\n" % yq(a))
        w("    head: \"\"\n")
    w("metrics:\n")
    for m in kept:
        w("  # Measure ID %s, %s, %s\n" % (m["measure_id"] or "(none)",
                                          clean_line(m["service_id"]) or "(no service)",
                                          "Interval " + (clean_line(m["interval"]) or "(blank)")))
        w("  - code: %s\n" % m["code"])
        w("    name: %s\n" % yq(m["name"]))
        w("    department: %s\n" % dept_code[m["agency"]])
        w("    unit: %s\n" % yq(m["unit"]))
        w("    decimals: %d\n" % m["decimals"])
        if m["min"] is not None:
            w("    min: %s   # a net figure: the lowest published one\n" % fmt_decimal(m["min"]))
        w("    direction: %s\n" % direction_of(m["outcome"]))
        w("    frequency: quarterly\n")
        w("    rollup: %s\n" % rollup_of(m["interval"], m["unit"]))
        w("    description: %s\n" % yq(m["formula"]))
        w("    source: %s\n" % yq(m["source"]))
        if m["targets"]:
            w("    targets:\n")
            for frm, val, col, annual in m["targets"]:
                if annual is None:
                    w("      - value: %s\n" % fmt_decimal(val))
                else:
                    w("      - value: %s   # %s %s for the year, a quarter of it per quarter\n"
                      % (fmt_decimal(val), col, fmt_decimal(annual)))
                w("        from: %s\n" % frm)
        else:
            w("    targets: []\n")
    w("programs:\n")
    w("  - code: citistat\n")
    w("    title: CitiStat\n")
    w("    template: tulstat\n")
    w("    # the %d agencies with the most measures that have 6+ quarterly values (3+ distinct),\n"
      % PROGRAM_AGENCIES)
    w("    # a target and a direction; up to %d most complete measures each:\n" % PROGRAM_PER_AGENCY)
    for a in program_agencies:
        w("    #   %s (%s)\n" % (a, dept_code[a]))
    w("    metrics:\n")
    for c in program_metrics:
        w("      - %s\n" % c)
    with open(OUT_CATALOG, "w", encoding="utf-8", newline="\n") as f:
        f.write(y.getvalue())

    # --- 7. write measurements.csv --------------------------------------------------------------
    nmeas = nnotes = 0
    with open(OUT_MEAS, "w", encoding="utf-8", newline="") as f:
        cw = csv.writer(f, lineterminator="\n")
        cw.writerow(["metric", "period", "value", "breakdown", "note"])
        for m in kept:
            for col, per, out, _ in m["quarters"]:
                note = m["notes"].get(col, "")
                cw.writerow([m["code"], per, out, "", note])
                nmeas += 1
                nnotes += 1 if note else 0

    # --- 8. report --------------------------------------------------------------------------
    ntargets = sum(len(m["targets"]) for m in kept)
    report = [
        ("source rows", stats["source_rows"]),
        ("measures after merging plan-year records", stats["measures_after_merge"]),
        ("skipped: deprecated", stats["skipped_deprecated"]),
        ("skipped: fewer than 2 numeric quarterly values", stats["skipped_fewer_than_2_values"]),
        ("departments", len(used_agencies)),
        ("metrics", len(kept)),
        ("metrics with targets", sum(1 for m in kept if m["targets"])),
        ("targets", ntargets),
        ("targets of Cumulative (sum) measures divided by 4 (annual -> quarter)",
         stats["targets_annual_divided_by_4"]),
        ("targets not repeated (same value as the previous fiscal year)", stats["targets_repeated_same_value"]),
        ("targets dropped (not a number)", stats["targets_dropped_non_numeric"]),
        ("measurements", nmeas),
        ("measurements with a note", nnotes),
        ("notes trimmed to %d characters" % NOTE_MAX, stats["notes_trimmed"]),
        ("quarterly values converted from fraction to percent points", stats["fraction_to_percent"]),
        ("quarterly values dropped: not a number", stats["dropped_non_numeric"]),
        ("quarterly values dropped: %% value above %d" % PERCENT_MAX, stats["dropped_implausible_percent"]),
        ("program citistat metrics", len(program_metrics)),
    ]
    units = collections.Counter(m["unit"] for m in kept)
    dirs = collections.Counter(direction_of(m["outcome"]) for m in kept)
    for k, v in report:
        print("%-66s %6d" % (k, v))
    print("units:", dict(sorted(units.items())), " directions:", dict(sorted(dirs.items())))
    dropped = sorted(((k.split(":", 1)[1], v) for k, v in stats.items()
                      if k.startswith("dropped_non_numeric_text:")), key=lambda kv: (-kv[1], kv[0]))
    print("dropped quarterly texts:", ", ".join("%r x%d" % kv for kv in dropped) or "none")
    dropped = sorted(((k.split(":", 1)[1], v) for k, v in stats.items()
                      if k.startswith("dropped_target_text:")), key=lambda kv: (-kv[1], kv[0]))
    print("dropped target texts:", ", ".join("%r x%d" % kv for kv in dropped) or "none")
    raw_bad = sum(1 for r in rows for col, _, _ in QUARTER_COLS
                  if r[col].strip() and parse_number(r[col]) is None)
    print("non-numeric quarterly cells in the whole source file (any measure):", raw_bad)
    return 0


if __name__ == "__main__":
    sys.exit(main())
