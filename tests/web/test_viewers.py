"""What each viewer may see: levels filter every list, page and download; protected names never show."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from starlette.testclient import TestClient

from khronika.protect.roles import Viewer, viewer_for
from khronika.store import Store
from tests.web.corpus import Corpus

ANONYMOUS = None
VIEWER = viewer_for("vera", "viewer")
REVIEWER = viewer_for("rustem", "reviewer")
EDITOR = viewer_for("erlan", "editor")
HIDDEN_SPELLINGS = ("Arman", "Fictive", "Арман", "Фиктив")


@pytest.fixture
def levels(store: Store, corpus: Corpus) -> Corpus:
    """Make the Russian strike public, the trial public with its lawyer protected, the detention confidential."""
    people = store.people
    people.set_level("document", corpus.docs["ru"], "public")
    people.set_level("event", corpus.events["ru_strike"], "public")
    people.set_level("event", corpus.events["en_trial"], "public")
    people.set_level("event", corpus.events["ru_detention"], "confidential")
    people.protect("Arman Fictive", also=["Арман Фиктивный"])
    return corpus


def ids_on_page(html: str) -> list[int]:
    """Return the event numbers a chronicle page lists."""
    return [int(i) for i in re.findall(r'aria-labelledby="event-(\d+)-title"', html)]


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        (ANONYMOUS, ["en_trial", "ru_strike"]),
        (VIEWER, ["en_trial", "ru_strike", "kk_strike", "undated"]),
        (EDITOR, ["en_trial", "ru_detention", "ru_strike", "kk_strike", "undated"]),
    ],
)
def test_the_chronicle_and_the_api_list_only_what_the_viewer_may_read(
    client_for: Callable[[Viewer | None], TestClient], levels: Corpus, viewer: Viewer | None, expected: list[str]
) -> None:
    client = client_for(viewer)
    wanted = [levels.events[name] for name in expected]
    assert ids_on_page(client.get("/").text) == wanted
    body = client.get("/api/events").json()
    assert (body["total"], [item["id"] for item in body["items"]]) == (len(wanted), wanted)


@pytest.mark.parametrize("viewer", [ANONYMOUS, VIEWER, REVIEWER])
def test_a_protected_name_never_shows_and_never_finds_its_events(
    client_for: Callable[[Viewer | None], TestClient], levels: Corpus, viewer: Viewer | None
) -> None:
    client = client_for(viewer)
    trial = levels.events["en_trial"]
    pages = [client.get(f"/events/{trial}").text, client.get("/").text, client.get(f"/api/events/{trial}").text]
    for text in pages:
        assert [s for s in HIDDEN_SPELLINGS if s in text] == []
    assert ids_on_page(client.get("/?actor=Arman+Fictive").text) == []
    assert ids_on_page(client.get("/?q=Fictive").text) == []
    assert client.get("/api/events", params={"actor": "Арман Фиктивный"}).json()["items"] == []


def test_an_editor_sees_the_protected_name(client_for: Callable[[Viewer | None], TestClient], levels: Corpus) -> None:
    client = client_for(EDITOR)
    assert "Arman Fictive" in client.get(f"/events/{levels.events['en_trial']}").text
    assert ids_on_page(client.get("/?actor=Arman+Fictive").text) == [levels.events["en_trial"]]


@pytest.mark.parametrize(
    ("viewer", "path", "status"),
    [
        (ANONYMOUS, "/events/{ru_detention}", 404),
        (ANONYMOUS, "/events/{kk_strike}", 404),
        (ANONYMOUS, "/documents/{kk}", 404),
        (ANONYMOUS, "/documents/{kk}/original", 404),
        (ANONYMOUS, "/api/events/{kk_strike}", 404),
        (ANONYMOUS, "/api/documents/{kk}", 404),
        (ANONYMOUS, "/documents/{ru}", 200),
        (ANONYMOUS, "/events.csv", 403),
        (ANONYMOUS, "/events.json", 403),
        (ANONYMOUS, "/review", 403),
        (VIEWER, "/events/{ru_detention}", 404),
        (VIEWER, "/events/{kk_strike}", 200),
        (VIEWER, "/review", 403),
        (REVIEWER, "/review", 200),
        (EDITOR, "/events.csv", 200),
        (EDITOR, "/events/{ru_detention}", 200),
    ],
)
def test_pages_above_the_viewer_s_level_are_not_found_and_actions_need_their_permission(
    client_for: Callable[[Viewer | None], TestClient], levels: Corpus, viewer: Viewer | None, path: str, status: int
) -> None:
    url = path.format(**levels.events, **levels.docs)
    assert client_for(viewer).get(url).status_code == status


def test_a_viewer_may_not_confirm_and_a_reviewer_may(
    client_for: Callable[[Viewer | None], TestClient], store: Store, levels: Corpus
) -> None:
    event_id = levels.events["kk_strike"]
    store.set_review(event_id, "proposed")
    assert client_for(VIEWER).post(f"/review/{event_id}/confirm").status_code == 403
    event = store.get_event(event_id)
    assert event is not None and event.review == "proposed"
    assert client_for(REVIEWER).post(f"/review/{event_id}/confirm").status_code == 303
    event = store.get_event(event_id)
    assert event is not None and event.review == "confirmed"


def test_an_editor_s_download_holds_what_the_editor_sees(
    client_for: Callable[[Viewer | None], TestClient], levels: Corpus
) -> None:
    client = client_for(EDITOR)
    assert [e["id"] for e in client.get("/events.json").json()] == [
        e["id"] for e in client.get("/api/events").json()["items"]
    ]


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [(ANONYMOUS, 2), (VIEWER, 4), (EDITOR, 5)],
)
def test_the_map_and_statistics_count_only_what_the_viewer_may_read(
    client_for: Callable[[Viewer | None], TestClient], levels: Corpus, viewer: Viewer | None, expected: int
) -> None:
    # Regression: the map and the charts counted every event, confidential ones included.
    client = client_for(viewer)
    assert client.get("/api/map").json()["total"] == expected
    assert client.get("/api/stats").json()["total"] == expected
