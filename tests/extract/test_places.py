"""Place finding in English, Russian and Kazakh text; sentences written for these tests."""

from __future__ import annotations

import pytest

from khronika.extract.gazetteer import kk_forms, ru_forms
from khronika.extract.places import PlaceMention, find_places, lookup_place

# (text, lang, surface text, canonical name, admin1, kind)
FOUND = [
    ("Oil workers in Zhanaozen walked out on Monday.", "en", "Zhanaozen", "Zhanaozen", "Mangystau Region", "city"),
    ("The strike spread to Novy Uzen by evening.", "en", "Novy Uzen", "Zhanaozen", "Mangystau Region", "city"),
    (
        "Police in the Karaganda region detained two miners.",
        "en",
        "Karaganda region",
        "Karaganda Region",
        "Karaganda Region",
        "region",
    ),
    ("Miners gathered in Karaganda on Friday.", "en", "Karaganda", "Karaganda", "Karaganda Region", "city"),
    ("A picket was held in Nur-Sultan in 2020.", "en", "Nur-Sultan", "Astana", "Astana", "city"),
    ("He was arrested in Tselinograd in 1986.", "en", "Tselinograd", "Astana", "Astana", "city"),
    ("Activists from Alma-Ata signed the letter.", "en", "Alma-Ata", "Almaty", "Almaty", "city"),
    ("Workers in Chimkent demanded higher wages.", "en", "Chimkent", "Shymkent", "Shymkent", "city"),
    (
        "The court in Ust-Kamenogorsk heard the case.",
        "en",
        "Ust-Kamenogorsk",
        "Ust-Kamenogorsk",
        "East Kazakhstan Region",
        "city",
    ),
    ("A rally took place in Oskemen.", "en", "Oskemen", "Ust-Kamenogorsk", "East Kazakhstan Region", "city"),
    ("Guryev port workers struck.", "en", "Guryev", "Atyrau", "Atyrau Region", "city"),
    ("A sit-in at the plant in Aktyubinsk lasted a week.", "en", "Aktyubinsk", "Aktobe", "Aktobe Region", "city"),
    ("The union office in Semipalatinsk was searched.", "en", "Semipalatinsk", "Semey", "Abai Region", "city"),
    (
        "The Semipalatinsk region akimat refused the rally.",
        "en",
        "Semipalatinsk region",
        "Abai Region",
        "Abai Region",
        "region",
    ),
    (
        "Farmers in the South Kazakhstan region protested.",
        "en",
        "South Kazakhstan region",
        "Turkistan Region",
        "Turkistan Region",
        "region",
    ),
    ("Teachers in Mangystau went on strike.", "en", "Mangystau", "Mangystau Region", "Mangystau Region", "region"),
    ("Copper miners in Zhezkazgan stopped work.", "en", "Zhezkazgan", "Zhezkazgan", "Ulytau Region", "city"),
    ("Steelworkers in Temirtau marched.", "en", "Temirtau", "Temirtau", "Karaganda Region", "city"),
    ("Workers of the Tengiz field were fired.", "en", "Tengiz field", "Tengiz", "Atyrau Region", "city"),
    ("A hearing was held in Kapchagay.", "en", "Kapchagay", "Konaev", "Almaty Region", "city"),
    ("He moved to Oral last year.", "en", "Oral", "Uralsk", "West Kazakhstan Region", "city"),
    ("Miners in the town of Abai went underground.", "en", "Abai", "Abai", "Karaganda Region", "city"),
    ("Solidarity pickets were held in Bishkek.", "en", "Bishkek", "Bishkek", "Bishkek", "city"),
    (
        "Blasts killed miners in the central region of Qaraghandy.",
        "en",
        "region of Qaraghandy",
        "Karaganda Region",
        "Karaganda Region",
        "region",
    ),
    ("An Almaty-based lawyer took the case.", "en", "Almaty", "Almaty", "Almaty", "city"),
    ("Алматинский городской суд отклонил иск.", "ru", "Алматинский городской", "Almaty", "Almaty", "city"),
    ("Рабочие в Жанаозене объявили забастовку.", "ru", "Жанаозене", "Zhanaozen", "Mangystau Region", "city"),
    ("Нефтяники из Нового Узеня вышли на площадь.", "ru", "Нового Узеня", "Zhanaozen", "Mangystau Region", "city"),
    ("Шахтеры из Караганды приехали в столицу.", "ru", "Караганды", "Karaganda", "Karaganda Region", "city"),
    (
        "Суд Карагандинской области отклонил жалобу.",
        "ru",
        "Карагандинской области",
        "Karaganda Region",
        "Karaganda Region",
        "region",
    ),
    (
        "В Мангистауской области прошли обыски.",
        "ru",
        "Мангистауской области",
        "Mangystau Region",
        "Mangystau Region",
        "region",
    ),
    (
        "Карагандинский областной суд оставил приговор в силе.",
        "ru",
        "Карагандинский областной",
        "Karaganda Region",
        "Karaganda Region",
        "region",
    ),
    ("Пикет прошел в Уральске у здания акимата.", "ru", "Уральске", "Uralsk", "West Kazakhstan Region", "city"),
    ("Журналиста задержали в Алматы.", "ru", "Алматы", "Almaty", "Almaty", "city"),
    ("Митинг в Шымкенте разогнали.", "ru", "Шымкенте", "Shymkent", "Shymkent", "city"),
    ("Активистку оштрафовали в Астане.", "ru", "Астане", "Astana", "Astana", "city"),
    (
        "В Усть-Каменогорске прошел обыск.",
        "ru",
        "Усть-Каменогорске",
        "Ust-Kamenogorsk",
        "East Kazakhstan Region",
        "city",
    ),
    ("Рабочие в Рудном требуют повышения зарплаты.", "ru", "Рудном", "Rudny", "Kostanay Region", "city"),
    ("Забастовка в Кульсарах продолжается.", "ru", "Кульсарах", "Kulsary", "Atyrau Region", "city"),
    (
        "Суд в Южно-Казахстанской области вынес приговор.",
        "ru",
        "Южно-Казахстанской области",
        "Turkistan Region",
        "Turkistan Region",
        "region",
    ),
    ("Голодовка в Костанае длилась неделю.", "ru", "Костанае", "Kostanay", "Kostanay Region", "city"),
    ("Его этапировали в колонию в Сатпаеве.", "ru", "Сатпаеве", "Satpayev", "Ulytau Region", "city"),
    ("Он уехал в Россию.", "ru", "Россию", "Russia", None, "country"),
    ("В ЮКО задержали фермеров.", "ru", "ЮКО", "Turkistan Region", "Turkistan Region", "region"),
    (
        "Қарағанды облыстық соты шешім шығарды.",
        "kk",
        "Қарағанды облыстық",
        "Karaganda Region",
        "Karaganda Region",
        "region",
    ),
    ("Жаңаөзенде мұнайшылар ереуілге шықты.", "kk", "Жаңаөзенде", "Zhanaozen", "Mangystau Region", "city"),
    ("Жанаозенде мунайшылар ереуилге шыкты.", "kk", "Жанаозенде", "Zhanaozen", "Mangystau Region", "city"),
    ("Алматыда наразылық акциясы өтті.", "kk", "Алматыда", "Almaty", "Almaty", "city"),
    ("Белсенді Астанада ұсталды.", "kk", "Астанада", "Astana", "Astana", "city"),
    ("Қарағандыда кеншілер жиналды.", "kk", "Қарағандыда", "Karaganda", "Karaganda Region", "city"),
    ("Ақтөбеде сот отырысы өтті.", "kk", "Ақтөбеде", "Aktobe", "Aktobe Region", "city"),
    (
        "Маңғыстау облысында ереуіл басталды.",
        "kk",
        "Маңғыстау облысында",
        "Mangystau Region",
        "Mangystau Region",
        "region",
    ),
    ("Жұмысшылар Атырауға жетті.", "kk", "Атырауға", "Atyrau", "Atyrau Region", "city"),
    ("Шымкенттен келген белсенділер.", "kk", "Шымкенттен", "Shymkent", "Shymkent", "city"),
    ("Өскеменнен хат келді.", "kk", "Өскеменнен", "Ust-Kamenogorsk", "East Kazakhstan Region", "city"),
    ("Жаңаөзендегі оқиға туралы айтты.", "kk", "Жаңаөзендегі", "Zhanaozen", "Mangystau Region", "city"),
    ("Темiртауда жұмысшылар жиналды.", "kk", "Темiртауда", "Temirtau", "Karaganda Region", "city"),
    ("Almatyda narazylyq aktsiiasy otti.", "kk", "Almatyda", "Almaty", "Almaty", "city"),
    ("Şymkentten kelgen belsendiler.", "kk", "Şymkentten", "Shymkent", "Shymkent", "city"),
    ("Абай қаласында шахтерлер жиналды.", "kk", "Абай", "Abai", "Karaganda Region", "city"),
]


