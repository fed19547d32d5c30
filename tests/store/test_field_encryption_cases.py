"""Field encryption of cases and drafts: canaries in a confidential case and draft never show raw on PostgreSQL.

The `store` fixture opens PostgreSQL with the test suite's key (tests/conftest.py); on SQLite the
file is encrypted whole (SQLCipher) and these fields stay plain.
"""

from __future__ import annotations

import binascii
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from khronika.errors import StoreError
from khronika.records import Actor
from khronika.store import Store, open_store
from khronika.store import database as store_database
from khronika.store.case_build import seal_confidential_cases
from khronika.store.cases import BuiltCase
from khronika.store.database import create_engine_for
from khronika.store.drafts import seal_confidential_drafts
from khronika.store.people import seal_existing
from khronika.store.search import fold_text
from tests.factories import make_document, make_event
from tests.store.test_field_encryption import raw_rows

# Unique words no fixture or code holds, one per sealed column.
CHARGE = "Qzxchargecanary"
COURT = "Qzxcourtcanary"
LAWYER = "Qzxlawyercanary"
PLACE = "Qzxplacecanary"
FIXED = "Qzxcorrectioncanary"
DRAFT_TITLE = "Qzxdrafttitlecanary"
DRAFT_BODY = "Qzxdraftbodycanary"
EDITED = "Qzxeditedcanary"
CASE_CANARIES = (CHARGE, COURT, LAWYER, PLACE, FIXED)
DRAFT_CANARIES = (DRAFT_TITLE, DRAFT_BODY, EDITED)
DERIVED = {
    "charges": [f"{CHARGE} (article 174)"],
    "court": f"{COURT} district court",
    "lawyer": f"{LAWYER} Abenova",
    "detention_place": f"{PLACE} detention centre",
    "hearings": [{"date": "2099-05-06", "event_id": 1, "court": f"{COURT} district court"}],
}


def _built(level: str) -> BuiltCase:
    return BuiltCase(
        key="detention:1",
        actor_ids=[1],
        event_ids=[1],
        status="detained",
        level=level,
        opened="2024-03-04",
        last_step="2024-03-04",
        derived=DERIVED,
    )


@pytest.fixture
def sealed(store: Store) -> Iterator[Store]:
    """Store a confidential detention, its confidential case with a correction, and a confidential draft."""
    person = Actor(name="Detained person", kind="person", role="target")
    store.add_document(make_document(level="confidential"), events=[make_event(type="detention", actors=[person])])
    store.cases.save_build([_built("confidential")], actor="test")
    store.cases.correct(1, {"sentence": f"{FIXED} five years"}, actor="editor-1")
    draft_id = store.drafts.create(
        kind="alert",
        language="en",
        title=f"Alert {DRAFT_TITLE}",
        body=f"Body {DRAFT_BODY}",
        subject={"case": 1},
        by="editor-1",
        level="confidential",
    )
    assert draft_id == 1
    store.drafts.edit(1, body=f"Body {DRAFT_BODY} and {EDITED}", by="editor-1")
    yield store


def shown(url: str, canaries: tuple[str, ...]) -> list[str]:
    """Return the canaries that show in any raw value of any table: as written, folded, or as hex."""
    joined = "\n".join(raw_rows(url)).casefold()
    forms = {c: {c.casefold(), fold_text(c), binascii.hexlify(c.encode()).decode()} for c in canaries}
    return [c for c in canaries if any(form in joined for form in forms[c])]


def _postgres(url: str) -> bool:
    return url.startswith("postgresql")


def test_no_case_or_draft_canary_shows_raw_on_postgres_and_all_show_on_sqlite(sealed: Store, store_url: str) -> None:
    everything = CASE_CANARIES + DRAFT_CANARIES
    assert shown(store_url, everything) == ([] if _postgres(store_url) else list(everything))


def test_the_store_returns_the_sealed_case_and_draft_intact(sealed: Store) -> None:
    case = sealed.cases.get_case(1)
    assert case is not None
    assert (case.charges, case.court, case.lawyer) == (
        [f"{CHARGE} (article 174)"],
        f"{COURT} district court",
        f"{LAWYER} Abenova",
    )
    assert (case.detention_place, case.sentence, case.corrected) == (
        f"{PLACE} detention centre",
        f"{FIXED} five years",
        {"sentence": f"{FIXED} five years"},
    )
    assert (case.level, case.next_hearing) == ("confidential", "2099-05-06")
    draft = sealed.drafts.get(1)
    assert draft is not None
    assert (draft.title, draft.body, draft.level) == (
        f"Alert {DRAFT_TITLE}",
        f"Body {DRAFT_BODY} and {EDITED}",
        "confidential",
    )


