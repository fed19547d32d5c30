"""The storage protection commands as a user drives them: audit verify, evidence, backup, restore, rekey."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from khronika.cli import app
from khronika.store.crypto import database_state
from khronika.store.database import create_engine_for

runner = CliRunner()
KEY = "x'1111111111111111111111111111111111111111111111111111111111111111'"
NEW_KEY = "x'2222222222222222222222222222222222222222222222222222222222222222'"


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _key_file(path: Path, key: str) -> Path:
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def encrypted(tmp_path: Path) -> tuple[Path, Path]:
    """An encrypted database with two ingested reports, and its key file."""
    db, key = tmp_path / "k.db", _key_file(tmp_path / "key", KEY)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text("Almaty, 3 June 2025\n\nPolice detained twelve protesters.", encoding="utf-8")
    (reports / "b.txt").write_text("Astana, 4 June 2025\n\nWorkers went on strike.", encoding="utf-8")
    code, output = _run("--db", str(db), "--key-file", str(key), "ingest", str(reports), "--no-progress")
    assert code == 0, output
    return db, key


def test_audit_verify_passes_then_names_a_changed_entry(encrypted: tuple[Path, Path]) -> None:
    db, key = encrypted
    code, output = _run("--db", str(db), "--key-file", str(key), "audit", "verify")
    assert (code, output.split(";")[0]) == (0, "audit log intact: 2 entries")
    head = output.strip().rsplit(" ", 1)[1]
    assert len(head) == 64
    assert _run("--db", str(db), "--key-file", str(key), "audit", "verify", "--anchor", head)[0] == 0
    engine = create_engine_for(f"sqlite:///{db}", key=KEY)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'someone' WHERE id = 1"))
    finally:
        engine.dispose()
    code, output = _run("--db", str(db), "--key-file", str(key), "audit", "verify")
    assert (code, output) == (
        1,
        "audit log broken: audit entry 1 was altered or forged: its contents do not match its hash\n",
    )


def test_without_the_key_the_command_says_how_to_give_it(encrypted: tuple[Path, Path]) -> None:
    db, _ = encrypted
    code, output = _run("--db", str(db), "audit", "verify")
    assert code == 2
    assert f"error: {db} is encrypted (or is not an SQLite file); give its key in KHRONIKA_KEY" in output


def test_key_from_the_environment(encrypted: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = encrypted
    monkeypatch.setenv("KHRONIKA_KEY", KEY)
    assert _run("--db", str(db), "evidence", "verify") == (
        0,
        "2 originals checked: 0 problems, 0 without stored bytes\n",
    )


def test_evidence_manifest_and_verify(encrypted: tuple[Path, Path], tmp_path: Path) -> None:
    db, key = encrypted
    code, output = _run("--db", str(db), "--key-file", str(key), "evidence", "manifest")
    lines = [json.loads(line) for line in output.splitlines()]
    assert code == 0
    assert [(e["document"], len(e["sha256"]), e["media_type"]) for e in lines] == [
        (1, 64, "text/plain"),
        (2, 64, "text/plain"),
    ]
    manifest = tmp_path / "manifest.jsonl"
    assert _run("--db", str(db), "--key-file", str(key), "evidence", "manifest", "--output", str(manifest)) == (
        0,
        f"2 originals listed in {manifest}\n",
    )
    engine = create_engine_for(f"sqlite:///{db}", key=KEY)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE originals SET content = CAST('forged' AS BLOB) WHERE sha256 = :s"),
                {"s": lines[1]["sha256"]},
            )
    finally:
        engine.dispose()
    code, output = _run("--db", str(db), "--key-file", str(key), "evidence", "verify", "--manifest", str(manifest))
    forged = hashlib.sha256(b"forged").hexdigest()
    assert code == 1
    assert output.splitlines() == [
        f"document 2 ({lines[1]['sha256']}): altered: the bytes now hash to {forged}",
        "2 originals checked: 1 problems, 0 without stored bytes",
    ]


def test_backup_restore_rekey(encrypted: tuple[Path, Path], tmp_path: Path) -> None:
    db, key = encrypted
    backup = tmp_path / "k.kbak"
    code, output = _run("--db", str(db), "--key-file", str(key), "backup", str(backup))
    assert (code, output) == (0, f"backup written: {backup} (2 documents, 2 entries, chain intact)\n")
    assert database_state(backup) == "encrypted"
    restored = tmp_path / "restored.db"
    code, output = _run("--db", str(restored), "--key-file", str(key), "restore", str(backup))
    assert (code, output) == (0, f"restored 2 documents into {restored} (2 entries, chain intact)\n")
    code, output = _run("--db", str(restored), "--key-file", str(key), "restore", str(backup))
    assert code == 2
    assert "already holds a database (2 documents, 2 audit entries); give --force to replace it" in output
    assert _run("--db", str(restored), "--key-file", str(key), "restore", str(backup), "--force")[0] == 0

    new_key = _key_file(tmp_path / "new-key", NEW_KEY)
    code, output = _run("--db", str(db), "--key-file", str(key), "rekey", "--new-key-file", str(new_key))
    assert code == 0, output
    assert _run("--db", str(db), "--key-file", str(key), "audit", "verify")[0] == 2
    code, output = _run("--db", str(db), "--key-file", str(new_key), "audit", "verify")
    # The backup and the rekey are in the log too.
    assert (code, output.split(";")[0]) == (0, "audit log intact: 4 entries")


def test_backup_of_postgres_points_to_pg_dump(tmp_path: Path) -> None:
    code, output = _run("--db", "postgresql://nobody@127.0.0.1:1/none", "backup", str(tmp_path / "b"))
    assert code == 2
    assert "khronika backup works on SQLite files; back up PostgreSQL with pg_dump and pg_restore" in output


def test_rekey_without_a_terminal_asks_for_a_key_file(encrypted: tuple[Path, Path]) -> None:
    db, key = encrypted
    assert _run("--db", str(db), "--key-file", str(key), "rekey") == (
        2,
        "error: no terminal to ask for the new key in; give --new-key-file FILE (chmod 600)\n",
    )
