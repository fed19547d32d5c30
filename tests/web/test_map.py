"""The map: counts by region and places for the chronicle's filters, drawn from shipped files only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from khronika.store import Store
from tests.factories import make_document, make_event, make_place

STATIC = Path(__file__).resolve().parents[2] / "khronika" / "web" / "static"
ZHANAOZEN = make_place(name="Zhanaozen", admin1="Mangystau Region", lat=43.34, lon=52.86)
AKTAU = make_place(name="Aktau", admin1="Mangystau Region", lat=43.65, lon=51.16)
ALMATY = make_place(name="Almaty", admin1="Almaty", lat=43.25, lon=76.95)
NOWHERE = make_place(name="Somewhere", admin1=None, lat=None, lon=None)


@pytest.fixture
def mapped(store: Store) -> Store:
    """Five events: three strikes in Mangystau (two places), a protest in Almaty, one with no coordinates."""
    doc_id, _ = store.add_document(make_document())
    store.add_events(
        doc_id,
        [
            make_event(type="strike", place=ZHANAOZEN, date="2011-12-16"),
            make_event(type="strike", place=ZHANAOZEN, date="2011-12-17"),
            make_event(type="strike", place=AKTAU, date="2012-01-05"),
            make_event(type="protest", place=ALMATY, date="2022-01-05"),
            make_event(type="protest", place=NOWHERE, date="2022-01-06"),
        ],
    )
    return store


@pytest.mark.parametrize(
    ("query", "total", "located", "regions", "places"),
    [
        ("", 5, 4, {"Almaty": 1, "Mangystau Region": 3}, [("Zhanaozen", 2), ("Aktau", 1), ("Almaty", 1)]),
        ("?type=strike", 3, 3, {"Mangystau Region": 3}, [("Zhanaozen", 2), ("Aktau", 1)]),
        ("?type=protest", 2, 1, {"Almaty": 1}, [("Almaty", 1)]),
        ("?region=Mangystau+Region&date_from=2012", 1, 1, {"Mangystau Region": 1}, [("Aktau", 1)]),
        ("?type=ban", 0, 0, {}, []),
        ("?q=zhanaozen", 2, 2, {"Mangystau Region": 2}, [("Zhanaozen", 2)]),
    ],
)
def test_the_map_data_follows_the_chronicle_filters(
    client: TestClient,
    mapped: Store,
    query: str,
    total: int,
    located: int,
    regions: dict[str, int],
    places: list[tuple[str, int]],
) -> None:
    data = client.get("/api/map" + query).json()
    assert (data["total"], data["located"], data["regions"]) == (total, located, regions)
    assert [(p["name"], p["count"]) for p in data["places"]] == places


def test_a_place_links_to_the_chronicle_narrowed_to_it(client: TestClient, mapped: Store) -> None:
    data = client.get("/api/map?type=strike").json()
    assert data["places"][0]["url"] == "/?type=strike&place=Zhanaozen"


def test_the_map_page_embeds_its_data_and_loads_only_local_files(client: TestClient, mapped: Store) -> None:
    html = client.get("/map?type=strike").text
    found = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html)
    assert found is not None
    assert json.loads(found.group(1))["regions"] == {"Mangystau Region": 3}
    config = json.loads(re.search(r'id="map-config">(.*?)</script>', html).group(1))  # type: ignore[union-attr]
    assert config["tileUrl"] is None
    # No script, stylesheet or image is asked from another host.
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    assert '<tr><th scope="row"><a href="/?type=strike&amp;region=Mangystau%20Region">' in html


def test_a_place_name_cannot_break_out_of_the_embedded_json(client: TestClient, store: Store) -> None:
    doc_id, _ = store.add_document(make_document())
    store.add_events(doc_id, [make_event(place=make_place(name="</script><script>alert(1)</script>"))])
    html = client.get("/map").text
    assert "<script>alert(1)" not in html


def test_the_tile_url_setting_reaches_the_page(store: Store) -> None:
    from khronika.settings import Settings
    from khronika.web.app import create_app

    settings = Settings(tile_url="https://tiles.example.org/{z}/{x}/{y}.png")
    with TestClient(create_app(store, settings=settings)) as client:
        html = client.get("/map").text
    assert '"tileUrl": "https://tiles.example.org/{z}/{x}/{y}.png"' in html


def test_the_shipped_regions_are_the_gazetteer_regions() -> None:
    shapes = json.loads((STATIC / "data" / "kz-regions.geojson").read_text(encoding="utf-8"))
    names = sorted(f["properties"]["name"] for f in shapes["features"])
    gazetteer = Path(__file__).resolve().parents[2] / "khronika" / "extract" / "data" / "kz_places.tsv"
    rows = [line.split("\t") for line in gazetteer.read_text(encoding="utf-8").splitlines()[1:]]
    assert names == sorted({row[2] for row in rows if row[3] == "KZ" and row[2]})
    assert len(names) == 20
    assert (STATIC / "data" / "kz-regions.geojson").stat().st_size < 300_000


@pytest.mark.parametrize("path", ["vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "js/map.js"])
def test_the_map_assets_are_served_by_the_app(client: TestClient, path: str) -> None:
    response = client.get("/static/" + path)
    assert response.status_code == 200
    assert len(response.content) > 1000