@pytest.mark.parametrize(("text", "lang", "surface", "name", "admin1", "kind"), FOUND)
def test_find_places_names_the_place(text: str, lang: str, surface: str, name: str, admin1: str | None, kind: str):
    mentions = find_places(text, lang=lang)
    assert [(m.text, m.place.name, m.place.admin1, m.kind) for m in mentions] == [(surface, name, admin1, kind)]
    mention = mentions[0]
    assert text[mention.start : mention.end] == mention.text


NOT_PLACES = [
    ("Oral arguments were heard on Tuesday.", "en"),
    ("She gave an oral statement to the court.", "en"),
    ("Abai Kunanbaev wrote about justice.", "en"),
    ("The rally on Abai Avenue was dispersed.", "en"),
    ("Пикет прошел на улице Абая.", "ru"),
    ("Он процитировал Абая.", "ru"),
    ("Абай айтқандай, еңбек ет.", "kk"),
    ("Того же дня его отпустили.", "ru"),
    ("Его перевели в Петропавловск-Камчатский.", "ru"),
    ("The Aral Sea has shrunk.", "en"),
    ("Artists from the Altai mountains performed.", "en"),
    ("the karaganda plant and the almaty office", "en"),
    ("Академик Сатпаев основал институт.", "ru"),
    ("Алтай Ерланұлы ұсталды.", "kk"),
    ("Nursultan Nazarbayev spoke on television.", "en"),
    ("Teachers earn US$300 a month.", "en"),
    ("Статья 174 УК РК запрещает это.", "ru"),
    ("Око за око.", "ru"),
    ("На Уральском заводе прошло собрание.", "ru"),
]


