"""Accounts in the web app: sign-in and out, session cookies, CSRF tokens, and `khronika serve`'s secret check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyotp
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import select
from starlette.testclient import TestClient
from typer.testing import CliRunner

from khronika.cli import app as cli_app
from khronika.protect import users
from khronika.protect.users import enrol_totp, hash_password
from khronika.settings import Settings
from khronika.store import Store
from khronika.store.schema import audit_log
from khronika.web.app import create_app
from khronika.web.auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_MAX_AGE_S,
    enable_accounts,
    start_session,
)
from tests.web.corpus import Corpus

SECRET = "Vq3xJ0rT_8mZkP2wLc9sYb4nHd7fGa1eUo6iRt5yQw0"
PASSWORD = "correct horse battery staple 42"
PASSWORD_HASH = hash_password(PASSWORD)  # once: argon2 is slow on purpose
NOW = datetime(2026, 1, 1, tzinfo=UTC)
SAME_FOR_EVERY_FAILURE = "Wrong name or password, or too many failed attempts: wait a few minutes and try again."
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ERROR_RE = re.compile(r'<p class="form-error" role="alert">([^<]*)</p>')


def make_client(store: Store, *, settings: Settings | None = None, base_url: str = "http://testserver") -> TestClient:
    """Return a client of the app with accounts on, following no redirects."""
    app = create_app(store, settings=settings or Settings())
    enable_accounts(app, secret_key=SECRET)
    return TestClient(app, follow_redirects=False, base_url=base_url)


@pytest.fixture
def accounts(store: Store) -> Store:
    """Store one account of each role (same password, hashed once)."""
    for name, role in (("ana", "admin"), ("erlan", "editor"), ("rustem", "reviewer"), ("vera", "viewer")):
        store.people.add_user(name, role, PASSWORD_HASH, now=NOW, by="test")
    return store


@pytest.fixture
def web(accounts: Store) -> Iterator[TestClient]:
    """Return a client over the accounts store."""
    with make_client(accounts) as client:
        yield client


def token(client: TestClient, path: str = "/login") -> str:
    """Return the CSRF token a page's forms carry (and leave its cookie in the client)."""
    found = TOKEN_RE.search(client.get(path).text)
    assert found is not None, f"{path} has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD, totp: str = "") -> int:
    """Post the sign-in form the way a browser does; return the status."""
    form = {"name": name, "password": password, "totp": totp, "next": "/review", "csrf_token": token(client)}
    return client.post("/login", data=form).status_code


def login_error(client: TestClient, name: str, password: str) -> tuple[int, str]:
    """Return the status and the error paragraph of a failed sign-in."""
    form = {"name": name, "password": password, "csrf_token": token(client)}
    response = client.post("/login", data=form)
    found = ERROR_RE.search(response.text)
    return response.status_code, found.group(1) if found else ""


def set_cookie_headers(response_headers: list[tuple[str, str]], name: str) -> str:
    """Return the Set-Cookie header for cookie `name`."""
    return next(v for k, v in response_headers if k == "set-cookie" and v.startswith(f"{name}="))


def test_a_signed_in_reviewer_reaches_the_queue_and_an_anonymous_visitor_does_not(web: TestClient) -> None:
    assert web.get("/review").status_code == 403
    response = web.post(
        "/login", data={"name": "rustem", "password": PASSWORD, "next": "/review", "csrf_token": token(web)}
    )
    assert (response.status_code, response.headers["location"]) == (303, "/review")
    page = web.get("/review")
    assert page.status_code == 200
    assert '<span class="who">rustem</span>' in page.text


@pytest.mark.parametrize(
    ("next_page", "location"),
    [("/search?q=x", "/search?q=x"), ("//evil.example/", "/"), ("https://evil.example/", "/"), ("/\\evil", "/")],
)
def test_after_sign_in_only_a_path_on_this_server_is_followed(web: TestClient, next_page: str, location: str) -> None:
    form = {"name": "vera", "password": PASSWORD, "next": next_page, "csrf_token": token(web)}
    assert web.post("/login", data=form).headers["location"] == location


