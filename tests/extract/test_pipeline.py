from datetime import date
from types import SimpleNamespace

import pytest

from khronika.extract import pipeline
from khronika.extract.pipeline import extract_events, extractor_name, register_language
from khronika.extract.triggers import Trigger
from khronika.records import Place

ALMATY = Place(name="Almaty", country="KZ", admin1="Almaty", lat=43.24, lon=76.89)


def _date(text, phrase, value, value_end=None):
    start = text.index(phrase)
    return SimpleNamespace(start=start, end=start + len(phrase), text=phrase, value=value, value_end=value_end)


@pytest.fixture
def no_helpers(monkeypatch):
    """Run the pipeline without the dates and places helpers, so each test states its own."""
    monkeypatch.setattr(pipeline, "_find_dates", lambda text, **kw: [])
    monkeypatch.setattr(pipeline, "_find_places", lambda text, **kw: [])


def test_extractor_name():
    assert extractor_name("en") == "khronika.rules.en/1"


def test_one_sentence_two_events(no_helpers):
    text = "Police detained six activists and fined them 20,000 tenge."
    events = extract_events(text, lang="en")
    assert [e.type for e in events] == ["detention", "fine"]
    assert events[0].size == 6
    assert events[1].details == {"fine": {"amount": 20000.0, "currency": "KZT"}}
    assert all(e.extractor == "khronika.rules.en/1" for e in events)
    assert [(ev.start, ev.end, ev.text) for ev in events[0].evidence] == [(0, len(text), text)]
    assert [(a.name, a.role) for a in events[0].actors] == [("Police", "perpetrator"), ("activists", "target")]


def test_negated_and_general_statements_give_no_event(no_helpers):
    text = "He was not arrested. You can end up in prison for three years if you steal a phone."
    assert extract_events(text, lang="en") == []


def test_repeated_mentions_merge_into_one_event(no_helpers):
    text = "Arman Seitov was arrested on Monday. Officers said Seitov was arrested for a post."
    (event,) = extract_events(text, lang="en")
    assert event.type == "detention"
    assert [ev.text for ev in event.evidence] == ["Arman Seitov was arrested on Monday.", text[37:]]


def test_date_from_same_sentence_then_previous_then_publication(monkeypatch):
    filler = "The weather was mild that year. " * 10  # pushes what follows out of the report's lead
    far = "The weather was mild that year. " * 40  # beyond the two paragraphs a date carries over
    text = f"Later they were arrested.\n\n{filler}\n\nOn 9 June workers held a rally.\n\nA trial was held."
    text += f"\n\n{far}\n\nThe union held a press conference."
    monkeypatch.setattr(pipeline, "_find_dates", lambda t, **kw: [_date(t, "9 June", "2010-06-09")])
    monkeypatch.setattr(pipeline, "_find_places", lambda t, **kw: [])
    events = extract_events(text, lang="en", published=date(2010, 7, 7))
    expected = [("detention", "2010-07-07"), ("protest", "2010-06-09"), ("trial", "2010-06-09"), ("meeting", "2010")]
    assert [(e.type, e.date) for e in events] == expected


def test_a_list_of_days_gives_one_event_each(monkeypatch):
    text = "Rallies were held on 7, 8 and 20 December."
    days = [_date(text, "7", "2019-12-07"), _date(text, "8", "2019-12-08"), _date(text, "20 December", "2019-12-20")]
    monkeypatch.setattr(pipeline, "_find_dates", lambda t, **kw: days)
    monkeypatch.setattr(pipeline, "_find_places", lambda t, **kw: [])
    events = extract_events(text, lang="en", published=date(2020, 1, 8))
    assert [(e.type, e.date) for e in events] == [
        ("protest", "2019-12-07"),
        ("protest", "2019-12-08"),
        ("protest", "2019-12-20"),
    ]


