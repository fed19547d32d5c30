"""A small fictional chronicle for the report tests: Russian and Kazakh reports in and out of a period.

The period is March and April 2024. Inside it: a strike in Zhanaozen, a march and a detention
with a release in Almaty, the detention of a protected person in Aktobe (Kazakh text with
ә ғ қ ң ө ұ ү і), and a confidential meeting. Outside it: a rally in November 2023 and a
trial in June 2024.
"""

from __future__ import annotations

from dataclasses import dataclass

from khronika.records import Actor, Event, Evidence, Place
from khronika.store import Store
from tests.factories import make_document

PERIOD = ("2024-03-01", "2024-04-30")
PROTECTED = "Әсел Үмбетқызы"
KAZAKH_LETTERS = "әғқңөұүі"

ZHANAOZEN = Place(name="Zhanaozen", country="KZ", admin1="Mangystau Region", lat=43.34, lon=52.86)
ALMATY = Place(name="Almaty", country="KZ", admin1="Almaty", lat=43.25, lon=76.9)
AKTOBE = Place(name="Aktobe", country="KZ", admin1="Aktobe Region", lat=50.28, lon=57.17)

STRIKE = "Нефтяники вымышленного месторождения Восток объявили забастовку"
MARCH = "Алматыдағы шеруге жүзге жуық адам қатысты"
ALMATY_DETENTION = "Полиция задержала активиста Тимура Вымышленного"
ALMATY_RELEASE = "Тимур Вымышленный вышел на свободу"
# Every Kazakh letter: мәлімдеді ә, ғалымдар ғ, қаласында қ, сәуірдің ң, Ақтөбе ө, ұсталды ұ, түнде ү, бесінде і.
AKTOBE_DETENTION = f"Ақтөбе қаласында сәуірдің бесінде түнде белсенді {PROTECTED} ұсталды, деп мәлімдеді ғалымдар"
MEETING = "Закрытая встреча профсоюзных юристов"
OLD_RALLY = "Митинг у здания вымышленного акимата в ноябре"
LATER_TRIAL = "Суд над профсоюзным лидером Ерланом Выдуманным начался в июне"


@dataclass
class ReportCorpus:
    """What the report tests stored: the protected person's pseudonym and the event ids."""

    pseudonym: str
    events: dict[str, int]


def _event(kind: str, day: str, place: Place, passage: str, *actors: Actor, size: int | None = None) -> Event:
    return Event(
        type=kind,
        date=day,
        place=place,
        size=size,
        actors=list(actors),
        evidence=[Evidence(start=0, end=len(passage), text=passage)],
    )


def seed_report_corpus(store: Store) -> ReportCorpus:
    """Store the fictional reports and their events; protect the person detained in Aktobe."""
    timur = Actor(name="Тимур Вымышленный", kind="person", role="target")
    asel = Actor(name=PROTECTED, kind="person", role="target")
    police = Actor(name="Полиция", kind="organisation", role="perpetrator")
    stored = {}
    items = [
        ("strike", "ru", _event("strike", "2024-03-12", ZHANAOZEN, STRIKE, size=400)),
        ("march", "kk", _event("protest", "2024-03-20", ALMATY, MARCH, size=100)),
        ("almaty_detention", "ru", _event("detention", "2024-03-15", ALMATY, ALMATY_DETENTION, timur, police)),
        ("almaty_release", "ru", _event("release", "2024-03-25", ALMATY, ALMATY_RELEASE, timur)),
        ("aktobe_detention", "kk", _event("detention", "2024-04-05", AKTOBE, AKTOBE_DETENTION, asel, police)),
        ("meeting", "ru", _event("meeting", "2024-04-10", ALMATY, MEETING)),
        ("old_rally", "ru", _event("protest", "2023-11-20", ALMATY, OLD_RALLY, size=50)),
        ("later_trial", "ru", _event("trial", "2024-06-03", ALMATY, LATER_TRIAL)),
    ]
    for name, lang, event in items:
        text = event.evidence[0].text + "."
        doc_id, _ = store.add_document(
            make_document(text, uri=f"https://example.org/{name}", title=f"Сообщение: {name}", language=lang)
        )
        (stored[name],) = store.add_events(doc_id, [event])
    store.people.set_level("event", stored["meeting"], "confidential")
    (person,) = store.people.protect(PROTECTED)
    assert person.pseudonym is not None
    return ReportCorpus(pseudonym=person.pseudonym, events=stored)
