"""`khronika resolve [--dry-run] [--json]`: link and merge what ingest left apart (issue 6)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from khronika.cli import app
from khronika.ingest.pipeline import IngestOptions, ingest_sources
from khronika.store import open_store
from tests.resolve.test_same_events import REPORTS

runner = CliRunner()


def test_resolve_dry_run_then_for_real_then_nothing_left(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "k.db"
    with open_store(f"sqlite:///{db}") as store:
        ingest_sources([str(folder)], store, options=IngestOptions(resolve=False))
    counts = []
    for args in (["--dry-run", "--json"], ["--json"], ["--json"]):
        result = runner.invoke(app, ["--db", str(db), "resolve", *args])
        assert result.exit_code == 0, result.output
        found = json.loads(result.output)
        counts.append((len(found["actors"]["linked"]), len(found["events"]["merged"]), found["events"]["dry_run"]))
        assert "Kaliev" not in result.output and "Калиев" not in result.output  # ids, never names
    assert counts == [(1, 3, True), (1, 3, False), (0, 0, False)]
    with open_store(f"sqlite:///{db}") as store:
        assert len(store.list_events(limit=100)) == 5
    plain = runner.invoke(app, ["--db", str(db), "resolve", "--dry-run"])
    assert plain.output == "actors: 0 linked, 0 suggested; events: 0 merged, 0 suggested (dry run: nothing changed)\n"
