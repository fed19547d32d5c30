"""Place names in the language of a publication, from the gazetteer and the regions' names."""

from __future__ import annotations

import pytest

from khronika.publish.place_names import local_name, place_label
from khronika.records import Place

ZHANAOZEN = Place(name="Zhanaozen", country="KZ", admin1="Mangystau Region")


@pytest.mark.parametrize(
    ("place", "lang", "expected"),
    [
        (ZHANAOZEN, "en", "Zhanaozen, Mangystau Region"),
        (ZHANAOZEN, "ru", "Жанаозен, Мангистауская область"),
        (ZHANAOZEN, "kk", "Жаңаөзен, Маңғыстау облысы"),
        (Place(name="Almaty", country="KZ", admin1="Almaty"), "ru", "Алматы"),
        (Place(name="Semey", country="KZ", admin1="Abai Region"), "ru", "Семей, область Абай"),
        (Place(name="Astana", country="KZ", admin1="Astana"), "kk", "Астана"),
        (Place(name="Seversk", country="KZ", admin1="Mangystau Region"), "ru", "Seversk, Мангистауская область"),
        (Place(name="Tbilisi", country="GE", admin1="Tbilisi"), "ru", "Tbilisi"),
        (Place(name="Zhanaozen", country="KZ"), "kk", "Жаңаөзен"),
        (None, "ru", None),
    ],
)
def test_place_labels(place: Place | None, lang: str, expected: str | None) -> None:
    assert place_label(place, lang) == expected


@pytest.mark.parametrize(
    ("name", "lang", "region", "expected"),
    [
        ("Aktau", "ru", False, "Актау"),  # the gazetteer's first spelling, not its doubtful "?Шевченко"
        ("East Kazakhstan Region", "kk", True, "Шығыс Қазақстан облысы"),
        ("Nowhere Region", "ru", True, "Nowhere Region"),
        ("Aktau", "de", False, "Aktau"),
    ],
)
def test_local_names(name: str, lang: str, region: bool, expected: str) -> None:
    assert local_name(name, lang, region=region) == expected
