"""Place names in the language of a publication: Zhanaozen, Mangystau Region / Жанаозен, Мангистауская область.

The chronicle keeps one canonical (English) name per place. A Russian or Kazakh text names a
place of Kazakhstan as the gazetteer spells it in that language (the first spelling of its
row in khronika/extract/data/kz_places.tsv) and its region by the name in
publish/data/authorities.json; anything else keeps its canonical name.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import khronika.extract
from khronika.records import Place

GAZETTEER_FILE = Path(khronika.extract.__file__).resolve().parent / "data" / "kz_places.tsv"
AUTHORITIES_FILE = Path(__file__).resolve().parent / "data" / "authorities.json"
LOCAL_LANGUAGES = ("ru", "kk")
_MARKS = "?~="  # the gazetteer's flags on a spelling: doubtful, adjective, fixed form


@cache
def _settlements() -> dict[str, dict[str, str]]:
    rows = csv.DictReader(GAZETTEER_FILE.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    names: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["kind"] == "region":
            continue
        local = {lang: _first_spelling(row.get(lang) or "") for lang in LOCAL_LANGUAGES}
        names[row["name"]] = {lang: name for lang, name in local.items() if name}
    return names


def _first_spelling(cell: str) -> str:
    return next((s for s in cell.split("|") if s and s[0] not in _MARKS), "")


@cache
def _regions() -> dict[str, dict[str, str]]:
    data = json.loads(AUTHORITIES_FILE.read_text(encoding="utf-8"))
    return {key: dict(value.get("name", {})) for key, value in data["regions"].items()}


def local_name(name: str, lang: str, *, region: bool = False) -> str:
    """Return a Kazakh place's or region's name in `lang` (ru, kk), or `name` as it is."""
    if lang not in LOCAL_LANGUAGES:
        return name
    table = _regions() if region else _settlements()
    return table.get(name, {}).get(lang) or name


def place_label(place: Place | None, lang: str) -> str | None:
    """Return "place, region" in `lang` (the region left out when it is the place itself), or None."""
    if place is None:
        return None
    local = place.country == "KZ"
    name = local_name(place.name, lang) if local else place.name
    if not place.admin1 or place.admin1 == place.name:
        return name
    region = local_name(place.admin1, lang, region=True) if local else place.admin1
    return f"{name}, {region}"
