"""Ingest speed: documents per second and peak memory for a folder of 3 KB reports into SQLite.

usage: python benchmarks/ingest_speed.py [--docs N] [--no-extract]
Prints one JSON object; the figures go to docs/benchmarks.md with the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from khronika.ingest.pipeline import IngestOptions, ingest_sources
from khronika.store.database import open_store

PARAGRAPHS = (
    "Рабочие нефтяного месторождения вышли на бессрочную забастовку, требуя повышения зарплаты. ",
    "Oil workers at the field stopped work and gathered outside the company office in the morning. ",
    "Мұнайшылар жалақыны көтеруді талап етіп, ереуілге шықты; жүздеген адам алаңға жиналды. ",
)


def _make_corpus(folder: Path, n_docs: int) -> None:
    for i in range(n_docs):
        body = "".join(PARAGRAPHS[(i + k) % 3] * 3 for k in range(4))
        (folder / f"report-{i:05d}.txt").write_text(f"Report {i}\n\n{body}", encoding="utf-8")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--no-extract", action="store_true", help="store documents without running the extractor")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        _make_corpus(corpus, args.docs)
        size_bytes = sum(p.stat().st_size for p in corpus.iterdir())
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        start = time.perf_counter()
        summary = ingest_sources([str(corpus)], store, options=IngestOptions(extract=not args.no_extract))
        elapsed_s = time.perf_counter() - start
        store.close()
    print(
        json.dumps(
            {
                "benchmark": "ingest_speed",
                "docs": summary.new,
                "extract": not args.no_extract,
                "events": summary.events,
                "mean_doc_bytes": size_bytes // args.docs,
                "seconds": round(elapsed_s, 2),
                "docs_per_s": round(summary.new / elapsed_s, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "python": platform.python_version(),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            }
        )
    )


if __name__ == "__main__":
    main()
