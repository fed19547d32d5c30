"""The review queue: actions change the event, leave the queue, and are audited with who did them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from khronika.store import Store
from khronika.store.schema import audit_log
from tests.web.corpus import Corpus


def audit_rows(store: Store, target: str) -> list[tuple[str, str, dict[str, object]]]:
    """Return (actor, action, detail) of the audit entries about `target`, oldest first."""
    with store.reader() as conn:
        query = select(audit_log).where(audit_log.c.target == target).order_by(audit_log.c.id)
        return [(r.actor, r.action, dict(r.detail)) for r in conn.execute(query)]


def shown_event(html: str) -> int | None:
    """Return the number of the event the queue shows, or None."""
    found = re.search(r'data-event-id="(\d+)"', html)
    return int(found.group(1)) if found else None


def test_the_queue_shows_proposed_events_oldest_first(client: TestClient, corpus: Corpus) -> None:
    page = client.get("/review").text
    assert shown_event(page) == corpus.events["ru_strike"]
    assert "3 proposed events wait for review." in page
    assert f'<a id="queue-next" rel="next" href="/review?at={corpus.events["ru_detention"]}">' in page
    assert "<mark>Рабочие вымышленного нефтяного завода вышли на забастовку</mark>" in page
    assert '<script src="/static/js/review.js" defer></script>' in page


@pytest.mark.parametrize(("action", "state"), [("confirm", "confirmed"), ("reject", "rejected")])
def test_confirm_and_reject_change_the_state_leave_the_queue_and_are_audited(
    client_as: Callable[[str], TestClient], store: Store, corpus: Corpus, action: str, state: str
) -> None:
    client = client_as("aigerim")
    event_id = corpus.events["ru_strike"]
    response = client.post(f"/review/{event_id}/{action}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/review?after={event_id}"
    event = store.get_event(event_id)
    assert event is not None and event.review == state
    next_page = client.get(response.headers["location"]).text
    assert shown_event(next_page) == corpus.events["ru_detention"]
    assert "2 proposed events wait for review." in next_page
    assert audit_rows(store, f"event:{event_id}") == [("aigerim", "review", {"state": state})]
    history = client.get(f"/events/{event_id}").text.split("History")[-1]
    assert "<td>aigerim</td><td>review</td>" in history.replace("\n", "").replace("      ", "")


def test_without_a_signed_in_user_the_actor_is_local(client: TestClient, store: Store, corpus: Corpus) -> None:
    client.post(f"/review/{corpus.events['undated']}/confirm")
    assert audit_rows(store, f"event:{corpus.events['undated']}") == [("local", "review", {"state": "confirmed"})]


def test_the_last_event_of_the_queue_leads_to_an_empty_queue(client: TestClient, store: Store, corpus: Corpus) -> None:
    for name in ("ru_strike", "ru_detention", "undated"):
        client.post(f"/review/{corpus.events[name]}/confirm")
    page = client.get(f"/review?after={corpus.events['undated']}").text
    assert shown_event(page) is None
    assert "Nothing to review." in page


def test_a_correction_changes_the_fields_and_is_audited(
    client_as: Callable[[str], TestClient], store: Store, corpus: Corpus
) -> None:
    client = client_as("reviewer-2")
    event_id = corpus.events["ru_detention"]
    form = {"type": "fine", "date": "2011-12-18", "date_end": "", "place": "Aktau", "size": "15"}
    response = client.post(f"/review/{event_id}/edit", data=form)
    assert response.status_code == 303
    assert response.headers["location"] == f"/review?at={event_id}"
    event = store.get_event(event_id)
    assert event is not None
    assert (event.type, event.date, event.date_end, event.size, event.review) == (
        "fine",
        "2011-12-18",
        None,
        15,
        "proposed",
    )
    assert event.place is not None and (event.place.name, event.place.admin1) == ("Aktau", "Mangystau Region")
    changes = {
        "type": ["detention", "fine"],
        "date": ["2011-12-17", "2011-12-18"],
        "place": ["Seversk", "Aktau"],
        "size": [12, 15],
    }
    assert audit_rows(store, f"event:{event_id}") == [("reviewer-2", "edit", {"changes": changes})]
    assert [h.id for h in store.search("fine Aktau", kinds=["event"])] == [event_id]


def test_a_new_place_name_makes_a_new_place_in_the_same_country(
    client: TestClient, store: Store, corpus: Corpus
) -> None:
    event_id = corpus.events["ru_strike"]
    form = {"type": "strike", "date": "2011-12-16", "place": "Kyzylorda", "size": "300"}
    client.post(f"/review/{event_id}/edit", data=form)
    event = store.get_event(event_id)
    assert event is not None and event.place is not None
    assert (event.place.name, event.place.country, event.place.admin1) == ("Kyzylorda", "KZ", None)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"type": "picnic"}, "type: &#39;picnic&#39; is not one of"),
        ({"type": "strike", "date": "16.12.2011"}, "is not a date; use YYYY-MM-DD"),
        ({"type": "strike", "size": "about 300"}, "is not a whole number of people"),
    ],
)
def test_a_bad_correction_is_refused_with_its_reason(
    client: TestClient, store: Store, corpus: Corpus, form: dict[str, str], message: str
) -> None:
    event_id = corpus.events["ru_strike"]
    response = client.post(f"/review/{event_id}/edit", data=form)
    assert response.status_code == 400
    assert message in response.text
    event = store.get_event(event_id)
    assert event is not None and (event.type, event.date, event.size) == ("strike", "2011-12-16", 300)
    assert audit_rows(store, f"event:{event_id}") == []


def test_merge_moves_evidence_and_actors_and_deletes_the_source(
    client_as: Callable[[str], TestClient], store: Store, corpus: Corpus
) -> None:
    client = client_as("aigerim")
    source, into = corpus.events["kk_strike"], corpus.events["ru_strike"]
    response = client.post(f"/review/{source}/merge", data={"into": str(into)})
    assert response.status_code == 303
    assert store.get_event(source) is None
    merged = store.get_event(into)
    assert merged is not None
    assert [(e.document_id, e.text) for e in merged.evidence] == [
        (corpus.docs["ru"], "Рабочие вымышленного нефтяного завода вышли на забастовку"),
        (corpus.docs["kk"], "мұнайшылар ереуіл жариялады"),
    ]
    assert [a.name for a in merged.actors] == ["Oil workers of Seversk"]  # the same actor is not added twice
    # The two reports give different dates: the target's stays, both are kept with their documents.
    assert merged.date == "2011-12-16"
    assert merged.details["reported"] == {
        "date": [
            {"value": "2011-12-16", "document_id": corpus.docs["ru"]},
            {"value": "2011-05-26", "document_id": corpus.docs["kk"]},
        ]
    }
    detail = {"from": source, "into": into, "evidence_moved": 1, "actors_added": 0, "side_by_side": ["date"]}
    assert audit_rows(store, f"event:{into}") == [("aigerim", "merge", detail)]
    assert audit_rows(store, f"event:{source}") == [("aigerim", "merged_into", detail)]
    assert [h.id for h in store.search("ереуіл", kinds=["event"])] == [into]
    assert client.get(f"/events/{source}").status_code == 404
    kk_page = client.get(f"/documents/{corpus.docs['kk']}").text
    assert f'<a class="evidence-link" href="/events/{into}">' in kk_page


@pytest.mark.parametrize(
    ("into", "message"),
    [("999", "event 999 does not exist"), ("self", "cannot be merged into itself"), ("abc", "is not an event number")],
)
def test_a_bad_merge_is_refused_and_changes_nothing(
    client: TestClient, store: Store, corpus: Corpus, into: str, message: str
) -> None:
    source = corpus.events["ru_strike"]
    response = client.post(f"/review/{source}/merge", data={"into": str(source) if into == "self" else into})
    assert response.status_code == 400
    assert message in response.text
    assert store.get_event(source) is not None
    assert audit_rows(store, f"event:{source}") == []


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 303),
        ({"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}, 303),
        ({"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403),
        ({"Origin": "https://evil.example"}, 403),
        ({"Sec-Fetch-Site": "same-site"}, 403),
    ],
)
def test_a_form_sent_from_another_site_is_refused(
    client: TestClient, store: Store, corpus: Corpus, headers: dict[str, str], status: int
) -> None:
    event_id = corpus.events["ru_strike"]
    response = client.post(f"/review/{event_id}/reject", headers=headers)
    assert response.status_code == status
    event = store.get_event(event_id)
    assert event is not None and event.review == ("rejected" if status == 303 else "proposed")


def test_the_queue_can_be_narrowed_and_keeps_its_filter(client: TestClient, store: Store, corpus: Corpus) -> None:
    page = client.get("/review?language=ru").text
    assert shown_event(page) == corpus.events["ru_strike"]
    assert "2 proposed events wait for review." in page
    assert f'href="/review?language=ru&amp;at={corpus.events["ru_detention"]}"' in page
    assert f'action="/review/{corpus.events["ru_strike"]}/confirm?language=ru"' in page
    response = client.post(f"/review/{corpus.events['ru_strike']}/confirm?language=ru")
    assert response.headers["location"] == f"/review?language=ru&after={corpus.events['ru_strike']}"
    after = client.get(response.headers["location"]).text
    assert shown_event(after) == corpus.events["ru_detention"]
    assert "1 proposed events wait for review." in after
    client.post(f"/review/{corpus.events['ru_detention']}/reject?language=ru")
    assert shown_event(client.get(f"/review?language=ru&after={corpus.events['ru_detention']}").text) is None
    assert shown_event(client.get("/review").text) == corpus.events["undated"]  # English is still waiting
