"""Kazakh reports end to end: the event, its date, place and size from one sentence each.

Sentences written for these tests. Publication date 2025-03-14 (a Friday) anchors relative dates.
"""

from __future__ import annotations

from datetime import date

import pytest

from khronika.extract.pipeline import extract_events

PUBLISHED = date(2025, 3, 14)

CASES = [
    # (sentence, type, date, place, size)
    ("Кеше Жаңаөзенде 300-ден астам мұнайшы ереуілге шықты.", "strike", "2025-03-13", "Zhanaozen", 300),
    (
        "2025 жылғы 10 наурызда Ақтауда жүздеген адам наразылық акциясына жиналды.",
        "protest",
        "2025-03-10",
        "Aktau",
        200,
    ),
    ("Полиция бүгін таңертең Алматыда үш белсендіні ұстады.", "detention", "2025-03-14", "Almaty", 3),
    (
        "Астана қаласының соты 12 наурызда кәсіподақ жетекшісін 7 жылға бас бостандығынан айырды.",
        "sentence",
        "2025-03-12",
        "Astana",
        None,
    ),
    (
        "Қарағанды облысындағы шахтада 40-тан астам кенші аштық жариялады.",
        "hunger_strike",
        None,
        "Karaganda Region",
        40,
    ),
    ("Атырауда журналистің үйінде тінту жүргізілді.", "raid", None, "Atyrau", None),
    ("Белсенді 11 наурызда Оралда қамаудан босатылды.", "release", "2025-03-11", "Uralsk", None),
    ("Теміртау сотында кәсіподақ төрағасының ісі бойынша сот отырысы басталды.", "trial", None, "Temirtau", None),
    ("Ақтөбеде құқық қорғаушыға қатысты қылмыстық іс қозғалды.", "charge", None, "Aktobe", None),
    ("Жезқазғанда мыңдаған кенші жұмысты тоқтатты.", "strike", None, "Zhezkazgan", 2000),
    ("Екі күн бұрын Семейде белгісіз адамдар журналисті ұрып-соқты.", "assault", "2025-03-12", "Semey", None),
    ("Павлодарда 50-ге жуық жұмысшы жұмыстан шығарылды.", "dismissal", None, "Pavlodar", 50),
    ("Әкімдік Өскеменде митинг өткізуге рұқсат бермеді.", "ban", None, "Ust-Kamenogorsk", None),
    (
        "Өткен сәрсенбіде Қызылордада ондаған тұрғын әкімдік алдында пикетке шықты.",
        "protest",
        "2025-03-12",
        "Kyzylorda",
        24,
    ),
    ("Шымкентте 5 наурызда екі белсенді әкімшілік қамауға алынды.", "detention", "2025-03-05", "Shymkent", 2),
    ("Таразда 2024 жылғы желтоқсанда жұмысшылар ереуіл жариялады.", "strike", "2024-12", "Taraz", None),
]


@pytest.mark.parametrize(("sentence", "kind", "day", "place", "size"), CASES, ids=[c[0][:40] for c in CASES])
def test_a_kazakh_sentence_gives_its_event_with_date_place_and_size(
    sentence: str, kind: str, day: str | None, place: str, size: int | None
) -> None:
    events = [e for e in extract_events(sentence, published=PUBLISHED, lang="kk") if e.type == kind]
    assert len(events) == 1, [e.type for e in extract_events(sentence, published=PUBLISHED, lang="kk")]
    (event,) = events
    if day is not None:
        assert event.date == day
    assert event.place is not None and event.place.name == place
    assert event.size == size
    assert event.extractor == "khronika.rules.kk/1"
    (evidence,) = event.evidence
    assert sentence[evidence.start : evidence.end] == evidence.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Егер жалақы көтерілмесе, жұмысшылар ереуілге шығуы мүмкін.",
        "Белсенді ұсталған жоқ, ол үйіне қайтты.",
        "Заң бойынша рұқсатсыз митингке қатысқаны үшін айыппұл салынуы мүмкін.",
        "Кәсіподақ келесі айда пикет өткізуді жоспарлап отыр.",
    ],
)
def test_a_kazakh_sentence_about_what_did_not_happen_gives_no_event(sentence: str) -> None:
    assert extract_events(sentence, published=PUBLISHED, lang="kk") == []
