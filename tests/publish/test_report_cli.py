"""`khronika report` as a user drives it: the file it writes, the audit entry, the errors naming the option."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from khronika.cli import app
from khronika.store import open_store
from khronika.store.schema import audit_log
from tests.publish.report_corpus import MARCH, OLD_RALLY, PROTECTED, STRIKE, ReportCorpus, seed_report_corpus

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, ReportCorpus]:
    path = str(tmp_path / "k.db")
    with open_store(f"sqlite:///{path}") as store:
        corpus = seed_report_corpus(store)
    return path, corpus


def _run(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, "report", *args])
    return result.exit_code, result.output


def _report_entries(db: str) -> list[tuple[str, str, dict[str, object]]]:
    with open_store(f"sqlite:///{db}") as store, store.reader() as conn:
        query = select(audit_log.c.actor, audit_log.c.target, audit_log.c.detail).where(audit_log.c.action == "export")
        return [(row.actor, row.target, dict(row.detail)) for row in conn.execute(query)]


def test_report_writes_a_pdf_for_a_viewer_and_records_it(db: tuple[str, ReportCorpus], tmp_path: Path) -> None:
    path, corpus = db
    output = tmp_path / "march.pdf"
    args = ["--from", "2024-03-01", "--to", "2024-04-30", "--lang", "ru", "--output", str(output)]
    code, printed = _run(path, *args)
    assert (code, printed) == (0, f"report of 5 events (5 listed) written to {output}\n")
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(output.read_bytes())).pages).split())
    assert STRIKE in text
    assert OLD_RALLY not in text
    assert PROTECTED not in text  # --as viewer is the default
    assert corpus.pseudonym in text
    detail: dict[str, object] = {
        "format": "pdf",
        "lang": "ru",
        "as": "viewer",
        "from": "2024-03-01",
        "to": "2024-04-30",
        "region": None,
        "types": [],
        "events": 5,
    }
    assert _report_entries(path) == [("cli", "report", detail)]


def test_report_writes_html_for_a_region_and_a_type_as_an_editor(db: tuple[str, ReportCorpus], tmp_path: Path) -> None:
    path, _ = db
    output = tmp_path / "almaty.html"
    args = ["--from", "2024-03", "--to", "2024-04", "--region", "Almaty", "--type", "protest", "--type", "detention"]
    code, printed = _run(path, *args, "--format", "html", "--as", "editor", "--lang", "kk", "--output", str(output))
    assert (code, printed) == (0, f"report of 2 events (2 listed) written to {output}\n")
    html = output.read_text(encoding="utf-8")
    assert MARCH in html
    assert STRIKE not in html  # Mangystau Region
    assert '<html lang="kk">' in html
    assert _report_entries(path)[0][2]["types"] == ["protest", "detention"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024-13-01"], "error: --from: '2024-13-01' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)"),
        (["--to", "tomorrow"], "error: --to: 'tomorrow' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)"),
        (["--format", "docx"], "error: --format: 'docx' is not a report format; use one of pdf, html"),
        (["--lang", "de"], "error: --lang: 'de' is not a language of the report; use one of en, ru, kk"),
        (["--as", "root"], "error: --as: 'root' is not a role; use one of anonymous, admin, editor, reviewer, viewer"),
    ],
)
def test_report_refuses_a_bad_option_by_its_name(
    db: tuple[str, ReportCorpus], tmp_path: Path, args: list[str], message: str
) -> None:
    path, _ = db
    output = tmp_path / "never.pdf"
    code, printed = _run(path, *args, "--output", str(output))
    assert (code, " ".join(printed.split())) == (2, message)
    assert not output.exists()
    assert _report_entries(path) == []
