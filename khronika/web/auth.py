"""Accounts in the web app: server-side sessions, CSRF tokens, /login and /logout, route permissions.

    install(app)                           # in create_app: local single-user mode until ...
    enable_accounts(app, secret_key=key)   # ... `khronika serve` turns accounts on

The session cookie holds a random token; the database keeps only its SHA-256 (khronika.store.sessions)
and every request looks it up. A session ends after SESSION_MAX_AGE_S whatever the browser keeps,
at sign-out, and at once for every session of an account that is disabled, changes role or
password, or is revoked with `khronika user revoke`.
Every POST/PUT/PATCH/DELETE with a session, and every sign-in and sign-out, must carry the CSRF
token (form field `csrf_token` or header X-CSRF-Token): an HMAC of a random nonce held in its own
cookie, renewed at each sign-in and sign-out, and of the session: a revoked session's forms are dead.
Every route declares its permission in ROUTE_PERMISSIONS (or its own openapi_extra "x-permission");
with accounts on, a route that declares none is refused to everyone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from markupsafe import Markup
from starlette.middleware.base import RequestResponseEndpoint
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, compile_path

from khronika.protect.roles import viewer_for
from khronika.protect.users import authenticate
from khronika.store import Store
from khronika.store.sessions import Session, token_digest
from khronika.web.deps import current_viewer, get_store, render

SESSION_COOKIE = "khronika_session"
CSRF_COOKIE = "khronika_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_MAX_AGE_S = 8 * 3600  # one working day; signing in again is cheap, a stolen cookie is not
OPEN = "open"  # a route anyone may use, signed in or not (the sign-in form itself)
# The only routes that need no declaration: files every page loads, and the API's schema.
EXEMPT_PATHS = frozenset({"/static", "/api/openapi.json"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32); anything else is not ours

_READ = "read:public"  # the level filters inside each route then narrow what a viewer sees
ROUTE_PERMISSIONS: dict[str, str] = {
    "GET /": _READ,
    "GET /events/{event_id}": _READ,
    "GET /documents/{document_id}": _READ,
    "GET /documents/{document_id}/original": _READ,
    "GET /actors/{actor_id}": _READ,
    "GET /places/{place_id}": _READ,
    "GET /search": _READ,
    "GET /map": _READ,
    "GET /stats": _READ,
    "GET /review": "review",
    "POST /review/{event_id}/confirm": "review",
    "POST /review/{event_id}/reject": "review",
    "POST /review/{event_id}/edit": "review",
    "POST /review/{event_id}/merge": "review",
    "GET /events.csv": "export",
    "GET /events.json": "export",
    "GET /api/docs": _READ,
    "GET /api/events": _READ,
    "GET /api/events/{event_id}": _READ,
    "GET /api/documents": _READ,
    "GET /api/documents/{document_id}": _READ,
    "GET /api/search": _READ,
    "GET /api/actors/{actor_id}": _READ,
    "GET /api/places/{place_id}": _READ,
    "GET /api/map": _READ,
    "GET /api/stats": _READ,
    "GET /login": OPEN,
    "POST /login": OPEN,
    "POST /logout": OPEN,
}

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class RouteInfo:
    """One method and path of the app, with the permission it declares (None: undeclared)."""

    method: str
    path: str
    permission: str | None


def install(app: FastAPI) -> None:
    """Add /login, /logout, the session and CSRF middleware and the `csrf_input` template global."""
    app.state.accounts_enabled = False
    app.state.auth_secret = secrets.token_urlsafe(48)  # replaced by enable_accounts
    app.include_router(router)
    app.middleware("http")(_authenticate)
    app.state.templates.env.globals["csrf_input"] = csrf_input


def enable_accounts(app: FastAPI, *, secret_key: str) -> None:
    """Turn accounts on: visitors are anonymous until they sign in, sessions signed with `secret_key`."""
    app.state.accounts_enabled = True
    app.state.auth_secret = secret_key
    app.state.route_table = None


def csrf_input(request: Request) -> Markup:
    """Return the hidden form field carrying this request's CSRF token (for every POST form)."""
    token = getattr(request.state, "csrf_token", "")
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)


