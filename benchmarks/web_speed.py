"""Web speed: latency of the chronicle, search, map and statistics pages over a large SQLite chronicle.

usage: python benchmarks/web_speed.py [--events 100000] [--docs 30000] [--clients 8] [--requests 40]
       [--workers 1] [--db PATH] [--pages NAME ...] [--as ROLE]

Builds a database of generated documents and events with bulk inserts (not through the ingest
pipeline, which would take an hour), serves it with uvicorn (WORKERS processes) on a local port, and has CLIENTS
threads, each with its own httpx client, fetch every page REQUESTS times. Prints one JSON object
with p50/p95 per page, the load average before and after each page, the machine and the commit;
the figures go to docs/benchmarks.md. Each worker is set up as `khronika serve` sets one up (its
pool sized by size_pool); by default it serves the local owner, as `serve --demo` does, and
`--as ROLE` serves every request as a signed-in account of that role instead (redaction and the
viewer's own search included; the session lookup is not).
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import platform
import random
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import insert, text

from khronika.protect.roles import Viewer
from khronika.publish.selection import AUDIENCES, viewer_for_role
from khronika.records import EVENT_TYPES, sha256_hex
from khronika.settings import Settings
from khronika.store import open_store
from khronika.store.database import create_engine_for
from khronika.store.schema import documents, events, evidence, originals, places
from khronika.store.search import index_text
from khronika.web.app import WORKER_THREADS, create_app, size_pool

GAZETTEER = Path(__file__).resolve().parent.parent / "khronika" / "extract" / "data" / "kz_places.tsv"
SENTENCES = (
    "Рабочие месторождения {n} вышли на забастовку и потребовали повысить зарплату на {p} процентов.",
    "Полиция задержала {n} участников мирного митинга у здания акимата.",
    "Oil workers at field {n} stopped work on Monday, demanding a {p} percent raise.",
    "Police detained {n} activists after a peaceful rally near the city administration.",
    "Мұнайшылар {n} кеніште ереуілге шықты, жалақыны {p} пайызға көтеруді талап етті.",
    "Сот белсендіні {n} тәулікке әкімшілік қамауға алды.",
)
PAGES = {
    "chronicle": "/",
    "chronicle, type and region filter": "/?type=strike&region=Mangystau+Region",
    "chronicle, search q=забастовку": "/?q=%D0%B7%D0%B0%D0%B1%D0%B0%D1%81%D1%82%D0%BE%D0%B2%D0%BA%D1%83",
    "search page q=забастовку": "/search?q=%D0%B7%D0%B0%D0%B1%D0%B0%D1%81%D1%82%D0%BE%D0%B2%D0%BA%D1%83",
    "map": "/map",
    "statistics": "/stats",
}
CHUNK = 5000


def _places() -> list[dict[str, Any]]:
    with GAZETTEER.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["lat"] and r["kind"] != "region"]
    return [
        {
            "id": i + 1,
            "name": r["name"],
            "admin1": r["admin1"],
            "country": "KZ",
            "lat": float(r["lat"]),
            "lon": float(r["lon"]),
        }
        for i, r in enumerate(rows)
    ]


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _text(rng: random.Random, n_sentences: int) -> str:
    return " ".join(
        rng.choice(SENTENCES).format(n=rng.randint(2, 900), p=rng.randint(10, 80)) for _ in range(n_sentences)
    )


def build(url: str, *, n_docs: int, n_events: int, seed: int = 1) -> None:
    """Fill a migrated, empty database with generated documents, events, evidence and their search rows."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    place_rows = _places()
    first_day = date(2011, 1, 1)
    span_days = (date(2026, 10, 31) - first_day).days
    doc_rows, original_rows, doc_search = [], [], []
    for i in range(1, n_docs + 1):
        body = f"Report {i}\n\n" + _text(rng, 12)
        digest = sha256_hex(body.encode("utf-8"))
        original_rows.append({"sha256": digest, "content": None, "size_bytes": len(body), "media_type": "text/plain"})
        folded = index_text(f"Report {i}", body)
        doc_rows.append(
            {
                "id": i,
                "sha256": digest,
                "source_kind": "text",
                "uri": f"file:///bench/report-{i}.txt",
                "title": f"Report {i}",
                "published": (first_day + timedelta(days=rng.randrange(span_days))).isoformat(),
                "retrieved_at": now,
                "language": rng.choice(("ru", "en", "kk")),
                "text": body,
                "meta": {},
                "text_folded": folded,
            }
        )
        doc_search.append({"id": i, "body": folded})
    event_rows, evidence_rows, event_search = [], [], []
    for i in range(1, n_events + 1):
        place = rng.choice(place_rows)
        kind = rng.choice(EVENT_TYPES)
        doc_id = rng.randint(1, n_docs)
        quote = _text(rng, 1)
        folded = index_text(kind, place["name"], place["admin1"], quote)
        event_rows.append(
            {
                "id": i,
                "document_id": doc_id,
                "type": kind,
                "date": (first_day + timedelta(days=rng.randrange(span_days))).isoformat(),
                "place_id": place["id"],
                "size": rng.choice((None, rng.randint(3, 3000))),
                "details": {},
                "confidence": 0.8,
                "review": rng.choices(("proposed", "confirmed", "rejected"), weights=(6, 3, 1))[0],
                "extractor": "bench/1",
                "created_at": now,
                "updated_at": now,
                "text_folded": folded,
            }
        )
        evidence_rows.append({"event_id": i, "document_id": doc_id, "start": 0, "end": len(quote), "text": quote})
        event_search.append({"id": i, "body": folded})
    engine = create_engine_for(url)  # the store's own driver: sqlcipher3's SQLite has the FTS5 options we use
    with engine.begin() as conn:
        conn.execute(insert(places), place_rows)
        for table, rows in ((originals, original_rows), (documents, doc_rows), (events, event_rows)):
            for chunk in _chunks(rows):
                conn.execute(insert(table), chunk)
        for chunk in _chunks(evidence_rows):
            conn.execute(insert(evidence), chunk)
        for fts, rows in (("documents_fts", doc_search), ("events_fts", event_search)):
            for chunk in _chunks(rows):
                conn.execute(text(f"INSERT INTO {fts}(rowid, body) VALUES (:id, :body)"), chunk)
        conn.execute(text("ANALYZE"))
    engine.dispose()


