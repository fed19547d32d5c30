"""Precision and recall of name matching on the table in tests/resolve/name_pairs.py (issue 6).

usage: .venv/bin/python benchmarks/name_matching.py [--names N]

A pair counts as a predicted match when compare_names calls it strong or weak (weak matches go to
the review queue, so a person still sees them); the strong-only figures are printed beside, and
every pair the matcher gets wrong is listed. Then times find_matches on a generated list of names.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the table lives in the tests package

from khronika.resolve import compare_names, find_matches  # noqa: E402
from tests.resolve.name_pairs import PAIRS  # noqa: E402

SYLLABLES = "аб бек жан кен мур нур сар тал ус хан шал ор ай бол ерм иса кул дос тур сей".split()
GIVEN = ["Ерлан", "Айгерим", "Марат", "Серик", "Асель", "Нурлан"]


def _scores(predicted: list[bool]) -> tuple[float, float]:
    true_pos = sum(1 for guess, (_, _, same) in zip(predicted, PAIRS, strict=True) if guess and same)
    positives = sum(1 for _, _, same in PAIRS if same)
    return true_pos / max(1, sum(predicted)), true_pos / max(1, positives)


def report_table() -> None:
    """Print precision and recall over the table, and the pairs it gets wrong."""
    matches = [compare_names(a, b) for a, b, _ in PAIRS]
    for label, accept in (("strong or weak", {"strong", "weak"}), ("strong only", {"strong"})):
        precision, recall = _scores([match.strength in accept for match in matches])
        print(f"{label:15} precision {precision:.3f}  recall {recall:.3f}  ({len(PAIRS)} pairs)")
    for (a, b, same), match in zip(PAIRS, matches, strict=True):
        if (match.strength != "none") != same:
            print(f"  wrong: {a!r} / {b!r} expected {same}, got {match}")


def report_speed(count: int) -> None:
    """Time find_matches on count generated names (surnames from syllables)."""
    surnames = [a + b + c + "ов" for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
    names = [f"{GIVEN[n % len(GIVEN)]} {surnames[n % len(surnames)].capitalize()}" for n in range(count)]
    started = time.perf_counter()
    found = find_matches(names)
    elapsed = time.perf_counter() - started
    print(f"find_matches: {count} names, {len(found)} pairs found in {elapsed:.2f} s")


def main(argv: list[str]) -> int:
    """Print the table's figures and the blocking speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=5000, help="names for the speed run")
    args = parser.parse_args(argv)
    report_table()
    report_speed(args.names)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
