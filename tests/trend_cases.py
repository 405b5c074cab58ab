"""trend_cases.py: the series behind tests/test_trend.c, one per rule or edge case of SPC.md.

Each entry is (name, values, ptd options). None is a missing month. The comment says what the
case is for; tests/trend_ref.py computes the expected figures from them independently.
"""
N = None
# 20 one-decimal months of plain noise: mean 10.045, limits 8.645 .. 11.445, 2-sigma 9.112 .. 10.978
BASE = [10.2, 9.8, 10.5, 9.6, 10.1, 10.4, 9.7, 10.0, 10.3, 9.9,
        10.6, 9.5, 10.2, 9.8, 10.1, 10.4, 9.6, 10.3, 9.9, 10.0]


def put(at, vals, base=BASE):
    y = list(base)
    y[at:at + len(vals)] = vals
    return y


CASES = [
    # common cause only
    ("common", BASE, {}),
    # R1 above the upper limit (improvement when higher is better) and below the lower one
    ("outside", put(15, [13.5]), {}),
    ("outside_low_decrease", put(10, [7.0]), {"direction": -1}),
    # R2: 7 strictly rising points that cross the mean (#171); ends on the last point
    ("trend7", put(13, [9.4, 9.6, 9.9, 10.1, 10.3, 10.5, 10.8]), {}),
    # 7 strictly falling points, higher is better: concern
    ("trend7_down", put(5, [10.8, 10.5, 10.3, 10.1, 9.9, 9.6, 9.4]), {}),
    # a 6-point trend must not fire
    ("trend6", put(13, [9.4, 9.6, 9.9, 10.1, 10.3, 10.5]), {}),
    # equal neighbours break a trend: 8 points rising with one repeat
    ("equal_neighbours", put(10, [9.4, 9.6, 9.9, 9.9, 10.1, 10.3, 10.5, 10.8]), {}),
    # R3: two of three beyond the upper 2-sigma line, the middle one above the mean but not close
    ("two_in_three", put(6, [11.4, 10.6, 11.5]), {}),
    # R3 does not fire when the three are not on one side (close above, close below)
    ("two_in_three_opposite", put(10, [11.3, 8.8, 11.3], BASE + BASE), {}),
    # ... nor when the middle point is on the wrong side of the mean
    ("two_in_three_middle_below", put(10, [11.3, 9.9, 11.3], BASE + BASE), {}),
    # R4: 7 points above the mean, not monotone
    ("run7", put(7, [10.4, 10.3, 10.5, 10.3, 10.6, 10.4, 10.5]), {}),
    # 6 above the mean is not a run
    ("run6", put(7, [10.4, 10.3, 10.5, 10.3, 10.6, 10.4]), {}),
    # precedence R1 > R4: one point of a 7-run is beyond the upper limit
    ("prec_r1_r4", put(6, [10.4, 10.3, 12.2, 10.3, 10.6, 10.4, 10.5]), {}),
    # precedence R2 > R4: a rising trend wholly above the mean inside a longer run
    ("prec_r2_r4", put(6, [10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7, 10.2]), {}),
    # precedence R3 > R4: two close points inside a 7-run
    ("prec_r3_r4", put(6, [10.4, 11.5, 10.5, 11.6, 10.6, 10.4, 10.5]), {}),
    # peak with a repeat: a rising 7 ends on 10.3, the repeat starts a falling 7; ptd labels the
    # first 10.3 "Decreasing" (forward difference 0), SPC.md 1.2's quirk, which we copy
    ("peak_repeat", put(10, [9.7, 9.8, 9.9, 10.0, 10.1, 10.2, 10.3, 10.3, 10.2, 10.1, 10.0, 9.9,
                             9.8, 9.7], BASE + BASE), {}),
    # sharp peak: a rising 7 and a falling 7 share the top point, labelled "Decreasing"
    ("peak_sharp", put(10, [9.7, 9.8, 9.9, 10.0, 10.1, 10.2, 10.4, 10.3, 10.2, 10.1, 10.0, 9.9,
                            9.8], BASE + BASE), {}),
    # a point exactly on the mean (R's long double mean is 10.1; a plain double sum/n gives
    # 10.099999999999998 and would put it above, making a 10-point run): the run is broken into
    # 5 and 4, while Anhoej skips the point and sees a run of 9
    ("tie_on_mean", [9.6, 10.4, 9.7, 9.8, 10.4, 9.6, 10.5, 10.6, 10.3, 10.4, 10.2, 10.1, 10.5,
                     10.3, 10.2, 10.4, 9.7, 9.7, 10.2, 10.2, 9.6, 10.0, 9.6, 10.4], {}),
    # a point on the mean (10.1) in the middle of two close points breaks the 2-in-3 window
    ("tie_two_in_three", put(24, [9.9], put(10, [11.3, 10.1, 11.3], BASE + BASE)), {}),
    # rebase: a new process from point 15, with its own mean and limits
    ("rebase", BASE[:15] + [12.3, 11.8, 12.5, 11.6, 12.1, 12.4, 11.7, 12.0, 12.3, 11.9,
                            12.6, 11.5, 12.2, 11.8, 12.1], {"rebase": [15]}),
    # the same series without the rebase: the step shows as special cause
    ("no_rebase", BASE[:15] + [12.3, 11.8, 12.5, 11.6, 12.1, 12.4, 11.7, 12.0, 12.3, 11.9,
                               12.6, 11.5, 12.2, 11.8, 12.1], {}),
    # fixed baseline of 12 points, then a shift that is judged against the frozen limits
    ("fixed", BASE[:12] + [10.6, 10.4, 10.8, 10.3, 10.5, 10.9, 10.4, 10.7], {"fix_after": 12}),
    # short series: 8 points, trial limits
    ("short", BASE[:8], {}),
    # one point: NaN limits, common cause
    ("one_point", [5.0], {}),
    # missing months: a 7-run ends just before a gap (flagged), a run across a gap is not,
    # and a 7-trend wholly after a gap is
    ("missing", [9.8, 9.7, 10.5, 10.3, 10.2, 10.4, 10.3, 10.5, 10.4, N, 9.6, 9.9, 9.7, 10.4, 10.3,
                 10.5, 10.4, N, 10.4, 10.3, 10.5, 9.5, N, 9.4, 9.6, 9.9, 10.1, 10.3, 10.5, 10.8,
                 9.9], {}),
    # a missing value inside a would-be trend and a would-be 2-in-3 window
    ("missing_breaks", [10.2, 9.8, 10.5, 9.6, 9.4, 9.6, 9.9, N, 10.1, 10.3, 10.5, 10.8, 9.7,
                        11.1, N, 11.2, 9.9, 10.0, 9.8, 10.1], {}),
    # neutral direction: high and low
    ("neutral", put(15, [13.5]), {"direction": 0}),
    ("neutral_low", put(19, [6.5]), {"direction": 0}),
    # screening: one huge jump is dropped from mR-bar; the same series unscreened
    ("screen_on", put(9, [16.0]), {}),
    ("screen_off", put(9, [16.0]), {"screen": False}),
    # custom rule lengths: trend of 5, run of 6
    ("short_rules", put(6, [10.3, 10.4, 10.5, 10.6, 10.7, 10.2, 9.9]), {"trend_n": 5, "run_n": 6}),
    # assurance, higher is better: target above the upper limit (fail), below the lower (pass),
    # between (hit and miss), and exactly on a limit (hit and miss: strict comparisons)
    ("assure_fail", BASE, {"target": 12.0}),
    ("assure_pass", BASE, {"target": 8.0}),
    ("assure_inconsistent", BASE, {"target": 10.0}),
    ("assure_dec_pass", BASE, {"target": 12.0, "direction": -1}),
    ("assure_dec_fail", BASE, {"target": 8.0, "direction": -1}),
    ("assure_neutral", BASE, {"target": 12.0, "direction": 0}),
]

# Series for Mann-Kendall and Sen (None = missing; optional period numbers with a gap).
MK_CASES = [
    ("mk_noise", [10.2, 9.8, 10.5, 9.6, 10.1, 10.4, 9.7, 10.0, 10.3, 9.9, 10.6, 9.5], None),
    ("mk_rising", [3.1, 3.4, 3.2, 3.9, 4.1, 3.8, 4.4, 4.6, 4.5, 5.0, 5.2, 5.1, 5.6, 5.9], None),
    ("mk_ties", [7, 7, 8, 7, 9, 9, 9, 8, 10, 10, 11, 10, 12, 12, 12, 13], None),
    ("mk_falling_even", [20.5, 19.0, 19.4, 18.1, 17.7, 18.0, 16.2, 15.9], None),
    ("mk_missing", [4.0, 4.4, None, 5.1, 4.9, 5.5, None, 6.0, 6.3, 6.1], None),
    ("mk_times", [100, 104, 103, 110, 115, 113, 121], [24300, 24301, 24303, 24304, 24306, 24307, 24310]),
]
