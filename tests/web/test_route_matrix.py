"""Every route of the app, asked by an anonymous visitor and by each role: only what the role table grants.

The cells are built from the app's own routes, so a new route gets its five cells at once; its
expected answers come from the permission it declares, and a route that declares none fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from khronika.protect.roles import ANONYMOUS_ROLE, ROLE_NAMES, has_permission
from khronika.protect.users import hash_password
from khronika.settings import Settings
from khronika.store import Store, open_store
from khronika.web.app import create_app
from khronika.web.auth import OPEN, SESSION_COOKIE, RouteInfo, enable_accounts, iter_routes, start_session
from tests.conftest import BACKENDS, NewDatabase
from tests.web.corpus import seed

SECRET = "Xc4Tq9Lm2Rv7Bn5Kd8Wz1Hy6Gp3Fs0Ja_Ue-Io7Lk2Pq"
PASSWORD_HASH = hash_password("nine words would be better than this one")
ROLES = (ANONYMOUS_ROLE, *ROLE_NAMES)
NO_SUCH_EVENT = 999_999
# Status of a route the role may use. Reads answer 200 for the public sample records; the review
# POSTs go to an event that does not exist (the shared store must not change), so once the
# permission check lets them through the queue answers 400 naming it; an empty sign-in form is a
# failed sign-in.
ALLOWED_STATUS: dict[str, int] = {
    "POST /review/{event_id}/confirm": 400,
    "POST /review/{event_id}/reject": 400,
    "POST /review/{event_id}/edit": 400,
    "POST /review/{event_id}/merge": 400,
    "POST /login": 401,
    "POST /logout": 303,
    "POST /review/duplicates/{suggestion_id}/accept": 400,
    "POST /review/duplicates/{suggestion_id}/reject": 400,
    "POST /cases/{case_id}/edit": 404,
    "POST /drafts/new": 400,  # no event or case given: the form answers naming what is missing
    "POST /drafts/{draft_id}": 404,
    "POST /drafts/{draft_id}/publish": 404,
}
# Allowed by the permission, then narrowed by the route itself: an anonymous visitor never gets a
# document's original bytes (they may name someone hidden; khronika.protect.redact), only its text.
NARROWED: dict[tuple[str, str], int] = {("GET /documents/{document_id}/original", ANONYMOUS_ROLE): 404}
QUERIES: dict[str, str] = {"GET /api/search": "?q=strike"}  # a required parameter
REFUSED_STATUS = 403


def app_routes() -> list[RouteInfo]:
    """Return every route of a freshly built app (mounted static files and the OpenAPI JSON left out)."""
    app: FastAPI = create_app(None, settings=Settings())  # type: ignore[arg-type]  # routes only
    return list(iter_routes(app))


ROUTES = app_routes()


@dataclass
class Matrix:
    """A client over a seeded store with accounts on, and the sample ids to put in paths."""

    client: TestClient
    samples: dict[str, int]


@pytest.fixture(scope="module", params=BACKENDS)
def matrix(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Matrix]:
    """Seed the corpus with public samples and one account per role; yield a client with accounts on."""
    with new_database(request.param, tmp_path_factory.mktemp("matrix")) as url:
        store = open_store(url)
        try:
            corpus = seed(store)
            people = store.people
            people.set_level("document", corpus.docs["ru"], "public")
            people.set_level("event", corpus.events["ru_strike"], "public")
            people.set_level("actor", 1, "public")  # the oil workers, the strike's first actor
            for role in ROLE_NAMES:
                people.add_user(f"{role}-1", role, PASSWORD_HASH, now=datetime(2026, 1, 1, tzinfo=UTC), by="test")
            samples = {
                "event_id": corpus.events["ru_strike"],
                "document_id": corpus.docs["ru"],
                "actor_id": 1,
                "place_id": 1,  # Seversk
                "case_id": _public_case(store, corpus.docs["ru"]),
                "draft_id": store.drafts.create(
                    kind="press_release",
                    language="en",
                    title="Strike in Seversk",
                    body="Oil workers of Seversk went on strike.",
                    subject={"events": [corpus.events["ru_strike"]]},
                    by="test",
                ),
            }
            app = create_app(store, settings=Settings())
            enable_accounts(app, secret_key=SECRET)
            with TestClient(app, follow_redirects=False) as client:
                yield Matrix(client=client, samples=samples)
        finally:
            store.close()


def _public_case(store: Store, document_id: int) -> int:
    """Add a public detention to the document and build its case; return the case's id."""
    from khronika.records import Actor, Event
    from khronika.resolve.cases import build_cases

    target = Actor(name="Detained picketer", kind="person", role="target")
    store.add_events(document_id, [Event(type="detention", date="2011-12-18", actors=[target], level="public")])
    build_cases(store, actor="test")
    return store.cases.list_cases()[0].id or 0


