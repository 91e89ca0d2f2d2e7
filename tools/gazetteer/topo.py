"""Decoding Natural Earth TopoJSON (as shipped by the npm package `world-atlas`).

Shared by build_gazetteer.py (country centroids) and build_outline.py (map paths).
"""

import json
import math

# world-atlas keys countries by ISO 3166-1 numeric code; these features have none.
UNCODED_FEATURES = {
    "Kosovo": "XK",
    "Somaliland": "SO",
    "N. Cyprus": "CY",
    "Siachen Glacier": "IN",
    "Indian Ocean Ter.": "AU",
}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def decode_arcs(topology):
    """Absolute lon/lat points of every arc (quantized, delta-encoded in the file)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        x = y = 0
        for dx, dy in arc:
            if transform:
                x += dx
                y += dy
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((dx, dy))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their end point.
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(ring):
    """A ring that crosses the antimeridian (Russia's Chukotka, Fiji) with its western
    points moved past +180, so it is one plane polygon instead of a band across the world."""
    xs = [p[0] for p in ring]
    # Antarctica's ring runs along the antimeridian down to the pole: already a plane polygon.
    if not ring or max(xs) - min(xs) <= 180 or min(p[1] for p in ring) < -85:
        return ring
    return [(x + 360 if x < 0 else x, y) for x, y in ring]


def polygons(geometry, arcs):
    """A geometry's polygons, each a list of rings of (lon, lat) points (outer ring first)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [[unwrap(ring_points(r, arcs)) for r in geometry["arcs"]]]
    if kind == "MultiPolygon":
        return [[unwrap(ring_points(r, arcs)) for r in poly] for poly in geometry["arcs"]]
    return []


def countries(topology, numeric_to_alpha2):
    """(alpha-2 code, name, polygons) for every country feature with a known code."""
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        code = None
        if "id" in geometry:
            code = numeric_to_alpha2.get(int(geometry["id"]))
        code = code or UNCODED_FEATURES.get(name)
        if code is None:
            print(f"outline: no ISO code for feature {name!r} (id {geometry.get('id')}), skipped")
            continue
        out.append((code, name, polygons(geometry, arcs)))
    return out


def ring_area_centroid(ring):
    """Signed area and centroid of a ring on a plane where x is scaled by cos(latitude)."""
    if len(ring) < 3:
        return 0.0, (0.0, 0.0)
    mean_lat = sum(p[1] for p in ring) / len(ring)
    k = math.cos(math.radians(mean_lat))
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * k * y1 - x1 * k * y0
        area += cross
        cx += (x0 * k + x1 * k) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0]
    return area, (cx / (6 * area) / k, cy / (6 * area))


def main_centroid(polys):
    """Centroid of a country's largest polygon: where a reader expects its dot."""
    best = None
    for poly in polys:
        if not poly:
            continue
        area, centre = ring_area_centroid(poly[0])
        if best is None or abs(area) > best[0]:
            best = (abs(area), centre)
    if not best:
        return None
    lon, lat = best[1]
    return (lon - 360 if lon > 180 else lon, lat)
