"""khronika user, protect and level as a user drives them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type
from typer.testing import CliRunner

from khronika.cli import app
from khronika.protect import users
from khronika.protect.users import authenticate
from khronika.records import Actor
from khronika.store import open_store
from tests.factories import make_document, make_event

runner = CliRunner()
GOOD = "plum-harbour-vintage-42"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash with tiny argon2id costs: the commands are the subject here."""
    monkeypatch.setattr(users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID))


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "k.db")


def _run(db: str, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, *args], input=stdin)
    return result.exit_code, result.output


def test_user_add_list_set_role_disable(db: str) -> None:
    assert _run(db, "user", "add", "ana", "--role", "editor", "--password-stdin", stdin=GOOD + "\n") == (
        0,
        "user ana added with role editor\n",
    )
    code, output = _run(db, "user", "add", "bek", "--role", "viewer", stdin="plum-harbour-vintage-43\n" * 2)
    assert code == 0, output
    assert _run(db, "user", "set-role", "bek", "reviewer") == (0, "user bek now has role reviewer\n")
    assert _run(db, "user", "disable", "bek") == (0, "user bek disabled\n")
    code, output = _run(db, "user", "list", "--json")
    rows = [{k: v for k, v in row.items() if k != "created_at"} for row in json.loads(output)]
    assert rows == [
        {"name": "ana", "role": "editor", "totp": False, "disabled": False, "failed_logins": 0},
        {"name": "bek", "role": "reviewer", "totp": False, "disabled": True, "failed_logins": 0},
    ]
    with open_store(f"sqlite:///{db}") as store:
        assert authenticate(store, "ana", GOOD).ok is True


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("user", "add", "ana", "--role", "editor", "--password-stdin"), "short\n", "it is 5 characters long"),
        (("user", "add", "ana", "--role", "owner", "--password-stdin"), GOOD + "\n", "role 'owner' is unknown"),
        (("user", "set-role", "nobody", "admin"), None, "user 'nobody' does not exist"),
        (("user", "totp", "nobody"), None, "user 'nobody' does not exist"),
        (("level", "event", "7", "public"), None, "event 7 does not exist"),
        (("level", "event", "7", "secret"), None, "level 'secret' is unknown; use one of public, internal"),
    ],
)
def test_mistakes_exit_2_with_the_reason(db: str, args: tuple[str, ...], stdin: str | None, message: str) -> None:
    code, output = _run(db, *args, stdin=stdin)
    assert code == 2
    assert message in " ".join(output.split())


def test_user_totp_prints_the_uri_once(db: str) -> None:
    _run(db, "user", "add", "ana", "--role", "admin", "--password-stdin", stdin=GOOD + "\n")
    code, output = _run(db, "user", "totp", "ana")
    assert code == 0
    assert re.search(r"^otpauth://totp/khronika:ana\?secret=[A-Z2-7]{32}&issuer=khronika$", output, re.M)
    code, output = _run(db, "user", "list", "--json")
    assert json.loads(output)[0]["totp"] is True
    assert "otpauth" not in output


def test_protect_and_level(db: str) -> None:
    with open_store(f"sqlite:///{db}") as store:
        actors = [Actor(name="Dana Yermekova", kind="person", role="target")]
        store.add_document(make_document(), events=[make_event(actors=actors)])
    code, output = _run(db, "protect", "Dana Yermekova", "--also", "Дана Ермекова")
    match = re.fullmatch(r"actor 1 is protected as (Witness [A-Z]-\d\d)\n", output)
    assert code == 0 and match, output
    assert _run(db, "protect", "Dana Yermekova") == (0, output)  # the same pseudonym again
    assert _run(db, "level", "event", "1", "public") == (0, "event 1 is now public\n")
    with open_store(f"sqlite:///{db}") as store:
        event = store.list_events()[0]
        assert event.level == "public"
        assert (event.actors[0].pseudonym, event.actors[0].protected) == (match.group(1), True)
        assert [p.variants for p in store.people.list_protected()] == [("Дана Ермекова",)]