def _serve(url: str, sock: socket.socket, viewer: Viewer | None) -> None:
    # One worker process: its own store and app on the listening socket the parent opened.
    store = open_store(url)
    size_pool(store, threads=WORKER_THREADS)
    app = create_app(store, settings=Settings())
    if viewer is not None:
        app.state.accounts_enabled = True

        @app.middleware("http")
        async def sign_in(request: Any, call_next: Any) -> Any:
            request.state.viewer = viewer  # what a valid session cookie sets
            request.state.user = viewer.name
            return await call_next(request)

    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


@contextmanager
def serving(url: str, *, workers: int = 1, viewer: Viewer | None = None) -> Iterator[tuple[str, list[int]]]:
    """Serve the database with uvicorn in `workers` processes of their own; yield the base URL and their pids.

    Processes, not a thread: the client threads would otherwise share the server's interpreter
    lock and the figures would time the clients' Python as much as the server's.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(256)  # connections wait in the backlog until a worker accepts them
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_serve, args=(url, sock, viewer), daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", [p.pid for p in processes if p.pid is not None]
    finally:
        for process in processes:
            process.terminate()
            process.join(timeout=10)
        sock.close()


def _cpu_s(pids: list[int]) -> float | None:
    """Return the CPU seconds (user and system) these processes used so far, or None without /proc."""
    total = 0
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat(5)
    except OSError:
        return None
    return total / os.sysconf("SC_CLK_TCK")


def measure(base: str, path: str, *, clients: int, requests: int, pids: list[int]) -> dict[str, Any]:
    """Fetch `path` requests times from each of `clients` threads at once; return latency figures in ms.

    `server_cpu_ms` is the server processes' CPU time a request: unlike the latencies it hardly
    moves when other jobs load the machine, so figures from a busy machine can still be compared.
    """

    def one_client(_: int) -> list[float]:
        timings = []
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
        return timings

    # Warm the caches and the pool before the clock matters: every client at once, so each worker
    # opens (and fills the cache of) as many connections as the measured run will use. A server
    # that runs for days has them warm; a first view on a new connection counts 100,000 events.
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one_client, range(clients)))
    load_before = os.getloadavg()[0]  # other jobs on the machine slow every figure: say how busy it was
    cpu_before = _cpu_s(pids)
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        timings = sorted(t for batch in pool.map(one_client, range(clients)) for t in batch)
    wall_s = time.perf_counter() - start
    cpu_after = _cpu_s(pids)
    cpu_ms = None if cpu_before is None or cpu_after is None else (cpu_after - cpu_before) * 1000 / len(timings)
    return {
        "path": path,
        "load_average": f"{load_before:.1f} → {os.getloadavg()[0]:.1f}",
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1),
        "requests_per_s": round(len(timings) / wall_s, 1),
        "server_cpu_ms": None if cpu_ms is None else round(cpu_ms, 1),
    }


def _commit() -> str:
    try:
        found = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    return found.stdout.strip() or "unknown"


def main() -> None:
    """Build, serve, measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--docs", type=int, default=30_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40, help="requests per client and page")
    parser.add_argument("--db", type=Path, help="keep the generated database here and reuse it when it exists")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes serving the pages")
    parser.add_argument("--pages", nargs="*", choices=sorted(PAGES), help="measure only these pages")
    parser.add_argument("--as", dest="role", choices=AUDIENCES, help="serve as a signed-in account of this role")
    args = parser.parse_args()
    wanted = {name: PAGES[name] for name in args.pages or PAGES}
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        url = f"sqlite:///{path}"
        build_s = 0.0
        fresh = not path.exists()
        store = open_store(url)
        if fresh:
            store.migrate()
            start = time.perf_counter()
            build(url, n_docs=args.docs, n_events=args.events)
            build_s = time.perf_counter() - start
        else:
            store.migrate()  # a database kept from an earlier run gets the newer migrations (indexes)
        store.close()
        viewer = viewer_for_role(args.role, name="bench") if args.role else None
        with serving(url, workers=args.workers, viewer=viewer) as (base, pids):
            pages = {
                name: measure(base, page, clients=args.clients, requests=args.requests, pids=pids)
                for name, page in wanted.items()
            }
    result = {
        "benchmark": "web_speed",
        "events": args.events,
        "docs": args.docs,
        "clients": args.clients,
        "workers": args.workers,
        "as": args.role or "local owner (serve --demo)",
        "build_s": round(build_s, 1),
        "pages": pages,
        "machine": f"{platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}",
        "commit": _commit(),
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
