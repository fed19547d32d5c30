"""Forged writes: every POST route of the app, from a signed-in admin's browser, without the CSRF
token, with a wrong one, and from another site's page, is refused (403) and changes nothing.

The routes come from the app itself, so a POST route added later is forged against at once.
Each case has its other half: the same request with the right token from this site gets past
the CSRF check, so the refusals cannot come from something else (a missing permission, a 404).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from khronika.store import Store, open_store
from khronika.web.auth import CSRF_HEADER, SESSION_COOKIE, start_session
from tests.conftest import BACKENDS, NewDatabase
from tests.security.crawl import Route, TestClient, add_role_accounts, database_state, routes_of, secure_app
from tests.web.corpus import Corpus, seed

POST_ROUTES = routes_of("POST")
CSRF_REFUSAL = "security token is missing or stale"
CROSS_SITE_REFUSAL = "sent from another site"
# What a form to any of these routes might carry: enough for each to change something if it let the request in.
FORM = {
    "type": "protest",
    "date": "2030-01-01",
    "size": "7",
    "name": "admin-1",
    "password": "x" * 16,
    "status": "closed",
}


@contextmanager
def admin_client(store: Store) -> Iterator[tuple[TestClient, Corpus]]:
    """Yield a client signed in as an admin (every permission) over the seeded corpus."""
    corpus = seed(store)
    add_role_accounts(store)
    with TestClient(secure_app(store), follow_redirects=False) as client:
        client.cookies.set(SESSION_COOKIE, start_session(store, "admin-1"))
        yield client, corpus


@pytest.fixture(scope="module", params=BACKENDS)
def shared(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, TestClient, Corpus]]:
    """One store per backend for the forgeries: none of them may change it, which each test checks."""
    with new_database(request.param, tmp_path_factory.mktemp("csrf")) as url:
        store = open_store(url)
        try:
            with admin_client(store) as (client, corpus):
                yield store, client, corpus
        finally:
            store.close()


@pytest.fixture
def signed_in(store: Store) -> Iterator[tuple[TestClient, Corpus]]:
    """Return an admin's client over a fresh store: the requests with the token may change it."""
    with admin_client(store) as found:
        yield found


def path_of(route: Route, corpus: Corpus) -> str:
    """Return the route's path for a stored event (or the first record of another kind)."""
    path = route.path
    for name in route.path_params:
        value = corpus.events["ru_strike"] if name == "event_id" else 1
        path = path.replace(f"{{{name}}}", str(value))
    return path


def right_token(client: TestClient) -> str:
    """Return the CSRF token the signed-in client's pages carry."""
    page = client.get("/login").text
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_the_app_has_post_routes_to_forge() -> None:
    assert {"POST /login", "POST /logout", "POST /review/{event_id}/confirm"} <= {
        f"{r.method} {r.path}" for r in POST_ROUTES
    }


@pytest.mark.parametrize("route", POST_ROUTES, ids=[r.path for r in POST_ROUTES])
@pytest.mark.parametrize("forgery", ["no token", "wrong token", "other site"])
def test_a_forged_post_is_refused_and_changes_nothing(
    shared: tuple[Store, TestClient, Corpus], route: Route, forgery: str
) -> None:
    store, client, corpus = shared
    token = right_token(client)
    before = database_state(store)
    form = dict(FORM, into=str(corpus.events["ru_detention"]))
    headers = {}
    if forgery == "wrong token":
        form["csrf_token"] = token[::-1]
    if forgery == "other site":
        form["csrf_token"] = token
        headers = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    response = client.post(path_of(route, corpus), data=form, headers=headers)
    assert response.status_code == 403
    assert (CROSS_SITE_REFUSAL if forgery == "other site" else CSRF_REFUSAL) in response.text
    assert database_state(store) == before
    assert client.get("/review").status_code == 200  # still signed in: a forged sign-out did nothing


@pytest.mark.parametrize("route", POST_ROUTES, ids=[r.path for r in POST_ROUTES])
def test_the_same_post_with_the_token_gets_past_the_check(signed_in: tuple[TestClient, Corpus], route: Route) -> None:
    client, corpus = signed_in
    token = right_token(client)
    form = dict(FORM, into=str(corpus.events["ru_detention"]))
    # The token in the header for the last route, in the form for the others: scripts and browsers.
    headers = {"Origin": "http://testserver"}
    if route == POST_ROUTES[-1]:
        headers[CSRF_HEADER] = token
    else:
        form["csrf_token"] = token
    response = client.post(path_of(route, corpus), data=form, headers=headers)
    assert CSRF_REFUSAL not in response.text and CROSS_SITE_REFUSAL not in response.text
    assert response.status_code < 500
