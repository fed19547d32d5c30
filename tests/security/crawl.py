"""What the security tests share: the app's routes as it declares them, and clients signed in per role.

The routes are read from the app itself (app.routes), never from a hand-written list, so a page
or an API route that someone adds later is crawled, attacked and forged against at once.
"""

from __future__ import annotations

import html
import itertools
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from fastapi import FastAPI
from sqlalchemy import func, select

from khronika.protect.roles import ANONYMOUS_ROLE, ROLE_NAMES
from khronika.settings import Settings
from khronika.store import Store
from khronika.store.audit import verify_chain
from khronika.store.schema import audit_log, metadata
from khronika.web.app import create_app
from khronika.web.auth import EXEMPT_PATHS, SESSION_COOKIE, enable_accounts, start_session
from khronika.web.filters import ID_FILTERS, TEXT_FILTERS

with warnings.catch_warnings():
    # See tests/web/conftest.py: Starlette warns once at import when it finds httpx.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SECRET = "Pq7Wm2Xc9Lr4Tn8Vb3Hk6Jz1Fd5Gs0Ya_Ue-Io2Rt7Kw"
ROLES: tuple[str, ...] = (ANONYMOUS_ROLE, *ROLE_NAMES)
# The chronicle's filters, as the pages read them from the URL (khronika.web.filters).
FILTER_PARAMS: tuple[str, ...] = ("type", *TEXT_FILTERS, *ID_FILTERS, "page", "per_page", "view", "lang")
_JSON_ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})")
_LINK_RE = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]*)""", re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    """One method and path of the app with the parameters its handler declares."""

    method: str
    path: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]


def app_routes(app: FastAPI) -> list[Route]:
    """Return every method and path of the app (static files left out), as the app itself lists them."""
    found: list[Route] = []
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        pairs = [(c.path, c.original_route) for c in contexts()] if contexts else [(getattr(route, "path", ""), route)]
        for path, original in pairs:
            if not hasattr(original, "methods") or path in EXEMPT_PATHS - {"/api/openapi.json"}:
                continue
            dependant = getattr(original, "dependant", None)
            declared = tuple(p.alias for p in dependant.query_params) if dependant else ()
            names = tuple(re.findall(r"{(\w+)(?::\w+)?}", path))
            for method in sorted(set(original.methods or ()) - {"HEAD"}):
                found.append(Route(method, path, names, declared))
    return found


def routes_of(method: str) -> list[Route]:
    """Return the routes of a freshly built app answering `method` (for parametrize)."""
    app = create_app(None, settings=Settings())  # type: ignore[arg-type]  # routes only, never served
    return [r for r in app_routes(app) if r.method == method]


def fill_paths(route: Route, ids: Mapping[str, Iterable[object]], *, default: Iterable[object]) -> list[str]:
    """Return the route's path with every combination of candidate values for its parameters."""
    choices = [list(ids.get(name, default)) for name in route.path_params]
    paths = []
    for values in itertools.product(*choices):
        path = route.path
        for name, value in zip(route.path_params, values, strict=True):
            path = re.sub(r"{" + name + r"(?::\w+)?}", str(value), path)
        paths.append(path)
    return paths


def links_in(body: str) -> list[str]:
    """Return the same-origin links of a page (href, src, form action), as paths with their query."""
    found = []
    for raw in _LINK_RE.findall(body):
        link = html.unescape(raw).strip()
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
            continue
        found.append(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    return list(dict.fromkeys(found))


def haystack(body: str) -> str:
    """Return a response body with entities and %-escapes decoded too, folded: what a reader can find in it."""
    decoded = html.unescape(unquote(body.replace("+", " ")))
    unicode_escaped = _JSON_ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), decoded)  # JSON's \u041a
    return f"{body}\n{decoded}\n{unicode_escaped}".casefold()


def secure_app(store: Store) -> FastAPI:
    """Return the app over `store` with accounts on, as `khronika serve` runs it."""
    app = create_app(store, settings=Settings())
    enable_accounts(app, secret_key=SECRET)
    return app


def add_role_accounts(store: Store) -> None:
    """Add one account per role, named after it (sessions are opened directly, no password needed)."""
    for role in ROLE_NAMES:
        store.people.add_user(f"{role}-1", role, "not a password hash", now=datetime(2026, 1, 1, tzinfo=UTC), by="test")


@dataclass
class Clients:
    """One client per role (and anonymous) over the same app."""

    by_role: dict[str, TestClient]

    def __getitem__(self, role: str) -> TestClient:
        return self.by_role[role]


@contextmanager
def role_clients(app: FastAPI, store: Store) -> Iterator[Clients]:
    """Yield a client per role over `app`, each signed in with its own server-side session."""
    clients = {role: TestClient(app, follow_redirects=False, raise_server_exceptions=False) for role in ROLES}
    try:
        for role, client in clients.items():
            client.__enter__()
            if role != ANONYMOUS_ROLE:
                client.cookies.set(SESSION_COOKIE, start_session(store, f"{role}-1"))
        yield Clients(clients)
    finally:
        for client in clients.values():
            client.__exit__(None, None, None)


def database_state(store: Store) -> dict[str, Any]:
    """Return what no read may change: the row count of every table and the audit chain's last entry.

    Downloads are reads that the audit log records ("export" entries, issue 5), so those are left out.
    """
    with store.reader() as conn:
        counts: dict[str, Any] = {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in sorted(metadata.tables.items())
            if name != "audit_log"
        }
        checked = verify_chain(conn)
        writes = select(audit_log.c.id, audit_log.c.hash).where(audit_log.c.action != "export")
        entries = list(conn.execute(writes.order_by(audit_log.c.id)))
    counts["audit chain intact"] = checked.ok
    counts["audit entries other than exports"] = (len(entries), tuple(entries[-1]) if entries else None)
    return counts