def test_rebuilding_the_same_sealed_case_changes_nothing(sealed: Store) -> None:
    counts = sealed.cases.save_build([_built("confidential")], actor="test")
    assert counts == {"created": 0, "updated": 0, "unchanged": 1, "removed": 0, "stale": 0}


def test_a_case_that_is_no_longer_confidential_opens_and_sealing_again_closes_it(sealed: Store, store_url: str) -> None:
    sealed.cases.save_build([_built("internal")], actor="test")
    opened = shown(store_url, CASE_CANARIES)
    sealed.cases.save_build([_built("confidential")], actor="test")
    resealed = shown(store_url, CASE_CANARIES)
    assert opened == list(CASE_CANARIES)
    assert resealed == ([] if _postgres(store_url) else list(CASE_CANARIES))
    case = sealed.cases.get_case(1)
    assert case is not None
    assert (case.court, case.sentence, case.level) == (f"{COURT} district court", f"{FIXED} five years", "confidential")


def test_publishing_a_confidential_draft_makes_it_public_and_plain(sealed: Store, store_url: str) -> None:
    published = sealed.drafts.publish(1, by="editor-1")
    assert (published.level, published.published_text) == (
        "public",
        f"Alert {DRAFT_TITLE}\n\nBody {DRAFT_BODY} and {EDITED}\n",
    )
    assert shown(store_url, DRAFT_CANARIES) == list(DRAFT_CANARIES)


def test_an_internal_draft_stays_plain(store: Store, store_url: str) -> None:
    store.drafts.create(
        kind="press_release", language="ru", title=DRAFT_TITLE, body=DRAFT_BODY, subject={"events": [1]}, by="ed"
    )
    assert shown(store_url, DRAFT_CANARIES) == [DRAFT_TITLE, DRAFT_BODY]


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_without_a_key_postgres_refuses_a_confidential_case_or_draft(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_database, "postgres_default_key", None)
    with open_store(store_url) as plain:
        person = Actor(name="Detained person", kind="person", role="target")
        plain.add_document(make_document(), events=[make_event(type="detention", actors=[person])])
        with pytest.raises(StoreError, match="case detention:1: on PostgreSQL, confidential records"):
            plain.cases.save_build([_built("confidential")], actor="test")
        with pytest.raises(StoreError, match="draft alert: on PostgreSQL, confidential records"):
            plain.drafts.create(
                kind="alert",
                language="en",
                title=DRAFT_TITLE,
                body=DRAFT_BODY,
                subject={"case": 1},
                by="ed",
                level="confidential",
            )
        assert (plain.cases.list_cases(), plain.drafts.list_drafts()) == ([], [])


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_confidential_cases_and_drafts_stored_plain_earlier_are_sealed_on_the_first_keyed_open(
    sealed: Store, store_url: str
) -> None:
    engine = create_engine_for(store_url)
    try:
        with engine.begin() as conn:  # as an older khronika left them: plain JSON and text
            conn.execute(text("UPDATE cases SET derived = CAST(:v AS jsonb)"), {"v": json.dumps(DERIVED)})
            fix = json.dumps({"v": f"{FIXED} five years"})
            conn.execute(text("UPDATE case_corrections SET value = CAST(:v AS jsonb)"), {"v": fix})
            conn.execute(text("UPDATE drafts SET title = :t, body = :b"), {"t": DRAFT_TITLE, "b": DRAFT_BODY})
    finally:
        engine.dispose()
    planted = shown(store_url, CASE_CANARIES + DRAFT_CANARIES)
    with sealed._write() as conn:
        seal_existing(conn)  # what the first open with a key runs
    assert planted == [CHARGE, COURT, LAWYER, PLACE, FIXED, DRAFT_TITLE, DRAFT_BODY]
    assert shown(store_url, CASE_CANARIES + DRAFT_CANARIES) == []
    case, draft = sealed.cases.get_case(1), sealed.drafts.get(1)
    assert case is not None and draft is not None
    assert (case.court, case.sentence, draft.title) == (f"{COURT} district court", f"{FIXED} five years", DRAFT_TITLE)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_on_sqlite_nothing_is_sealed_when_asked(sealed: Store, store_url: str) -> None:
    with sealed._write() as conn:
        assert (seal_confidential_cases(conn), seal_confidential_drafts(conn)) == (0, 0)
    assert shown(store_url, CASE_CANARIES) == list(CASE_CANARIES)
