"""Name keys, name comparison and the precision/recall of the name-matching table (issue 6)."""

from __future__ import annotations

import pytest

import khronika.resolve.names as names_module
from khronika.resolve import NameMatch, compare_names, find_matches, name_key
from tests.resolve.name_pairs import MATCHES, NEAR_MISSES, PAIRS


def precision_recall(pairs: list[tuple[str, str, bool]]) -> tuple[float, float]:
    """Precision and recall over the table; strong or weak counts as a predicted match."""
    predicted = [compare_names(a, b).strength != "none" for a, b, _ in pairs]
    true_pos = sum(1 for guess, (_, _, same) in zip(predicted, pairs, strict=True) if guess and same)
    precision = true_pos / max(1, sum(predicted))
    recall = true_pos / max(1, sum(1 for _, _, same in pairs if same))
    return precision, recall


def test_table_is_large_enough_and_has_both_kinds() -> None:
    assert len(PAIRS) >= 60
    assert len(MATCHES) >= 40
    assert len(NEAR_MISSES) >= 20
    assert all(same for _, _, same in MATCHES)
    assert not any(same for _, _, same in NEAR_MISSES)


def test_precision_and_recall_on_the_table() -> None:
    precision, recall = precision_recall(PAIRS)
    assert precision >= 0.95
    assert recall >= 0.95


def test_precision_recall_counts_a_wrong_guess() -> None:
    # The metric itself can fail: a table that calls a true match a miss lowers recall.
    precision, recall = precision_recall([("Калиев", "Калиева", True), ("Цой", "Tsoi", True)])
    assert (precision, recall) == (1.0, 0.5)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Нурсултан Назарбаев", "nursultan nazarbav"),
        ("Nursultan Nazarbayev", "nursultan nazarbav"),
        ("Noursoultan Nazarbaïev", "nursultan nazarbav"),
        ("Nazerbayev", "nazarbav"),
        ("Qasym-Jomart Toqaev", "kasimjomart tokav"),
        ("Kassym-Zhomart Tokayev", "kasimjomart tokav"),
        ("Dzhakishev", "jakishav"),
        ("Жақышев", "jakishav"),
        ("Saparğali", "sapargali"),
        ("Сапарғали", "sapargali"),
        ("Шыңғыс", "shingis"),
        ("Şyñğys", "shingis"),
        ("Щербаков", "sharbakov"),
        ("Цой", "coi"),
        ("Tsoi", "coi"),
        ("Алёна", "alana"),
        ("Alyona", "alana"),
        ("Юрий", "iuri"),
        ("Iurii", "iuri"),
        ("Yevgeniy", "evgani"),
        ("Евгений", "evgani"),
        ("Хаким", "hakim"),
        ("Khakim", "hakim"),
        ("Ильяс", "ilias"),
        ("Калиев", "kaliav"),
        ("Kaliyev", "kaliav"),
        ("Калиева", "kaliava"),
        ("Н.А. Назарбаев", "n a nazarbav"),
        ("«», 12", ""),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("a", "b", "strength"),
    [
        ("Нурсултан Назарбаев", "Nursultan Nazarbayev", "strong"),
        ("Назарбаев Нурсултан", "Nursultan Nazarbayev", "strong"),
        ("Ерлан Бекмуханович Сарсенбаев", "Erlan Sarsenbayev", "strong"),
        ("Нұрсұлтан Әбішұлы Назарбаев", "Нурсултан Абишевич Назарбаев", "strong"),
        ("Е. Калиев", "Ерлан Калиев", "weak"),
        ("Е. Калиев", "Е. Калиев", "weak"),
        ("Е. Калиев", "Калиев", "weak"),
        ("Н.А. Назарбаев", "Н. Назарбаев", "weak"),
        ("Н.А. Назарбаев", "Нурсултан Кабулович Назарбаев", "none"),
        ("Е. Калиев", "М. Калиев", "none"),
        ("Nursultan Nazerbayev", "Nursultan Nazarbayev", "weak"),
        ("Назарбаев", "Nursultan Nazarbayev", "weak"),
        ("Болат Атабаев", "Болат Атамбаев", "weak"),
        ("Калиев", "Калиева", "none"),
        ("Айгерим Сериковна Калиева", "Айгерим Серикович Калиева", "none"),
        ("Ерлан Калиев", "Марат Калиев", "none"),
        ("КНБ", "National Security Committee", "strong"),
        ("ТОО «Казахмыс»", "АО «Казахмыс»", "weak"),
        ("КНБ", "МВД", "none"),
    ],
)
def test_compare_names_strength(a: str, b: str, strength: str) -> None:
    assert compare_names(a, b).strength == strength
    assert compare_names(b, a).strength == strength


def test_compare_names_says_why() -> None:
    match = compare_names("Калиев", "Калиева")
    assert match == NameMatch(0.0, "none", "male and female forms: kaliev / kalieva")


def test_protected_person_is_never_a_strong_match() -> None:
    plain = compare_names("Nursultan Nazarbayev", "Назарбаев Нурсултан")
    guarded = compare_names("Nursultan Nazarbayev", "Назарбаев Нурсултан", protected={"Нұрсұлтан Назарбаев"})
    assert plain.strength == "strong"
    assert guarded.strength == "weak"
    assert guarded.score == plain.score
    assert guarded.reason.endswith("protected person, never linked alone")


def test_protection_leaves_other_people_alone() -> None:
    match = compare_names("Евгений Жовтис", "Yevgeniy Zhovtis", protected={"Нурсултан Назарбаев"})
    assert match.strength == "strong"


def test_find_matches_pairs_and_protection() -> None:
    names = [
        "Нурсултан Назарбаев",
        "Евгений Жовтис",
        "Nursultan Nazarbayev",
        "Yevgeniy Zhovtis",
        "Ерлан Калиев",
        "Е. Калиев",
        "Калиева",
    ]
    found = find_matches(names, protected={"Yevgeniy Zhovtis"})
    assert [(i, j, match.strength) for i, j, match in found] == [
        (0, 2, "strong"),
        (1, 3, "weak"),
        (4, 5, "weak"),
    ]


SYLLABLES = ["аб", "бек", "жан", "кен", "мур", "нур", "сар", "тал", "ус", "хан", "шал", "ор"]


def test_find_matches_compares_within_blocks_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1,728 surnames, all with the same given name: comparing every pair would be 1.5 million
    # comparisons; blocks by the surname's first letters keep it near 1,728 * 144.
    surnames = [a + b + c + "ов" for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
    names = [f"Ерлан {surname.capitalize()}" for surname in surnames]
    names += ["Мухтар Аблязов", "Mukhtar Ablyazov"]
    calls = []
    original = names_module._compare

    def counting(a: str, b: str) -> NameMatch:
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(names_module, "_compare", counting)
    found = find_matches(names)
    assert (len(names) - 2, len(names) - 1) in [(i, j) for i, j, _ in found]
    assert len(calls) < len(names) * 300
