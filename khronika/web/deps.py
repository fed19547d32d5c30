"""What every route needs: the store, the person acting, the language and a page renderer."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import Response

from khronika.protect.redact import TextRedactor, redact_document, redaction_for
from khronika.protect.roles import ANONYMOUS, Viewer, viewer_for
from khronika.publish.selection import redact_events, scope_filter, sees_everything
from khronika.records import Document, Event
from khronika.store import Store
from khronika.store.queries import EventFilter
from khronika.web import i18n

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LOCAL_ACTOR = "local"
# Single-user local mode: the person at this computer owns the chronicle and sees all of it.
LOCAL_VIEWER = viewer_for(LOCAL_ACTOR, "admin")


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


def current_viewer(request: Request) -> Viewer:
    """Return who is looking, for every read: request.state.viewer, or one built from the user.

    Without a signed-in user: the owner in local mode, the anonymous visitor (public records
    only) once the accounts work sets app.state.accounts_enabled.
    """
    viewer = getattr(request.state, "viewer", None)
    if isinstance(viewer, Viewer):
        return viewer
    user = getattr(request.state, "user", None)
    if user is not None and getattr(user, "role", None) is not None:
        return viewer_for(str(getattr(user, "name", user)), str(user.role))
    if getattr(request.app.state, "accounts_enabled", False):
        return ANONYMOUS
    return LOCAL_VIEWER


def require(request: Request, permission: str) -> None:
    """Refuse (403, naming what is missing) unless the current viewer's role grants `permission`."""
    viewer = current_viewer(request)
    if not viewer.can(permission):
        who = viewer.name or "an anonymous visitor"
        raise HTTPException(403, f"{who} (role {viewer.role}) may not {permission}; ask an admin for a role that may.")


def scoped(request: Request, flt: EventFilter) -> EventFilter:
    """Return the filter limited to what the current viewer may see (levels, hidden names, q)."""
    return scope_filter(get_store(request), flt, viewer=current_viewer(request))


def shown_events(request: Request, events: list[Event]) -> list[Event]:
    """Return the events as the current viewer may see them: above their level left out, names hidden."""
    viewer = current_viewer(request)
    if sees_everything(viewer):
        return events
    return redact_events(events, viewer=viewer, store=get_store(request), redactor=redactor_for(request))


def shown_document(request: Request, doc: Document | None) -> Document | None:
    """Return the document as the current viewer may see it, or None (missing or above their level)."""
    viewer = current_viewer(request)
    if doc is None or sees_everything(viewer):
        return doc
    return redact_document(doc, viewer, people=redactor_for(request))


def redactor_for(request: Request) -> TextRedactor:
    """Return the current viewer's redactor, built once per request."""
    found = getattr(request.state, "redactor", None)
    if not isinstance(found, TextRedactor):
        found = redaction_for(get_store(request), current_viewer(request))
        request.state.redactor = found
    return found


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
