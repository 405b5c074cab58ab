#!/usr/bin/python3
"""trend_ref.py: an independent reference for tests/test_trend.c.

This is a second implementation of ../shared/SPC.md, written separately from stat/trend*.c and
in a different way on purpose: it transcribes the R code that SPC.md describes
(NHSRplotthedots 0.2.2 ptd_spc_standard / ptd_special_cause_type / ptd_point_type /
ptd_calculate_assurance_type / ptd_get_icons, qicharts2 runs.analysis) function by function,
with R's three-valued NA logic (None here), zero padding and per-window vapply loops, where the
C code uses NaN, explicit "unknown" states and streak counters. Mann-Kendall and Theil-Sen come
from Debian's python3-scipy (scipy.stats.kendalltau, scipy.stats.theilslopes, scipy.stats.binom)
plus the textbook tie-corrected variance.

Run:  /usr/bin/python3 tests/trend_ref.py > tests/trend_ref.h
It prints the C tables that tests/test_trend.c includes (the expected numbers; the series
themselves are in tests/trend_cases.py). Needs python3-numpy (80-bit numpy.longdouble, as R's LDOUBLE on
x86-64) and python3-scipy.
"""
import math
import sys

import numpy as np
from scipy import stats

NA = None
LD = np.longdouble


def is_na(x):
    return x is None or (isinstance(x, float) and math.isnan(x))


# ---- R primitives with NA ------------------------------------------------------------------

def r_mean(xs):
    """R's mean(x, na.rm = TRUE) for doubles (summary.c real_mean)."""
    xs = [x for x in xs if not is_na(x)]
    n = len(xs)
    if n == 0:
        return float("nan")
    s = LD(0)
    for x in xs:
        s += LD(x)
    s /= LD(n)
    t = LD(0)
    for x in xs:
        t += LD(x) - s
    s += t / LD(n)
    return float(s)


def r_all(v):
    if any(x is False for x in v):
        return False
    if any(x is None for x in v):
        return None
    return True


def r_any(v):
    if any(x is True for x in v):
        return True
    if any(x is None for x in v):
        return None
    return False


def r_and(a, b):
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def r_or(a, b):
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def r_sum(v):
    if any(x is None for x in v):
        return None
    return sum(v)


def r_sign(x):
    if is_na(x):
        return None
    return (x > 0) - (x < 0)


def eq(a, b):
    if a is None or b is None:
        return None
    return a == b


# ---- ptd_spc_standard ------------------------------------------------------------------------

LIMIT = 2.66
LIMITCLOSE = 2 * (LIMIT / 3)


def spc_standard(y, fix_after, screen):
    n = len(y)
    fix_y = [y[i] if (fix_after is None or i + 1 <= fix_after) else NA for i in range(n)]
    mean = r_mean(fix_y)
    mr = [NA] + [NA if is_na(fix_y[i]) or is_na(fix_y[i - 1]) else abs(fix_y[i] - fix_y[i - 1])
                 for i in range(1, n)]
    amr = r_mean(mr)
    if screen:
        cut = 3.267 * amr
        mr = [m if (not is_na(m) and not math.isnan(cut) and m < cut) else NA for m in mr]
        amr = r_mean(mr)
    lpl, upl = mean - LIMIT * amr, mean + LIMIT * amr
    nlpl, nupl = mean - LIMITCLOSE * amr, mean + LIMITCLOSE * amr

    def cmp(a, op, b):
        if is_na(a) or is_na(b):
            return None
        return a > b if op == ">" else a < b

    outside = [r_or(cmp(v, ">", upl), cmp(v, "<", lpl)) for v in y]
    rel = [r_sign(NA if is_na(v) or math.isnan(mean) else v - mean) for v in y]
    close = [r_and(None if o is None else (not o), r_or(cmp(v, "<", nlpl), cmp(v, ">", nupl)))
             for v, o in zip(y, outside)]
    return dict(mean=mean, amr=amr, lpl=lpl, upl=upl, nlpl=nlpl, nupl=nupl,
                outside=outside, rel=rel, close=close)


# ---- ptd_special_cause_type, generalised from 7 to trend_n / run_n -------------------------

def seven_point_one_side_mean(v, k):
    vp = [0] * (k - 1) + v
    out = []
    for i in range(k - 1, len(vp)):
        a = r_all([eq(vp[i], vp[i - j]) for j in range(1, k)])
        b = None if vp[i] is None else vp[i] != 0
        out.append(r_and(a, b))
    return out