def _mac(secret: str, purpose: str, value: str) -> str:
    digest = hmac.new(secret.encode(), f"{purpose}|{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def csrf_token_for(secret: str, nonce: str, *, session: str = "") -> str:
    """Return the CSRF token that goes with the nonce in the visitor's CSRF cookie and their session.

    `session` is the signed-in session's token digest ("" for none), so a token taken from a page
    is refused once that session has ended, and one made before sign-in is refused after it.
    """
    return _mac(secret, "csrf", f"{nonce}|{session}")


def start_session(store: Store, name: str, *, now: datetime | None = None) -> str:
    """Open a server-side session for the account `name`; return the session cookie's value."""
    return store.sessions.start(name, now=now or datetime.now(UTC), max_age_s=SESSION_MAX_AGE_S)


def session_for(store: Store, token: str, *, now: datetime) -> Session | None:
    """Return the open session of an enabled account that this cookie value names, or None."""
    if not _TOKEN_RE.match(token):
        return None
    return store.sessions.find(token, now=now)


def iter_routes(app: FastAPI) -> Iterator[RouteInfo]:
    """Yield every method and path the app answers, with its declared permission (mounts and schema exempt)."""
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        pairs: list[tuple[str, BaseRoute, dict[str, Any] | None]]
        if contexts is not None:
            pairs = [(ctx.path, ctx.original_route, ctx.openapi_extra) for ctx in contexts()]
        else:
            pairs = [(str(getattr(route, "path", "")), route, getattr(route, "openapi_extra", None))]
        for path, original, extra in pairs:
            if isinstance(original, Mount) or path in EXEMPT_PATHS:
                continue
            for method in sorted(getattr(original, "methods", None) or ()):
                if method == "HEAD":
                    continue
                declared = (extra or {}).get("x-permission") or ROUTE_PERMISSIONS.get(f"{method} {path}")
                yield RouteInfo(method, path, declared)


def _route_table(app: FastAPI) -> list[tuple[str, re.Pattern[str], str | None]]:
    table = getattr(app.state, "route_table", None)
    if table is None:
        table = [(info.method, compile_path(info.path)[0], info.permission) for info in iter_routes(app)]
        app.state.route_table = table
    return table


def permission_for(app: FastAPI, method: str, path: str) -> tuple[bool, str | None]:
    """Return (found, permission) for a request: found False when no declared-or-not route matches."""
    method = "GET" if method == "HEAD" else method
    for route_method, pattern, permission in _route_table(app):
        if route_method == method and pattern.match(path):
            return True, permission
    return False, None


def _refuse(request: Request, detail: str) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": detail}, status_code=403)
    return render(request, "error.html", status_code=403, status=403, detail=detail)


async def _sent_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        # Read as bytes: Starlette hands the cached body on to the route, which parses it again.
        fields = parse_qs((await request.body()).decode("utf-8", "replace"))
        return (fields.get(CSRF_FIELD) or [""])[0]
    return ""


async def _authenticate(request: Request, call_next: RequestResponseEndpoint) -> Response:
    app = request.app
    secret: str = app.state.auth_secret
    nonce = request.cookies.get(CSRF_COOKIE, "")
    new_nonce = None if _NONCE_RE.match(nonce) else secrets.token_urlsafe(32)
    request.state.csrf_token = csrf_token_for(secret, new_nonce or nonce)
    if not app.state.accounts_enabled:
        return await _finish(request, await call_next(request), new_nonce)
    stale_session = False
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = session_for(get_store(request), cookie, now=datetime.now(UTC))
        if found is None:
            stale_session = True
        else:
            request.state.user = found.user
            request.state.viewer = viewer_for(found.user.name, found.user.role)
            request.state.session_token = cookie
            session = token_digest(cookie)
            request.state.csrf_token = csrf_token_for(secret, new_nonce or nonce, session=session)
    if request.method not in _SAFE_METHODS and (cookie or _is_open(request)):
        # A request without a session cookie carries no one's authority, and the permission
        # check refuses it anything an anonymous visitor may not do; sign-in always needs the token.
        sent = await _sent_token(request)
        if new_nonce is not None or not hmac.compare_digest(sent, request.state.csrf_token):
            detail = "Refused: the form's security token is missing or stale. Reload the page and send it again."
            return await _finish(request, _refuse(request, detail), new_nonce)
    response = await _checked(request, call_next)
    if stale_session:
        response.delete_cookie(SESSION_COOKIE, path="/")
    return await _finish(request, response, new_nonce)


def _is_open(request: Request) -> bool:
    return permission_for(request.app, request.method, request.url.path)[1] == OPEN


async def _checked(request: Request, call_next: RequestResponseEndpoint) -> Response:
    found, permission = permission_for(request.app, request.method, request.url.path)
    if not found or permission == OPEN:
        return await call_next(request)  # unknown paths get the app's own 404 or 405
    viewer = current_viewer(request)
    if permission is None:
        # Denied by default: a route nobody declared a permission for is closed to everyone.
        return _refuse(request, f"{request.method} {request.url.path} declares no permission; nobody may use it.")
    if not viewer.can(permission):
        who = viewer.name or "an anonymous visitor"
        hint = " Sign in at /login." if viewer.is_anonymous else " Ask an admin for a role that may."
        return _refuse(request, f"{who} (role {viewer.role}) may not {permission}.{hint}")
    return await call_next(request)


async def _finish(request: Request, response: Response, new_nonce: str | None) -> Response:
    already = any(k == b"set-cookie" and v.startswith(CSRF_COOKIE.encode()) for k, v in response.raw_headers)
    if new_nonce is not None and not already:
        _set_cookie(request, response, CSRF_COOKIE, new_nonce, max_age=None)
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, *, max_age: int | None) -> None:
    secure = request.url.scheme == "https"
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax", secure=secure)