@pytest.mark.parametrize(("base_url", "secure"), [("http://testserver", ""), ("https://testserver", "; secure")])
def test_the_session_cookie_is_httponly_samesite_lax_and_secure_over_https(
    accounts: Store, base_url: str, secure: str
) -> None:
    with make_client(accounts, base_url=base_url) as client:
        form = {"name": "vera", "password": PASSWORD, "csrf_token": token(client)}
        response = client.post("/login", data=form)
    cookie = set_cookie_headers(response.headers.multi_items(), SESSION_COOKIE)
    flags = cookie.split(";", 1)[1].lower()
    assert flags == f" httponly; max-age={SESSION_MAX_AGE_S}; path=/; samesite=lax{secure}"
    csrf_flags = set_cookie_headers(response.headers.multi_items(), CSRF_COOKIE).split(";", 1)[1].lower()
    assert csrf_flags == f" httponly; path=/; samesite=lax{secure}"


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(web: TestClient) -> None:
    assert login_error(web, "vera", "not the password at all") == (401, SAME_FOR_EVERY_FAILURE)
    assert login_error(web, "nobody", "not the password at all") == (401, SAME_FOR_EVERY_FAILURE)
    assert SESSION_COOKIE not in web.cookies


def test_a_locked_account_is_refused_in_words_that_do_not_tell_it_exists(
    web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A lock of an hour cannot run out while a loaded machine runs the test (it was 2 s).
    monkeypatch.setattr(users, "BASE_DELAY_S", 3600.0)
    for _ in range(5):
        assert login_error(web, "vera", "not the password at all") == (401, SAME_FOR_EVERY_FAILURE)
        assert login_error(web, "nobody", "not the password at all") == (401, SAME_FOR_EVERY_FAILURE)
    # Now locked: even the right password is refused, in the same words as for a name nobody has.
    assert login_error(web, "vera", PASSWORD) == (401, SAME_FOR_EVERY_FAILURE)
    assert login_error(web, "nobody", PASSWORD) == (401, SAME_FOR_EVERY_FAILURE)
    assert SESSION_COOKIE not in web.cookies


def test_an_enrolled_account_needs_its_current_code(accounts: Store, web: TestClient) -> None:
    secret = pyotp.parse_uri(enrol_totp(accounts, "erlan")).secret
    assert login_error(web, "erlan", PASSWORD) == (401, "Enter the six-digit code from your authenticator app.")
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 500_000) % 1_000_000:06d}"
    form = {"name": "erlan", "password": PASSWORD, "totp": wrong, "csrf_token": token(web)}
    assert ERROR_RE.search(web.post("/login", data=form).text).group(1) == (  # type: ignore[union-attr]
        "The code is wrong or has expired; enter the current one."
    )
    assert sign_in(web, "erlan", totp=pyotp.TOTP(secret).now()) == 303


def test_mandatory_totp_refuses_an_account_without_one(accounts: Store) -> None:
    with make_client(accounts, settings=Settings(require_totp=True)) as client:
        assert login_error(client, "vera", PASSWORD) == (
            401,
            "This server requires a second factor: ask an admin to run `khronika user totp NAME`.",
        )
        assert SESSION_COOKIE not in client.cookies


def test_sign_out_ends_the_session_and_both_are_in_the_audit_log(accounts: Store, web: TestClient) -> None:
    assert sign_in(web, "rustem") == 303
    assert web.post("/logout").status_code == 403  # no token: a forged sign-out
    response = web.post("/logout", data={"csrf_token": token(web, "/review")})
    assert (response.status_code, response.headers["location"]) == (303, "/")
    assert SESSION_COOKIE not in web.cookies
    assert web.get("/review").status_code == 403
    with accounts.reader() as conn:
        rows = list(conn.execute(select(audit_log).order_by(audit_log.c.id)))
    logged = [(r.actor, r.action, r.target) for r in rows if r.action in ("login", "logout")]
    assert logged == [("rustem", "login", "user:rustem"), ("rustem", "logout", "user:rustem")]


def test_a_fresh_session_opened_on_the_server_is_accepted(accounts: Store) -> None:
    # The other half of the tests in test_auth_sessions.py: a check refusing every cookie fails here.
    with make_client(accounts) as client:
        client.cookies.set(SESSION_COOKIE, start_session(accounts, "rustem"))
        assert client.get("/review").status_code == 200


