"""What every route needs: the store, the person acting, the language and a page renderer."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import Response

from khronika.store import Store
from khronika.web import i18n

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LOCAL_ACTOR = "local"


def make_templates() -> Jinja2Templates:
    """Return the page templates; every value is HTML-escaped unless marked safe."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def get_store(request: Request) -> Store:
    """Return the store the app was created with."""
    store: Store = request.app.state.store
    return store


def current_actor(request: Request) -> str:
    """Return who is acting: the signed-in user's name, or 'local' in single-user local mode."""
    user = getattr(request.state, "user", None)
    if user is None:
        return LOCAL_ACTOR
    name = getattr(user, "name", user)
    return str(name)


def current_language(request: Request) -> str:
    """Return the interface language chosen for this request (see i18n.choose_language)."""
    return str(getattr(request.state, "lang", i18n.DEFAULT_LANGUAGE))


def page_context(request: Request) -> dict[str, Any]:
    """Return what every template uses: the language, translation and formatting helpers."""
    lang = current_language(request)

    def _(message: str, **values: object) -> str:
        return i18n.translate(lang, message, **values)

    def lang_url(code: str) -> str:
        params = dict(request.query_params)
        params["lang"] = code
        return f"{request.url.path}?{urlencode(params)}"

    return {
        "request": request,
        "lang": lang,
        "languages": i18n.LANGUAGES,
        "_": _,
        "fmt_date": lambda value: i18n.format_event_date(value, lang),
        "fmt_number": lambda value: i18n.format_number(value, lang),
        "lang_url": lang_url,
        "actor": current_actor(request),
        "nav_extra": getattr(request.app.state, "nav_extra", []),
    }


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> Response:
    """Render a page template with the common context and the page's own values."""
    templates: Jinja2Templates = request.app.state.templates
    values = page_context(request) | context
    return templates.TemplateResponse(request, template, values, status_code=status_code)
