"""Press releases from events and from a case: the facts in each language, and never a hidden name."""

from __future__ import annotations

from datetime import date

import pytest

from khronika.errors import KhronikaError
from khronika.protect.roles import viewer_for
from khronika.publish.press import draft_press_release, publication_viewer, template_for
from khronika.records import Actor, Event, Evidence, Place, ReviewState
from khronika.resolve.cases import build_cases
from khronika.store import Store
from tests.factories import make_document

TODAY = date(2024, 5, 2)
TEXT = (
    "Yerlan Sarsenbayev, a union activist, was detained in Zhanaozen on 4 March 2024. "
    "On 6 March he was charged under Article 174. The Zhanaozen City Court heard the case on 10 April."
)
REAL_NAMES = ("Yerlan", "Sarsenbayev", "Ерлан", "Сарсенбаев", "Sarsenbaev")
ZHANAOZEN = Place(name="Zhanaozen", country="KZ", admin1="Mangystau Region", lat=43.34, lon=52.86)


def _person(role: str = "target") -> Actor:
    return Actor(name="Yerlan Sarsenbayev", kind="person", role=role)


def _event(kind: str, day: str, *, start: int, end: int, **details: object) -> Event:
    police = Actor(name="Zhanaozen police", kind="organisation", role="perpetrator")
    return Event(
        type=kind,
        date=day,
        place=ZHANAOZEN,
        actors=[_person(), police],
        details=dict(details),
        evidence=[Evidence(start=start, end=end, text=TEXT[start:end])],
        confidence=0.9,
        review=ReviewState.CONFIRMED,
    )


@pytest.fixture
def sarsenbayev(store: Store) -> dict[str, int]:
    """Store one report of a protected activist's detention, charge and hearing; return the ids."""
    doc = make_document(
        TEXT, title="Union activist detained in Zhanaozen", uri="https://example.org/kz/2024/03/activist", language="en"
    )
    events = [
        _event("detention", "2024-03-04", start=0, end=80, detention_place="Zhanaozen temporary detention centre"),
        _event("charge", "2024-03-06", start=81, end=130, charge="Article 174 (inciting social discord)"),
        _event("trial", "2024-04-10", start=131, end=len(TEXT), court="Zhanaozen City Court"),
    ]
    doc_id, _ = store.add_document(doc, events=events)
    store.people.protect("Yerlan Sarsenbayev", also=["Ерлан Сарсенбаев"])
    ids = {"document": doc_id, **{e.type: i for e, i in zip(events, _event_ids(store), strict=True)}}
    return ids


def _event_ids(store: Store) -> list[int]:
    return sorted(e.id for e in store.list_events(limit=10) if e.id is not None)


def _pseudonym(store: Store) -> str:
    (person,) = store.people.list_protected()
    assert person.pseudonym is not None
    return person.pseudonym


def _no_real_name(text: str) -> None:
    for name in REAL_NAMES:
        assert name not in text


