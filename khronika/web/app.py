"""The web app: server-rendered chronicle pages and the JSON API over one Store.

    app = create_app(open_store(url), settings=Settings())

`khronika serve --workers N` (N > 1) starts N uvicorn processes on one socket; each builds its
own app with `app_from_environment`, from the settings the parent put in their environment.

Every page reads without JavaScript; the review queue's keyboard shortcuts are an extra.
No page asks for anything outside this server (no CDN, no web fonts).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException as FastAPIHTTPException
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from pydantic import SecretStr
from sqlalchemy.pool import QueuePool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from khronika import __version__
from khronika.settings import Settings, require_secret
from khronika.store import Store
from khronika.store.database import open_store
from khronika.web import auth, i18n
from khronika.web.deps import make_templates, render
from khronika.web.routes import api, apidocs, chronicle, documents, entities, events, exports, review, search

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Pages another part of the app may add; each module, when present, exposes `router`.
_OPTIONAL_PAGES: tuple[tuple[str, str, str], ...] = (
    ("map", "/map", "Map"),
    ("stats", "/stats", "Statistics"),
    ("cases", "/cases", "Cases"),
    ("drafts", "/drafts", "Drafts"),
    ("reports", "/report", "Report"),
    ("feeds", "/feeds", "Feeds"),
)
_LANG_COOKIE_AGE_S = 365 * 24 * 3600
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Sync routes run in anyio's worker threads, at most 40 at once per process (anyio's default
# limiter); each may hold two connections (its page's reader and a lookup of hidden names).
WORKER_THREADS = 40
APP_FACTORY = "khronika.web.app:app_from_environment"


def create_app(store: Store, *, settings: Settings) -> FastAPI:
    """Return the FastAPI app serving the chronicle and the API from `store`."""
    app = FastAPI(
        title="khronika",
        version=__version__,
        description="A chronicle of protests, strikes and repression, built from reports.",
        docs_url=None,  # our own page (routes/apidocs.py): Swagger UI would load from a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = store
    app.state.settings = settings
    app.state.templates = make_templates()
    app.state.nav_extra = []
    for router in (chronicle.router, events.router, documents.router, entities.router, search.router, review.router):
        app.include_router(router)
    app.include_router(exports.router)
    app.include_router(apidocs.router)
    app.include_router(api.router, prefix="/api")
    for module_name, path, label in _OPTIONAL_PAGES:
        module = _optional_module(f"khronika.web.routes.{module_name}")
        if module is not None:
            app.include_router(module.router)
            app.state.nav_extra.append((path, label))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    auth.install(app)  # sessions, CSRF, /login; local single-user mode until auth.enable_accounts
    app.add_middleware(_ChooseLanguage)
    app.add_middleware(_RefuseCrossSiteWrites)
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    return app


def _optional_module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name != name:
            raise
        return None


class _ChooseLanguage:
    """Set request.state.lang for every page; remember a language asked for with ?lang= in a cookie.

    Plain ASGI rather than @app.middleware("http"): that wrapper costs a task and two streams a
    request, a tenth of a cached chronicle page (issue 4).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        asked = request.query_params.get("lang")
        request.state.lang = i18n.choose_language(
            query=asked,
            cookie=request.cookies.get(i18n.LANG_COOKIE),
            accept=request.headers.get("accept-language"),
        )

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if asked in i18n.LANGUAGES:
                    # Remembered so that the next page, reached by a plain link, keeps the language.
                    cookie = Response()
                    cookie.set_cookie(
                        i18n.LANG_COOKIE, asked, max_age=_LANG_COOKIE_AGE_S, samesite="lax", httponly=True
                    )
                    headers.append("set-cookie", cookie.headers["set-cookie"])
                if "content-language" not in headers:
                    headers["Content-Language"] = request.state.lang
            await send(message)

        await self.app(scope, receive, send_with_language)


class _RefuseCrossSiteWrites:
    """Refuse (403) a form POST that a browser says came from another site."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Until accounts bring CSRF tokens: a page on another site must not be able to make a
        # reviewer's browser confirm, reject or merge events here. Browsers name the origin of a
        # form POST; requests without these headers (scripts, tests) are not a browser's forgery.
        if scope["type"] == "http" and scope["method"] not in _SAFE_METHODS:
            request = Request(scope)
            fetch_site = request.headers.get("sec-fetch-site")
            origin = request.headers.get("origin")
            own = f"{request.url.scheme}://{request.url.netloc}"
            if fetch_site not in (None, "same-origin", "none") or (origin not in (None, "null") and origin != own):
                refusal = PlainTextResponse(
                    "Refused: this form was sent from another site. Open the page on this server and send it again.",
                    status_code=403,
                )
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if request.url.path.startswith("/api") or (isinstance(exc, FastAPIHTTPException) and exc.headers):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return render(request, "error.html", status_code=exc.status_code, status=exc.status_code, detail=exc.detail)


def app_from_environment() -> FastAPI:
    """Build the app in one `khronika serve --workers N` process from the KHRONIKA_* variables its parent set."""
    settings = Settings()
    secret = require_secret(settings, demo=settings.demo)
    # The parent opened and migrated the database before starting the workers.
    store = open_store(settings.database_url(), key=settings.database_key(), migrate=False)
    size_pool(store, threads=WORKER_THREADS)
    web = create_app(store, settings=settings)
    if settings.demo:
        web.state.auth_secret = secret  # the parent's one secret: a form one worker made, another accepts
    else:
        auth.enable_accounts(web, secret_key=secret)
    return web


def worker_environment(settings: Settings, *, key: str | None, secret: str, demo: bool) -> dict[str, str | None]:
    """Return the KHRONIKA_* variables (None: unset) from which each worker rebuilds these settings.

    The database key may have been typed at a prompt, so it travels as KHRONIKA_KEY, not as a
    file to read again; the secret is the parent's, so a session signed by one worker is valid on all.
    """
    values: dict[str, Any] = settings.model_dump() | {"key": key, "key_file": None, "secret_key": secret, "demo": demo}
    if "://" not in settings.db:
        values["db"] = str(Path(settings.db).expanduser().resolve())  # the same file whatever the worker's cwd
    return {f"KHRONIKA_{name.upper()}": _env_value(value) for name, value in values.items()}


def _env_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def set_environment(values: Mapping[str, str | None]) -> None:
    """Set (or, for None, unset) these variables in this process's environment, which its workers inherit."""
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def size_pool(store: Store, *, threads: int) -> None:
    """Keep as many SQLite connections as `threads` (and as many more at a peak) instead of SQLAlchemy's 5.

    Each connection keeps its own read cache (store.search.cached_read); a connection opened past
    the pool's size is closed after one request and its cache lost. PostgreSQL keeps SQLAlchemy's
    pool: the server's max_connections bounds it, and it caches nothing per connection.
    """
    if store.backend != "sqlite":
        return
    engine = store._engine  # open_store takes no pool size (see the docstring)
    old = engine.pool
    if not isinstance(old, QueuePool):
        return  # an in-memory database's single connection
    # The same creator, events and dialect as old.recreate() passes on, with the new sizes.
    engine.pool = QueuePool(
        old._creator,
        pool_size=threads,
        max_overflow=threads,
        pre_ping=old._pre_ping,
        timeout=old.timeout(),
        _dispatch=old.dispatch,
        dialect=old._dialect,
    )
    old.dispose()
