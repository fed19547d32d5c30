"""Possible duplicates in the review queue (issue 6): accept merges, reject keeps apart, who and when
are recorded, and a pair with a protected person shows only the pseudonym to anyone not cleared."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select
from starlette.testclient import TestClient

from khronika.protect.roles import Viewer, viewer_for
from khronika.protect.users import hash_password
from khronika.records import Actor, Evidence, Place
from khronika.resolve.events import merge_same_events
from khronika.resolve.linking import link_actors
from khronika.settings import Settings
from khronika.store import Store
from khronika.store.schema import audit_log
from khronika.web.app import create_app
from khronika.web.auth import SESSION_COOKIE, enable_accounts, start_session
from tests.factories import make_document, make_event

REVIEWER = viewer_for("rita", "reviewer")
ADMIN = viewer_for("ada", "admin")
ALMATY = Place(name="Almaty", country="KZ", admin1="Almaty")
Clients = Callable[[Viewer | None], TestClient]


def _add(store: Store, text: str, *, actors: list[Actor], **fields: object) -> int:
    """Store a one-event report: a detention in Almaty on 3 February 2025 unless `fields` say otherwise."""
    values: dict[str, object] = {"type": "detention", "date": "2025-02-03", "place": ALMATY, "size": None}
    values |= {"actors": actors, "evidence": [Evidence(start=0, end=len(text), text=text)], **fields}
    doc_id, _ = store.add_document(make_document(text), events=[make_event(**values)])
    (event,) = store.list_events(document_id=doc_id)
    assert event.id is not None
    return event.id


def _person(name: str) -> Actor:
    return Actor(name=name, kind="person", role="target")


def _document_of(store: Store, event_id: int) -> int | None:
    event = store.get_event(event_id)
    assert event is not None
    return event.evidence[0].document_id


def _suggestion_ids(store: Store, kind: str) -> list[int]:
    return [s.id for s in store.links.suggestions(kind=kind)]


def test_accepting_a_pair_of_actors_merges_them_and_records_who_and_when(client_for: Clients, store: Store) -> None:
    _add(store, "Полиция задержала Ерлана Калиева.", actors=[_person("Ерлан Калиев")], date="2025-02-03")
    _add(store, "Е. Калиев был задержан в Алматы.", actors=[_person("Е. Калиев")], date="2025-02-09")
    report = link_actors(store)
    assert ([p.to_dict() for p in report.linked], len(report.suggested)) == ([], 1)
    client = client_for(REVIEWER)
    page = client.get("/review/duplicates")
    assert page.status_code == 200
    assert "Ерлан Калиев" in page.text and "Е. Калиев" in page.text
    (suggestion_id,) = _suggestion_ids(store, "actor")
    response = client.post(f"/review/duplicates/{suggestion_id}/accept")
    assert (response.status_code, response.headers["location"]) == (303, "/review/duplicates")
    (kept,) = [a for a in store.links.actors() if a.kind == "person"]
    assert (kept.name, kept.variants, kept.events) == ("Ерлан Калиев", ("Е. Калиев",), 2)
    decided = store.links.get_suggestion(suggestion_id)
    assert decided is not None and (decided.status, decided.decided_by) == ("accepted", "rita")
    assert decided.decided_at is not None
    with store.reader() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.target == f"suggestion:{suggestion_id}")).all()
    assert [(r.actor, r.action, r.detail["decision"]) for r in rows] == [("rita", "suggestion", "accepted")]
    assert "Е. Калиев" not in client.get("/review/duplicates").text  # decided pairs leave the list


def test_rejecting_keeps_both_and_the_pair_is_not_suggested_again(client_for: Clients, store: Store) -> None:
    _add(store, "Задержан Ерлан Калиев.", actors=[_person("Ерлан Калиев")])
    _add(store, "Задержан Е. Калиев.", actors=[_person("Е. Калиев")], date="2025-02-10")
    link_actors(store)
    (suggestion_id,) = _suggestion_ids(store, "actor")
    response = client_for(REVIEWER).post(f"/review/duplicates/{suggestion_id}/reject")
    assert response.status_code == 303
    assert sorted(a.name for a in store.links.actors() if a.kind == "person") == ["Е. Калиев", "Ерлан Калиев"]
    assert (link_actors(store).suggested, _suggestion_ids(store, "actor")) == ([], [])
    again = client_for(REVIEWER).post(f"/review/duplicates/{suggestion_id}/reject")
    assert again.status_code == 400
    assert f"suggestion {suggestion_id} is not open" in again.text


def test_a_pair_with_a_protected_person_shows_only_the_pseudonym_to_someone_not_cleared(
    client_for: Clients, store: Store
) -> None:
    _add(store, "Задержан Марат Сапаров.", actors=[_person("Марат Сапаров")])
    _add(store, "Marat Saparov was detained.", actors=[_person("Marat Saparov")], date="2025-02-11")
    (protected,) = store.people.protect("Марат Сапаров", by="test")
    report = link_actors(store)
    assert (report.linked, len(report.suggested)) == ([], 1)  # a strong match, but never merged alone
    (suggestion_id,) = _suggestion_ids(store, "actor")
    page = client_for(REVIEWER).get("/review/duplicates")
    assert page.status_code == 200
    assert protected.pseudonym is not None and protected.pseudonym in page.text
    for spelling in ("Сапаров", "Saparov", "Марат", "Marat"):
        assert spelling not in page.text
    refused = client_for(REVIEWER).post(f"/review/duplicates/{suggestion_id}/accept")
    assert refused.status_code == 403
    assert "Saparov" not in refused.text
    assert "Marat Saparov" in client_for(ADMIN).get("/review/duplicates").text
    assert client_for(ADMIN).post(f"/review/duplicates/{suggestion_id}/accept").status_code == 303
    (kept,) = [a for a in store.links.actors() if a.kind == "person"]
    assert (kept.protected, kept.pseudonym, kept.variants) == (True, protected.pseudonym, ("Marat Saparov",))


def test_an_event_that_matches_a_confirmed_one_is_suggested_and_accepting_merges_into_the_confirmed(
    client_for: Clients, store: Store
) -> None:
    older = _add(store, "Задержан Ерлан Калиев.", actors=[_person("Ерлан Калиев")], size=3)
    newer = _add(store, "Erlan Kaliev detained.", actors=[_person("Ерлан Калиев")], size=5)
    store.set_review(newer, "confirmed", actor="test")
    older_doc, newer_doc = (_document_of(store, i) for i in (older, newer))
    report = merge_same_events(store)
    assert (report.merged, [(s.into_id, s.from_id) for s in report.suggested]) == ([], [(older, newer)])
    (suggestion_id,) = _suggestion_ids(store, "event")
    client = client_for(REVIEWER)
    assert "Erlan Kaliev detained." in client.get("/review/duplicates").text
    assert client.post(f"/review/duplicates/{suggestion_id}/accept").status_code == 303
    assert store.get_event(older) is None
    merged = store.get_event(newer)
    assert merged is not None and (merged.review, merged.size) == ("confirmed", 5)
    assert merged.details["reported"] == {
        "size": [
            {"value": 5, "document_id": newer_doc},
            {"value": 3, "document_id": older_doc},
        ]
    }
    page = client.get(f"/events/{newer}")
    assert "What the reports say" in page.text
    shown = f'5 (<a href="/documents/{newer_doc}">document {newer_doc}</a>) · 3 (<a href="/documents/{older_doc}">'
    assert shown in page.text


def test_a_viewer_may_neither_see_nor_decide_duplicates(client_for: Clients, store: Store) -> None:
    client = client_for(viewer_for("vic", "viewer"))
    assert client.get("/review/duplicates").status_code == 403
    assert client.post("/review/duplicates/1/accept").status_code == 403


def test_a_decision_without_the_csrf_token_is_refused(store: Store) -> None:
    _add(store, "Задержан Ерлан Калиев.", actors=[_person("Ерлан Калиев")])
    _add(store, "Задержан Е. Калиев.", actors=[_person("Е. Калиев")], date="2025-02-10")
    link_actors(store)
    (suggestion_id,) = _suggestion_ids(store, "actor")
    password_hash = hash_password("a long passphrase nobody would guess here")
    store.people.add_user("rita", "reviewer", password_hash, now=datetime(2026, 1, 1, tzinfo=UTC), by="test")
    secret = "Xc4Tq9Lm2Rv7Bn5Kd8Wz1Hy6Gp3Fs0Ja_Ue-Io7Lk2Pq"
    app = create_app(store, settings=Settings())
    enable_accounts(app, secret_key=secret)
    with TestClient(app, follow_redirects=False) as client:
        client.cookies.set(SESSION_COOKIE, start_session(store, "rita"))
        assert client.get("/review/duplicates").status_code == 200
        assert client.post(f"/review/duplicates/{suggestion_id}/accept").status_code == 403
    found = store.links.get_suggestion(suggestion_id)
    assert found is not None and found.status == "open"
