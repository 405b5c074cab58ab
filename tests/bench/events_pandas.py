#!/usr/bin/python3
"""The sample city's four computed measures with pandas, independently of kpistat.

    /usr/bin/python3 tests/bench/events_pandas.py PERMITS.csv CALLS.csv CASES.csv > out.csv

Writes metric,period,breakdown,value (the columns `kpistat export` starts with), for:
  permits.review_days_median   median days submitted_at -> decided_at, by month of decided_at,
                               city and per district
  permits.within_5_days_share  % of permits decided in the month within 5 days (city)
  fire.lift_assist_calls       LIFT ASSIST calls per month of received_at, city and per
                               district (0 where a district had none)
  code.open_cases              cases open at each month end (opened_on <= end, closed_on empty
                               or after it), city and per district; cases closed before they
                               were opened are left out, as kpistat does
Used by tests/bench/events.sh (timed against kpistat) and by tests/cli/test_events.sh (values
compared). Debian's python3-pandas, run with /usr/bin/python3.
"""
import sys

import numpy as np
import pandas as pd


def fmt(v):
    """12 significant digits, as kpistat stores computed figures."""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    s = "%.12g" % v
    return s


def months(a, b):
    """Every month from period a to period b."""
    return pd.period_range(a, b, freq="M")


def permits(path, out):
    p = pd.read_csv(path, usecols=["district", "submitted_at", "decided_at"],
                    parse_dates=["submitted_at", "decided_at"])
    span = months(p["decided_at"].min().to_period("M"), p["decided_at"].max().to_period("M"))
    p = p.dropna(subset=["decided_at"])
    p["days"] = (p["decided_at"] - p["submitted_at"]).dt.total_seconds() / 86400
    p = p[p["days"] >= 0]
    p["period"] = p["decided_at"].dt.to_period("M")
    city = p.groupby("period")["days"].median()
    dist = p.groupby(["period", "district"])["days"].median()
    share = p.assign(w=p["days"] <= 5).groupby("period")["w"].mean() * 100
    for m in span:
        if m in city.index:
            out.append(("permits.review_days_median", str(m), "", fmt(city[m])))
            out.append(("permits.within_5_days_share", str(m), "", fmt(share[m])))
    for (m, d), v in dist.items():
        out.append(("permits.review_days_median", str(m), "district=%d" % d, fmt(v)))


def calls(path, out):
    c = pd.read_csv(path, usecols=["received_at", "call_type", "district"],
                    parse_dates=["received_at"])
    span = months(c["received_at"].min().to_period("M"), c["received_at"].max().to_period("M"))
    c = c[c["call_type"] == "LIFT ASSIST"]
    c["period"] = c["received_at"].dt.to_period("M")
    city = c.groupby("period").size().reindex(span, fill_value=0)
    dist = c.groupby(["period", "district"]).size().unstack(fill_value=0)
    dist = dist.reindex(span, fill_value=0)
    for m in span:
        out.append(("fire.lift_assist_calls", str(m), "", fmt(city[m])))
        for d in dist.columns:
            out.append(("fire.lift_assist_calls", str(m), "district=%d" % d, fmt(dist.at[m, d])))


def cases(path, out):
    b = pd.read_csv(path, usecols=["opened_on", "closed_on", "district"],
                    parse_dates=["opened_on", "closed_on"])
    last = max(b["opened_on"].max(), b["closed_on"].max())
    span = months(b["opened_on"].min().to_period("M"), last.to_period("M"))
    b = b[~(b["closed_on"] < b["opened_on"])]
    # +1 in the month a case opens, -1 in the month it closes; running sums give month ends.
    o = b["opened_on"].dt.to_period("M")
    c = b["closed_on"].dt.to_period("M")
    opened = pd.crosstab(o, b["district"]).reindex(span, fill_value=0)
    closed = pd.crosstab(c[c.notna()], b["district"][c.notna()]).reindex(span, fill_value=0)
    open_end = (opened - closed).cumsum()
    for m in span:
        out.append(("code.open_cases", str(m), "", fmt(int(open_end.loc[m].sum()))))
        for d in open_end.columns:
            out.append(("code.open_cases", str(m), "district=%d" % d, fmt(int(open_end.at[m, d]))))


def main():
    out = []
    permits(sys.argv[1], out)
    calls(sys.argv[2], out)
    cases(sys.argv[3], out)
    out.sort()
    sys.stdout.write("metric,period,breakdown,value\n")
    for row in out:
        sys.stdout.write(",".join(row) + "\n")


if __name__ == "__main__":
    main()
