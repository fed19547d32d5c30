"""The JSON API: events in the contract's shape plus id, review and extractor; lists, 404s, OpenAPI."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from khronika.records import Event
from tests.web.corpus import Corpus, Site


@pytest.fixture
def client(site: Site) -> TestClient:
    """This module only reads: share one seeded store per backend."""
    return site.reading_client()


@pytest.fixture
def corpus(site: Site) -> Corpus:
    """The ids of the shared store's corpus."""
    return site.corpus


CONTRACT_KEYS = {"type", "date", "date_end", "place", "size", "actors", "details", "evidence", "confidence"}


def test_an_event_is_the_contract_plus_id_review_and_extractor(client: TestClient, corpus: Corpus) -> None:
    body = client.get(f"/api/events/{corpus.events['ru_detention']}").json()
    assert set(body) == CONTRACT_KEYS | {"id", "review", "extractor"}
    assert body == {
        "id": corpus.events["ru_detention"],
        "type": "detention",
        "date": "2011-12-17",
        "date_end": None,
        "place": {"name": "Seversk", "admin1": "Mangystau Region", "country": "KZ", "lat": 43.3, "lon": 52.8},
        "size": 12,
        "actors": [{"name": "Police", "kind": "organisation", "role": "perpetrator"}],
        "details": {},
        "evidence": [{"start": 110, "end": 146, "text": "полиция задержала двенадцать человек"}],
        "confidence": 0.5,
        "review": "proposed",
        "extractor": None,
    }
    assert Event.from_dict(body).to_dict() == {k: body[k] for k in CONTRACT_KEYS}


def test_the_event_list_takes_the_chronicle_filters_and_pages(client: TestClient, corpus: Corpus) -> None:
    body = client.get("/api/events", params={"type": ["strike", "trial"], "per_page": 2, "page": 2}).json()
    assert (body["total"], body["page"], body["per_page"]) == (3, 2, 2)
    assert [item["id"] for item in body["items"]] == [corpus.events["kk_strike"]]


def test_documents_are_listed_and_shown_with_their_events(client: TestClient, corpus: Corpus) -> None:
    listed = client.get("/api/documents").json()
    assert listed["total"] == 3
    assert [d["id"] for d in listed["items"]] == [corpus.docs["ru"], corpus.docs["kk"], corpus.docs["en"]]
    assert "text" not in listed["items"][0]
    one = client.get(f"/api/documents/{corpus.docs['en']}").json()
    assert one["language"] == "en"
    assert one["text"] == "In Aktau the trial of the union lawyer Arman Fictive began on 27 March."
    assert one["original_url"] == f"/documents/{corpus.docs['en']}/original"
    assert one["event_ids"] == [corpus.events["en_trial"], corpus.events["undated"]]


def test_actors_and_places_carry_their_events(client: TestClient, corpus: Corpus) -> None:
    lawyer = client.get("/api/actors/3").json()
    assert lawyer == {
        "id": 3,
        "name": "Arman Fictive",
        "kind": "person",
        "variants": ["Арман Фиктивный"],
        "event_ids": [corpus.events["en_trial"]],
    }
    seversk = client.get("/api/places/1").json()
    assert seversk["name"] == "Seversk"
    names = ["ru_detention", "ru_strike", "kk_strike"]
    assert seversk["event_ids"] == [corpus.events[name] for name in names]


@pytest.mark.parametrize("path", ["/api/events/999", "/api/documents/999", "/api/actors/999", "/api/places/999"])
def test_a_missing_record_is_a_json_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"].endswith("999 does not exist")


@pytest.mark.parametrize("query", ["page=0", "per_page=201", "page=x"])
def test_bad_paging_is_a_422(client: TestClient, query: str) -> None:
    assert client.get(f"/api/events?{query}").status_code == 422


def test_the_api_is_documented_with_openapi(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    expected = {"/api/events", "/api/events/{event_id}", "/api/documents", "/api/documents/{document_id}"}
    expected |= {"/api/search", "/api/actors/{actor_id}", "/api/places/{place_id}", "/events.csv", "/events.json"}
    assert expected <= paths
    filters = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert filters >= {"type", "date_from", "date_to", "region", "place", "actor", "source_kind", "review", "q"}
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert '<h2 id="list_events_api_events_get"><code>GET /api/events</code></h2>' in docs.text
    assert "<tr><td><code>date_from</code></td><td>query</td><td>string or null</td><td></td>" in docs.text
    per_page = "<tr><td><code>per_page</code></td><td>query</td><td>integer</td><td>50</td><td>Items per page</td></tr>"
    assert per_page in docs.text


def test_the_api_docs_ask_for_nothing_outside_the_server(client: TestClient) -> None:
    html = client.get("/api/docs").text
    assert re.findall(r'(?:\bsrc="|<link\b[^>]*\bhref=")((?:https?:)?//[^"]*)', html) == []
    assert "cdn." not in html
