"""Russian actors: names put in the nominative, person/organisation/group kinds, per-document NER reused."""

import pytest

from khronika.extract.rules.ru_actors import (
    find_actors_ru,
    find_actors_ru_document,
    normalise_organisation,
    normalise_person,
)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Ерлана Калиева", "Ерлан Калиев"),
        ("Ерланом Калиевым", "Ерлан Калиев"),
        ("Нурлану Калиеву", "Нурлан Калиев"),
        ("Жанболата Мамая", "Жанболат Мамай"),
        ("Максата Илиясулы", "Максат Илиясулы"),
        ("Сергея Ивановича Петрова", "Сергей Иванович Петров"),
        ("Дариги Назарбаевой", "Дарига Назарбаева"),
        ("Анастасию Медникову", "Анастасия Медникова"),
        ("Анастасия Медникова", "Анастасия Медникова"),
        ("Елену Толстую", "Елена Толстая"),
        ("Алексея Окопного", "Алексей Окопный"),
        ("Игоря Ковальского", "Игорь Ковальский"),
        ("Михаила Воронцова", "Михаил Воронцов"),
        ("Айгерим Тлеужан", "Айгерим Тлеужан"),
        ("Шыныбек Кушалиев", "Шыныбек Кушалиев"),
        ("Калиевым", "Калиев"),
        ("Нины Ивановой", "Нина Иванова"),
        # Kazakh case suffixes
        ("Ерлан Сәрсенбаевты", "Ерлан Сәрсенбаев"),
        ("Ерланды Сәрсенбаевты", "Ерлан Сәрсенбаев"),
        ("Баймағамбетовтың", "Баймағамбетов"),
        ("Айгүл Нұрланқызы Жақсылықоваға", "Айгүл Нұрланқызы Жақсылықова"),
        ("Ерлан Бекмұханұлы Сәрсенбаевтың", "Ерлан Бекмұханұлы Сәрсенбаев"),
    ],
)
def test_person_names_in_the_nominative(raw: str, name: str) -> None:
    assert normalise_person(raw) == name


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Верховного суда", "Верховный суд"),
        ("Медеуского районного суда", "Медеуский районный суд"),
        ("ОМОНа", "ОМОН"),
        ("Конфедерации независимых профсоюзов", "Конфедерация независимых профсоюзов"),
        ("партии «Ак жол»", "партия «Ак жол»"),
        ("«Ак жол", "Ак жол"),
        ("«Новая газета»", "Новая газета"),
    ],
)
def test_organisation_names_in_the_nominative(raw: str, name: str) -> None:
    assert normalise_organisation(raw) == name


def _kinds(sentence: str) -> list[tuple[str, str]]:
    return [(m.name, m.kind) for m in find_actors_ru(sentence, 0, len(sentence))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Полицейские задержали Ерлана Калиева у здания акимата.",
            [("полицейские", "organisation"), ("Ерлан Калиев", "person"), ("акимат", "organisation")],
        ),
        (
            "Медеуский районный суд оштрафовал активистов.",
            [("Медеуский районный суд", "organisation"), ("активисты", "group")],
        ),
        (
            "Нефтяники и шахтёры поддержали бастующих рабочих.",
            [("нефтяники", "group"), ("шахтёры", "group"), ("рабочие", "group")],
        ),
        ("Жители посёлка вышли на митинг.", [("жители", "group")]),
        (
            "Заключённые объявили голодовку, участники акции их поддержали.",
            [("заключённые", "group"), ("участники", "group")],
        ),
        ("Задержанных доставили в отдел.", [("задержанные", "group")]),
        ("Сотрудники полиции задержали журналистов.", [("полиция", "organisation"), ("журналисты", "group")]),
        ("Сотрудники КНБ провели обыск.", [("КНБ", "organisation")]),
        ("Омоновцы разогнали митинг.", [("ОМОН", "organisation")]),
        ("Бастующих рабочих уволили.", [("рабочие", "group")]),
        ("Активист пришёл один.", []),
    ],
)
def test_kinds_and_groups(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _kinds(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Белсенділерді полиция ұстады.", [("белсенділер", "group"), ("полиция", "organisation")]),
        ("Полиция бес белсендіні ұстады.", [("полиция", "organisation"), ("белсенділер", "group")]),
        ("Мұнайшылар ереуілге шықты.", [("мұнайшылар", "group")]),
        ("Жиырма тұрғын жиналды.", [("тұрғындар", "group")]),
        ("Үш журналист ұсталды.", [("журналистер", "group")]),
        ("Белсенді жалғыз келді.", []),
        ("Полиция қызметкерлері белсенділерді ұстады.", [("полиция", "organisation"), ("белсенділер", "group")]),
        ("Аудандық сот белсендіге айыппұл салды.", [("аудандық сот", "organisation")]),
        ("Белсенділерді полицияға апарды.", [("белсенділер", "group"), ("полиция", "organisation")]),
        ("Әкімдік митингіні келіспеді.", [("әкімдік", "organisation")]),
        ("Белсенділер прокуратураға шағым түсірді.", [("белсенділер", "group"), ("прокуратура", "organisation")]),
    ],
)
def test_kazakh_groups(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _kinds(sentence) == expected


def test_sentence_filters_the_document_result() -> None:
    text = "Суд арестовал Нурлана Калиева. Активисты провели пикет у здания акимата."
    doc = find_actors_ru_document(text)
    second = text.index("Активисты")
    in_second = find_actors_ru(text, second, len(text))
    assert [(m.name, m.kind) for m in doc] == [
        ("суд", "organisation"),
        ("Нурлан Калиев", "person"),
        ("активисты", "group"),
        ("акимат", "organisation"),
    ]
    assert [m.start for m in in_second] == [second, text.index("акимата")]
    assert in_second == [m for m in doc if m.start >= second]