def part_of_seven(v, k):
    vp = v + [0] * (k - 1)
    out = []
    for i in range(len(v)):
        w = []
        for x in vp[i:i + k]:
            if x is None:
                w.append(None)
            else:
                w.append(abs(int(x)) == 1)
        out.append(r_any(w))
    return out


class PtdCrash(Exception):
    pass


def seven_point_trend(y, k):
    n = len(y)
    if n < k:
        return [0] * n
    out = [0] * (k - 1)
    for i in range(k - 1, n):
        win = [y[i - j] for j in range(0, k)]      # y[i - 0:6], newest first
        d = []
        for a, b in zip(win, win[1:]):
            s = r_sign(NA if is_na(a) or is_na(b) else b - a)
            d.append(None if s is None else -s)
        up = r_all([eq(x, 1) for x in d])
        if up is None:
            out.append(0)     # R: if (NA) -> error; SPC.md 1.7: treat the gap as a break
            continue
        if up:
            out.append(1)
            continue
        down = r_all([eq(x, -1) for x in d])
        if down is None:
            out.append(0)
            continue
        out.append(-1 if down else 0)
    return out


def two_in_three(close, rel):
    n = len(close)
    vp = [0, 0] + [None if c is None else int(c) for c in close] + [0, 0]
    rp = [0, 0] + rel + [0, 0]
    out = []
    for i in range(n):
        res = False
        for off in (0, 1, 2):
            sv = r_sum(vp[i + off:i + off + 3])
            sr = r_sum(rp[i + off:i + off + 3])
            a = None if sv is None else sv >= 2
            b = None if sr is None else abs(sr) == 3
            w = r_and(a, b)
            res = r_or(res, w)
        out.append(res)
    return out


def special_cause_type(y, rel, close, outside, trend_n, run_n):
    n = len(y)
    part_trend = part_of_seven(seven_point_trend(y, trend_n), trend_n)
    t3 = two_in_three(close, rel)
    part_t3 = [r_and(eq(None if a is None else int(a), 1), None if c is None else c is True)
               for a, c in zip(t3, close)]
    part_run = part_of_seven(seven_point_one_side_mean(rel, run_n), run_n)
    # sdy: forward difference when this and the next point are in a trend, else backward
    sdy_raw = [r_sign(NA if is_na(y[i]) or is_na(y[i - 1]) else y[i] - y[i - 1]) for i in range(1, n)]
    labels, rules, flags = [], [], []
    for i in range(n):
        pt = part_trend[i] is True
        nxt = (part_trend[i + 1] is True) if i + 1 < n else False
        if nxt and pt:
            sdy = sdy_raw[i] if i < n - 1 else (sdy_raw[-1] if sdy_raw else 0)
        else:
            sdy = 0 if i == 0 else sdy_raw[i - 1]
        above = "Above" if (rel[i] is not None and rel[i] > 0) else "Below"
        if outside[i] is True:
            lab, rule = ("Above UCL" if rel[i] == 1 else "Below LCL"), "outside_limits"
        elif pt:
            inc = {1: "In", None: "NA"}.get(sdy, "De")
            lab, rule = "7 Point Trend (%screasing)" % inc, "trend"
        elif part_t3[i] is True:
            lab, rule = "2 in 3 %s CL" % above, "two_in_three"
        elif part_run[i] is True:
            lab, rule = "7 Points %s CL" % above, "run"
        else:
            lab, rule = "Common Cause", "none"
        labels.append(lab)
        rules.append(rule)
        flags.append((int(outside[i] is True), int(pt), int(part_t3[i] is True),
                      int(part_run[i] is True)))
    return labels, rules, flags


def point_type(label, direction):
    if "Above" in label or "Increasing" in label:
        v = 1
    elif "Below" in label or "Decreasing" in label:
        v = -1
    else:
        v = 0
    if direction == 0:
        return {1: "special_cause_neutral_high", -1: "special_cause_neutral_low"}.get(v, "common_cause")
    v *= direction
    return {1: "special_cause_improvement", -1: "special_cause_concern"}.get(v, "common_cause")


def icon(ptype, direction):
    inc = direction >= 0
    return {
        "common_cause": "common_cause",
        "special_cause_improvement": "improvement_high" if inc else "improvement_low",
        "special_cause_concern": "concern_low" if inc else "concern_high",
        "special_cause_neutral_high": "neutral_high",
        "special_cause_neutral_low": "neutral_low",
    }[ptype]


