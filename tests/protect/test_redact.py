"""What each viewer sees: records by level, people by pseudonym, names in any script replaced."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from khronika.protect.redact import (
    WITHHELD,
    display_name,
    redact_document,
    redact_event,
    redact_text,
    redacting,
    visible_levels,
)
from khronika.protect.roles import ANONYMOUS, Viewer, viewer_for
from khronika.records import Actor, Document, Event, Evidence
from tests.factories import make_document, make_event

VIEWERS: dict[str, Viewer] = {
    "admin": viewer_for("a", "admin"),
    "editor": viewer_for("e", "editor"),
    "reviewer": viewer_for("r", "reviewer"),
    "viewer": viewer_for("v", "viewer"),
    "anonymous": ANONYMOUS,
}
# Fictional people; the pseudonym is what the store would have drawn at random.
WITNESS = Actor(
    name="Aigerim Sarsenova",
    kind="person",
    role="target",
    variants=["Айгерим Сарсенова"],
    protected=True,
    pseudonym="Witness K-42",
)
OFFICER = Actor(name="Police of Seversk", kind="organisation", role="authority", level="public")


@pytest.mark.parametrize(
    ("role", "levels"),
    [
        ("admin", {"public", "internal", "confidential"}),
        ("editor", {"public", "internal", "confidential"}),
        ("reviewer", {"public", "internal"}),
        ("viewer", {"public", "internal"}),
        ("anonymous", {"public"}),
    ],
)
def test_visible_levels(role: str, levels: set[str]) -> None:
    assert visible_levels(VIEWERS[role]) == frozenset(levels)


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("admin", "Aigerim Sarsenova"),
        ("editor", "Aigerim Sarsenova"),
        ("reviewer", "Witness K-42"),
        ("viewer", "Witness K-42"),
        ("anonymous", "Witness K-42"),
    ],
)
def test_display_name_gives_the_pseudonym_to_those_not_cleared(role: str, shown: str) -> None:
    assert display_name(WITNESS, VIEWERS[role]) == shown
    assert display_name(OFFICER, VIEWERS[role]) == "Police of Seversk"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Айгерим Сарсенова дала показания.", "Witness K-42 дала показания."),
        ("АЙГЕРИМ САРСЕНОВА gave evidence.", "Witness K-42 gave evidence."),
        ("Aigerim Sarsenova gave evidence.", "Witness K-42 gave evidence."),
        ("Aygerim SARSENOVA testified", "Witness K-42 testified"),
        ("Sarsenova, Aigerim testified", "Witness K-42 testified"),
        ("Сарсенова Айгерим задержана", "Witness K-42 задержана"),
        ("Полиция допросила Сарсенову.", "Полиция допросила Witness K-42."),
        ("по словам Сарсеновой", "по словам Witness K-42"),
        # A given name alone could be anyone's, and other words stay as they are.
        ("Айгерим Нурланова пришла", "Айгерим Нурланова пришла"),
        ("Sarsenbayev spoke", "Sarsenbayev spoke"),
        # Alone, a given name of the protected person is hidden as well.
        ("Айгерим пришла одна.", "Witness K-42 пришла одна."),
        ("Then Aigerim left", "Then Witness K-42 left"),
    ],
)
def test_redact_text_replaces_every_spelling(text: str, expected: str) -> None:
    assert redact_text(text, VIEWERS["viewer"], [WITNESS]) == expected
    assert redact_text(text, VIEWERS["editor"], [WITNESS]) == text


def test_redact_text_withholds_a_confidential_actor_without_pseudonym() -> None:
    secret = Actor(name="Informant Bolatuly", kind="person", role="participant", level="confidential")
    assert redact_text("Bolatuly said", VIEWERS["viewer"], [secret]) == f"{WITHHELD} said"
    assert redact_text("Bolatuly said", VIEWERS["admin"], [secret]) == "Bolatuly said"


EVENT_TEXT = "Айгерим Сарсенова видела, как полиция Северска задержала пикетчиков."


def _event(level: str) -> Event:
    return make_event(
        type="detention",
        level=level,
        actors=[WITNESS, OFFICER],
        details={"note": "Sarsenova asked for protection", "count": 3},
        evidence=[Evidence(start=0, end=len(EVENT_TEXT), text=EVENT_TEXT, document_id=1)],
    )


# Whether each role sees an event (or document) of each level at all.
SEES = {
    "admin": {"public": True, "internal": True, "confidential": True},
    "editor": {"public": True, "internal": True, "confidential": True},
    "reviewer": {"public": True, "internal": True, "confidential": False},
    "viewer": {"public": True, "internal": True, "confidential": False},
    "anonymous": {"public": True, "internal": False, "confidential": False},
}
CASES = [(role, level, seen) for role, row in SEES.items() for level, seen in row.items()]


@pytest.mark.parametrize(("role", "level", "seen"), CASES)
def test_redact_event_by_role_and_level(role: str, level: str, seen: bool) -> None:
    viewer = VIEWERS[role]
    got = redact_event(_event(level), viewer, document_levels={1: "public"})
    if not seen:
        assert got is None
        return
    assert got is not None
    cleared = viewer.can_see_protected
    name = "Aigerim Sarsenova" if cleared else "Witness K-42"
    assert [(a.name, a.variants) for a in got.actors] == [
        (name, ["Айгерим Сарсенова"] if cleared else []),
        ("Police of Seversk", []),
    ]
    text_name = "Айгерим Сарсенова" if cleared else "Witness K-42"
    assert [e.text for e in got.evidence] == [EVENT_TEXT.replace("Айгерим Сарсенова", text_name)]
    note = "Sarsenova asked for protection" if cleared else "Witness K-42 asked for protection"
    assert got.details == {"note": note, "count": 3}


@pytest.mark.parametrize(
    ("role", "evidence_kept"), [("admin", 1), ("editor", 1), ("reviewer", 0), ("viewer", 0), ("anonymous", 0)]
)
def test_evidence_from_a_document_the_viewer_may_not_read_is_left_out(role: str, evidence_kept: int) -> None:
    got = redact_event(_event("public"), VIEWERS[role], document_levels={1: "confidential"})
    assert got is not None and len(got.evidence) == evidence_kept


DOC_TEXT = "Показания: Айгерим Сарсенова сообщила о задержании."


def _document(level: str, *, media_type: str = "text/plain") -> Document:
    return make_document(
        DOC_TEXT,
        level=level,
        title="Показания Сарсеновой",
        uri="file:///reports/sarsenova.txt",
        media_type=media_type,
        meta={"from": "Aigerim Sarsenova <a@example.org>"},
    )


@pytest.mark.parametrize(("role", "level", "seen"), CASES)
def test_redact_document_by_role_and_level(role: str, level: str, seen: bool) -> None:
    viewer = VIEWERS[role]
    got = redact_document(_document(level), viewer, people=[WITNESS])
    if not seen:
        assert got is None
        return
    assert got is not None
    if viewer.can_see_protected:
        assert (got.text, got.title, got.uri) == (DOC_TEXT, "Показания Сарсеновой", "file:///reports/sarsenova.txt")
        assert got.original == DOC_TEXT.encode()
    else:
        assert (got.text, got.title, got.uri, got.meta) == (
            "Показания: Witness K-42 сообщила о задержании.",
            "Показания Witness K-42",
            "file:///reports/Witness K-42.txt",
            {"from": "Witness K-42 <a@example.org>"},
        )
        assert got.original is None


def test_original_bytes_of_a_pdf_are_never_shown_while_someone_is_hidden() -> None:
    doc = make_document("no names here", original=b"%PDF-1.7 ...", media_type="application/pdf", level="public")
    assert redact_document(doc, VIEWERS["viewer"], people=[WITNESS]).original is None  # type: ignore[union-attr]
    assert redact_document(doc, VIEWERS["viewer"]).original == b"%PDF-1.7 ..."  # type: ignore[union-attr]
    assert redact_document(doc, VIEWERS["editor"], people=[WITNESS]).original == b"%PDF-1.7 ..."  # type: ignore[union-attr]


# -- canary: unique tokens planted as a protected name and in a confidential document -----------

CANARY_NAME = Actor(
    name="Qorvanbek Zhyltyrov",
    kind="person",
    role="participant",
    variants=["Корванбек Жылтыров"],
    protected=True,
    pseudonym="Witness Q-19",
)
NAME_TOKENS = ("qorvanbek", "zhyltyrov", "корванбек", "жылтыров", "jiltirov")
CONFIDENTIAL_TOKEN = "canary7c41confidential"


def _dump(value: Any) -> str:
    # Every field, repr=False ones (original bytes) included.
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return " ".join(_dump(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, dict):
        return " ".join(f"{_dump(k)} {_dump(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return " ".join(_dump(v) for v in value)
    return str(value)


def _canary_records() -> tuple[list[Document], list[Event]]:
    named = "Активист Корванбек Жылтыров (Qorvanbek Zhyltyrov, Jiltirov) задержан; Жылтырова допросили."
    confidential = f"Источник {CONFIDENTIAL_TOKEN} сообщил, что Жылтыров в СИЗО."
    docs = [
        make_document(named, level="public", title="Жылтыров задержан", uri="file:///zhyltyrov.txt"),
        make_document(named + " internal", level="internal", meta={"who": "Qorvanbek Zhyltyrov"}),
        make_document(confidential, level="confidential", title=f"{CONFIDENTIAL_TOKEN} report"),
    ]
    events = [
        make_event(
            level=level,
            actors=[CANARY_NAME, OFFICER],
            details={"said": f"{text[:40]}"},
            evidence=[Evidence(start=0, end=len(text), text=text, document_id=doc_id)],
        )
        for level, text, doc_id in (("public", named, 1), ("internal", named, 2), ("confidential", confidential, 3))
    ]
    return docs, events


@pytest.mark.parametrize("role", list(VIEWERS))
def test_canary_tokens_reach_only_the_roles_cleared_for_them(role: str) -> None:
    viewer = VIEWERS[role]
    docs, events = _canary_records()
    levels = {1: "public", 2: "internal", 3: "confidential"}
    shown = [redact_document(d, viewer, people=[CANARY_NAME]) for d in docs]
    shown += [redact_event(e, viewer, people=[CANARY_NAME], document_levels=levels) for e in events]
    shown += [redact_text(d.text, viewer, [CANARY_NAME]) for d in docs if d.level in viewer.levels]
    everything = _dump(shown).casefold()
    for token in NAME_TOKENS:
        assert (token in everything) is viewer.can_see_protected, (role, token)
    assert (CONFIDENTIAL_TOKEN in everything) is ("confidential" in viewer.levels), role
    if not viewer.can_see_protected:
        assert "witness q-19" in everything


def test_a_redactor_built_once_is_reused_and_extended_by_an_events_own_hidden_actors() -> None:
    other = Actor(name="Bauyrzhan Tleuov", kind="person", role="target", protected=True, pseudonym="Witness B-20")
    event = make_event(
        actors=[other],
        evidence=[Evidence(start=0, end=10, text="Tleuov and Sarsenova were detained")],
    )
    shared = redacting(VIEWERS["viewer"], [WITNESS, OFFICER])
    assert [p.name for p in shared.people] == ["Aigerim Sarsenova"]
    got = redact_event(event, VIEWERS["viewer"], people=shared)
    assert got is not None
    assert [e.text for e in got.evidence] == ["Witness B-20 and Witness K-42 were detained"]
    assert [p.name for p in shared.people] == ["Aigerim Sarsenova"]  # the shared table is left as it was


def test_an_actor_stored_again_under_another_spelling_of_a_protected_name_is_hidden_too() -> None:
    # The extractor made a second actor from a Russian report; only the first was protected.
    alias = Actor(name="Сарсеновой", kind="person", role="target", variants=["А. Сарсеновой"])
    bystander = Actor(name="Marat Tleuov", kind="person", role="participant", variants=["Марат Тлеуов"])
    event = make_event(actors=[alias, bystander], evidence=[])
    got = redact_event(event, VIEWERS["viewer"], people=[WITNESS])
    assert got is not None
    assert [(a.name, a.variants) for a in got.actors] == [
        ("Witness K-42", []),
        ("Marat Tleuov", ["Марат Тлеуов"]),
    ]
    seen = redact_event(event, VIEWERS["editor"], people=[WITNESS])
    assert seen is not None and [a.name for a in seen.actors] == ["Сарсеновой", "Marat Tleuov"]
