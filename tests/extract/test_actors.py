import pytest

from khronika.extract.actors import ActorMention, assign_roles, find_actors_en
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