def assurance(target, direction, lpl, upl):
    if target is None or direction == 0:
        return None
    inc = direction == 1
    if not math.isnan(upl) and target > upl:
        return "consistent_fail" if inc else "consistent_pass"
    if not math.isnan(lpl) and target < lpl:
        return "consistent_pass" if inc else "consistent_fail"
    return "inconsistent"


def runs_analysis(y, cl):
    runs = [r_sign(NA if is_na(v) else v - cl) for v in y]
    runs = [r for r in runs if r is not None and r != 0]
    n = len(runs)
    if n == 0:
        return dict(n_useful=0, longest_run=0, longest_run_max=-1, crossings=0, crossings_min=-1,
                    signal=0)
    lengths = []
    for r in runs:
        if lengths and lengths[-1][0] == r:
            lengths[-1][1] += 1
        else:
            lengths.append([r, 1])
    longest = max(l for _, l in lengths)
    lmax = int(round(math.log2(n))) + 3
    cross = len(lengths) - 1
    cmin = int(stats.binom.ppf(0.05, n - 1, 0.5))
    return dict(n_useful=n, longest_run=longest, longest_run_max=lmax, crossings=cross,
                crossings_min=cmin, signal=int(longest > lmax or cross < cmin))


def ptd(y, direction=1, target=None, rebase=(), fix_after=None, screen=True, trend_n=7, run_n=7):
    groups, cur = [], []
    for i, v in enumerate(y):
        if i in rebase and cur:
            groups.append(cur)
            cur = []
        cur.append(v)
    if cur:
        groups.append(cur)
    rows = []
    anh = None
    for g, gy in enumerate(groups):
        s = spc_standard(gy, fix_after, screen)
        labels, rules, flags = special_cause_type(gy, s["rel"], s["close"], s["outside"], trend_n, run_n)
        for i in range(len(gy)):
            rows.append(dict(group=g, mean=s["mean"], lpl=s["lpl"], upl=s["upl"], nlpl=s["nlpl"],
                             nupl=s["nupl"], flags=flags[i], rule=rules[i],
                             type=point_type(labels[i], direction), label=labels[i]))
        anh = runs_analysis(gy, s["mean"])
    summary = {}
    if rows:
        last = rows[-1]
        summary = dict(variation=icon(last["type"], direction),
                       assurance=assurance(target, direction, last["lpl"], last["upl"]),
                       short=int(any(len(g) < 13 for g in groups)), anhoej=anh)
    return rows, summary


# ---- Mann-Kendall and Theil-Sen with scipy ------------------------------------------------

def mann_kendall(x):
    x = [v for v in x if not is_na(v)]
    n = len(x)
    s = sum((x[j] > x[i]) - (x[j] < x[i]) for i in range(n) for j in range(i + 1, n))
    _, counts = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in counts)) / 18.0
    if s > 0:
        z = (s - 1) / math.sqrt(var)
    elif s < 0:
        z = (s + 1) / math.sqrt(var)
    else:
        z = 0.0
    p = 2 * stats.norm.sf(abs(z))
    # cross-check S against scipy's Kendall tau-b (time has no ties): S = tau * sqrt(n0 (n0 - n1))
    n0 = n * (n - 1) / 2
    n1 = sum(t * (t - 1) / 2 for t in counts)
    if n0 > n1:     # tau is undefined for a constant series
        tau, _ = stats.kendalltau(list(range(n)), x)
        assert abs(tau * math.sqrt(n0 * (n0 - n1)) - s) < 1e-9, (tau, s)
    return s, var, z, p


def sen(x, t=None):
    pts = [(t[i] if t else i, v) for i, v in enumerate(x) if not is_na(v)]
    res = stats.theilslopes([v for _, v in pts], [ti for ti, _ in pts])
    return res[0]


# ---- printing ---------------------------------------------------------------------------------