CASE_EXPECTED = {
    "en": [
        "{p}: on trial, charged under Article 174 (inciting social discord)",
        "WHO: {p}",
        "STATUS: on trial, since March 4, 2024",
        "CHARGES: Article 174 (inciting social discord)",
        "COURT: Zhanaozen City Court",
        "HELD AT: Zhanaozen temporary detention centre",
        "- March 4, 2024, Zhanaozen, Mangystau Region: detention of {p}. Carried out by Zhanaozen police.",
        "- March 6, 2024, Zhanaozen, Mangystau Region: charge of {p}. Carried out by Zhanaozen police."
        " Charge: Article 174 (inciting social discord).",
        "- April 10, 2024, Zhanaozen, Mangystau Region: trial of {p}. Carried out by Zhanaozen police.",
        "- Union activist detained in Zhanaozen (March 5, 2024): https://example.org/kz/2024/03/activist",
        "FOR IMMEDIATE RELEASE · May 2, 2024",
    ],
    "ru": [
        "{p}: под судом, обвинение: Article 174 (inciting social discord)",
        "КТО: {p}",
        "СТАТУС: под судом, с 4 марта 2024\u202fг.",
        "ОБВИНЕНИЕ: Article 174 (inciting social discord)",
        "СУД: Zhanaozen City Court",
        "МЕСТО СОДЕРЖАНИЯ: Zhanaozen temporary detention centre",
        "- 4 марта 2024\u202fг., Жанаозен, Мангистауская область: задержание ({p}). Действовали: Zhanaozen police.",
        "- 10 апреля 2024\u202fг., Жанаозен, Мангистауская область: суд ({p}). Действовали: Zhanaozen police.",
        "- Union activist detained in Zhanaozen (5 марта 2024\u202fг.): https://example.org/kz/2024/03/activist",
        "ДЛЯ НЕМЕДЛЕННОГО РАСПРОСТРАНЕНИЯ · 2 мая 2024\u202fг.",
    ],
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_press_release_from_a_case_holds_the_pseudonym_dates_place_charge_and_sources(
    store: Store, sarsenbayev: dict[str, int], language: str
) -> None:
    build_cases(store, today=TODAY)
    (case,) = store.cases.list_cases(today=TODAY)
    assert case.id is not None
    editor = viewer_for("editor-1", "editor")  # may see the real name: the release still may not

    text = draft_press_release(store, case_id=case.id, language=language, viewer=editor, today=TODAY)

    whole = text.as_text()
    pseudonym = _pseudonym(store)
    for line in CASE_EXPECTED[language]:
        assert line.format(p=pseudonym) in whole.splitlines(), line
    assert text.title == CASE_EXPECTED[language][0].format(p=pseudonym)
    assert text.language == language
    assert text.subject == {
        "events": [sarsenbayev["detention"], sarsenbayev["charge"], sarsenbayev["trial"]],
        "case": case.id,
    }
    _no_real_name(whole)


def test_a_press_release_from_one_event_in_kazakh(store: Store, sarsenbayev: dict[str, int]) -> None:
    text = draft_press_release(store, event_ids=[sarsenbayev["detention"]], language="kk", today=TODAY)

    pseudonym = _pseudonym(store)
    assert text.title == f"Ұстау: {pseudonym} — Жаңаөзен, Маңғыстау облысы, 2024\u202fж. 4 наурыз"
    lines = text.body.splitlines()
    assert "БАСПАСӨЗ ХАБАРЛАМАСЫ · 2024\u202fж. 2 мамыр" in lines
    assert (
        f"- 2024\u202fж. 4 наурыз, Жаңаөзен, Маңғыстау облысы: ұстау ({pseudonym}). Әрекет еткендер: Zhanaozen police."
        in lines
    )
    assert "ТАЛАПТАРЫМЫЗ" in lines
    _no_real_name(text.as_text())


def test_several_events_make_one_release_with_every_call_to_action(store: Store) -> None:
    strike = Event(type="strike", date="2024-03-01", place=ZHANAOZEN, size=300, confidence=0.9)
    detention = Event(type="detention", date="2024-03-02", place=ZHANAOZEN, size=12, confidence=0.9)
    store.add_document(make_document("Oil workers struck; twelve were detained."), events=[strike, detention])

    text = draft_press_release(store, event_ids=[2, 1], language="en", today=TODAY)

    assert text.title == "2 events in Zhanaozen, Mangystau Region, March 1, 2024 – March 2, 2024"
    lines = text.body.splitlines()
    assert "- March 1, 2024, Zhanaozen, Mangystau Region: strike. About 300 people took part." in lines
    assert "- March 2, 2024, Zhanaozen, Mangystau Region: detention. People held: 12." in lines
    calls = [line for line in lines if line.startswith("- Re")]
    assert [c.split(" ", 2)[1] for c in calls] == ["Respect", "Release"]
    assert "- Вымышленный отчёт (March 5, 2024): file:///reports/fictional.txt" in lines
    assert text.subject == {"events": [1, 2], "case": None}


def test_a_confidential_event_cannot_go_into_a_release_whoever_asks(store: Store, sarsenbayev: dict[str, int]) -> None:
    store.people.set_level("event", sarsenbayev["charge"], "confidential")
    admin = viewer_for("admin-1", "admin")
    with pytest.raises(KhronikaError, match=f"event {sarsenbayev['charge']} cannot go into a publication"):
        draft_press_release(store, event_ids=[sarsenbayev["charge"]], viewer=admin)


def test_a_confidential_source_is_not_cited(store: Store, sarsenbayev: dict[str, int]) -> None:
    store.people.set_level("document", sarsenbayev["document"], "confidential")
    text = draft_press_release(store, event_ids=[sarsenbayev["trial"]], language="en", today=TODAY)
    assert "example.org" not in text.body
    assert "- [no source document is visible to this audience: cite one before publishing]" in text.body.splitlines()


def test_a_protected_name_in_a_source_title_is_replaced(store: Store) -> None:
    doc = make_document("Сарсенбаев задержан.", title="Ерлан Сарсенбаев задержан", uri="https://example.org/x")
    store.add_document(doc, events=[Event(type="detention", date="2024-03-04", confidence=0.9)])
    (person,) = store.people.protect("Yerlan Sarsenbayev", also=["Ерлан Сарсенбаев"])

    text = draft_press_release(store, event_ids=[1], language="ru", today=TODAY)

    assert f"- {person.pseudonym} задержан (5 марта 2024\u202fг.): https://example.org/x" in text.body.splitlines()
    _no_real_name(text.as_text())


def test_a_rejected_or_missing_event_is_refused(store: Store) -> None:
    rejected = Event(type="strike", date="2024-03-01", confidence=0.9, review=ReviewState.REJECTED)
    store.add_document(make_document(), events=[rejected])
    with pytest.raises(KhronikaError, match="event 1 was rejected in review"):
        draft_press_release(store, event_ids=[1])
    with pytest.raises(KhronikaError, match="event 99 cannot go into a publication"):
        draft_press_release(store, event_ids=[99])
    with pytest.raises(KhronikaError, match="a draft needs a subject"):
        draft_press_release(store)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", "viewer"), ("editor", "viewer"), ("reviewer", "reviewer"), ("viewer", "viewer")],
)
def test_a_draft_is_built_for_the_viewer_audience_at_most(role: str, expected: str) -> None:
    assert publication_viewer(viewer_for("someone", role)).role == expected
    assert not publication_viewer(viewer_for("someone", role)).can_see_protected


