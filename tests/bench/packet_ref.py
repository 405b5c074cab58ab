#!/usr/bin/python3
"""The same 100-metric packet made the way an analyst would script it: matplotlib for the
charts and sparklines, reportlab for the pages. The yardstick for tests/bench/packet.sh.

    /usr/bin/python3 tests/bench/packet_ref.py METRICS.csv MEASUREMENTS.csv OUT.pdf

METRICS.csv: code,name,department,unit,decimals,direction,target,description,source
MEASUREMENTS.csv: metric,period,value,breakdown,note (kpistat's import format)

It draws what kpistat draws: a cover with counts, an at-a-glance table with a sparkline per
metric, one page per metric (XmR chart with mean, process limits and target, points coloured
by the Making Data Count rules for points beyond the limits and runs of 7, the last 13
figures, the commentary, the breakdown by district) and a glossary, with DejaVu fonts
embedded for UTF-8. Python 3 standard library plus Debian's python3-matplotlib and
python3-reportlab.
"""
import csv
import io
import statistics
import sys
from collections import defaultdict

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import letter  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import inch  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import (Image, PageBreak, Paragraph, SimpleDocTemplate,  # noqa: E402
                                Spacer, Table, TableStyle)

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
CONCERN, IMPROVE, COMMON = "#ED8B00", "#00B0F0", "#A6A6A6"


def load(metrics_csv, meas_csv):
    metrics = list(csv.DictReader(open(metrics_csv, encoding="utf-8")))
    city = defaultdict(list)
    notes = {}
    breaks = defaultdict(dict)
    for r in csv.DictReader(open(meas_csv, encoding="utf-8")):
        v = float(r["value"].replace(",", "").rstrip("%"))
        if r.get("breakdown"):
            breaks[r["metric"]].setdefault(r["period"], []).append((r["breakdown"], v))
        else:
            city[r["metric"]].append((r["period"], v))
            if r.get("note"):
                notes[(r["metric"], r["period"])] = r["note"]
    for k in city:
        city[k].sort()
    return metrics, city, notes, breaks


def xmr(values):
    mean = statistics.fmean(values)
    mr = [abs(b - a) for a, b in zip(values, values[1:])]
    amr = statistics.fmean(mr) if mr else 0
    return mean, mean - 2.66 * amr, mean + 2.66 * amr


def point_colours(values, mean, lo, hi, lower_better):
    cols = [COMMON] * len(values)
    for i, v in enumerate(values):
        if v > hi or v < lo:
            cols[i] = CONCERN if (v > hi) == lower_better else IMPROVE
    run, side = 0, 0
    for i, v in enumerate(values):
        s = 1 if v > mean else -1 if v < mean else 0
        run = run + 1 if s == side and s != 0 else 1
        side = s
        if run >= 7:
            for j in range(i - run + 1, i + 1):
                cols[j] = CONCERN if (side > 0) == lower_better else IMPROVE
    return cols


def png(fig, dpi):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    buf.seek(0)
    return buf


