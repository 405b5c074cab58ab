#!/usr/bin/python3
"""Generate Riverton's fictional boundaries: districts.geojson and neighbourhoods.geojson.

Run:  /usr/bin/python3 samples/city/generate_boundaries.py
Standard library only and deterministic (no randomness: wobbles are sums of sines).

Riverton is a round city on a river bend, about 15 km across. Five districts are wedges around
the centre; each holds two neighbourhoods (the inner and the outer part of its wedge, named as in
generate_events.py). Neighbouring areas share their edges point for point, because every edge is
drawn by one function. Two shapes test the map's drawing:
  - Mirror Lake is a hole in district 3 (and in its inner neighbourhood, Bogota Park);
  - Heron Island in the river belongs to district 5 (and to Mill Creek): a two-part area.
Coordinates are WGS 84 lon/lat, 6 decimals. Populations are invented.
"""

import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
LON0, LAT0 = -95.95, 36.10          # the centre (an invented place)
K = math.cos(math.radians(LAT0))   # degrees of longitude shrink by cos(latitude)
R = 0.07                            # city radius in degrees of latitude (about 7.8 km)
SPLIT = 0.45                        # inner neighbourhoods reach this share of the radius
N_EDGE = 36                         # points along each radial edge
N_ARC = 48                          # points along each wedge's arc

DISTRICTS = [1, 2, 3, 4, 5]
ANGLES = [math.radians(a) for a in (90, 162, 234, 306, 378)]      # the five radial edges
HOODS = {1: ["Fairview", "Oak Hill"], 2: ["Riverside", "Old Town"], 3: ["Bogotá Park", "Eastgate"],
         4: ["Medellín Heights", "Northfield"], 5: ["Cedar Grove", "Mill Creek"]}
POP = {1: 38200, 2: 41750, 3: 29600, 4: 35400, 5: 24900}
GREEN = {3, 5}


def outer_r(t):
    """The city's edge at angle t (a wobbly circle)."""
    return R * (1 + 0.08 * math.sin(3 * t) + 0.04 * math.sin(7 * t + 1))


def split_r(t):
    """The line between inner and outer neighbourhoods."""
    return SPLIT * R * (1 + 0.06 * math.sin(5 * t + 0.5))


def lonlat(r, t):
    return [round(LON0 + r * math.cos(t) / K, 6), round(LAT0 + r * math.sin(t), 6)]


def radial(k, r0f, r1f):
    """Points along radial edge k from r0f(t) to r1f(t) (fractions of the edge), with a wiggle."""
    k %= 5
    t0 = ANGLES[k]
    pts = []
    for i in range(N_EDGE + 1):
        f = r0f + (r1f - r0f) * i / N_EDGE
        t = t0 + 0.06 * math.sin(9 * f + k)          # a street grid that bends
        pts.append((f, t))
    return pts


def edge(k, a, b):
    """Radial edge k between fractions a and b of the way from the centre to the city edge."""
    out = []
    for f, t in radial(k, a, b):
        out.append(lonlat(f * outer_r(t), t))
    return out


def arc(rfun, t0, t1):
    return [lonlat(rfun(t0 + (t1 - t0) * i / N_ARC), t0 + (t1 - t0) * i / N_ARC)
            for i in range(N_ARC + 1)]


def tip(k, frac):
    """Where radial edge k meets the line r = frac * edge (split) exactly."""
    return edge(k, frac, frac)[0]


def close(ring):
    return ring + [ring[0]]


