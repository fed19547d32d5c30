"""Accounts: argon2id hashes, the password policy, slow-down after failures, TOTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import select

from khronika.protect import users
from khronika.protect.roles import viewer_for
from khronika.protect.users import (
    AccountError,
    add_user,
    authenticate,
    disable_user,
    enrol_totp,
    hash_password,
    lockout_delay_s,
    password_problem,
    set_role,
    verify_password,
    verify_totp,
)
from khronika.store import Store
from khronika.store.schema import audit_log

NOW = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
GOOD = "plum-harbour-vintage-42"
# RFC 6238's test secret ("12345678901234567890" in base32) and its published SHA-1 codes, 6 digits.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
RFC_CODES = [
    (datetime(1970, 1, 1, 0, 0, 59, tzinfo=UTC), "287082"),
    (datetime(2005, 3, 18, 1, 58, 29, tzinfo=UTC), "081804"),
    (datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC), "005924"),
    (datetime(2033, 5, 18, 3, 33, 20, tzinfo=UTC), "279037"),
]


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash with tiny argon2id costs: logins are the subject here (test_passwords.py checks the real ones)."""
    monkeypatch.setattr(users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID))


def test_a_hash_has_a_fresh_salt_and_verifies_only_its_password() -> None:
    first, second = hash_password(GOOD), hash_password(GOOD)
    assert first != second  # a fresh salt each time
    assert verify_password(first, GOOD) is True
    assert verify_password(first, GOOD + "x") is False
    assert verify_password("not a hash", GOOD) is False


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "it is 7 characters long; use at least 12"),
        ("aaaaaaaaaaaaaaaa", "it uses only 1 different characters"),
        ("ana-garden-tulips", "it contains the account name"),
        ("Password12345", "built on a common password"),
        ("qwertyuiop2024", "built on a common password"),
        ("пароль12345678", "built on a common password"),
        ("abcdefghijklmnop", "keyboard or alphabet run"),
        ("1234567890123", "keyboard or alphabet run"),
        ("x" * 2000, "longer than 1024"),
        (GOOD, None),
        ("зелёный трамвай едет домой", None),
    ],
)
def test_password_policy_gives_the_reason(password: str, reason: str | None) -> None:
    problem = password_problem(password, name="ana")
    if reason is None:
        assert problem is None
    else:
        assert problem is not None and reason in problem


def test_add_user_refuses_a_weak_password_an_unknown_role_and_a_bad_name(store: Store) -> None:
    with pytest.raises(AccountError, match="password for 'ana' refused: it is 5 characters long"):
        add_user(store, "ana", "admin", "short")
    with pytest.raises(AccountError, match="role 'root' is unknown; use one of admin, editor, reviewer, viewer"):
        add_user(store, "ana", "root", GOOD)
    with pytest.raises(AccountError, match="user name 'a b'"):
        add_user(store, "a b", "admin", GOOD)
    assert store.people.list_users() == []


def test_login_succeeds_with_the_right_password_only(store: Store) -> None:
    add_user(store, "ana", "reviewer", GOOD, now=NOW)
    assert authenticate(store, "ana", GOOD, now=NOW).viewer == viewer_for("ana", "reviewer")
    assert authenticate(store, "ana", "wrong-password-here", now=NOW).reason == "bad_credentials"
    assert authenticate(store, "nobody", GOOD, now=NOW).reason == "bad_credentials"


def test_failures_lock_the_account_with_a_doubling_delay_and_success_resets_it(store: Store) -> None:
    add_user(store, "ana", "viewer", GOOD, now=NOW)
    delays = [authenticate(store, "ana", "wrong-password-here", now=NOW).retry_after_s for _ in range(5)]
    assert delays == [0.0, 0.0, 0.0, 0.0, 2.0]
    # Locked: even the right password is not checked.
    locked = authenticate(store, "ana", GOOD, now=NOW + timedelta(seconds=1))
    assert (locked.ok, locked.reason, locked.retry_after_s) == (False, "locked", 1.0)
    # After the delay another failure doubles it.
    again = authenticate(store, "ana", "wrong-password-here", now=NOW + timedelta(seconds=3))
    assert (again.reason, again.retry_after_s) == ("bad_credentials", 4.0)
    user = store.people.get_user("ana")
    assert user is not None and user.failed_logins == 6
    assert user.locked_until == NOW + timedelta(seconds=7)
    assert authenticate(store, "ana", GOOD, now=NOW + timedelta(seconds=8)).ok is True
    user = store.people.get_user("ana")
    assert user is not None and (user.failed_logins, user.locked_until) == (0, None)


