"""The selection every export, feed and report reads: levels, names and cited documents per viewer."""

from __future__ import annotations

from khronika.publish.selection import redact_events, select_events, viewer_for_role
from khronika.records import Evidence
from khronika.store import Store
from khronika.store.queries import EventFilter
from tests.factories import make_document, make_event

WITNESS_TEXT = "Свидетель видел задержание у изолятора номер семь."


def _event_citing_a_confidential_statement(store: Store) -> int:
    """Return an internal event that, after a merge, quotes a confidential document as well."""
    public_id, _ = store.add_document(make_document(), events=[make_event()])
    statement = make_document(WITNESS_TEXT, uri="file:///statements/witness.txt", title="Statement")
    statement_id, _ = store.add_document(
        statement, events=[make_event(size=77, evidence=[Evidence(start=0, end=len(WITNESS_TEXT), text=WITNESS_TEXT)])]
    )
    store.people.set_level("document", statement_id, "confidential")
    kept = store.list_events(document_id=public_id)[0].id
    merged = store.list_events(document_id=statement_id)[0].id
    assert kept is not None and merged is not None
    store.merge_events(merged, kept, actor="test")
    return kept


def test_evidence_from_a_document_above_the_viewers_level_is_left_out(store: Store) -> None:
    event_id = _event_citing_a_confidential_statement(store)
    full = store.get_event(event_id)
    assert full is not None and WITNESS_TEXT in [e.text for e in full.evidence]

    for role, sees_statement in (("viewer", False), ("reviewer", False), ("editor", True), ("admin", True)):
        shown = list(select_events(store, EventFilter(), viewer=viewer_for_role(role)))
        texts = [e.text for ev in shown if ev.id == event_id for e in ev.evidence]
        assert texts, role
        assert (WITNESS_TEXT in texts) is sees_statement, role


def test_redact_events_drops_the_quote_without_a_prepared_redactor(store: Store) -> None:
    event_id = _event_citing_a_confidential_statement(store)
    found = store.get_event(event_id)
    assert found is not None
    (shown,) = redact_events([found], viewer=viewer_for_role("viewer"), store=store)
    assert [e.text for e in shown.evidence] == [found.evidence[0].text]
    assert WITNESS_TEXT not in str(shown.to_dict())


def test_a_size_reported_only_by_a_document_above_the_viewers_level_is_left_out(store: Store) -> None:
    event_id = _event_citing_a_confidential_statement(store)
    full = store.get_event(event_id)
    assert full is not None
    assert sorted(r["value"] for r in full.details["reported"]["size"]) == [77, 300]

    for role, expected in (("viewer", [300]), ("editor", [77, 300])):
        (shown,) = [e for e in select_events(store, EventFilter(), viewer=viewer_for_role(role)) if e.id == event_id]
        reported = shown.details.get("reported", {}).get("size")
        assert (None if reported is None else sorted(r["value"] for r in reported)) == expected, role


def test_a_word_only_a_document_above_the_viewers_level_holds_finds_nothing(store: Store) -> None:
    event_id = _event_citing_a_confidential_statement(store)
    for role, word, found in (
        ("viewer", "изолятора", False),
        ("viewer", "забастовку", True),
        ("editor", "изолятора", True),
    ):
        shown = [e.id for e in select_events(store, EventFilter(q=word), viewer=viewer_for_role(role))]
        assert (event_id in shown) is found, (role, word)
