"""Speed of each extraction part on a 4 KB text: dates, places, Russian and Kazakh triggers.

usage: .venv/bin/python benchmarks/component_speed.py [--repeat N]

Each part runs once to warm its caches and models, then N times; prints milliseconds per 4 KB text.
These figures were timed tests once; timing belongs here, where a loaded machine cannot fail a build.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import date

from khronika.extract.dates import find_dates
from khronika.extract.places import find_places
from khronika.extract.rules import kk, ru

_RU = (
    "Вчера в Жанаозене полиция задержала троих активистов, а суд Мангистауской области оштрафовал их на 100 МРП. "
    "Рабочие объявили забастовку с 1 мая и провели пикет у акимата; 24 июня в Алматы прошёл митинг. "
)
_KK = (
    "Кеше Жаңаөзенде 300-ден астам мұнайшы ереуілге шықты, полиция үш белсендіні ұстады. "
    "2024 жылғы 15 наурызда Алматыда наразылық акциясы өтті, сот оларға айыппұл салды. "
)


def _four_kb(sentences: str) -> str:
    return (sentences * (4096 // len(sentences) + 1))[:4096]


def _ms_per_call(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up: models, caches
    start = time.perf_counter()
    for _ in range(repeat):
        run()
    return round((time.perf_counter() - start) / repeat * 1000, 2)


def main() -> None:
    """Time every part and print one JSON object of milliseconds per 4 KB text."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    ru_text, kk_text = _four_kb(_RU), _four_kb(_KK)
    published = date(2024, 7, 1)
    figures = {
        "find_dates ru": _ms_per_call(lambda: find_dates(ru_text, published=published, lang="ru"), args.repeat),
        "find_dates kk": _ms_per_call(lambda: find_dates(kk_text, published=published, lang="kk"), args.repeat),
        "find_places ru": _ms_per_call(lambda: find_places(ru_text, lang="ru"), args.repeat),
        "find_places kk": _ms_per_call(lambda: find_places(kk_text, lang="kk"), args.repeat),
        "ru.find_triggers": _ms_per_call(lambda: ru.find_triggers(ru_text, 0, len(ru_text)), args.repeat),
        "kk.find_triggers": _ms_per_call(lambda: kk.find_triggers(kk_text, 0, len(kk_text)), args.repeat),
    }
    print(json.dumps({"benchmark": "component_speed", "ms_per_4kb_text": figures}, ensure_ascii=False))


if __name__ == "__main__":
    main()