@pytest.mark.parametrize(
    ("failures", "delay_s"), [(0, 0.0), (4, 0.0), (5, 2.0), (6, 4.0), (10, 64.0), (13, 512.0), (14, 900.0), (40, 900.0)]
)
def test_lockout_delay_doubles_up_to_fifteen_minutes(failures: int, delay_s: float) -> None:
    assert lockout_delay_s(failures) == delay_s


def test_a_disabled_account_cannot_sign_in_and_roles_change(store: Store) -> None:
    add_user(store, "ana", "viewer", GOOD, now=NOW)
    set_role(store, "ana", "editor")
    assert authenticate(store, "ana", GOOD, now=NOW).viewer == viewer_for("ana", "editor")
    with pytest.raises(AccountError, match="role 'boss' is unknown"):
        set_role(store, "ana", "boss")
    disable_user(store, "ana", now=NOW)
    assert authenticate(store, "ana", GOOD, now=NOW).reason == "disabled"


@pytest.mark.parametrize(("at", "code"), RFC_CODES)
def test_totp_matches_the_rfc_6238_codes(at: datetime, code: str) -> None:
    assert verify_totp(RFC_SECRET, code, at=at) is True
    assert verify_totp(RFC_SECRET, code, at=at + timedelta(seconds=120)) is False
    assert verify_totp(RFC_SECRET, "12345a", at=at) is False


def test_an_enrolled_account_needs_its_code(store: Store) -> None:
    add_user(store, "ana", "admin", GOOD, now=NOW)
    uri = enrol_totp(store, "ana")
    assert uri.startswith("otpauth://totp/khronika:ana?secret=") and "issuer=khronika" in uri
    secret = pyotp.parse_uri(uri).secret
    code = pyotp.TOTP(secret).at(NOW)
    assert authenticate(store, "ana", GOOD, now=NOW).reason == "totp_required"
    assert authenticate(store, "ana", GOOD, totp_code="000000" if code != "000000" else "111111", now=NOW).reason == (
        "bad_totp"
    )
    assert authenticate(store, "ana", GOOD, totp_code=code, now=NOW).ok is True


def test_mandatory_totp_refuses_accounts_without_it(store: Store) -> None:
    add_user(store, "ana", "viewer", GOOD, now=NOW)
    assert authenticate(store, "ana", GOOD, require_totp=True, now=NOW).reason == "totp_enrolment_required"
    assert authenticate(store, "ana", GOOD, require_totp=False, now=NOW).ok is True


def test_every_login_of_a_known_account_is_in_the_audit_log_without_the_password(store: Store) -> None:
    add_user(store, "ana", "viewer", GOOD, now=NOW)
    authenticate(store, "ana", "wrong-password-here", now=NOW)
    authenticate(store, "ana", GOOD, now=NOW)
    disable_user(store, "ana", now=NOW)
    authenticate(store, "ana", GOOD, now=NOW)
    authenticate(store, "nobody", "typed-into-the-wrong-field", now=NOW)
    with store.reader() as conn:
        rows = list(conn.execute(select(audit_log).order_by(audit_log.c.id)))
    assert [(r.actor, r.action, r.target, r.detail.get("reason")) for r in rows if r.action == "login"] == [
        ("anonymous", "login", "user:ana", "bad_credentials"),
        ("ana", "login", "user:ana", "ok"),
        ("anonymous", "login", "user:ana", "disabled"),
    ]
    logged = " ".join(str(tuple(r)) for r in rows)
    assert "wrong-password-here" not in logged and GOOD not in logged and "typed-into" not in logged
