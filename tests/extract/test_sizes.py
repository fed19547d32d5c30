import pytest

from khronika.extract.sizes import (
    MCI_KZT,
    find_charge_article,
    find_fatalities,
    find_fine,
    find_prison_term,
    find_sizes,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("over 100 women stormed the office", [100]),
        ("dozens of them sang", [24]),
        ("Hundreds of oil workers walked out", [200]),
        ("thousands of citizens marched", [2000]),
        ("some 700 miners took part", [700]),
        ("Four of their number got arrested", [4]),
        ("более 30 человек вышли", [30]),
        ("около 500 активистов", [500]),
        ("задержали сотни людей", [200]),
        ("пришли десятки", [24]),
        ("задержали несколько десятков человек", [24]),
        ("суд арестовал на 15 суток троих активистов", [3]),
        ("against two of the leaders", [2]),
        ("жүздеген жұмысшы жиналды", [200]),
        ("ондаған белсенді", [24]),
        ("мыңдаған адам", [2000]),
        ("100-ден астам адам жиналды", [100]),
        ("Павлодарда 50-ге жуық жұмысшы жұмыстан шығарылды", [50]),
        ("100-дей адам жиналды", [100]),
        ("200 шамасында тұрғын шеруге шықты", [200]),
        ("шамамен 80 кенші ереуілге шықты", [80]),
        ("кем дегенде 30 белсенді ұсталды", [30]),
        ("40-тан артық кенші аштық жариялады", [40]),
        ("жиырма шақты жұмысшы", [20]),
        ("үш белсенді ұсталды", [3]),
        ("ереуіл 19 күнге созылды", []),
        ("100 АЕК айыппұл салынды", []),
        ("in 2010 workers met", []),
        ("On 9 June workers held a rally", []),
        ("on the 14th two workers were held", [2]),
        ("it rained", []),
        ("Более 300 операторов и слесарей", [300]),
        ("over 40 teachers gathered", [40]),
        ("more than 50 days later", []),
        ("штраф около 20 тысяч тенге", []),
    ],
)
def test_find_sizes(text, expected):
    assert [s.value for s in find_sizes(text)] == expected


def test_size_offsets_are_into_the_whole_text():
    text = "Intro. Then 40 workers came."
    (mention,) = find_sizes(text, 7, len(text))
    assert (mention.start, mention.end, mention.text) == (12, 22, "40 workers")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sentenced to six years in jail", "6 years"),
        ("sentenced to 7 years in prison", "7 years"),
        ("two and a half years of jail", "2.5 years"),
        ("приговорили к 7 годам", "7 years"),
        ("на 7 лет лишения свободы", "7 years"),
        ("арестован на 15 суток", "15 days"),
        ("7 жылға бас бостандығынан айырылды", "7 years"),
        ("10 тәулікке қамалды", "10 days"),
        ("one year of restricted freedom", "1 year"),
        ("he was released", None),
    ],
)
def test_find_prison_term(text, expected):
    assert find_prison_term(text) == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("fined 100,000 tenge", None, {"amount": 100000.0, "currency": "KZT"}),
        ("оштрафован на 20 тыс. тенге", None, {"amount": 20000.0, "currency": "KZT"}),
        ("a fine of $500", None, {"amount": 500.0, "currency": "USD"}),
        (
            "штраф в размере 50 МРП",
            2020,
            {"original": "50 МРП", "mci": 50.0, "amount": 132550.0, "currency": "KZT"},
        ),
        ("100 АЕК айыппұл", 2024, {"original": "100 АЕК", "mci": 100.0, "amount": 369200.0, "currency": "KZT"}),
        ("fined 10 MCI", None, {"original": "10 MCI", "mci": 10.0}),
        ("no money here", 2020, None),
    ],
)
def test_find_fine(text, year, expected):
    assert find_fine(text, year=year) == expected


def test_mci_table_has_the_documented_years():
    assert (MCI_KZT[2010], MCI_KZT[2024], MCI_KZT[2025], MCI_KZT[2026]) == (1413, 3692, 3932, 4325)
    assert sorted(MCI_KZT) == list(range(2005, 2027))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("led to the deaths of 241 people", 241),
        ("At least 10 people were shot dead", 10),
        ("5 человек погибли", 5),
        ("nobody was hurt", None),
    ],
)
def test_find_fatalities(text, expected):
    assert find_fatalities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("charged under Article 174 of the Criminal Code", "Article 174"),
        ("по статье 174 УК РК", "Article 174"),
        ("по ч. 2 ст. 488 КоАП", "Article 488"),
        ("ҚК-нің 174-бабы бойынша", "Article 174"),
        ("charged with hooliganism", None),
    ],
)
def test_find_charge_article(text, expected):
    assert find_charge_article(text) == expected
