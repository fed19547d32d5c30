"""Linking actors in the store (issue 6, item 1): strong matches linked, the rest suggested,
protected people and two levels never linked without a person."""

from __future__ import annotations

import json

from sqlalchemy import select

from khronika.records import Actor
from khronika.resolve.linking import link_actors
from khronika.store import Store
from khronika.store.schema import audit_log
from tests.factories import make_document, make_event


def _add(store: Store, *names: str, kind: str = "person", date: str = "2024-01-01") -> int:
    """Store one report whose one event (a trial, so no two of them merge) names these actors."""
    actors = [Actor(name=n, kind=kind, role="target") for n in names]
    text = f"{date}: " + ", ".join(names)
    doc_id, _ = store.add_document(make_document(text), events=[make_event(type="trial", date=date, actors=actors)])
    (event,) = store.list_events(document_id=doc_id)
    assert event.id is not None
    return event.id


def _people(store: Store, kind: str = "person") -> list[tuple[str, tuple[str, ...], int]]:
    return [(a.name, a.variants, a.events) for a in store.links.actors() if a.kind == kind]


def _audit(store: Store, action: str) -> list[tuple[str, str | None, dict[str, object]]]:
    with store.reader() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == action).order_by(audit_log.c.id))
        return [(r.actor, r.target, dict(r.detail)) for r in rows]


def test_strong_matches_are_linked_into_the_actor_in_more_events_and_weak_ones_suggested(store: Store) -> None:
    first = _add(store, "Nursultan Nazarbayev", date="2024-01-01")
    second = _add(store, "Nursultan Nazarbayev", date="2024-01-02")
    third = _add(store, "Нурсултан Назарбаев", date="2024-01-03")
    fourth = _add(store, "Назарбаев", date="2024-01-04")
    ids = {a.name: a.id for a in store.links.actors()}
    report = link_actors(store, actor="tester")
    assert [p.to_dict() for p in report.linked] == [
        {"a": ids["Nursultan Nazarbayev"], "b": ids["Нурсултан Назарбаев"], "score": 1.0, "reason": "same name"}
    ]
    assert [(p.a_id, p.b_id) for p in report.suggested] == [(ids["Nursultan Nazarbayev"], ids["Назарбаев"])]
    assert _people(store) == [("Nursultan Nazarbayev", ("Нурсултан Назарбаев",), 3), ("Назарбаев", (), 1)]
    linked = {"from": ids["Нурсултан Назарбаев"], "into": ids["Nursultan Nazarbayev"], "spellings_added": 1}
    entry = {**linked, "events_moved": 1, "score": 1.0, "reason": "same name"}
    assert _audit(store, "link") == [("tester", f"actor:{ids['Nursultan Nazarbayev']}", entry)]
    assert _audit(store, "linked_into") == [("tester", f"actor:{ids['Нурсултан Назарбаев']}", entry)]
    # Every event of the kept actor is found by each of its spellings.
    assert sorted(h.id for h in store.search("Назарбаев", kinds=["event"])) == [first, second, third, fourth]


def test_a_protected_person_is_only_suggested_and_the_audit_log_names_no_one(store: Store) -> None:
    _add(store, "Марат Сапаров")
    _add(store, "Marat Saparov", date="2024-01-02")
    store.people.protect("Марат Сапаров", by="test")
    report = link_actors(store)
    assert (report.linked, len(report.suggested)) == ([], 1)
    assert len(_people(store)) == 2
    with store.reader() as conn:
        logged = json.dumps([dict(r.detail) for r in conn.execute(select(audit_log))], ensure_ascii=False)
    assert "Saparov" not in logged and "Сапаров" not in logged


def test_two_levels_are_only_suggested(store: Store) -> None:
    _add(store, "Жанболат Мамай")
    _add(store, "Zhanbolat Mamay", date="2024-01-02")
    latin = next(a.id for a in store.links.actors() if a.name == "Zhanbolat Mamay")
    store.people.set_level("actor", latin, "confidential", by="test")
    report = link_actors(store)
    assert (report.linked, [p.reason for p in report.suggested]) == ([], ["same name"])


def test_organisations_link_by_their_known_aliases_and_groups_are_never_linked(store: Store) -> None:
    _add(store, "КНБ", kind="organisation")
    _add(store, "National Security Committee", kind="organisation", date="2024-01-02")
    _add(store, "oil workers", kind="group", date="2024-01-03")
    _add(store, "oil workers of Zhanaozen", kind="group", date="2024-01-04")
    report = link_actors(store)
    assert [p.reason for p in report.linked] == ["known alias of one organisation"]
    assert _people(store, "organisation") == [("КНБ", ("National Security Committee",), 2)]
    assert len(_people(store, "group")) == 2


def test_a_dry_run_changes_nothing_and_a_second_run_finds_nothing_new(store: Store) -> None:
    _add(store, "Mukhtar Ablyazov")
    _add(store, "Мухтар Аблязов", date="2024-01-02")
    _add(store, "М. Аблязов", date="2024-01-03")
    planned = link_actors(store, dry_run=True)
    assert (len(planned.linked), len(planned.suggested), planned.dry_run) == (1, 1, True)
    assert (len(_people(store)), store.links.suggestions()) == (3, [])
    done = link_actors(store)
    assert [p.to_dict() for p in done.linked] == [p.to_dict() for p in planned.linked]
    assert [p.to_dict() for p in done.suggested] == [p.to_dict() for p in planned.suggested]
    again = link_actors(store)
    assert (again.linked, again.suggested) == ([], [])


def test_an_open_suggestion_follows_an_actor_that_is_linked_into_another(store: Store) -> None:
    _add(store, "Mukhtar Ablyazov")
    _add(store, "М. Аблязов", date="2024-01-02")
    link_actors(store)
    (before,) = store.links.suggestions()
    _add(store, "Mukhtar Ablyazov", date="2024-01-03")  # the Latin spelling is now in more events
    _add(store, "Мухтар Аблязов", date="2024-01-04")
    _add(store, "Мухтар Аблязов", date="2024-01-05")
    _add(store, "Мухтар Аблязов", date="2024-01-06")
    link_actors(store)
    ids = {a.name: a.id for a in store.links.actors()}
    assert set(ids) == {"Мухтар Аблязов", "М. Аблязов"}
    (after,) = store.links.suggestions()
    assert (after.id, after.a_id, after.b_id) == (before.id, *sorted((ids["Мухтар Аблязов"], ids["М. Аблязов"])))


def test_after_a_batch_only_its_actors_are_compared_with_the_others(store: Store) -> None:
    _add(store, "Mukhtar Ablyazov")
    _add(store, "Kairat Kelimbetov", date="2024-01-02")
    _add(store, "Qaırat Kelımbetov", date="2024-01-03")  # an old pair the batch has nothing to do with
    _add(store, "National Security Committee", kind="organisation", date="2024-01-04")
    _add(store, "Мухтар Аблязов", date="2024-01-05")
    _add(store, "КНБ", kind="organisation", date="2024-01-06")  # an alias shares no letters
    ids = {a.name: a.id for a in store.links.actors()}
    batch = [ids["Мухтар Аблязов"], ids["КНБ"]]
    report = link_actors(store, dry_run=True, only=batch)
    assert sorted((p.a_id, p.b_id) for p in report.linked) == [
        (ids["Mukhtar Ablyazov"], ids["Мухтар Аблязов"]),
        (ids["National Security Committee"], ids["КНБ"]),
    ]
    everything = link_actors(store, dry_run=True)
    assert len(everything.linked) == 3
