#!/usr/bin/python3
"""Generate Riverton's raw records: building permits, 911 EMS calls and blight cases.

Run:  /usr/bin/python3 samples/city/generate_events.py
Writes samples/city/events/{permits,calls911,blight_cases}.csv. Standard library only and
deterministic (each dataset has its own random stream seeded from SEED and its name), so the
same bytes come out on every run and every machine.

The records are built so that the computed metrics in catalog.yaml tell the same stories as the
hand-entered ones in measurements.csv (see README.md):
  - permits: about 330 a month; review takes about 6.3 days (median) until electronic plan
    review goes live on 2025-04-07, about 4.6 days after; permits still in review on the export
    date (2026-10-31) have no decided_at;
  - calls911: EMS calls, of which LIFT ASSIST grows from about 150 to about 220 a month (the
    community paramedic pilot is the department's answer); answer_seconds is empty when the
    caller hung up before an answer;
  - blight_cases: code-enforcement cases from 2021-01 on (so that the open backlog is steady by
    2023-11, where the computed metrics start: `since: 2023-11`); a new triage process closes
    cases faster from May 2025 and the summer 2025 blitz clears half of the old backlog; three
    cases carry a closing date before their opening date, as real case systems do (a
    data-quality warning: kept, counted, left out of the measures).
"""

import csv
import math
import os
import random

SEED = 20261031
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "events")
EXPORT = (2026, 10, 31)             # records are as exported at the end of this day
DISTRICTS = [1, 2, 3, 4, 5]
HOODS = {1: ["Fairview", "Oak Hill"], 2: ["Riverside", "Old Town"], 3: ["Bogotá Park", "Eastgate"],
         4: ["Medellín Heights", "Northfield"], 5: ["Cedar Grove", "Mill Creek"]}


def days_from_civil(y, m, d):
    """Days since 1970-01-01 (proleptic Gregorian), as kpistat counts them."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil(days):
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (m <= 2), m, d


def ymd(days):
    return "%04d-%02d-%02d" % civil(days)


def ymdhm(secs):
    days, s = divmod(int(secs), 86400)
    return "%sT%02d:%02d:%02d" % (ymd(days), s // 3600, s // 60 % 60, s % 60)


def months(first, n):
    y, m = first
    for _ in range(n):
        yield y, m
        m += 1
        if m == 13:
            y, m = y + 1, 1


def month_days(y, m):
    start = days_from_civil(y, m, 1)
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    return start, days_from_civil(ny, nm, 1) - start


EXPORT_DAY = days_from_civil(*EXPORT)
EPLAN = days_from_civil(2025, 4, 7)
BLITZ = (days_from_civil(2025, 6, 1), days_from_civil(2025, 9, 30))


def permits(w):
    rng = random.Random("%d:permits" % SEED)
    w.writerow(["permit_id", "type", "district", "submitted_at", "decided_at", "status"])
    n = 0
    for y, m in months((2023, 10), 37):
        start, ndays = month_days(y, m)
        count = int(rng.gauss(330, 15))
        stamps = sorted(start * 86400 + rng.randrange(ndays) * 86400 +
                        rng.randrange(8 * 3600, 17 * 3600) for _ in range(count))
        for sub in stamps:
            n += 1
            median = 6.3 if sub < EPLAN * 86400 else 4.6
            days = median * math.exp(rng.gauss(0, 0.55))
            dec = sub + int(days * 86400)
            kind = rng.choices(["Residential", "Commercial", "Sign", "Demolition"], [60, 25, 10, 5])[0]
            district = rng.choice(DISTRICTS)
            if dec >= (EXPORT_DAY + 1) * 86400:
                decided, status = "", "In review"
            else:
                decided = ymdhm(dec)
                status = "Denied" if rng.random() < 0.05 else "Approved"
            w.writerow(["BLD-%d-%05d" % (y, n), kind, district, ymdhm(sub), decided, status])


def calls(w):
    rng = random.Random("%d:calls911" % SEED)
    w.writerow(["call_id", "received_at", "call_type", "priority", "district", "answer_seconds"])
    n = 0
    for i, (y, m) in enumerate(months((2023, 11), 36)):
        start, ndays = month_days(y, m)
        lift = int(rng.gauss(150 + 2.0 * i, 8))
        other = int(rng.gauss(380, 20))
        types = ["LIFT ASSIST"] * lift + [rng.choice(["FALL INJURY", "SICK PERSON", "CHEST PAIN",
                                                      "BREATHING PROBLEM"]) for _ in range(other)]
        rng.shuffle(types)
        stamps = sorted(start * 86400 + rng.randrange(ndays * 86400) for _ in types)
        for t, at in zip(types, stamps):
            n += 1
            answer = "" if rng.random() < 0.01 else "%.1f" % (6 * math.exp(rng.gauss(0, 0.5)))
            w.writerow(["%d%02d-%05d" % (y, m, n), ymdhm(at), t,
                        2 if t == "LIFT ASSIST" else rng.choice([1, 1, 2, 3]),
                        rng.choices(DISTRICTS, [18, 22, 25, 20, 15])[0], answer])


def cases(w):
    rng = random.Random("%d:blight_cases" % SEED)
    w.writerow(["case_id", "opened_on", "closed_on", "district", "neighbourhood", "violation"])
    n = 0
    slips = {4242, 9001, 18000}         # data-entry slips: closed "before" opened
    for y, m in months((2021, 1), 71):
        start, ndays = month_days(y, m)
        for opened in sorted(start + rng.randrange(ndays) for _ in range(int(rng.gauss(290, 15)))):
            n += 1
            if opened > EXPORT_DAY:
                continue
            # A new triage process from May 2025 closes cases faster ...
            closed = opened + int((92 if opened < BLITZ[0] - 31 else 72) * math.exp(rng.gauss(0, 0.8)))
            # ... and the summer 2025 blitz clears half of the backlog it finds open.
            if opened < BLITZ[0] and closed > BLITZ[1] and rng.random() < 0.5:
                closed = BLITZ[0] + rng.randrange(BLITZ[1] - BLITZ[0])
            if n in slips:
                closed = opened - 9
            district = rng.choice(DISTRICTS)
            w.writerow(["BC-%06d" % n, ymd(opened), "" if closed > EXPORT_DAY else ymd(closed),
                        district, rng.choice(HOODS[district]),
                        rng.choice(["Overgrown lot", "Open structure", "Debris", "Junk vehicle"])])


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, fn in (("permits", permits), ("calls911", calls), ("blight_cases", cases)):
        with open(os.path.join(OUT, name + ".csv"), "w", newline="", encoding="utf-8") as f:
            fn(csv.writer(f, lineterminator="\n"))


if __name__ == "__main__":
    main()