@pytest.mark.parametrize(
    ("text", "dates", "expected"),
    [
        (
            "He was detained on 3 May and released on 5 May.",
            [("3 May", "2012-05-03"), ("5 May", "2012-05-05")],
            [("detention", "2012-05-03"), ("release", "2012-05-05")],
        ),
        (
            "Activists said on 20 May that he was beaten on 12 May.",
            [("20 May", "2012-05-20"), ("12 May", "2012-05-12")],
            [("assault", "2012-05-12")],
        ),
        (
            "Activists said on 20 May that he was beaten.",
            [("20 May", "2012-05-20")],
            [("assault", "2012-05-20")],  # no date of its own: the sentence's is still the best guess
        ),
    ],
)
def test_a_date_belongs_to_the_nearest_event_word(monkeypatch, text, dates, expected):
    filler = "The weather was mild that year. " * 10  # out of the lead, so no publication-day default
    text = f"{filler}\n\n{text}"
    mentions = [_date(text, phrase, value) for phrase, value in dates]
    monkeypatch.setattr(pipeline, "_find_dates", lambda t, **kw: mentions)
    monkeypatch.setattr(pipeline, "_find_places", lambda t, **kw: [])
    events = extract_events(text, lang="en", published=date(2012, 6, 1))
    assert [(e.type, e.date) for e in events] == expected


def test_previous_sentence_date_carries_within_a_paragraph(monkeypatch):
    text = "On 9 June workers held a rally. Four of them were arrested."
    monkeypatch.setattr(pipeline, "_find_dates", lambda t, **kw: [_date(t, "9 June", "2010-06-09")])
    monkeypatch.setattr(pipeline, "_find_places", lambda t, **kw: [])
    events = extract_events(text, lang="en", published=date(2010, 7, 7))
    assert [(e.type, e.date, e.size) for e in events] == [
        ("protest", "2010-06-09", None),
        ("detention", "2010-06-09", 4),
    ]


def test_place_from_sentence_else_main_place(monkeypatch):
    text = "Workers held a rally in Almaty. Two were detained."
    start = text.index("Almaty")
    mention = SimpleNamespace(start=start, end=start + 6, text="Almaty", place=ALMATY, kind="city")
    monkeypatch.setattr(pipeline, "_find_dates", lambda t, **kw: [])
    monkeypatch.setattr(pipeline, "_find_places", lambda t, **kw: [mention] if t == text else [])
    events = extract_events(text, lang="en")
    assert [(e.type, e.place) for e in events] == [("protest", ALMATY), ("detention", ALMATY)]


def test_registered_language_is_used(no_helpers):
    def shout(text, start, end):
        i = text.find("BOOM", start, end)
        return [] if i < 0 else [Trigger(type="assault", start=i, end=i + 4, text="BOOM", confidence=0.9)]

    register_language("xx", triggers=shout)
    try:
        (event,) = extract_events("Nothing. Then BOOM here.", lang="xx")
    finally:
        del pipeline.TRIGGER_FINDERS["xx"]
    assert (event.type, event.confidence, event.extractor, event.evidence[0].text) == (
        "assault",
        0.9,
        "khronika.rules.xx/1",
        "Then BOOM here.",
    )


def test_language_without_rules_gives_no_events(no_helpers):
    assert extract_events("Polizei hat zwei Aktivisten festgenommen.", lang="de") == []


@pytest.mark.parametrize(
    "text",
    [
        "Participants of such rallies are traditionally fined.",
        "When activists are arrested, nobody tells their families.",
        "Участникам акций обычно дают штрафы.",
    ],
)
def test_habitual_statements_give_no_event(no_helpers, text):
    assert extract_events(text, lang="en" if text.isascii() else "ru") == []


