"""The web app: server-rendered chronicle pages and the JSON API over one Store.

    app = create_app(open_store(url), settings=Settings())

Every page reads without JavaScript; the review queue's keyboard shortcuts are an extra.
No page asks for anything outside this server (no CDN, no web fonts).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException as FastAPIHTTPException
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.base import RequestResponseEndpoint
from starlette.responses import Response

from khronika import __version__
from khronika.settings import Settings
from khronika.store import Store
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
    app.middleware("http")(_choose_language)
    app.middleware("http")(_refuse_cross_site_writes)
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    return app


def _optional_module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name != name:
            raise
        return None


async def _choose_language(request: Request, call_next: RequestResponseEndpoint) -> Response:
    asked = request.query_params.get("lang")
    request.state.lang = i18n.choose_language(
        query=asked,
        cookie=request.cookies.get(i18n.LANG_COOKIE),
        accept=request.headers.get("accept-language"),
    )
    response = await call_next(request)
    if asked in i18n.LANGUAGES:
        # Remembered so that the next page, reached by a plain link, keeps the language.
        response.set_cookie(i18n.LANG_COOKIE, asked, max_age=_LANG_COOKIE_AGE_S, samesite="lax", httponly=True)
    response.headers.setdefault("Content-Language", request.state.lang)
    return response


async def _refuse_cross_site_writes(request: Request, call_next: RequestResponseEndpoint) -> Response:
    # Until accounts bring CSRF tokens: a page on another site must not be able to make a
    # reviewer's browser confirm, reject or merge events here. Browsers name the origin of a
    # form POST; requests without these headers (scripts, tests) are not a browser's forgery.
    if request.method not in _SAFE_METHODS:
        fetch_site = request.headers.get("sec-fetch-site")
        origin = request.headers.get("origin")
        own = f"{request.url.scheme}://{request.url.netloc}"
        if fetch_site not in (None, "same-origin", "none") or (origin not in (None, "null") and origin != own):
            return PlainTextResponse(
                "Refused: this form was sent from another site. Open the page on this server and send it again.",
                status_code=403,
            )
    return await call_next(request)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if request.url.path.startswith("/api") or (isinstance(exc, FastAPIHTTPException) and exc.headers):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return render(request, "error.html", status_code=exc.status_code, status=exc.status_code, detail=exc.detail)
