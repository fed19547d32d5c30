"""Urgent alerts for a detention: the facts, what to ask, whom to write to, and never a hidden name."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from jinja2 import FileSystemLoader

import khronika.extract
from khronika.errors import KhronikaError
from khronika.protect.roles import viewer_for
from khronika.publish import press
from khronika.publish.alerts import authorities_for, draft_alert, known_regions
from khronika.records import Actor, Event, Place
from khronika.resolve.cases import build_cases
from khronika.store import Store
from tests.factories import make_document

TODAY = date(2024, 3, 5)
ALMATY = Place(name="Almaty", country="KZ", admin1="Almaty", lat=43.25, lon=76.95)


@pytest.fixture
def untranslated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Serve the templates from a copy without the Kazakh ones, as an installation before they existed."""
    for source in press.TEMPLATES_DIR.glob("*.txt"):
        if not source.name.endswith(".kk.txt"):
            shutil.copy(source, tmp_path / source.name)
    monkeypatch.setattr(press, "TEMPLATES_DIR", tmp_path)
    monkeypatch.setattr(press, "_ENV", press._ENV.overlay(loader=FileSystemLoader(tmp_path)))
    return tmp_path


def _detention(store: Store, *, place: Place | None = ALMATY, **details: object) -> int:
    event = Event(
        type="detention",
        date="2024-03-04",
        place=place,
        actors=[Actor(name="Aigerim Nurlanova", kind="person", role="target")],
        details=dict(details),
        confidence=0.9,
    )
    doc = make_document("Айгерим Нурланова задержана в Алматы.", title="Activist detained", uri="https://example.org/a")
    store.add_document(doc, events=[event])
    (person,) = store.people.protect("Aigerim Nurlanova", also=["Айгерим Нурланова"])
    assert person.pseudonym is not None
    return 1


def _pseudonym(store: Store) -> str:
    (person,) = store.people.list_protected()
    return str(person.pseudonym)


def test_an_alert_names_the_person_by_pseudonym_when_where_held_charges_and_authorities(store: Store) -> None:
    event_id = _detention(store, detention_place="Almaty detention centre No. 1", charge="Article 400 (mass riots)")
    admin = viewer_for("admin-1", "admin")

    alert = draft_alert(store, event_id=event_id, language="en", viewer=admin, today=TODAY)

    p = _pseudonym(store)
    assert alert.title == f"URGENT ACTION: {p} detained in Almaty on March 4, 2024"
    lines = alert.body.splitlines()
    for line in (
        "URGENT ACTION · March 5, 2024",
        f"WHO: {p}",
        "WHEN: March 4, 2024",
        "WHERE: Almaty",
        "HELD AT: Almaty detention centre No. 1",
        "CHARGES: Article 400 (mass riots)",
        "- Prosecutor's Office of the City of Almaty",
        "- Prosecutor General's Office of the Republic of Kazakhstan",
        "- Commissioner for Human Rights in the Republic of Kazakhstan",
        "- Ministry of Internal Affairs of the Republic of Kazakhstan",
        "- Police Department of the City of Almaty",
        "- Activist detained (March 5, 2024): https://example.org/a",
    ):
        assert line in lines, line
    assert any(line.startswith(f"- release {p} immediately") for line in lines)
    for name in ("Aigerim", "Nurlanova", "Айгерим", "Нурланова"):
        assert name not in alert.as_text()
    assert alert.subject == {"events": [event_id], "case": None}


def test_an_alert_in_russian_writes_to_the_regional_prosecutor(store: Store) -> None:
    event_id = _detention(store)
    alert = draft_alert(store, event_id=event_id, language="ru", today=TODAY)
    lines = alert.body.splitlines()
    assert lines[:2] == ["СРОЧНАЯ АКЦИЯ · 5 марта 2024\u202fг.", ""]
    assert "МЕСТО СОДЕРЖАНИЯ: неизвестно: потребуйте от властей сообщить его" in lines
    assert "- Прокуратура города Алматы" in lines
    assert "- Генеральная прокуратура Республики Казахстан" in lines


def test_an_alert_in_kazakh(store: Store) -> None:
    event_id = _detention(store)
    alert = draft_alert(store, event_id=event_id, language="kk", today=TODAY)
    assert alert.language == "kk"
    assert alert.title == f"ШҰҒЫЛ ӘРЕКЕТ: {_pseudonym(store)} ұсталды, Алматы, 2024\u202fж. 4 наурыз"
    lines = alert.body.splitlines()
    assert "- Алматы қаласының прокуратурасы" in lines
    assert "- Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкіл" in lines


def test_an_alert_without_a_template_in_its_language_says_it_is_written_in_english(
    store: Store, untranslated: Path
) -> None:
    event_id = _detention(store)
    alert = draft_alert(store, event_id=event_id, language="kk", today=TODAY)
    assert alert.language == "en"
    assert alert.asked_language == "kk"
    assert alert.body.splitlines()[0] == (
        "[Written in English: the alert template is not translated into Kazakh yet. Translate before publishing.]"
    )


def test_an_unknown_region_keeps_the_national_institutions_and_says_what_is_missing(store: Store) -> None:
    event_id = _detention(store, place=Place(name="Tbilisi", country="GE", admin1="Tbilisi"))
    alert = draft_alert(store, event_id=event_id, language="en", today=TODAY)
    lines = alert.body.splitlines()
    assert "- Prosecutor General's Office of the Republic of Kazakhstan" in lines
    assert (
        '- [regional prosecutor\'s office: no entry for "Tbilisi" in khronika/publish/data/authorities.json; add it]'
        in lines
    )


def test_an_alert_from_a_case_of_someone_held(store: Store) -> None:
    _detention(store, detention_place="Almaty detention centre No. 1")
    build_cases(store, today=TODAY)
    (case,) = store.cases.list_cases(today=TODAY)
    alert = draft_alert(store, case_id=case.id, language="en", today=TODAY)
    assert f"WHO: {_pseudonym(store)}" in alert.body.splitlines()
    assert "HELD AT: Almaty detention centre No. 1" in alert.body.splitlines()
    assert alert.subject == {"events": [1], "case": case.id}


def test_an_alert_needs_a_detention(store: Store) -> None:
    store.add_document(make_document(), events=[Event(type="strike", date="2024-03-01", confidence=0.9)])
    with pytest.raises(KhronikaError, match="event 1 is a strike; an urgent alert is for a detention"):
        draft_alert(store, event_id=1)
    with pytest.raises(KhronikaError, match="give either an event id"):
        draft_alert(store)


@pytest.mark.parametrize(
    ("region", "lang", "expected"),
    [
        ("Mangystau Region", "kk", "Маңғыстау облысының прокуратурасы"),
        ("Mangystau Region", "ru", "Прокуратура Мангистауской области"),
        ("Abai Region", "ru", "Прокуратура области Абай"),
        ("Shymkent", "en", "Prosecutor's Office of the City of Shymkent"),
    ],
)
def test_the_regional_prosecutor_is_named_in_each_language(region: str, lang: str, expected: str) -> None:
    authorities, found = authorities_for(region, lang)
    assert found
    assert authorities[0].name == expected


def test_every_region_of_the_gazetteer_has_its_institutions() -> None:
    # The 17 regions and the 3 cities of republican significance, as the place extractor names them.
    table = Path(khronika.extract.__file__).parent / "data" / "kz_places.tsv"
    rows = list(csv.DictReader(table.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    regions = sorted({r["admin1"] for r in rows if r["kind"] == "region" or r["name"] == r["admin1"]})
    assert known_regions() == regions
    assert len(regions) == 20