def expected_status(route: RouteInfo, role: str) -> int:
    """Return what `role` should get from `route`, from its declared permission and the role table."""
    assert route.permission is not None, (
        f"{route.method} {route.path} declares no permission: add it to ROUTE_PERMISSIONS in "
        "khronika/web/auth.py or give the route openapi_extra={'x-permission': ...}"
    )
    if route.permission == OPEN or has_permission(role, route.permission):
        key = f"{route.method} {route.path}"
        return NARROWED.get((key, role), ALLOWED_STATUS.get(key, 200))
    return REFUSED_STATUS


def test_every_route_declares_a_permission() -> None:
    undeclared = [f"{r.method} {r.path}" for r in ROUTES if r.permission is None]
    assert undeclared == []


def test_an_undeclared_route_fails_the_matrix_and_is_refused_to_everyone() -> None:
    app = create_app(None, settings=Settings())  # type: ignore[arg-type]
    enable_accounts(app, secret_key=SECRET)

    @app.get("/forgotten")
    def forgotten() -> dict[str, str]:
        return {"secret": "yes"}

    (info,) = [r for r in iter_routes(app) if r.path == "/forgotten"]
    assert info == RouteInfo("GET", "/forgotten", None)
    with pytest.raises(AssertionError, match="GET /forgotten declares no permission"):
        expected_status(info, "admin")
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/forgotten").status_code == REFUSED_STATUS


def test_a_route_may_declare_its_permission_itself() -> None:
    app = create_app(None, settings=Settings())  # type: ignore[arg-type]

    @app.get("/declared", openapi_extra={"x-permission": "export"})
    def declared() -> dict[str, str]:
        return {}

    assert [r for r in iter_routes(app) if r.path == "/declared"] == [RouteInfo("GET", "/declared", "export")]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.method} {r.path}" for r in ROUTES])
def test_each_role_gets_only_what_its_permission_allows(matrix: Matrix, route: RouteInfo, role: str) -> None:
    expected = expected_status(route, role)
    client = matrix.client
    client.cookies.clear()
    headers: dict[str, str] = {}
    if role != ANONYMOUS_ROLE:
        client.cookies.set(SESSION_COOKIE, start_session(client.app.state.store, f"{role}-1"))  # type: ignore[attr-defined]
    samples = dict(matrix.samples)
    if route.method != "GET":
        samples["event_id"] = NO_SUCH_EVENT
        samples["suggestion_id"] = NO_SUCH_EVENT  # a merge suggestion (khronika.store.links)
        samples["case_id"] = NO_SUCH_EVENT
        samples["draft_id"] = NO_SUCH_EVENT  # the shared store's sample draft must not change
        page = client.get("/login")  # the CSRF cookie, and its token from the form
        headers["X-CSRF-Token"] = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    path = route.path.format(**samples) + QUERIES.get(f"{route.method} {route.path}", "")
    form = {"type": "protest", "into": "1"} if route.method != "GET" else None
    response = client.request(route.method, path, data=form, headers=headers)
    assert response.status_code == expected, response.text[:300]
