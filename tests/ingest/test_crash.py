"""An ingest killed with SIGKILL mid-batch leaves whole documents only, and a second run completes it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3

from khronika.records import sha256_hex
from khronika.store.database import open_store

N_DOCS = 600
DEADLINE_S = 120.0

pytestmark = pytest.mark.slow


def _files(folder: Path) -> dict[str, str]:
    """A folder of distinct reports, each with a word found in no other."""
    folder.mkdir()
    tokens = {}
    for i in range(N_DOCS):
        token = f"маркер{i:04d}"
        (folder / f"report-{i:04d}.txt").write_text(
            f"Сообщение {i}. Рабочие шахты вышли на пикет у акимата, {token}. Police detained {i % 7} activists.",
            encoding="utf-8",
        )
        tokens[token] = f"report-{i:04d}.txt"
    return tokens


def _telegram(folder: Path) -> dict[str, str]:
    """A Telegram export with many messages, each with a word found in no other."""
    folder.mkdir()
    messages, tokens = [], {}
    for i in range(N_DOCS):
        token = f"белгі{i:04d}"
        messages.append(
            {"id": i + 1, "type": "message", "date": "2025-05-01T09:00:00", "from": "Арна", "text": f"Ереуіл {token}."}
        )
        tokens[token] = f"telegram:4242/{i + 1}"
    export = {"name": "Арна", "type": "public_channel", "id": 4242, "messages": messages}
    (folder / "result.json").write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return tokens


def _ingest(db: Path, source: Path, log: Path) -> subprocess.Popen[bytes]:
    """Start `khronika ingest --json`, its output going to files (pipes would need draining)."""
    with (log.with_suffix(".out")).open("wb") as out, (log.with_suffix(".err")).open("wb") as errors:
        return subprocess.Popen(
            [sys.executable, "-m", "khronika", "--db", str(db), "ingest", str(source), "--json"],
            stdout=out,
            stderr=errors,
        )


def _count(db: Path) -> int:
    """Count stored documents through a read-only connection, which cannot disturb the ingest it watches."""
    if not db.exists():
        return 0
    conn = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlcipher3.DatabaseError:  # no schema yet in the first instants, or a write holds the lock
        return 0
    finally:
        conn.close()


def _kill_midway(proc: subprocess.Popen[bytes], db: Path, log: Path) -> int:
    """Kill the process once some, but not all, documents are stored; return how many were."""
    start = time.monotonic()
    while time.monotonic() - start < DEADLINE_S:
        stored = _count(db)
        if stored >= 20:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return _count(db)
        if proc.poll() is not None:
            output = log.with_suffix(".out").read_text() + log.with_suffix(".err").read_text()
            raise AssertionError(f"ingest ended ({proc.returncode}) before it could be killed: {output}")
    proc.kill()
    proc.wait()
    raise AssertionError("ingest stored nothing within the deadline")


@pytest.mark.parametrize("make_source", [_files, _telegram], ids=["folder", "telegram"])
def test_killed_ingest_leaves_whole_documents_and_a_rerun_completes(
    tmp_path: Path, make_source: Callable[[Path], dict[str, str]]
) -> None:
    db = tmp_path / "chronicle.db"
    source = tmp_path / "source"
    tokens = make_source(source)

    stored_before_kill = _kill_midway(_ingest(db, source, tmp_path / "first"), db, tmp_path / "first")
    assert 0 < stored_before_kill < N_DOCS, "the kill must land mid-batch"

    rerun = _ingest(db, source, tmp_path / "second")
    assert rerun.wait(timeout=DEADLINE_S) == 0, (tmp_path / "second.err").read_text()
    summary = json.loads((tmp_path / "second.out").read_text())
    assert summary["failed"] == []
    assert summary["new"] + summary["duplicate"] == N_DOCS
    assert summary["duplicate"] >= stored_before_kill

    store = open_store(f"sqlite:///{db}")
    try:
        docs = store.list_documents(limit=N_DOCS * 2)
        assert len(docs) == N_DOCS == store.count_documents()
        for doc in docs:
            original = store.get_original(doc.sha256)
            assert original is not None and sha256_hex(original) == doc.sha256
        for token, origin in tokens.items():
            hits = [h for h in store.search(token, limit=5) if h.kind == "document"]
            assert len(hits) == 1, f"{token} ({origin}) found {len(hits)} times"
    finally:
        store.close()
