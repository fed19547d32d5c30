"""`khronika serve --workers N`: worker processes rebuilt from their environment, a pool per worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import anyio
import httpx
import pytest
from sqlalchemy import text

from khronika.settings import Settings
from khronika.store.database import open_store
from khronika.web.app import WORKER_THREADS, app_from_environment, size_pool, worker_environment

KEY = "x'" + "3c" * 32 + "'"  # a raw SQLCipher key, so opening skips the slow passphrase derivation
SECRET = "Wm9vbGFuZCBpcyBhIHJlYWwgcGxhY2UgYnV0IHRoaXMgaXMgbm90IGEgcmVhbCBzZWNyZXQ"
START_S = 90  # bounded wait for a server to answer (its workers import the app and open the file)


def test_the_workers_rebuild_the_same_settings_from_their_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    given = Settings(db="chronicle.db", tile_url="http://127.0.0.1:9000/{z}/{x}/{y}.png", require_totp=True)
    variables = worker_environment(given, key=KEY, secret=SECRET, demo=False)
    for name in list(os.environ):
        if name.startswith("KHRONIKA_"):
            monkeypatch.delenv(name)
    for name, value in variables.items():
        if value is not None:
            monkeypatch.setenv(name, value)
    rebuilt = Settings()
    assert (rebuilt.db, rebuilt.tile_url, rebuilt.require_totp, rebuilt.demo) == (
        str(tmp_path / "chronicle.db"),
        "http://127.0.0.1:9000/{z}/{x}/{y}.png",
        True,
        False,
    )
    assert rebuilt.database_key() == KEY  # typed at a prompt or read from a file: it travels as KHRONIKA_KEY
    assert rebuilt.secret_key is not None and rebuilt.secret_key.get_secret_value() == SECRET
    assert variables["KHRONIKA_KEY_FILE"] is None  # unset in the workers: the key itself is there


@pytest.mark.parametrize("demo", [True, False])
def test_every_worker_signs_with_the_parents_one_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo: bool
) -> None:
    db = tmp_path / "k.db"
    open_store(f"sqlite:///{db}").close()  # the parent migrates before any worker starts
    for name, value in worker_environment(Settings(db=str(db)), key=None, secret=SECRET, demo=demo).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    first, second = app_from_environment(), app_from_environment()
    try:
        assert [first.state.auth_secret, second.state.auth_secret] == [SECRET, SECRET]
        assert [getattr(app.state, "accounts_enabled", False) for app in (first, second)] == [not demo, not demo]
    finally:
        first.state.store.close()
        second.state.store.close()


def test_a_sized_pool_keeps_its_connections_and_their_pragmas(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
    try:
        size_pool(store, threads=7)
        engine = store._engine
        with engine.connect() as first, engine.connect() as second:
            # The connect hook still runs on the new pool's connections (foreign keys, WAL).
            pragmas = [conn.execute(text("PRAGMA foreign_keys")).scalar() for conn in (first, second)]
        assert (engine.pool.size(), pragmas, engine.pool.checkedin()) == (7, [1, 1], 2)  # type: ignore[attr-defined]
    finally:
        store.close()


def test_the_pool_is_as_large_as_anyios_thread_limit() -> None:
    async def limit() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert anyio.run(limit) == WORKER_THREADS


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_answering(server: subprocess.Popen[bytes], url: str, *, log: Path) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        try:
            server.wait(timeout=0.2)  # waits on the server itself: an early exit ends the loop at once
        except subprocess.TimeoutExpired:
            continue
        break
    server.kill()
    server.wait()
    output = log.read_text(errors="replace")
    pytest.fail(f"no answer from {url} within {START_S} s; server output:\n{output[-3000:]}")


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the workers from /proc (Linux)")
def test_two_workers_serve_an_encrypted_chronicle_without_the_key_on_any_command_line(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    key_file.chmod(0o600)
    db = tmp_path / "k.db"
    open_store(f"sqlite:///{db}", key=KEY).close()
    port = _free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("KHRONIKA_")}
    command = [sys.executable, "-m", "khronika", "--db", str(db), "--key-file", str(key_file)]
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*command, "serve", "--demo", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_answering(server, f"http://127.0.0.1:{port}/api/events", log=log)
        answers = [httpx.get(f"http://127.0.0.1:{port}{path}", timeout=30) for path in ("/", "/api/events")]
        workers = _children(server.pid)
        command_lines = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in [server.pid, *workers]]
        assert [r.status_code for r in answers] == [200, 200]
        assert answers[1].json()["total"] == 0
        assert len(workers) >= 2  # two workers (and multiprocessing's resource tracker)
        assert [KEY.encode() in line for line in command_lines] == [False] * len(command_lines)
    finally:
        server.terminate()
        server.wait(timeout=60)
