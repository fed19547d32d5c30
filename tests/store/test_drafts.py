"""Drafts in the store: create, edit, publish once, every step audited, no protected name published."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from khronika.errors import StoreError
from khronika.store import Store
from khronika.store.audit import verify_chain
from khronika.store.drafts import PublishRefusedError, published_text
from khronika.store.schema import audit_log

SUBJECT = {"events": [3, 5]}


def _new(store: Store, **overrides: object) -> int:
    fields: dict = {
        "kind": "press_release",
        "language": "en",
        "title": "Strike at the Polar Star plant",
        "body": "Three hundred workers stopped work.",
        "subject": SUBJECT,
        "by": "editor-1",
    }
    fields.update(overrides)
    return store.drafts.create(**fields)


def _audit(store: Store) -> list[tuple[str, str, str | None, dict]]:
    with store.reader() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id))
        return [(r.actor, r.action, r.target, r.detail) for r in rows]


def test_a_draft_is_created_edited_and_published_with_an_audit_entry_for_each(store: Store) -> None:
    draft_id = _new(store)
    store.drafts.edit(draft_id, by="editor-2", body="Three hundred workers stopped work on 4 March.")
    published = store.drafts.publish(draft_id, by="editor-3")

    assert published.status == "published"
    assert published.level == "public"
    assert published.published_by == "editor-3"
    assert (
        published.published_text == "Strike at the Polar Star plant\n\nThree hundred workers stopped work on 4 March.\n"
    )
    assert published.subject == {"events": [3, 5], "case": None}
    assert _audit(store) == [
        (
            "editor-1",
            "draft.create",
            f"draft:{draft_id}",
            {"kind": "press_release", "language": "en", "subject": {"events": [3, 5], "case": None}},
        ),
        ("editor-2", "draft.edit", f"draft:{draft_id}", {"fields": ["body"]}),
        (
            "editor-3",
            "draft.publish",
            f"draft:{draft_id}",
            {"kind": "press_release", "language": "en", "characters": 79},
        ),
    ]
    with store.reader() as conn:
        assert verify_chain(conn).ok


def test_the_published_text_never_changes_afterwards(store: Store) -> None:
    draft_id = _new(store)
    store.drafts.publish(draft_id, by="editor-1")

    with pytest.raises(StoreError, match=f"draft {draft_id} was published on .* cannot be edited"):
        store.drafts.edit(draft_id, by="editor-1", body="Something else")
    with pytest.raises(StoreError, match="cannot be published again"):
        store.drafts.publish(draft_id, by="editor-1")
    draft = store.drafts.get(draft_id)
    assert draft is not None
    assert draft.published_text == "Strike at the Polar Star plant\n\nThree hundred workers stopped work.\n"
    assert draft.body == "Three hundred workers stopped work."


@pytest.mark.parametrize(
    "text",
    ["Yerlan Sarsenbayev was detained.", "Задержан Ерлан Сарсенбаев.", "Police questioned Сарсенбаева again."],
)
def test_publishing_refuses_a_protected_name_in_any_script_and_names_only_the_pseudonym(
    store: Store, text: str
) -> None:
    (person,) = store.people.protect("Yerlan Sarsenbayev", also=["Ерлан Сарсенбаев"])
    draft_id = _new(store, body=text)

    with pytest.raises(PublishRefusedError) as refused:
        store.drafts.publish(draft_id, by="editor-1")

    message = str(refused.value)
    assert f"(shown as {person.pseudonym})" in message
    assert "Sarsenbayev" not in message and "Сарсенбаев" not in message
    draft = store.drafts.get(draft_id)
    assert draft is not None and draft.status == "draft" and draft.published_text is None
    assert [action for _, action, _, _ in _audit(store)] == ["protect", "draft.create"]


def test_publishing_accepts_the_pseudonym(store: Store) -> None:
    (person,) = store.people.protect("Yerlan Sarsenbayev")
    draft_id = _new(store, body=f"{person.pseudonym} was detained.")
    assert store.drafts.publish(draft_id, by="editor-1").status == "published"


def test_a_confidential_persons_name_is_refused_too(store: Store) -> None:
    (person,) = store.people.protect("Aigerim Nurlanova")
    store.people.set_level("actor", person.actor_id, "confidential")
    draft_id = _new(store, title="Nurlanova questioned")
    with pytest.raises(PublishRefusedError, match="shown as Witness"):
        store.drafts.publish(draft_id, by="editor-1")


def test_list_shows_the_latest_change_first_and_filters_by_status(store: Store) -> None:
    first = _new(store, title="First")
    second = _new(store, title="Second", kind="alert")
    store.drafts.edit(first, by="editor-1", title="First, corrected")
    store.drafts.publish(second, by="editor-1")

    assert [d.title for d in store.drafts.list_drafts()] == ["Second", "First, corrected"]
    assert [d.id for d in store.drafts.list_drafts(status="draft")] == [first]
    assert [d.id for d in store.drafts.list_drafts(status="published")] == [second]


def test_an_edit_that_changes_nothing_writes_no_audit_entry(store: Store) -> None:
    draft_id = _new(store)
    store.drafts.edit(draft_id, by="editor-1", title="Strike at the Polar Star plant")
    assert [action for _, action, _, _ in _audit(store)] == ["draft.create"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "leaflet"}, "draft kind 'leaflet' is unknown; use one of press_release, alert"),
        ({"language": "de"}, "draft language 'de' is unknown; use one of en, ru, kk"),
        ({"title": "  "}, "draft title must be 1 to 300 characters; got 0"),
        ({"subject": {}}, "a draft needs a subject: one or more event ids, or a case id"),
        ({"subject": {"events": ["3"]}}, "draft subject 'events' must be a list of event ids; got \\['3'\\]"),
        ({"subject": {"people": [1]}}, "draft subject keys \\['people'\\] unknown"),
    ],
)
def test_a_bad_draft_is_refused_naming_the_field(store: Store, overrides: dict, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        _new(store, **overrides)
    assert store.drafts.list_drafts() == []


def test_a_missing_draft_is_named(store: Store) -> None:
    assert store.drafts.get(41) is None
    with pytest.raises(StoreError, match="draft 41 does not exist"):
        store.drafts.edit(41, by="editor-1", body="x")


def test_published_text_is_title_blank_line_body() -> None:
    assert published_text("  Title ", "\nBody\n\n") == "Title\n\nBody\n"
