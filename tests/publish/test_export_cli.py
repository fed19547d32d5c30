"""`khronika export`: the same bytes as the library for the same filters and role, audited, bad values named."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khronika.cli import app
from khronika.publish.options import cli_actor
from khronika.store import Store, open_store
from khronika.store.queries import EventFilter
from tests.publish.test_exports import PROTECTED, Seeded, audit_entries, export_text, seed_varied

runner = CliRunner()


@pytest.fixture
def seeded_url(store_url: str) -> Iterator[tuple[str, Seeded]]:
    """The URL of a store holding the varied events (SQLite and PostgreSQL), and their ids."""
    with open_store(store_url) as store:
        seeded = seed_varied(store)
    yield store_url, seeded


def _ids(jsonl: str) -> list[int]:
    return [json.loads(line)["id"] for line in jsonl.splitlines()]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "acled"])
def test_the_file_holds_what_the_library_writes_for_a_viewer(
    seeded_url: tuple[str, Seeded], tmp_path: Path, fmt: str
) -> None:
    url, seeded = seeded_url
    (tmp_path / "exports").mkdir()
    target = tmp_path / "exports" / f"out.{fmt}"
    result = runner.invoke(app, ["--db", url, "export", "--format", fmt, "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"5 events exported as {fmt} for role viewer\n"
    with open_store(url) as store:
        assert target.read_bytes() == export_text(store, fmt, role="viewer").encode("utf-8")
    assert seeded.pseudonym in target.read_text(encoding="utf-8")
    assert PROTECTED not in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == [f"out.{fmt}"]  # no partial file left behind


def test_stdout_and_the_chronicles_filters(seeded_url: tuple[str, Seeded]) -> None:
    url, seeded = seeded_url
    args = ["--db", url, "export", "--format", "jsonl", "--as", "admin", "--type", "detention", "--type", "protest"]
    result = runner.invoke(app, [*args, "--from", "2024-03", "--to", "2024-03", "--region", "Mangystau Region"])
    assert result.exit_code == 0, result.output
    assert _ids(result.stdout) == [seeded.ids["protest"], seeded.ids["detention"]]
    result = runner.invoke(app, [*args, "--actor", "ерлан фиктивов", "--review", "confirmed"])
    assert _ids(result.stdout) == [seeded.ids["protest"]]
    result = runner.invoke(app, ["--db", url, "export", "--format", "jsonl", "--words", "Фиктивова", "--output", "-"])
    assert result.exit_code == 0 and result.stdout == ""  # a hidden name finds nothing for a viewer


def test_the_export_is_audited_with_the_account_that_ran_it(seeded_url: tuple[str, Seeded], tmp_path: Path) -> None:
    url, _ = seeded_url
    args = ["--db", url, "export", "--format", "acled", "--as", "anonymous", "--place", "Zhanaozen"]
    assert runner.invoke(app, [*args, "--output", str(tmp_path / "a.csv")]).exit_code == 0
    with open_store(url) as store:
        assert audit_entries(store) == [
            (cli_actor(), "export", "acled", {"filters": {"place": "Zhanaozen"}, "count": 1, "as": "anonymous"})
        ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "--format: no export format 'xlsx'; choose one of acled, csv, geojson, json, jsonl"),
        (["--format", "csv", "--as", "root"], "--as: 'root' is not one of anonymous, admin, editor, reviewer, viewer"),
        (["--format", "csv", "--type", "arrest"], "--type: 'arrest' is not one of protest, strike, hunger_strike,"),
        (["--format", "csv", "--from", "4 March"], "--from: '4 March' is not a date; use YYYY-MM-DD, YYYY-MM or YYYY"),
        (["--format", "csv", "--to", "2024-3"], "--to: '2024-3' is not a date; use YYYY-MM-DD, YYYY-MM or YYYY"),
        (["--format", "csv", "--review", "ok"], "--review: 'ok' is not one of proposed, confirmed, rejected"),
        (["--format", "csv", "--source", "web"], "--source: 'web' is not one of text, html, pdf, docx, email,"),
    ],
)
def test_a_bad_option_value_is_named_and_nothing_is_written(tmp_path: Path, args: list[str], message: str) -> None:
    target = tmp_path / "out"
    result = runner.invoke(app, ["--db", str(tmp_path / "k.db"), "export", *args, "--output", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}")
    assert not target.exists()


def test_the_default_role_is_the_viewer(store: Store) -> None:
    seeded = seed_varied(store)
    text = export_text(store, "jsonl", role="viewer", flt=EventFilter(types=("killing",)))
    assert text == "" and seeded.ids["killing"] > 0
