"""Accounts, levels and protected people in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from khronika.errors import StoreError
from khronika.protect.roles import ANONYMOUS, viewer_for
from khronika.records import Actor, Evidence
from khronika.store import Store
from khronika.store.people import new_pseudonym
from khronika.store.schema import audit_log
from tests.factories import make_document, make_event

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
PSEUDONYM_RE = re.compile(r"^Witness [A-Z]-\d{2,4}$")
# A fictional witness; the text names her in Russian, the actor in Latin letters.
WITNESS = "Zarina Kultaeva"
TEXT = "Свидетельница Зарина Култаева видела, как полиция задержала пикетчиков у акимата Северска."


def _store_witness_event(store: Store) -> tuple[int, int]:
    actors = [
        Actor(name=WITNESS, kind="person", role="participant"),
        Actor(name="Police of Seversk", kind="organisation", role="authority"),
    ]
    event = make_event(type="detention", actors=actors, evidence=[Evidence(start=0, end=len(TEXT), text=TEXT)])
    doc_id, _ = store.add_document(make_document(TEXT), events=[event])
    return doc_id, store.list_events(document_id=doc_id)[0].id or 0


def test_users_are_added_listed_changed_and_names_are_unique(store: Store) -> None:
    store.people.add_user("ana", "editor", "$argon2id$fake", now=NOW)
    store.people.add_user("bek", "viewer", "$argon2id$fake2", now=NOW)
    with pytest.raises(StoreError, match="user 'ana' exists already"):
        store.people.add_user("ana", "viewer", "x", now=NOW)
    store.people.update_user("bek", role="reviewer", disabled_at=NOW)
    users = store.people.list_users()
    assert [(u.name, u.role, u.disabled_at, u.failed_logins) for u in users] == [
        ("ana", "editor", None, 0),
        ("bek", "reviewer", NOW, 0),
    ]
    assert "argon2id" not in repr(users[0])
    with pytest.raises(StoreError, match="user 'zed' does not exist"):
        store.people.update_user("zed", role="admin")


def test_a_role_outside_the_four_is_refused_by_the_database(store: Store) -> None:
    with pytest.raises(StoreError, match="could not be added"):
        store.people.add_user("cat", "superuser", "x", now=NOW)


@pytest.mark.parametrize("kind", ["document", "event", "actor"])
def test_levels_are_set_and_read_back(store: Store, kind: str) -> None:
    doc_id, event_id = _store_witness_event(store)
    record_id = {"document": doc_id, "event": event_id, "actor": 1}[kind]
    assert store.people.levels_of(kind, [record_id]) == {record_id: "internal"}
    store.people.set_level(kind, record_id, "confidential")
    assert store.people.levels_of(kind, [record_id]) == {record_id: "confidential"}


def test_levels_round_trip_through_documents_and_events(store: Store) -> None:
    doc_id, _ = store.add_document(make_document(level="public"), events=[make_event(level="confidential")])
    got = store.get_document(doc_id)
    assert got is not None and got.level == "public"
    assert [e.level for e in store.list_events(document_id=doc_id)] == ["confidential"]


@pytest.mark.parametrize(
    ("kind", "record_id", "level", "message"),
    [
        ("event", 999, "public", "event 999 does not exist"),
        ("place", 1, "public", "'place' has no level; use one of document, event, actor"),
        ("event", 1, "secret", "level 'secret' is unknown; use one of public, internal, confidential"),
    ],
)
def test_a_bad_level_change_names_the_problem(
    store: Store, kind: str, record_id: int, level: str, message: str
) -> None:
    with pytest.raises(StoreError, match=re.escape(message)):
        store.people.set_level(kind, record_id, level)


def test_protecting_gives_a_stable_unique_pseudonym_not_derived_from_the_name(store: Store) -> None:
    _store_witness_event(store)
    first = store.people.protect(WITNESS, also=["Зарина Култаева"])
    again = store.people.protect(WITNESS)
    other = store.people.protect("Another Fictional Person")
    assert len(first) == 1 and PSEUDONYM_RE.match(first[0].pseudonym or "")
    assert again[0].pseudonym == first[0].pseudonym
    assert other[0].pseudonym != first[0].pseudonym
    assert "Zarina" not in (first[0].pseudonym or "") and "Kultaeva" not in (first[0].pseudonym or "")
    assert [(p.name, p.variants, p.protected) for p in store.people.list_protected()] == [
        (WITNESS, ("Зарина Култаева",), True),
        ("Another Fictional Person", (), True),
    ]
    # The stored events now carry the protection.
    event = store.list_events()[0]
    assert [(a.name, a.protected, a.pseudonym) for a in event.actors] == [
        (WITNESS, True, first[0].pseudonym),
        ("Police of Seversk", False, None),
    ]


def test_the_audit_log_names_the_protected_actor_by_id_never_by_name(store: Store) -> None:
    _store_witness_event(store)
    store.people.protect(WITNESS, also=["Зарина Култаева"])
    with store.reader() as conn:
        rows = [(r.action, r.target, str(r.detail)) for r in conn.execute(audit_log.select())]
    assert [r[:2] for r in rows if r[0] == "protect"] == [("protect", "actor:1")]
    assert not any("Zarina" in str(r) or "Зарина" in str(r) for r in rows)


def test_new_pseudonyms_avoid_taken_ones() -> None:
    taken = {f"Witness {letter}-{n}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for n in range(10, 100)}
    fresh = new_pseudonym(taken)
    assert fresh not in taken
    assert PSEUDONYM_RE.match(fresh) and len(fresh.split("-")[1]) == 4


def test_hidden_from_lists_protected_and_higher_level_actors(store: Store) -> None:
    _store_witness_event(store)
    store.people.protect(WITNESS)
    store.people.set_level("actor", 2, "public")
    names = {
        role: [p.name for p in store.people.hidden_from(v.levels, can_see_protected=v.can_see_protected)]
        for role, v in {"anonymous": ANONYMOUS, "viewer": viewer_for("v", "viewer")}.items()
    }
    editor = viewer_for("e", "editor")
    assert names == {"anonymous": [WITNESS], "viewer": [WITNESS]}
    assert store.people.hidden_from(editor.levels, can_see_protected=True) == []


@pytest.mark.parametrize(
    ("query", "role", "expected"),
    [
        # The real name, in either script, finds nothing for a viewer not cleared for it.
        ("Култаева", "viewer", []),
        ("Kultaeva", "viewer", []),
        ('"Зарина Култаева"', "reviewer", []),
        # Other words of the same record still find it, with the name replaced.
        ("пикетчиков", "viewer", [("document", 1), ("event", 1)]),
        ("Култаева пикетчиков", "viewer", []),
        # Cleared roles and the unfiltered search find the name.
        ("Култаева", "editor", [("document", 1), ("event", 1)]),
        ("Култаева", None, [("document", 1), ("event", 1)]),
    ],
)
def test_search_never_matches_a_name_hidden_from_the_viewer(
    store: Store, query: str, role: str | None, expected: list[tuple[str, int]]
) -> None:
    _store_witness_event(store)
    store.people.protect(WITNESS, also=["Зарина Култаева"])
    viewer = None if role is None else viewer_for(role, role)
    hits = store.search(query, viewer=viewer)
    assert sorted((h.kind, h.id) for h in hits) == expected
    if viewer is not None and not viewer.can_see_protected:
        pseudonym = store.people.list_protected()[0].pseudonym or ""
        for hit in hits:
            assert "Култаева" not in hit.snippet and "Зарина" not in hit.snippet
            assert pseudonym in hit.snippet


def test_search_shows_anonymous_visitors_public_records_only(store: Store) -> None:
    doc_id, event_id = _store_witness_event(store)
    assert store.search("пикетчиков", viewer=ANONYMOUS) == []
    store.people.set_level("document", doc_id, "public")
    assert [(h.kind, h.id) for h in store.search("пикетчиков", viewer=ANONYMOUS)] == [("document", doc_id)]
    store.people.set_level("event", event_id, "public")
    found = store.search("пикетчиков", viewer=ANONYMOUS)
    assert sorted((h.kind, h.id) for h in found) == [("document", doc_id), ("event", event_id)]
    # The witness is an internal actor: her name is withheld from the public.
    assert all("Култаева" not in h.snippet and "[withheld]" in h.snippet for h in found)


def test_redaction_for_a_viewer_covers_every_hidden_name_in_the_store(store: Store) -> None:
    from khronika.protect.redact import redact_event, redaction_for

    _store_witness_event(store)
    (witness,) = store.people.protect(WITNESS, also=["Зарина Култаева"])
    event = store.list_events()[0]
    viewer = viewer_for("v", "viewer")
    seen = redact_event(event, viewer, people=redaction_for(store, viewer))
    assert seen is not None
    assert [e.text for e in seen.evidence] == [TEXT.replace("Зарина Култаева", witness.pseudonym or "")]
    assert redaction_for(store, viewer_for("e", "editor")).people == []


def test_search_does_not_find_a_second_unprotected_actor_row_with_the_protected_name(store: Store) -> None:
    _store_witness_event(store)
    store.people.protect(WITNESS)
    alias = [Actor(name="Култаева", kind="person", role="target")]
    text = "Култаеву вызвали на допрос в Актау."
    event = make_event(actors=alias, evidence=[Evidence(start=0, end=len(text), text=text)])
    store.add_document(make_document(text), events=[event])
    viewer = viewer_for("v", "viewer")
    assert store.search("Култаева", viewer=viewer) == []
    assert sorted((h.kind, h.id) for h in store.search("допрос", viewer=viewer)) == [("document", 2), ("event", 2)]
