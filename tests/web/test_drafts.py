"""Drafts in the browser: draft from an event, edit, publish once; a protected name never reaches a reader."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from starlette.testclient import TestClient

from khronika.protect.roles import Viewer, viewer_for
from khronika.records import Actor, Event, Place
from khronika.store import Store
from tests.factories import make_document

EDITOR = viewer_for("erlan", "editor")
VIEWER = viewer_for("vera", "viewer")
REVIEWER = viewer_for("rustem", "reviewer")
NAMES = ("Aigerim", "Nurlanova", "Айгерим", "Нурланова")
ALMATY = Place(name="Almaty", country="KZ", admin1="Almaty")

Clients = Callable[[Viewer | None], TestClient]


@pytest.fixture
def detention(store: Store) -> int:
    """Store one detention of a protected activist; return the event id."""
    event = Event(
        type="detention",
        date="2024-03-04",
        place=ALMATY,
        actors=[Actor(name="Aigerim Nurlanova", kind="person", role="target")],
        confidence=0.9,
    )
    store.add_document(make_document("Айгерим Нурланова задержана.", title="Activist detained"), events=[event])
    store.people.protect("Aigerim Nurlanova", also=["Айгерим Нурланова"])
    return 1


def _pseudonym(store: Store) -> str:
    (person,) = store.people.list_protected()
    return str(person.pseudonym)


def _create(client: TestClient, **form: str) -> str:
    response = client.post("/drafts/new", data={"kind": "press_release", "language": "en", **form})
    assert response.status_code == 303, response.text[:500]
    return str(response.headers["location"])


def test_an_editor_drafts_from_an_event_page_and_gets_the_pseudonym(
    client_for: Clients, store: Store, detention: int
) -> None:
    client = client_for(EDITOR)
    event_page = client.get(f"/events/{detention}").text
    assert f'href="/drafts/new?event={detention}"' in event_page
    assert f'href="/drafts/new?kind=alert&amp;event={detention}"' in event_page
    form = client.get(f"/drafts/new?event={detention}&kind=alert&lang=ru")
    assert form.status_code == 200
    assert f'name="events" value="{detention}"' in form.text
    assert '<option value="alert" selected>' in form.text

    location = _create(client, kind="alert", language="ru", events=str(detention))

    assert location == "/drafts/1"
    page = client.get(location).text
    assert f"<h1>СРОЧНАЯ АКЦИЯ: задержание — {_pseudonym(store)}, Алматы, 4 марта 2024\u202fг.</h1>" in page
    (draft,) = store.drafts.list_drafts()
    assert (draft.kind, draft.language, draft.created_by, draft.subject) == (
        "alert",
        "ru",
        "erlan",
        {"events": [detention], "case": None},
    )
    for name in NAMES:
        assert name not in page


def test_a_typed_real_name_is_hidden_from_readers_and_refused_at_publishing(
    client_for: Clients, store: Store, detention: int
) -> None:
    editor = client_for(EDITOR)
    location = _create(editor, events=str(detention))
    typed = "Aigerim Nurlanova was detained at dawn."
    assert editor.post(location, data={"title": "Activist detained", "body": typed}).status_code == 303
    assert "Aigerim Nurlanova was detained at dawn." in editor.get(location).text  # cleared to see it

    reader_page = client_for(VIEWER).get(location).text
    assert f"{_pseudonym(store)} was detained at dawn." in reader_page
    refused = editor.post(f"{location}/publish")

    assert refused.status_code == 400
    assert f"(shown as {_pseudonym(store)})" in refused.text
    draft = store.drafts.get(1)
    assert draft is not None and draft.status == "draft"
    for name in NAMES:
        assert name not in reader_page
        assert name not in refused.text.split("<textarea", 1)[0]


def test_publishing_keeps_the_text_and_ends_editing(client_for: Clients, store: Store, detention: int) -> None:
    editor = client_for(EDITOR)
    location = _create(editor, events=str(detention))
    assert editor.post(location, data={"title": "Detained in Almaty", "body": "She is held."}).status_code == 303

    assert editor.post(f"{location}/publish").status_code == 303

    page = editor.get(location).text
    assert '<pre class="draft-text">Detained in Almaty\n\nShe is held.\n</pre>' in page
    assert "<textarea" not in page
    again = editor.post(location, data={"title": "Changed", "body": "Changed"})
    assert again.status_code == 400
    assert "was published on" in again.text
    draft = store.drafts.get(1)
    assert draft is not None and draft.published_text == "Detained in Almaty\n\nShe is held.\n"


def test_a_draft_that_cannot_be_made_says_why(client_for: Clients, store: Store, detention: int) -> None:
    response = client_for(EDITOR).post("/drafts/new", data={"kind": "alert", "language": "en", "events": "1 2"})
    assert response.status_code == 400
    assert "an alert is about one detention: give one event id, or a case id" in response.text
    response = client_for(EDITOR).post("/drafts/new", data={"kind": "press_release", "events": "x1"})
    assert response.status_code == 400
    assert "event ids must be numbers; x1 is not" in response.text
    assert store.drafts.list_drafts() == []


@pytest.mark.parametrize(
    ("viewer", "list_status", "new_status", "create_status"),
    [(None, 403, 403, 403), (REVIEWER, 200, 403, 403), (VIEWER, 200, 403, 403), (EDITOR, 200, 200, 303)],
)
def test_who_may_read_and_who_may_write(
    client_for: Clients,
    store: Store,
    detention: int,
    viewer: Viewer | None,
    list_status: int,
    new_status: int,
    create_status: int,
) -> None:
    client = client_for(viewer)
    assert client.get("/drafts").status_code == list_status
    assert client.get("/drafts/new").status_code == new_status
    created = client.post("/drafts/new", data={"kind": "press_release", "language": "en", "events": str(detention)})
    assert created.status_code == create_status


def test_the_list_shows_titles_as_the_reader_may_see_them(client_for: Clients, store: Store, detention: int) -> None:
    store.drafts.create(
        kind="press_release",
        language="en",
        title="Aigerim Nurlanova detained",
        body="-",
        subject={"events": [detention]},
        by="erlan",
    )
    page = client_for(VIEWER).get("/drafts").text
    assert f'<a href="/drafts/1">{_pseudonym(store)} detained</a>' in page
    for name in NAMES:
        assert name not in page