def c_num(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "NAN"
    return repr(float(v))


RULE = {"none": "TREND_RULE_NONE", "outside_limits": "TREND_RULE_OUTSIDE_LIMITS",
        "trend": "TREND_RULE_TREND", "two_in_three": "TREND_RULE_TWO_IN_THREE", "run": "TREND_RULE_RUN"}
TYPE = {"common_cause": "TREND_COMMON_CAUSE", "special_cause_improvement": "TREND_SPECIAL_IMPROVEMENT",
        "special_cause_concern": "TREND_SPECIAL_CONCERN",
        "special_cause_neutral_high": "TREND_SPECIAL_NEUTRAL_HIGH",
        "special_cause_neutral_low": "TREND_SPECIAL_NEUTRAL_LOW"}


def emit(name, y, **kw):
    rows, summ = ptd(y, **kw)
    print("/* %s: %s */" % (name, ", ".join("%s=%r" % kv for kv in sorted(kw.items())) or "defaults"))
    print("static const double %s_y[] = { %s };" % (name, ", ".join(c_num(v) for v in y)))
    if kw.get("rebase"):
        print("static const size_t %s_rebase[] = { %s };" % (name, ", ".join(str(i) for i in kw["rebase"])))
    print("static const struct ref_point %s_ref[] = {" % name)
    for r in rows:
        print("\t{ %d, %s, %s, %s, %s, %s, { %d, %d, %d, %d }, %s, %s },  /* %s */" % (
            r["group"], c_num(r["mean"]), c_num(r["lpl"]), c_num(r["upl"]), c_num(r["nlpl"]),
            c_num(r["nupl"]), *r["flags"], RULE[r["rule"]], TYPE[r["type"]], r["label"]))
    print("};")
    a = summ["anhoej"]
    print("static const struct ref_summary %s_sum = { \"%s\", %s, %d, { %d, %d, %d, %d, %d, %d } };" % (
        name, summ["variation"], "NULL" if summ["assurance"] is None else '"%s"' % summ["assurance"],
        summ["short"], a["n_useful"], a["longest_run"], a["longest_run_max"], a["crossings"],
        a["crossings_min"], a["signal"]))
    print()
    return "\t{ \"%s\", %s_y, %d, %s_ref, &%s_sum, %d, %d, %s, %s, %d, %d, %d, %d, %d },\n" % (
        name, name, len(y), name, name, kw.get("direction", 1), kw.get("target") is not None,
        c_num(kw.get("target", float("nan"))), ("%s_rebase" % name) if kw.get("rebase") else "NULL",
        len(kw.get("rebase", ())), kw.get("fix_after") or 0, int(kw.get("screen", True)),
        kw.get("trend_n", 7), kw.get("run_n", 7))


STRUCTS = """
struct ref_point {
	size_t	group;
	double	mean, lpl, upl, nlpl, nupl;
	int	flags[4];		/* outside_limits, trend, two_in_three, run */
	enum trend_rule rule;
	enum trend_point_type type;
};

struct ref_summary {
	const char *variation;
	const char *assurance;		/* NULL: none */
	int	short_warning;
	long	anhoej[6];		/* n_useful, longest_run, max, crossings, min, signal */
};

struct ref_case {
	const char *name;
	const double *y;
	size_t	n;
	const struct ref_point *ref;
	const struct ref_summary *sum;
	int	direction, has_target;
	double	target;
	const size_t *rebase;
	size_t	nrebase, fix_after;
	int	screen, trend_n, run_n;
};
"""


def main():
    import trend_cases    # the series, shared with nothing else
    print("/* trend_ref.h: generated by /usr/bin/python3 tests/trend_ref.py (numpy %s, scipy %s)."
          % (np.__version__, __import__("scipy").__version__))
    print("** Do not edit: change tests/trend_cases.py and regenerate. Included by test_trend.c only. */")
    print(STRUCTS)
    table = "static const struct ref_case ref_cases[] = {\n"
    for name, y, kw in trend_cases.CASES:
        table += emit(name, y, **kw)
    print(table + "};\n")
    print("/* Mann-Kendall (S, var_s, z, p) and Theil-Sen slope */")
    for name, y, t in trend_cases.MK_CASES:
        s, var, z, p = mann_kendall(y)
        print("static const double %s_y[] = { %s };" % (name, ", ".join(c_num(v) for v in y)))
        if t:
            print("static const long %s_t[] = { %s };" % (name, ", ".join(str(v) for v in t)))
        print("static const double %s_mk[] = { %s, %s, %s, %s, %s };" % (
            name, c_num(s), c_num(var), c_num(z), c_num(p), c_num(sen(y, t))))
    print("/* qbinom(0.05, n, 0.5) for n = 0..200 */")
    print("static const long qbinom_ref[] = {\n\t%s\n};" % ", ".join(
        str(int(stats.binom.ppf(0.05, n, 0.5))) for n in range(0, 201)))


if __name__ == "__main__":
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    main()