def test_the_same_request_with_the_token_goes_through(accounts: Store, corpus: Corpus, web: TestClient) -> None:
    event_id = corpus.events["ru_strike"]
    assert sign_in(web, "rustem") == 303
    response = web.post(f"/review/{event_id}/confirm", data={"csrf_token": token(web, "/review")})
    assert response.status_code == 303
    event = accounts.get_event(event_id)
    assert event is not None and event.review == "confirmed"


@pytest.mark.parametrize("form_id", ["form-confirm", "form-reject", "form-edit", "form-merge"])
def test_every_review_form_carries_the_token(web: TestClient, corpus: Corpus, form_id: str) -> None:
    assert sign_in(web, "rustem") == 303
    page = web.get("/review").text
    form = page[page.index(f'id="{form_id}"') :]
    form = form[: form.index("</form>")]
    assert TOKEN_RE.search(form) is not None


runner = CliRunner()


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "KHRONIKA_SECRET_KEY is not set"),
        ("changeme", "KHRONIKA_SECRET_KEY looks like about"),
        ("a" * 64, "KHRONIKA_SECRET_KEY looks like about"),
    ],
)
def test_serve_refuses_to_start_without_a_strong_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, secret: str | None, message: str
) -> None:
    started: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: started.append(app))
    monkeypatch.delenv("KHRONIKA_DEMO", raising=False)
    monkeypatch.delenv("KHRONIKA_SECRET_KEY", raising=False)
    if secret is not None:
        monkeypatch.setenv("KHRONIKA_SECRET_KEY", secret)
    result = runner.invoke(cli_app, ["--db", str(tmp_path / "k.db"), "serve"])
    assert result.exit_code == 2
    assert message in result.output
    assert started == []
    assert not (tmp_path / "k.db").exists()  # refused before the database was even opened


@pytest.mark.parametrize(
    ("args", "env", "accounts_on"),
    [
        (["serve"], {"KHRONIKA_SECRET_KEY": SECRET}, True),
        (["serve", "--demo"], {}, False),
        (["serve"], {"KHRONIKA_DEMO": "1"}, False),
    ],
)
def test_serve_turns_accounts_on_unless_in_demo_mode(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str], env: dict[str, str], accounts_on: bool
) -> None:
    started: list[FastAPI] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: started.append(app))
    for name in ("KHRONIKA_DEMO", "KHRONIKA_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = runner.invoke(cli_app, ["--db", str(tmp_path / "k.db"), *args])
    assert result.exit_code == 0, result.output
    assert [getattr(app.state, "accounts_enabled", None) for app in started] == [accounts_on]


def test_an_anonymous_visitor_reads_only_the_public_records(accounts: Store, corpus: Corpus, web: TestClient) -> None:
    accounts.people.set_level("document", corpus.docs["ru"], "public")
    accounts.people.set_level("event", corpus.events["ru_strike"], "public")
    listed = [int(i) for i in re.findall(r'aria-labelledby="event-(\d+)-title"', web.get("/").text)]
    assert listed == [corpus.events["ru_strike"]]
    assert web.get(f"/events/{corpus.events['kk_strike']}").status_code == 404
    assert sign_in(web, "vera") == 303
    listed = [int(i) for i in re.findall(r'aria-labelledby="event-(\d+)-title"', web.get("/").text)]
    assert sorted(listed) == sorted(corpus.events.values())  # a viewer reads internal records too


@pytest.mark.parametrize(
    ("lang", "title", "refusal"),
    [
        ("ru", "Войти", "Неверное имя или пароль"),
        ("kk", "Кіру", "Аты не құпиясөз қате"),
    ],
)
def test_the_sign_in_page_speaks_russian_and_kazakh(web: TestClient, lang: str, title: str, refusal: str) -> None:
    page = web.get("/login", params={"lang": lang})
    assert f'<html lang="{lang}"' in page.text and f"<h1>{title}</h1>" in page.text
    assert "Sign in" not in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    answer = web.post(
        "/login", params={"lang": lang}, data={"name": "nobody", "password": "wrong", "csrf_token": token.group(1)}
    )
    assert answer.status_code == 401 and refusal in answer.text
