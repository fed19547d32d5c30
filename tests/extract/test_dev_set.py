"""The extraction issue's bar on the shared dev set, so that no change slips below it unseen.

Reads ../shared/data/gold-dev.jsonl beside the checkout, and skips when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from khronika.extract.gold import evaluate_gold

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gold-dev.jsonl"


@pytest.fixture(scope="module")
def score() -> dict:
    if not GOLD.is_file():
        pytest.skip(f"{GOLD} is absent (it lives in ../shared beside the checkout)")
    return evaluate_gold(str(GOLD))


def test_overall_type_and_strict_f1_meet_the_bar(score: dict) -> None:
    assert score["type"]["f1"] >= 0.80
    assert score["strict"]["f1"] >= 0.65


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_language_meets_the_type_f1_bar(score: dict, lang: str) -> None:
    assert score["per_language"][lang]["type"]["f1"] >= 0.75