@pytest.mark.parametrize(("text", "lang"), NOT_PLACES)
def test_find_places_skips_words_that_only_look_like_places(text: str, lang: str):
    assert find_places(text, lang=lang) == []


def test_find_places_returns_every_mention_in_order_with_offsets():
    text = "After Zhanaozen, strikes hit Aktau and the Atyrau region; Russia and China kept silent."
    mentions = find_places(text, lang="en")
    assert [(m.start, m.end, m.text, m.place.name, m.kind) for m in mentions] == [
        (6, 15, "Zhanaozen", "Zhanaozen", "city"),
        (29, 34, "Aktau", "Aktau", "city"),
        (43, 56, "Atyrau region", "Atyrau Region", "region"),
        (58, 64, "Russia", "Russia", "country"),
        (69, 74, "China", "China", "country"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_find_places_gives_each_caller_its_own_place():
    first = find_places("Strike in Aktau.", lang="en")[0]
    first.place.admin1 = "changed"
    second = find_places("Strike in Aktau.", lang="en")[0]
    assert second.place.admin1 == "Mangystau Region"
    assert isinstance(second, PlaceMention)


LOOKUPS = [
    ("Zhanaozen", None, "Zhanaozen", "Mangystau Region", "KZ"),
    ("Жаңаөзен", "kk", "Zhanaozen", "Mangystau Region", "KZ"),
    ("жанаозен", None, "Zhanaozen", "Mangystau Region", "KZ"),
    ("Новый Узень", "ru", "Zhanaozen", "Mangystau Region", "KZ"),
    ("Qaraghandy", None, "Karaganda", "Karaganda Region", "KZ"),
    ("Қарағанды облысы", "kk", "Karaganda Region", "Karaganda Region", "KZ"),
    ("Карагандинская область", "ru", "Karaganda Region", "Karaganda Region", "KZ"),
    ("  Nur-Sultan ", None, "Astana", "Astana", "KZ"),
    ("Акмола", "ru", "Astana", "Astana", "KZ"),
    ("Shevchenko", "en", "Aktau", "Mangystau Region", "KZ"),
    ("Leninogorsk", None, "Ridder", "East Kazakhstan Region", "KZ"),
    ("Зыряновск", "ru", "Altai", "East Kazakhstan Region", "KZ"),
    ("Petropavlovsk", None, "Petropavl", "North Kazakhstan Region", "KZ"),
    ("Shimkent", None, "Shymkent", "Shymkent", "KZ"),
    ("Kazakhstan", None, "Kazakhstan", None, "KZ"),
    ("Қырғызстан", "kk", "Kyrgyzstan", None, "KG"),
    ("Германия", "ru", "Germany", None, "DE"),
    ("Москве", "ru", "Moscow", "Moscow", "RU"),
]


@pytest.mark.parametrize(("name", "lang", "canonical", "admin1", "country"), LOOKUPS)
def test_lookup_place_accepts_any_spelling(
    name: str, lang: str | None, canonical: str, admin1: str | None, country: str
):
    place = lookup_place(name, lang=lang)
    assert place is not None
    assert (place.name, place.admin1, place.country) == (canonical, admin1, country)


@pytest.mark.parametrize("name", ["", "Atlantis", "забастовка", "Karaganda Plant"])
def test_lookup_place_returns_none_for_unknown_names(name: str):
    assert lookup_place(name) is None


def test_kazakhstan_table_covers_regions_and_towns_with_coordinates():
    from khronika.extract.gazetteer import load_index

    places = {e.place.name: e for e in load_index().entries.values() if e.place.country == "KZ"}
    regions = {name for name, e in places.items() if e.kind == "region"}
    assert len(regions) == 17
    assert {"Abai Region", "Jetisu Region", "Ulytau Region"} <= regions
    cities = [e.place for e in places.values() if e.kind == "city"]
    assert len(cities) >= 60
    assert all(p.lat is not None and 40 < p.lat < 56 and 46 < (p.lon or 0) < 88 for p in cities)


@pytest.mark.parametrize(
    ("stem", "forms"),
    [
        ("Уральск", {"Уральск", "Уральска", "Уральску", "Уральске"}),
        ("Тараз", {"Тараз", "Тараза", "Таразу", "Таразом", "Таразем", "Таразе"}),
        ("Караганда", {"Караганда", "Караганды", "Караганди", "Караганде", "Караганду", "Карагандой", "Карагандою"}),
        ("Костанай", {"Костанай", "Костаная", "Костанаю", "Костанаем", "Костанае"}),
        ("Алматы", {"Алматы"}),
    ],
)
def test_ru_forms_decline_by_ending(stem: str, forms: set[str]):
    assert ru_forms(stem) == forms


@pytest.mark.parametrize(
    ("stem", "locative", "dative", "ablative"),
    [
        ("Алматы", "Алматыда", "Алматыға", "Алматыдан"),
        ("Шымкент", "Шымкентте", "Шымкентке", "Шымкенттен"),
        ("Жаңаөзен", "Жаңаөзенде", "Жаңаөзенге", "Жаңаөзеннен"),
        ("Атырау", "Атырауда", "Атырауға", "Атыраудан"),
        ("Тараз", "Таразда", "Таразға", "Тараздан"),
    ],
)
def test_kk_forms_follow_vowel_harmony_and_assimilation(stem: str, locative: str, dative: str, ablative: str):
    forms = dict(kk_forms(stem))
    assert forms[locative] is True and forms[dative] is True and forms[ablative] is True
    assert forms[stem] is False


def test_region_codes_are_the_current_iso_3166_2_codes():
    import csv
    from importlib import resources

    import pycountry

    text = resources.files("khronika.extract").joinpath("data", "kz_places.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    ours = {row["iso"]: row["name"] for row in rows if row["iso"]}
    iso = {s.code for s in pycountry.subdivisions.get(country_code="KZ")}
    assert set(ours) == iso
    assert (ours["KZ-10"], ours["KZ-33"], ours["KZ-62"], ours["KZ-79"]) == (
        "Abai Region",
        "Jetisu Region",
        "Ulytau Region",
        "Shymkent",
    )
