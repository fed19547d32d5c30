"""Server-side sessions: every way a session ends, what the database keeps of it, and CSRF tied to it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient
from typer.testing import CliRunner

from khronika.cli import app as cli_app
from khronika.protect.users import AccountError, disable_user, revoke_sessions, set_password, set_role
from khronika.store import Store
from khronika.store.schema import audit_log, sessions
from khronika.store.sessions import TOUCH_EVERY_S
from khronika.web.auth import SESSION_COOKIE, SESSION_MAX_AGE_S, start_session
from tests.web.test_auth import NOW, PASSWORD_HASH, make_client, sign_in, token

NEW_PASSWORD = "another long passphrase 77"


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


def revoke_by_cli(url: str, name: str) -> None:
    """Run `khronika user revoke NAME` against the database at `url`."""
    result = CliRunner().invoke(cli_app, ["--db", url, "user", "revoke", name])
    assert result.exit_code == 0, result.output
    assert result.output == f"user {name}: 1 session ended\n"


# Each way a session must end, as a change made to the account "rustem" after it signed in.
ENDINGS: dict[str, Callable[[Store, str], object]] = {
    "disabled": lambda store, _: disable_user(store, "rustem", by="test"),
    "role changed": lambda store, _: set_role(store, "rustem", "viewer", by="test"),
    "password changed": lambda store, _: set_password(store, "rustem", NEW_PASSWORD, by="test"),
    "revoked": lambda store, _: revoke_sessions(store, "rustem", by="test"),
    "revoked by the cli": lambda _, url: revoke_by_cli(url, "rustem"),
}


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_a_change_to_the_account_ends_its_open_sessions(
    accounts: Store, store_url: str, web: TestClient, ending: str
) -> None:
    assert sign_in(web, "rustem") == 303
    assert web.get("/review").status_code == 200
    assert accounts.sessions.count_open("rustem", now=datetime.now(UTC)) == 1
    ENDINGS[ending](accounts, store_url)
    response = web.get("/review")
    assert response.status_code == 403
    assert "an anonymous visitor" in response.text
    assert f"{SESSION_COOKIE}=" in response.headers["set-cookie"]  # the browser is told to drop it
    assert accounts.sessions.count_open("rustem", now=datetime.now(UTC)) == 0


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_ending_one_account_leaves_the_others_signed_in(accounts: Store, store_url: str, ending: str) -> None:
    with make_client(accounts) as rustem, make_client(accounts) as vera:
        assert (sign_in(rustem, "rustem"), sign_in(vera, "vera")) == (303, 303)
        ENDINGS[ending](accounts, store_url)
        assert vera.get("/").text.count('<span class="who">vera</span>') == 1
        assert accounts.sessions.count_open("vera", now=datetime.now(UTC)) == 1


def test_sign_out_revokes_the_session_so_a_copied_cookie_is_dead(accounts: Store, web: TestClient) -> None:
    assert sign_in(web, "rustem") == 303
    copied = web.cookies[SESSION_COOKIE]
    assert web.post("/logout", data={"csrf_token": token(web, "/review")}).status_code == 303
    with make_client(accounts) as thief:
        thief.cookies.set(SESSION_COOKIE, copied)
        assert thief.get("/review").status_code == 403
    with accounts.reader() as conn:
        revoked = conn.execute(select(sessions.c.revoked_at)).scalars().all()
    assert len(revoked) == 1 and revoked[0] is not None


@pytest.mark.parametrize(
    "cookie",
    [
        "forged",  # a well-formed token the server never issued
        "tampered",  # the issued token with its last letter changed
        "stored_hash",  # what a copy of the database holds, tried as the cookie
        "expired",  # issued longer ago than SESSION_MAX_AGE_S, whatever the browser kept
        "junk",  # not a token at all
    ],
)
def test_a_cookie_that_is_not_an_open_session_is_anonymous(accounts: Store, cookie: str) -> None:
    now = datetime.now(UTC)
    issued = start_session(accounts, "rustem", now=now - timedelta(seconds=SESSION_MAX_AGE_S + 5))
    fresh = start_session(accounts, "rustem")
    values = {
        "forged": "A" * 43,
        "tampered": fresh[:-1] + ("B" if fresh[-1] != "B" else "C"),
        "stored_hash": hashlib.sha256(fresh.encode()).hexdigest(),
        "expired": issued,
        "junk": "'; DROP TABLE sessions; --",
    }
    with make_client(accounts) as client:
        client.cookies.set(SESSION_COOKIE, values[cookie])
        response = client.get("/review")
        assert response.status_code == 403
        assert "an anonymous visitor" in response.text
        client.cookies.set(SESSION_COOKIE, fresh)
        assert client.get("/review").status_code == 200  # the same client with the real token gets in


def test_the_database_keeps_only_the_hash_of_a_session_token(accounts: Store, web: TestClient) -> None:
    assert sign_in(web, "vera") == 303
    cookie = web.cookies[SESSION_COOKIE]
    with accounts.reader() as conn:
        rows = [tuple(row) for row in conn.execute(select(sessions))]
        logged = " ".join(str(tuple(row)) for row in conn.execute(select(audit_log)))
    assert len(rows) == 1
    assert rows[0][1] == hashlib.sha256(cookie.encode()).hexdigest()
    assert cookie not in " ".join(map(str, rows)) and cookie not in logged


def test_each_sign_in_gets_a_new_token_and_ends_the_session_it_replaces(accounts: Store, web: TestClient) -> None:
    assert sign_in(web, "vera") == 303
    first = web.cookies[SESSION_COOKIE]
    assert sign_in(web, "vera") == 303
    second = web.cookies[SESSION_COOKIE]
    assert first != second
    assert accounts.sessions.count_open("vera", now=datetime.now(UTC)) == 1


def test_a_csrf_token_dies_with_its_session(accounts: Store, web: TestClient) -> None:
    before_sign_in = token(web, "/login")
    assert sign_in(web, "rustem") == 303
    old = token(web, "/review")
    assert old != before_sign_in
    assert web.post("/logout", data={"csrf_token": before_sign_in}).status_code == 403
    assert web.post("/logout", data={"csrf_token": old}).status_code == 303
    assert sign_in(web, "rustem") == 303
    # The form of the ended session, replayed in the new one: refused, and the session stays.
    response = web.post("/logout", data={"csrf_token": old})
    assert response.status_code == 403
    assert web.get("/review").status_code == 200


def test_last_seen_is_written_at_most_once_a_minute(store: Store) -> None:
    store.people.add_user("vera", "viewer", "not-a-real-hash", now=datetime(2026, 1, 1, tzinfo=UTC), by="test")
    start = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    issued = store.sessions.start("vera", now=start, max_age_s=SESSION_MAX_AGE_S)
    seen = []
    for offset_s in (10, TOUCH_EVERY_S - 1, TOUCH_EVERY_S, TOUCH_EVERY_S + 30):
        store.sessions.find(issued, now=start + timedelta(seconds=offset_s))
        with store.reader() as conn:
            seen.append(conn.execute(select(sessions.c.last_seen_at)).scalar_one())
    assert seen == [start, start, start + timedelta(seconds=60), start + timedelta(seconds=60)]


def test_sessions_expire_on_the_server(store: Store) -> None:
    store.people.add_user("vera", "viewer", "not-a-real-hash", now=datetime(2026, 1, 1, tzinfo=UTC), by="test")
    start = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    issued = store.sessions.start("vera", now=start, max_age_s=3600)
    assert store.sessions.find(issued, now=start + timedelta(seconds=3599)) is not None
    assert store.sessions.find(issued, now=start + timedelta(seconds=3600)) is None


def test_revoking_is_audited_with_the_count_and_never_the_token(store: Store) -> None:
    store.people.add_user("vera", "viewer", "not-a-real-hash", now=datetime(2026, 1, 1, tzinfo=UTC), by="test")
    now = datetime.now(UTC)
    tokens = [store.sessions.start("vera", now=now, max_age_s=3600) for _ in range(2)]
    assert revoke_sessions(store, "vera", by="ana") == 2
    assert revoke_sessions(store, "vera", by="ana") == 0
    with store.reader() as conn:
        rows = list(conn.execute(select(audit_log).where(audit_log.c.action == "session.revoke")))
    assert [(r.actor, r.target, r.detail) for r in rows] == [
        ("ana", "user:vera", {"sessions": 2, "reason": "revoke"}),
        ("ana", "user:vera", {"sessions": 0, "reason": "revoke"}),
    ]
    assert not any(t in str(rows) for t in tokens)


def test_revoking_an_unknown_account_says_so(store: Store) -> None:
    with pytest.raises(AccountError, match="user 'nobody' does not exist; see 'khronika user list'"):
        revoke_sessions(store, "nobody")


def test_a_weak_new_password_is_refused_and_the_sessions_stay(store: Store) -> None:
    store.people.add_user("vera", "viewer", "not-a-real-hash", now=datetime(2026, 1, 1, tzinfo=UTC), by="test")
    store.sessions.start("vera", now=datetime.now(UTC), max_age_s=3600)
    with pytest.raises(AccountError, match="password for 'vera' refused: it is 5 characters long"):
        set_password(store, "vera", "short")
    assert store.sessions.count_open("vera", now=datetime.now(UTC)) == 1