def _safe_next(target: str | None) -> str:
    # Only a path on this server: "//evil.example" and "https://..." would send the user away.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


_MESSAGES = {
    # The same words for a wrong name, a wrong password, a disabled and a locked account, so that
    # nobody learns from this page which names exist.
    "bad_credentials": "Wrong name or password, or too many failed attempts: wait a few minutes and try again.",
    "totp_required": "Enter the six-digit code from your authenticator app.",
    "bad_totp": "The code is wrong or has expired; enter the current one.",
    "totp_enrolment_required": "This server requires a second factor: ask an admin to run `khronika user totp NAME`.",
}
_SAME_AS_BAD = frozenset({"bad_credentials", "disabled", "locked"})


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    """Show the sign-in form (name, password and, when enrolled, the authenticator code)."""
    return render(request, "login.html", next=_safe_next(next), error=None, name="", enabled=_enabled(request))


@router.post("/login")
def login(
    request: Request,
    name: str = Form(""),
    password: str = Form(""),
    totp: str = Form(""),
    next: str = Form("/"),
) -> Response:
    """Check the credentials; on success start a session and go to `next`."""
    target = _safe_next(next)
    if not _enabled(request):
        return RedirectResponse(target, status_code=303)
    store = get_store(request)
    settings = request.app.state.settings
    result = authenticate(store, name, password, totp_code=totp or None, require_totp=settings.require_totp)
    if not result.ok:
        reason = "bad_credentials" if result.reason in _SAME_AS_BAD else result.reason
        error = _MESSAGES.get(reason, _MESSAGES["bad_credentials"])
        return render(request, "login.html", status_code=401, next=target, error=error, name=name, enabled=True)
    response = RedirectResponse(target, status_code=303)
    old = getattr(request.state, "session_token", None)
    if old is not None:
        store.sessions.end(old, now=datetime.now(UTC), actor=str(getattr(request.state.user, "name", name)))
    # Always a new token: a session id planted in the browser before sign-in is never promoted.
    value = start_session(store, name)
    _set_cookie(request, response, SESSION_COOKIE, value, max_age=SESSION_MAX_AGE_S)
    _set_cookie(request, response, CSRF_COOKIE, secrets.token_urlsafe(32), max_age=None)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session (audit-logged) and go back to the chronicle."""
    user = getattr(request.state, "user", None)
    token = getattr(request.state, "session_token", None)
    if _enabled(request) and user is not None and token is not None:
        # Revoked on the server: a copy of the cookie kept elsewhere is worthless from now on.
        get_store(request).sessions.end(token, now=datetime.now(UTC), actor=str(getattr(user, "name", user)))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    _set_cookie(request, response, CSRF_COOKIE, secrets.token_urlsafe(32), max_age=None)
    return response


def _enabled(request: Request) -> bool:
    return bool(getattr(request.app.state, "accounts_enabled", False))
