"""Our Kazakh stemmer: suffixes peeled with vowel harmony, roots kept apart, text without Kazakh letters."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khronika.extract.rules import lexicon_kk
from khronika.extract.stem_kk import ROOTS, fold_kk, stem_kk, stem_kk_folded


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("ұсталды", "ұста"),
        ("ұстады", "ұста"),
        ("ұсталған", "ұста"),
        ("ұстауға", "ұста"),
        ("ереуілге", "ереуіл"),
        ("ереуілдің", "ереуіл"),
        ("ереуілде", "ереуіл"),
        ("ереуілшілер", "ереуілші"),
        ("жазаланды", "жаза"),
        ("жазасын", "жаза"),
        ("айыппұл", "айыппұл"),
        ("айыппұлға", "айыппұл"),
        ("салынды", "сал"),
        ("босатылды", "босат"),
        ("босатылмады", "босат"),
        ("наразылығын", "наразылық"),
        ("наразылық", "наразылық"),
        ("тінту", "тінт"),
        ("тінтілді", "тінт"),
        ("бұғатталды", "бұғатта"),
        ("сотталды", "соттал"),
        ("сотта", "сот"),
        ("соттың", "сот"),
        ("қамауға", "қамау"),
        ("тұтқындалды", "тұтқын"),
        ("тұтқындар", "тұтқын"),
        ("қозғалды", "қозға"),
        ("тағылды", "тақ"),
        ("айыбы", "айып"),
        ("ақталды", "ақтал"),
        ("митингке", "митинг"),
        ("митингілер", "митинг"),
        ("пикетке", "пикет"),
        ("шеруге", "шеру"),
        ("жариялады", "жария"),
        ("азаптады", "азапта"),
        ("қорқытты", "қорқыт"),
        ("өлтірілді", "өлтір"),
        ("жұмыстан", "жұмыс"),
        ("шығарылды", "шығар"),
        ("шықты", "шық"),
        ("шығып", "шық"),
        ("үйлерді", "үй"),
        ("үйден", "үй"),
    ],
)
def test_stems(word: str, stem: str) -> None:
    assert stem_kk(word) == stem


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # roots that only look like an inflected trigger stay apart from it
        ("ұстаздар", "ұстаз"),
        ("ұстанды", "ұстан"),
        ("ұрандар", "ұран"),
        ("Ақтауда", "ақтау"),
    ],
)
def test_lookalike_roots_stay_apart(word: str, stem: str) -> None:
    assert stem_kk(word) == stem


@pytest.mark.parametrize(
    ("word", "folded_stem"),
    [
        ("устады", "уста"),
        ("ереуилге", "ереуил"),
        ("айыппулга", "айыппул"),
        ("тинтилди", "тинт"),
        ("ереуiлге", "ереуил"),  # Latin i typed for і
        ("ұcтaлды", "уста"),  # Latin c and a typed inside a Cyrillic word
        ("қəмауға", "камау"),  # Latin schwa typed for ә
        ("ҰСТАЛДЫ", "уста"),
    ],
)
def test_text_without_kazakh_letters(word: str, folded_stem: str) -> None:
    assert stem_kk_folded(word) == folded_stem


@pytest.mark.parametrize(("word", "stem"), [("кеңсеге", "кеңсе"), ("азаматтардың", "азамат"), ("қалалар", "қала")])
def test_unknown_and_plain_words_lose_only_their_inflection(word: str, stem: str) -> None:
    assert stem_kk(word) == stem


def test_fold_maps_every_kazakh_letter() -> None:
    assert fold_kk("ӘҒҚҢӨҰҮҺІ әғқңөұүһі") == "агкноуухи агкноуухи"
    assert fold_kk("ə i y") == "а и у"


def test_every_lexicon_stem_is_a_known_root() -> None:
    stems = set()
    for _type, pattern, _conf in lexicon_kk.PATTERNS:
        for slot in pattern.split():
            stems.update(a for a in slot.removeprefix("!").split("|") if a[0] not in "=^")
    assert sorted(stems - ROOTS) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшыіэюя", min_size=1, max_size=20))
def test_a_stem_is_a_beginning_of_the_folded_word_or_unvoiced_one(word: str) -> None:
    folded, stem = fold_kk(word), stem_kk_folded(word)
    assert stem and (folded.startswith(stem) or folded.startswith(stem[:-1]))
