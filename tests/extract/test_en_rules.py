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
        ("The union leader is serving a seven-year sentence.", []),
        ("He walked out of the penal colony a free man.", []),
        ("One officer was seen striking a young man on the head.", ["assault"]),
        ("Two prosecution witnesses retracted.", []),
        ("Police opened an investigation into the attack.", ["assault"]),
        ("Miners had called off their protests.", []),
        ("The court banned him from holding any post in a public association.", []),
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


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The union announced a strike from 1 May.", ["strike"]),
        ("Teachers will go on strike from 1 September.", ["strike"]),
        ("Miners plan to hold a rally on Saturday.", ["protest"]),
        ("Miners will strike if wages are not paid.", []),
        ("Workers could strike from 1 May.", []),
        ("Teachers will go on strike.", []),
    ],
)
def test_planned_strike_or_protest_counts_only_with_a_date(sentence, expected):
    assert _real(sentence) == expected


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


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("Residents picketed the akimat building.", "protest"),
        ("Some 300 people rallied in the central square.", "protest"),
        ("Farmers blocked the highway near Taraz.", "protest"),
        ("Mothers staged a sit-in at the ministry.", "protest"),
        ("Workers marched to the company office.", "protest"),
        ("Activists held a solo picket outside parliament.", "protest"),
        ("Hundreds took part in an unsanctioned protest.", "protest"),
        ("Inmates slashed their wrists in protest.", "protest"),
        ("Villagers gathered outside the district akimat to demand water.", "protest"),
        ("Dozens of people came out to the square.", "protest"),
        ("Miners walked off the job on Monday.", "strike"),
        ("About 500 oil workers stopped work.", "strike"),
        ("The drivers' strike entered its third week.", "strike"),
        ("Teachers downed tools over unpaid wages.", "strike"),
        ("Employees refused to start work until wages were paid.", "strike"),
        ("Workers have been on strike since 3 March.", "strike"),
        ("The prisoner declared a hunger strike.", "hunger_strike"),
        ("Five mothers are refusing food.", "hunger_strike"),
        ("He ended his hunger strike after 20 days.", "hunger_strike"),
        ("The union held a press conference in Almaty.", "meeting"),
        ("Activists gathered for a founding congress of the new party.", "meeting"),
        ("A round table on labour rights took place.", "meeting"),
        ("The akimat refused to authorise the rally.", "ban"),
        ("The city administration did not allow the march.", "ban"),
        ("The Ministry of Justice refused to register the party.", "ban"),
        ("A court banned the union.", "ban"),
        ("The court ordered the liquidation of the trade union.", "ban"),
        ("The authorities denied permission for the demonstration.", "ban"),
        ("Riot police broke up the protest.", "dispersal"),
        ("Police dispersed the crowd with tear gas.", "dispersal"),
        ("The gathering was forcibly dispersed.", "dispersal"),
        ("Police detained the activist at the airport.", "detention"),
        ("He was taken to a police station.", "detention"),
        ("She was placed under house arrest.", "detention"),
        ("The journalist was given 10 days of administrative arrest.", "detention"),
        ("Six people were arrested.", "detention"),
        ("The activist was jailed for 15 days.", "detention"),
        ("Police took him away in a van.", "detention"),
        ("Prosecutors charged him with spreading false information.", "charge"),
        ("A criminal case was launched against the union leader.", "charge"),
        ("She was indicted on charges of fraud.", "charge"),
        ("He is suspected of inciting discord.", "charge"),
        ("Police opened an investigation against the blogger.", "charge"),
        ("The activist faces charges of organising an illegal rally.", "charge"),
        ("The court hearing was postponed until Monday.", "trial"),
        ("The case went to trial in June.", "trial"),
        ("The trial of the oil workers opened in Aktau.", "trial"),
        ("A hearing on the appeal took place on Friday.", "trial"),
        ("He was given a five-year prison term.", "sentence"),
        ("The court handed her a three-year suspended sentence.", "sentence"),
        ("She was convicted of embezzlement.", "sentence"),
        ("The appeals court upheld the verdict.", "sentence"),
        ("He was sentenced to two years of restricted freedom.", "sentence"),
        ("The court ordered him to pay a fine of 50 MCI.", "fine"),
        ("She was fined 200,000 tenge.", "fine"),
        ("Each participant received a fine.", "fine"),
        ("He was released from prison on parole.", "release"),
        ("The activist was freed after serving his term.", "release"),
        ("The court acquitted the journalist.", "release"),
        ("Prosecutors dropped the charges.", "release"),
        ("She was released after 15 days.", "release"),
        ("Unknown men attacked the journalist.", "assault"),
        ("Police officers beat protesters with batons.", "assault"),
        ("He was assaulted near his home.", "assault"),
        ("The activist was severely beaten.", "assault"),
        ("Police shot dead three protesters.", "killing"),
        ("The activist died in custody.", "killing"),
        ("Two strikers were killed.", "killing"),
        ("He was found dead in his cell.", "killing"),
        ("He said he was tortured in custody.", "torture"),
        ("Detainees were subjected to torture.", "torture"),
        ("Guards beat and humiliated the prisoners.", "torture"),
        ("She received death threats.", "threat"),
        ("He was summoned to the police for a conversation.", "threat"),
        ("The journalist was threatened with prosecution.", "threat"),
        ("Union members faced intimidation by management.", "threat"),
        ("The company fired 40 workers.", "dismissal"),
        ("He was dismissed for union activity.", "dismissal"),
        ("She lost her job after the strike.", "dismissal"),
        ("The management laid off 100 employees.", "dismissal"),
        ("Families were evicted from their homes.", "eviction"),
        ("Bulldozers demolished the houses.", "eviction"),
        ("The akimat demolished 20 homes in the settlement.", "eviction"),
        ("Police searched the union office.", "raid"),
        ("Officers raided his apartment.", "raid"),
        ("Investigators seized his phone and laptop.", "raid"),
        ("Police confiscated the print run of the newspaper.", "raid"),
        ("The authorities blocked access to the website.", "censorship"),
        ("The newspaper was shut down by court order.", "censorship"),
        ("The channel was taken off the air.", "censorship"),
        ("The journalist was denied accreditation.", "censorship"),
        ("The publication was suspended for three months.", "censorship"),
        ("Reporters were barred from the courtroom.", "censorship"),
    ],
)
def test_each_type_by_its_usual_phrasings(sentence, event_type):
    assert event_type in _real(sentence)
