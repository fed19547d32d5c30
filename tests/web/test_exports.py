"""CSV and JSON downloads hold exactly the events the filters select, every page of them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from khronika.publish.formats import read_csv_events
from khronika.store import Store
from khronika.web.routes.chronicle import PAGE_SIZE
from khronika.web.serialize import csv_chunks, json_chunks
from tests.conftest import BACKENDS, NewDatabase
from tests.factories import make_document, make_event
from tests.web.corpus import Site, shared_site


def records_from_csv(text: str) -> list[dict[str, Any]]:
    """Read a CSV download back into the API's event objects."""
    return list(read_csv_events(io.StringIO(text, newline="")))


def seed_many(store: Store) -> dict[str, list[int]]:
    """Store more strikes than one chronicle page holds, and a few detentions."""
    doc_id, _ = store.add_document(make_document())
    strikes = store.add_events(doc_id, [make_event(date=f"2011-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(70)])
    detentions = store.add_events(doc_id, [make_event(type="detention", date=None, size=None) for _ in range(3)])
    return {"strike": strikes, "detention": detentions}


@pytest.fixture(scope="module", params=BACKENDS)
def many_site(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """One store of 73 events per backend, shared by this module's reading tests."""
    with (
        new_database(request.param, tmp_path_factory.mktemp("many")) as url,
        shared_site(url, seed_with=seed_many) as site,
    ):
        yield site


@pytest.fixture
def client(many_site: Site) -> TestClient:
    """The shared client (this module only reads)."""
    return many_site.reading_client()


@pytest.fixture
def many(many_site: Site) -> dict[str, list[int]]:
    """The ids of the stored strikes and detentions."""
    ids: dict[str, list[int]] = many_site.corpus
    return ids


def test_the_json_download_holds_every_filtered_event_in_chronicle_order(
    client: TestClient, many: dict[str, list[int]]
) -> None:
    response = client.get("/events.json?type=strike")
    assert response.headers["content-disposition"] == 'attachment; filename="khronika-events.json"'
    body = response.json()
    assert len(body) == 70 > PAGE_SIZE
    assert sorted(item["id"] for item in body) == many["strike"]
    api_first_page = client.get("/api/events", params={"type": "strike", "per_page": 50}).json()["items"]
    assert body[:50] == api_first_page


def test_the_csv_download_reads_back_to_the_same_records_as_the_json(
    client: TestClient, many: dict[str, list[int]]
) -> None:
    response = client.get("/events.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")  # spreadsheets need the byte-order mark to see UTF-8
    rows = records_from_csv(text)
    assert len(rows) == 73
    assert rows == client.get("/events.json").json()
    assert rows[0]["actors"][1] == {"name": "Polar Star LLP", "kind": "organisation", "role": "target"}


@pytest.mark.parametrize(
    ("query", "kind"),
    [("type=detention", "detention"), ("type=strike&date_from=2011", "strike"), ("q=strike&type=strike", "strike")],
)
def test_downloads_hold_exactly_the_rows_the_filters_show(
    client: TestClient, many: dict[str, list[int]], query: str, kind: str
) -> None:
    shown = client.get(f"/api/events?{query}&per_page=200").json()["items"]
    assert sorted(item["id"] for item in shown) == many[kind]
    assert client.get(f"/events.json?{query}").json() == shown
    assert records_from_csv(client.get(f"/events.csv?{query}").content.decode("utf-8-sig")) == shown


def test_an_empty_selection_downloads_a_header_only(client: TestClient, many: dict[str, list[int]]) -> None:
    text = client.get("/events.csv?type=killing").content.decode("utf-8-sig")
    assert text.splitlines() == [
        "id,type,date,date_end,place_name,place_admin1,place_country,place_lat,place_lon,size,"
        "actors,details,evidence,confidence,review,extractor"
    ]
    assert client.get("/events.json?type=killing").json() == []


@pytest.mark.parametrize("rows_per_chunk", [1, 2, 5])
def test_csv_in_chunks_is_the_same_text_as_at_once(rows_per_chunk: int) -> None:
    events = [make_event(date=f"2012-02-0{day}") for day in range(1, 6)]
    for number, event in enumerate(events, start=1):
        event.id = number
    chunks = list(csv_chunks(events, rows_per_chunk=rows_per_chunk))
    assert len(chunks) == 5 // rows_per_chunk + 1
    whole = "".join(chunks)
    assert whole.count("\r\n") == 6
    assert [row["id"] for row in csv.DictReader(io.StringIO(whole))] == ["1", "2", "3", "4", "5"]


def test_json_in_chunks_is_one_array() -> None:
    events = [make_event(type="fine"), make_event(type="trial")]
    assert [item["type"] for item in json.loads("".join(json_chunks(events)))] == ["fine", "trial"]
    assert json.loads("".join(json_chunks([]))) == []