def test_dateline_city_is_not_the_event_place(monkeypatch):
    aktau = Place(name="Aktau", country="KZ", admin1="Mangystau Region")
    text = "ALMATY, Kazakhstan — The Aktau court sentenced Dana Bekova to six years."

    def places(t, **kw):
        found = []
        for name, place in (("ALMATY", ALMATY), ("Aktau", aktau)):
            i = t.find(name)
            if i >= 0:
                found.append(SimpleNamespace(start=i, end=i + len(name), text=name, place=place, kind="city"))
        return found

    monkeypatch.setattr(pipeline, "_find_dates", lambda t, **kw: [])
    monkeypatch.setattr(pipeline, "_find_places", places)
    (event,) = extract_events(text, lang="en")
    assert (event.type, event.place, event.details) == ("sentence", aktau, {"sentence": "6 years"})
    assert [(a.name, a.role) for a in event.actors] == [("Aktau court", "authority"), ("Dana Bekova", "target")]


def test_banned_demonstration_did_not_take_place(no_helpers):
    events = extract_events("The akimat banned the rally of the independent union.", lang="en")
    assert [e.type for e in events] == ["ban"]


def test_stated_date_wins_over_inferred_when_mentions_merge(monkeypatch):
    filler = "The weather was mild that year. " * 10
    text = f"Dana Bekova was arrested.\n\n{filler}\n\nDana Bekova was arrested on 3 May in Aktau."
    monkeypatch.setattr(pipeline, "_find_dates", lambda t, **kw: [_date(t, "3 May", "2012-05-03")])
    monkeypatch.setattr(pipeline, "_find_places", lambda t, **kw: [])
    (event,) = extract_events(text, lang="en", published=date(2012, 6, 1))
    assert (event.type, event.date, len(event.evidence)) == ("detention", "2012-05-03", 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Protesters rallied with placards reading "Strikes are not a crime".', ["protest"]),
        ("He said guards beat him in the punishment cell.", ["torture"]),
        ("Unknown men beat the reporter near his home.", ["assault"]),
    ],
)
def test_slogans_state_nothing_and_beatings_in_custody_are_torture(no_helpers, text, expected):
    assert [e.type for e in extract_events(text, lang="en")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Miners ended their strike, which lasted 12 days, on 20 March.", ("2024-03-09", "2024-03-20")),
        ("Miners went on a strike lasting 12 days on 20 March.", ("2024-03-20", "2024-03-31")),
    ],
)
def test_a_stated_length_gives_the_last_day(monkeypatch, text, expected):
    monkeypatch.setattr(pipeline, "_find_dates", lambda t, **kw: [_date(t, "20 March", "2024-03-20")])
    monkeypatch.setattr(pipeline, "_find_places", lambda t, **kw: [])
    start = text.index("12 days")
    length = SimpleNamespace(start=start, end=start + 7, text="12 days", days=12)
    monkeypatch.setattr(pipeline, "_find_durations", lambda t, **kw: [length])
    (event,) = extract_events(text, lang="en", published=date(2024, 4, 1))
    assert (event.type, event.date, event.date_end) == ("strike", *expected)


def test_one_day_named_twice_is_no_list(monkeypatch):
    text = "Yesterday, 21 July, workers ended the strike."
    days = [_date(text, "Yesterday", "2023-07-21"), _date(text, "21 July", "2023-07-21")]
    monkeypatch.setattr(pipeline, "_find_dates", lambda t, **kw: days)
    monkeypatch.setattr(pipeline, "_find_places", lambda t, **kw: [])
    assert [(e.type, e.date) for e in extract_events(text, lang="en")] == [("strike", "2023-07-21")]


def test_a_charge_told_with_its_verdict_is_the_verdict(no_helpers):
    text = "Two activists accused of inciting discord were sentenced to five years."
    (event,) = extract_events(text, lang="en")
    assert (event.type, event.details) == (
        "sentence",
        {"sentence": "5 years", "charge": "inciting discord"},
    )


def test_also_adds_a_person_to_the_same_occurrence(no_helpers):
    text = "Police detained Arman Seitov. Dana Bekova was also detained."
    (event,) = extract_events(text, lang="en")
    assert [a.name for a in event.actors if a.role == "target"] == ["Arman Seitov", "Dana Bekova"]