def wedge(k, inner):
    """District k's wedge (inner=None), or its inner/outer neighbourhood."""
    t0, t1 = ANGLES[k], ANGLES[(k + 1) % 5] + (2 * math.pi if k == 4 else 0)
    if inner is None:
        ring = edge(k, 0, 1) + arc(outer_r, t0 + 0.06 * math.sin(9 + k), t1 + 0.06 * math.sin(9 + (k + 1) % 5))[1:-1]
        ring += edge(k + 1, 1, 0)[:-1]
        return close(ring)
    # The split line meets each radial edge at a point of that edge: use the edge's own
    # points so the inner and outer parts share them.
    fsplit = SPLIT
    if inner:
        ring = edge(k, 0, fsplit) + arc_between(k, fsplit)[1:-1] + edge(k + 1, fsplit, 0)[:-1]
    else:
        ring = edge(k, fsplit, 1) + arc(outer_r, t0 + 0.06 * math.sin(9 + k), t1 + 0.06 * math.sin(9 + (k + 1) % 5))[1:-1]
        ring += edge(k + 1, 1, fsplit) + list(reversed(arc_between(k, fsplit)))[1:-1]
    return close(ring)


def arc_between(k, fsplit):
    """The inner/outer line across wedge k, from radial edge k to edge k+1 at fraction fsplit."""
    a = edge(k, fsplit, fsplit)[-1]
    b = edge(k + 1, fsplit, fsplit)[-1]
    t0 = math.atan2(a[1] - LAT0, (a[0] - LON0) * K)
    t1 = math.atan2(b[1] - LAT0, (b[0] - LON0) * K)
    while t1 <= t0:
        t1 += 2 * math.pi
    ra = math.hypot((a[0] - LON0) * K, a[1] - LAT0)
    rb = math.hypot((b[0] - LON0) * K, b[1] - LAT0)
    pts = [a]
    for i in range(1, N_ARC):
        f = i / N_ARC
        t = t0 + (t1 - t0) * f
        r = (ra + (rb - ra) * f) * (1 + 0.05 * math.sin(math.pi * f) * math.sin(4 * t))
        pts.append(lonlat(r, t))
    pts.append(b)
    return pts


def lake():
    """Mirror Lake: a hole in district 3, inside its inner part."""
    t = (ANGLES[2] + ANGLES[3]) / 2
    cx, cy = 0.25 * R * math.cos(t), 0.25 * R * math.sin(t)
    pts = []
    for i in range(24):
        a = -2 * math.pi * i / 24           # clockwise, as RFC 7946 wants holes
        r = 0.012 * (1 + 0.2 * math.sin(3 * a))
        pts.append([round(LON0 + (cx + r * math.cos(a)) / K, 6), round(LAT0 + cy + r * math.sin(a), 6)])
    return close(pts)


def island():
    """Heron Island: off district 5's edge, in the river."""
    t = (ANGLES[4] + ANGLES[0] + 2 * math.pi) / 2
    cx, cy = 1.25 * R * math.cos(t), 1.25 * R * math.sin(t)
    pts = []
    for i in range(20):
        a = 2 * math.pi * i / 20
        pts.append([round(LON0 + (cx + 0.010 * math.cos(a)) / K, 6),
                    round(LAT0 + cy + 0.006 * math.sin(a), 6)])
    return close(pts)


def feature(props, rings_list):
    if len(rings_list) == 1:
        geom = {"type": "Polygon", "coordinates": rings_list[0]}
    else:
        geom = {"type": "MultiPolygon", "coordinates": rings_list}
    return {"type": "Feature", "properties": props, "geometry": geom}


def main():
    districts, hoods = [], []
    for k, d in enumerate(DISTRICTS):
        polys = [[wedge(k, None)]]
        if d == 3:
            polys[0].append(lake())
        if d == 5:
            polys.append([island()])
        districts.append(feature({"district": d, "name": "District %d" % d, "population": POP[d],
                                  "green_zone": d in GREEN}, polys))
        for inner, name in ((True, HOODS[d][0]), (False, HOODS[d][1])):
            polys = [[wedge(k, inner)]]
            if d == 3 and inner:
                polys[0].append(lake())
            if d == 5 and not inner:
                polys.append([island()])
            hoods.append(feature({"name": name, "district": d}, polys))
    for name, feats in (("districts", districts), ("neighbourhoods", hoods)):
        with open(os.path.join(HERE, name + ".geojson"), "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False,
                      separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