def test_the_anonymous_audience_stays_anonymous() -> None:
    from khronika.protect.roles import ANONYMOUS

    assert publication_viewer(ANONYMOUS) == ANONYMOUS


@pytest.mark.parametrize("kind", ["press_release", "alert"])
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_every_kind_has_a_template_in_every_language(kind: str, language: str) -> None:
    assert template_for(kind, language)[1] == language


def test_an_unknown_language_is_named() -> None:
    with pytest.raises(KhronikaError, match="language 'de' is unknown; use one of en, ru, kk"):
        template_for("press_release", "de")


def test_a_hidden_name_in_a_free_text_field_is_replaced_in_the_finished_text(store: Store) -> None:
    # A charge that quotes the protected person is no actor, yet the name is hidden there too.
    event = Event(type="charge", date="2024-03-06", details={"charge": "insulting Ерлан Сарсенбаев"}, confidence=0.9)
    store.add_document(make_document("Обвинение."), events=[event])
    (person,) = store.people.protect("Yerlan Sarsenbayev", also=["Ерлан Сарсенбаев"])

    text = draft_press_release(store, event_ids=[1], language="en", today=TODAY)

    assert f"- March 6, 2024: charge. Charge: insulting {person.pseudonym}." in text.body.splitlines()
    _no_real_name(text.as_text())


def test_a_case_step_made_confidential_since_is_left_out_not_refused(store: Store, sarsenbayev: dict[str, int]) -> None:
    build_cases(store, today=TODAY)
    (case,) = store.cases.list_cases(today=TODAY)
    assert case.id is not None
    store.people.set_level("event", sarsenbayev["trial"], "confidential")
    store.set_review(sarsenbayev["charge"], "rejected")

    text = draft_press_release(store, case_id=case.id, language="en", today=TODAY)

    assert text.subject == {"events": [sarsenbayev["detention"]], "case": case.id}
    assert "trial of" not in text.body
