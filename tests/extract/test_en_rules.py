import pytest

from khronika.extract.rules.en import find_triggers


def _real(sentence):
    types = [t.type for t in find_triggers(sentence, 0, len(sentence)) if not (t.negated or t.hypothetical)]
    return list(dict.fromkeys(types))  # one type named twice in a sentence is one event


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Four activists were arrested outside the akimat.", ["detention"]),
        ("He was taken into custody on Monday.", ["detention"]),
        ("Bus drivers went on strike over unpaid wages.", ["strike"]),
        ("Twelve prisoners went on hunger strike.", ["hunger_strike"]),
        ("The court sentenced him to five years in prison.", ["sentence"]),
        ("She was fined 50,000 tenge.", ["fine"]),
        ("They were detained and fined.", ["detention", "fine"]),
        ("The activist was released after ten days.", ["release"]),
        ("Unknown men beat the reporter near his home.", ["assault"]),
        ("Detainees were tortured with electric shocks.", ["torture"]),
        ("Families were evicted and their houses demolished.", ["eviction"]),
        ("Officers searched his flat and seized a laptop.", ["raid"]),
        ("Police dispersed the rally.", ["dispersal", "protest"]),
        ("Fifty workers were dismissed for joining the union.", ["dismissal"]),
        ("A criminal case was opened against the blogger.", ["charge"]),
        ("He was charged with inciting discord.", ["charge"]),
        ("The trial began in Uralsk.", ["trial"]),
        ("Residents held a picket outside the akimat.", ["protest"]),
        ("The union held a press conference.", ["meeting"]),
        ("The akimat refused permission for the march.", ["ban", "protest"]),
        ("The news website was blocked.", ["censorship"]),
        ("Three protesters were shot dead.", ["killing"]),
        ("She received threats after the broadcast.", ["threat"]),
        ("The court released a statement on the case.", []),
        ("The court dismissed the appeal.", ["sentence"]),
        ("He was detained on 3 May and released.", ["detention", "release"]),  # regression: May is no modal
        ("Protest to your nearest embassy.", []),
        ("A statement released on Monday said so.", []),
        ("Missile strikes targeting towns continued.", []),
    ],
)
def test_triggers_found(sentence, expected):
    assert _real(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "He was not arrested.",
        "Workers threatened to strike.",
        "He could be sentenced to ten years.",
        "They demanded the release of the activists.",
        "Activists plan to hold a rally.",
    ],
)
def test_unreal_events_are_flagged(sentence):
    assert _real(sentence) == []


def test_announced_strike_is_real():
    assert _real("The union announced a strike from 1 May.") == ["strike"]


def test_trigger_offsets_point_into_the_text():
    text = "Intro. Police detained him."
    (trig,) = find_triggers(text, 7, len(text))
    assert (trig.start, trig.end, text[trig.start : trig.end], trig.type) == (14, 22, "detained", "detention")


@pytest.mark.parametrize(
    "sentence",
    [
        "He was accused of organising peaceful protests.",
        "We ask you to protest to the embassy.",
        "She was convicted of taking part in an unsanctioned rally.",
    ],
)
def test_protest_named_only_as_a_charge_or_a_request_is_no_event(sentence):
    assert "protest" not in _real(sentence)
