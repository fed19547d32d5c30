"""`khronika press-release` and `khronika alert`: text to stdout or a file, --save keeps a draft, --as is capped."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from khronika.cli import app
from khronika.records import Actor, Event, Place
from khronika.store import open_store
from khronika.store.schema import audit_log
from tests.factories import make_document

runner = CliRunner()
NAMES = ("Aigerim", "Nurlanova", "Айгерим", "Нурланова")


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Return a database holding one detention of a protected activist in Almaty (event 1) and a strike (2)."""
    path = str(tmp_path / "k.db")
    with open_store(f"sqlite:///{path}") as store:
        detention = Event(
            type="detention",
            date="2024-03-04",
            place=Place(name="Almaty", country="KZ", admin1="Almaty"),
            actors=[Actor(name="Aigerim Nurlanova", kind="person", role="target")],
            confidence=0.9,
        )
        strike = Event(type="strike", date="2024-03-01", confidence=0.9)
        store.add_document(make_document("Айгерим Нурланова задержана."), events=[detention, strike])
        store.people.protect("Aigerim Nurlanova", also=["Айгерим Нурланова"])
    return path


def _pseudonym(db: str) -> str:
    with open_store(f"sqlite:///{db}") as store:
        (person,) = store.people.list_protected()
        return str(person.pseudonym)


@pytest.mark.parametrize("role", ["admin", "editor", "viewer"])
def test_a_press_release_to_stdout_names_the_protected_person_by_pseudonym_for_every_role(db: str, role: str) -> None:
    result = runner.invoke(app, ["--db", db, "press-release", "--event", "1", "--lang", "ru", "--as", role])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"Задержание: {_pseudonym(db)} — Алматы, 4 марта 2024\u202fг."
    assert result.stderr == "press release in Russian\n"
    for name in NAMES:
        assert name not in result.stdout
    with open_store(f"sqlite:///{db}") as store, store.reader() as conn:
        last = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(1)).one()
    assert (last.actor, last.action, last.detail) == (
        "cli",
        "draft.write",
        {"kind": "press_release", "language": "ru", "subject": {"events": [1], "case": None}},
    )


def test_an_alert_written_to_a_file_and_saved_as_a_draft(db: str, tmp_path: Path) -> None:
    output = tmp_path / "alert.txt"
    args = ["alert", "--event", "1", "--lang", "kk", "--output", str(output), "--save"]
    result = runner.invoke(app, ["--db", db, *args])

    assert result.exit_code == 0, result.output
    assert (
        result.stderr == f"alert in Kazakh; written to {output}; saved as draft 1: edit and publish it at /drafts/1\n"
    )
    text = output.read_text(encoding="utf-8")
    assert text.startswith(f"ШҰҒЫЛ ӘРЕКЕТ: {_pseudonym(db)} ұсталды, Алматы, 2024\u202fж. 4 наурыз\n\nШҰҒЫЛ ӘРЕКЕТ · ")
    with open_store(f"sqlite:///{db}") as store:
        (draft,) = store.drafts.list_drafts()
    assert (draft.kind, draft.language, draft.created_by, draft.subject) == (
        "alert",
        "kk",
        "cli",
        {"events": [1], "case": None},
    )
    assert f"{draft.title}\n\n{draft.body}" == text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["alert", "--event", "2"], "error: event 2 is a strike; an urgent alert is for a detention"),
        (["press-release"], "error: a draft needs a subject"),
        (["press-release", "--event", "1", "--lang", "de"], "error: language 'de' is unknown; use one of en, ru, kk"),
        (["press-release", "--event", "1", "--as", "boss"], "error: role 'boss' is unknown"),
    ],
)
def test_what_cannot_be_drafted_is_named(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stdout == ""