def chart(periods, values, target, lower_better):
    mean, lo, hi = xmr(values)
    fig, ax = plt.subplots(figsize=(7.1, 3.0))
    x = range(len(values))
    ax.plot(x, values, color="#2B2F36", linewidth=1.4, zorder=2)
    ax.scatter(x, values, c=point_colours(values, mean, lo, hi, lower_better), s=18, zorder=3)
    ax.axhline(mean, color="#6B7280", linestyle="--", linewidth=0.9)
    ax.axhline(lo, color=COMMON, linestyle=":", linewidth=0.9)
    ax.axhline(hi, color=COMMON, linestyle=":", linewidth=0.9)
    if target is not None:
        ax.axhline(target, color="#B91C1C", linewidth=1.3)
    ax.set_xticks(list(x)[::3])
    ax.set_xticklabels(periods[::3], fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.grid(axis="y", color="#E5E7EB")
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    fig.tight_layout()
    return png(fig, 150)


def sparkline(values):
    fig, ax = plt.subplots(figsize=(0.9, 0.25))
    ax.plot(values, color="#4B5563", linewidth=0.8)
    ax.plot(len(values) - 1, values[-1], "o", color="#C62828", markersize=2)
    ax.axis("off")
    fig.subplots_adjust(0, 0, 1, 1)
    return png(fig, 150)


def status(m, v):
    if not m["target"]:
        return "No target"
    t = float(m["target"])
    ok = v <= t if m["direction"] == "lower" else v >= t
    return "On target" if ok else "Off target"


def main():
    metrics, city, notes, breaks = load(sys.argv[1], sys.argv[2])
    pdfmetrics.registerFont(TTFont("DejaVu", f"{FONT_DIR}/DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", f"{FONT_DIR}/DejaVuSans-Bold.ttf"))
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=9, leading=12.5)
    small = ParagraphStyle("small", fontName="DejaVu", fontSize=7.5, leading=10)
    h1 = ParagraphStyle("h1", fontName="DejaVu-Bold", fontSize=18, leading=24)
    h2 = ParagraphStyle("h2", fontName="DejaVu-Bold", fontSize=14, leading=18)
    story = [Paragraph("BenchStat", h1), Paragraph("Briefing packet, October 2026", h2)]
    counts = defaultdict(int)
    latest = {}
    for m in metrics:
        per, val = city[m["code"]][-1]
        latest[m["code"]] = (per, val)
        counts[status(m, val)] += 1
    story.append(Paragraph(", ".join(f"{n} {k.lower()}" for k, n in sorted(counts.items())),
                           body))
    story.append(PageBreak())

    story.append(Paragraph("At a glance", h1))
    rows = [["Metric", "Latest", "Target", "Status", "Last 24"]]
    for m in metrics:
        vals = [v for _, v in city[m["code"]]][-24:]
        rows.append([Paragraph(m["name"], small), f"{latest[m['code']][1]:,.{m['decimals']}f}",
                     m["target"] or "none", status(m, latest[m["code"]][1]),
                     Image(sparkline(vals), width=0.9 * inch, height=0.25 * inch)])
    t = Table(rows, colWidths=[2.6 * inch, 0.8 * inch, 0.7 * inch, 0.9 * inch, 1.0 * inch],
              repeatRows=1)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 7.5),
                           ("FONT", (0, 0), (-1, 0), "DejaVu-Bold", 7.5),
                           ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.whitesmoke]),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [t, PageBreak()]

    for m in metrics:
        series = city[m["code"]][-24:]
        periods = [p for p, _ in series]
        values = [v for _, v in series]
        target = float(m["target"]) if m["target"] else None
        per, val = latest[m["code"]]
        story.append(Paragraph(f"{m['name']}: {status(m, val).lower()} in {per}", h2))
        story.append(Image(chart(periods, values, target, m["direction"] == "lower"),
                           width=7.1 * inch, height=3.0 * inch))
        story.append(Paragraph(f"Source: {m['source']}.", small))
        last = series[-13:]
        tbl = Table([[p for p, _ in last], [f"{v:,.{m['decimals']}f}" for _, v in last]])
        tbl.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 6.5)]))
        story += [Spacer(1, 6), tbl, Spacer(1, 6)]
        note = notes.get((m["code"], per))
        story.append(Paragraph(note or f"No commentary was submitted for {per}.", body))
        if breaks.get(m["code"], {}).get(per):
            b = Table([[k, f"{v:,.0f}"] for k, v in sorted(breaks[m["code"]][per])])
            b.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 7.5)]))
            story.append(b)
        story.append(PageBreak())

    story.append(Paragraph("Glossary of metrics", h1))
    for m in sorted(metrics, key=lambda m: m["name"]):
        story.append(Paragraph(f"<b>{m['name']}</b>", body))
        story.append(Paragraph(m["description"], body))
        story.append(Paragraph(f"{m['code']} · unit: {m['unit']} · {m['direction']} is better "
                               f"· source: {m['source']}", small))
        story.append(Spacer(1, 6))

    def footer(canvas, doc):
        canvas.setFont("DejaVu", 7.5)
        canvas.drawRightString(letter[0] - 50, 32, f"page {doc.page}")

    SimpleDocTemplate(sys.argv[3], pagesize=letter, leftMargin=50, rightMargin=50,
                      topMargin=60, bottomMargin=58).build(story, onFirstPage=footer,
                                                          onLaterPages=footer)


if __name__ == "__main__":
    main()
