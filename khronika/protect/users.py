"""Accounts: argon2id password hashes, a password policy, slow-down after failed logins, TOTP.

Changing an account's role or password, or disabling it, ends all its sign-in sessions
(khronika.store.sessions); `revoke_sessions` does so on its own.

There is no default account: the first admin is made with `khronika user add NAME --role admin`.
After FREE_FAILURES wrong passwords in a row an account is locked for BASE_DELAY_S, doubling with
each further failure up to MAX_DELAY_S; while locked, no password is even checked.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from khronika.errors import KhronikaError
from khronika.protect.roles import Viewer, check_role, viewer_for
from khronika.store import Store

PASSWORD_MIN_CHARS = 12
PASSWORD_MAX_CHARS = 1024  # argon2 takes any length; a megabyte password is an attack on the CPU
FREE_FAILURES = 5
BASE_DELAY_S = 2.0
MAX_DELAY_S = 15 * 60.0
TOTP_ISSUER = "khronika"
_NAME_RE = re.compile(r"^[\w.@-]{2,120}$")

# RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes), written out so that a library
# upgrade cannot silently change it; check_needs_rehash upgrades old hashes at the next login.
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4, hash_len=32, salt_len=16, type=Type.ID)
# Verified against for unknown names, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("khronika: no such account")
# Passwords (and their stems) that appear on every leaked-password list, Latin and Cyrillic keyboards.
_COMMON = frozenset(
    {
        "password",
        "passw0rd",
        "qwerty",
        "qwertyuiop",
        "asdfgh",
        "letmein",
        "welcome",
        "iloveyou",
        "admin",
        "administrator",
        "khronika",
        "monkey",
        "dragon",
        "пароль",
        "йцукен",
        "любовь",
    }
)


class AccountError(KhronikaError):
    """An account cannot be created or changed as asked; the message says why and what to do."""


@dataclass(frozen=True)
class LoginResult:
    """The answer to a login attempt.

    reason is one of ok, bad_credentials, disabled, locked, totp_required, totp_enrolment_required,
    bad_totp. Show a signed-out visitor the same words for bad_credentials and disabled.
    """

    ok: bool
    reason: str
    viewer: Viewer | None = None
    retry_after_s: float = 0.0


def hash_password(password: str) -> str:
    """Return the argon2id hash of a password, parameters and salt included."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Return True when the password matches the hash; a malformed hash is a mismatch."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str, *, name: str) -> str | None:
    """Return why a password is too weak for the account `name`, or None when it is acceptable."""
    folded = password.casefold()
    if len(password) < PASSWORD_MIN_CHARS:
        return f"it is {len(password)} characters long; use at least {PASSWORD_MIN_CHARS} (a few unrelated words work)"
    if len(password) > PASSWORD_MAX_CHARS:
        return f"it is longer than {PASSWORD_MAX_CHARS} characters"
    if len(name) >= 3 and name.casefold() in folded:
        return "it contains the account name; choose something unrelated to it"
    if len(set(folded)) < 6:
        return f"it uses only {len(set(folded))} different characters; mix more"
    letters = re.sub(r"[\W\d_]+", "", folded)
    common = next((word for word in _COMMON if word in folded), None)
    if letters in _COMMON or (common is not None and len(folded) - len(common) < 8):
        return "it is built on a common password; choose something nobody would guess"
    if _is_run(folded):
        return "it is a keyboard or alphabet run; choose something nobody would guess"
    return None


def add_user(store: Store, name: str, role: str, password: str, *, now: datetime | None = None, by: str = "cli") -> int:
    """Create an account after checking its name, role and password; return its id."""
    if not _NAME_RE.match(name):
        raise AccountError(f"user name {name!r}: use 2-120 letters, digits, '.', '@', '-' or '_'")
    try:
        check_role(role)
    except KhronikaError as err:
        raise AccountError(str(err)) from err
    problem = password_problem(password, name=name)
    if problem is not None:
        raise AccountError(f"password for {name!r} refused: {problem}")
    return store.people.add_user(name, role, hash_password(password), now=now or datetime.now(UTC), by=by)


def set_role(store: Store, name: str, role: str, *, by: str = "cli") -> None:
    """Give an account another role."""
    try:
        check_role(role)
    except KhronikaError as err:
        raise AccountError(str(err)) from err
    store.people.update_user(name, role=role, by=by)
    # The new role applies at the next request anyway; signing in again makes the change visible.
    revoke_sessions(store, name, by=by, reason="role")


