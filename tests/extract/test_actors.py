import pytest

from khronika.extract.actors import ActorMention, assign_roles, find_actors_en, find_actors_kk
from khronika.records import Actor


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The city court of Aktau sentenced union lawyer Maria Petrova to six years.",
            [("city court of Aktau", "organisation"), ("Maria Petrova", "person")],
        ),
        (
            "Security officers detained Arman Seitov and journalist Baimukhanov.",
            [("Security officers", "organisation"), ("Arman Seitov", "person"), ("Baimukhanov", "person")],
        ),
        ("Hundreds of oil workers went on strike.", [("oil workers", "group")]),
        ("Police raided the office of «Free Word».", [("Police", "organisation"), ("Free Word", "organisation")]),
        ("The Independent Miners Union held a meeting.", [("Independent Miners Union", "organisation")]),
        ("It rained in the morning.", []),
    ],
)
def test_find_actors_en(sentence, expected):
    assert [(m.name, m.kind) for m in find_actors_en(sentence, 0, len(sentence))] == expected


def test_offsets_are_into_the_whole_text():
    text = "Intro. Then Arman Seitov spoke."
    (mention,) = find_actors_en(text, 7, len(text))
    assert (mention.start, mention.end, text[mention.start : mention.end]) == (12, 24, "Arman Seitov")


def _m(name, kind):
    return ActorMention(0, len(name), name, name, kind)


@pytest.mark.parametrize(
    ("event_type", "expected_roles"),
    [
        ("detention", ["perpetrator", "target", "target"]),
        ("sentence", ["authority", "target", "target"]),
        ("strike", ["perpetrator", "participant", "participant"]),
        ("protest", ["perpetrator", "participant", "participant"]),
    ],
)
def test_assign_roles_by_event_type(event_type, expected_roles):
    mentions = [_m("Aktau city court", "organisation"), _m("Maria Petrova", "person"), _m("workers", "group")]
    if event_type in ("detention", "strike", "protest"):
        mentions[0] = _m("police", "organisation")
    assert [a.role for a in assign_roles(mentions, event_type=event_type)] == expected_roles


def test_union_organises_a_strike_and_is_target_of_a_ban():
    union = [_m("Oil Workers Union", "organisation")]
    assert assign_roles(union, event_type="strike") == [Actor("Oil Workers Union", "organisation", "organiser")]
    assert assign_roles(union, event_type="ban") == [Actor("Oil Workers Union", "organisation", "target")]


def test_same_actor_is_listed_once():
    twice = [_m("Maria Petrova", "person"), _m("Maria Petrova", "person")]
    assert assign_roles(twice, event_type="detention") == [Actor("Maria Petrova", "person", "target")]


def test_surname_alone_is_the_person_named_in_full_earlier():
    text = "Lawyer Maria Petrova was sentenced. Petrova’s appeal failed. Petrova was arrested in May."
    start = text.index("Petrova was arrested")
    assert [(m.text, m.name) for m in find_actors_en(text, start, len(text))] == [("Petrova", "Maria Petrova")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # who only tells the story is no actor
        ("Police detained Arman Seitov, Dana Bekova said.", [("Police", "perpetrator"), ("Arman Seitov", "target")]),
        # a named official acts for the state
        (
            "Police spokesman Arman Seitov said the court detained Dana Bekova.",
            [
                ("Police", "perpetrator"),
                ("Arman Seitov", "perpetrator"),
                ("court", "perpetrator"),
                ("Dana Bekova", "target"),
            ],
        ),
        # a title that is no office: "chief editor" is a target like anyone
        ("Its chief editor Arman Seitov was detained.", [("Arman Seitov", "target")]),
    ],
)
def test_assign_roles_reads_the_context(text, expected):
    mentions = find_actors_en(text, 0, len(text))
    assert [(a.name, a.role) for a in assign_roles(mentions, event_type="detention", text=text)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Сот Ерлан Қалиевті 7 жылға бас бостандығынан айырды.", [("сот", "organisation"), ("Ерлан Қалиев", "person")]),
        ("Айгүл Сәдуақасованың ісі қаралды.", [("Айгүл Сәдуақасова", "person")]),
        ("Полиция бес белсендіні ұстады.", [("полиция", "organisation"), ("белсенді", "group")]),
        ("Кеше Жаңаөзенде 200-ден астам мұнайшы ереуілге шықты.", [("мұнайшы", "group")]),
        ("Бүгін ауа райы жақсы.", []),
    ],
)
def test_find_actors_kk(sentence, expected):
    assert [(m.name, m.kind) for m in find_actors_kk(sentence, 0, len(sentence))] == expected