def disable_user(store: Store, name: str, *, now: datetime | None = None, by: str = "cli") -> None:
    """Disable an account: it can no longer sign in, its open sessions end; its history stays."""
    now = now or datetime.now(UTC)
    store.people.update_user(name, disabled_at=now, by=by)
    revoke_sessions(store, name, now=now, by=by, reason="disabled")


def set_password(store: Store, name: str, password: str, *, by: str = "cli") -> None:
    """Give an account a new password (checked like a new one) and end all its sessions."""
    problem = password_problem(password, name=name)
    if problem is not None:
        raise AccountError(f"password for {name!r} refused: {problem}")
    store.people.update_user(name, password_hash=hash_password(password), by=by)
    # Whoever learnt the old password may hold a session made with it.
    revoke_sessions(store, name, by=by, reason="password")


def revoke_sessions(
    store: Store, name: str, *, now: datetime | None = None, by: str = "cli", reason: str = "revoke"
) -> int:
    """End every open session of an account (a lost laptop, a stolen cookie); return how many ended."""
    if store.people.get_user(name) is None:
        raise AccountError(f"user {name!r} does not exist; see 'khronika user list'")
    return store.sessions.revoke_user(name, now=now or datetime.now(UTC), by=by, reason=reason)


def lockout_delay_s(failures: int) -> float:
    """Return how long an account stays locked after this many failures in a row (0 for the first few)."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(BASE_DELAY_S * 2 ** (failures - FREE_FAILURES), MAX_DELAY_S)


def authenticate(
    store: Store,
    name: str,
    password: str,
    *,
    totp_code: str | None = None,
    require_totp: bool = False,
    now: datetime | None = None,
) -> LoginResult:
    """Check a login; count failures, lock the account after too many, and return the viewer on success."""
    now = now or datetime.now(UTC)
    user = store.people.get_user(name)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return LoginResult(ok=False, reason="bad_credentials")
    if user.locked_until is not None and now < user.locked_until:
        return _refuse(store, name, "locked", retry_after_s=(user.locked_until - now).total_seconds())
    if not verify_password(user.password_hash, password):
        return _fail(store, name, user.failed_logins + 1, reason="bad_credentials", now=now)
    if user.disabled_at is not None:
        return _refuse(store, name, "disabled")
    if user.totp_secret is None and require_totp:
        return _refuse(store, name, "totp_enrolment_required")
    if user.totp_secret is not None:
        if not totp_code:
            return _refuse(store, name, "totp_required")
        if not verify_totp(user.totp_secret, totp_code, at=now):
            return _fail(store, name, user.failed_logins + 1, reason="bad_totp", now=now)
    changes: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
    if _HASHER.check_needs_rehash(user.password_hash):
        changes["password_hash"] = hash_password(password)
    store.people.record_login(name, reason="ok", **changes)
    return LoginResult(ok=True, reason="ok", viewer=viewer_for(user.name, user.role))


def enrol_totp(store: Store, name: str, *, issuer: str = TOTP_ISSUER, by: str = "cli") -> str:
    """Give an account a new TOTP secret and return its otpauth:// URI (shown once, for an app's QR code)."""
    if store.people.get_user(name) is None:
        raise AccountError(f"user {name!r} does not exist; see 'khronika user list'")
    secret = pyotp.random_base32()
    store.people.update_user(name, totp_secret=secret, by=by)
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=issuer)


def verify_totp(secret: str, code: str, *, at: datetime) -> bool:
    """Return True when `code` is the TOTP of `secret` at `at`, allowing one 30 s step of clock drift."""
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return False
    return pyotp.TOTP(secret).verify(code, for_time=at, valid_window=1)


def _fail(store: Store, name: str, failures: int, *, reason: str, now: datetime) -> LoginResult:
    delay_s = lockout_delay_s(failures)
    locked_until = now + timedelta(seconds=delay_s) if delay_s else None
    store.people.record_login(name, reason=reason, failed_logins=failures, locked_until=locked_until)
    return LoginResult(ok=False, reason=reason, retry_after_s=delay_s)


def _refuse(store: Store, name: str, reason: str, *, retry_after_s: float = 0.0) -> LoginResult:
    store.people.record_login(name, reason=reason)
    return LoginResult(ok=False, reason=reason, retry_after_s=retry_after_s)


def _is_run(folded: str) -> bool:
    # "abcdefghijkl", "123456789012", "qwertyuiopas": most neighbours one apart on the alphabet or keyboard.
    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")
    steps = 0
    for a, b in itertools.pairwise(folded):
        if abs(ord(a) - ord(b)) <= 1 or any(a + b in row or b + a in row for row in rows):
            steps += 1
    return steps >= (len(folded) - 1) * 0.75
