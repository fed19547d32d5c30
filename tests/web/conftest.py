"""TestClients on the web app: over a fresh store per test, or over one seeded store per module.

Both run on SQLite and PostgreSQL. Tests that only read share `site` (one store per module and
backend), which keeps the suite fast; tests that write take `client` and `store`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from fastapi import Request
from starlette.exceptions import StarletteDeprecationWarning
from starlette.middleware.base import RequestResponseEndpoint
from starlette.responses import Response

from khronika.protect.roles import Viewer
from khronika.settings import Settings
from khronika.web.app import create_app
from tests.conftest import BACKENDS, NewDatabase
from tests.web.corpus import Corpus, Site, seed, shared_site

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from khronika.store import Store

with warnings.catch_warnings():
    # Starlette 1.x prefers the new httpx2 package and warns once, at import, when it finds httpx
    # (which we ship for ingest); the client works the same with either.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient as _TestClient


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """Return a client over a store holding the fictional corpus, shared by a module's reading tests."""
    with new_database(request.param, tmp_path_factory.mktemp("web")) as url, shared_site(url, seed_with=seed) as shared:
        yield shared


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    """Return a client of the app serving the fresh `store`, following no redirects."""
    with _TestClient(create_app(store, settings=Settings()), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def fresh_client(store: Store) -> Iterator[TestClient]:
    """The same as `client`, for writing tests in modules whose `client` is the shared one."""
    with _TestClient(create_app(store, settings=Settings()), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def corpus(store: Store) -> Corpus:
    """Store the fictional three-language corpus; return its ids."""
    return seed(store)


@pytest.fixture
def client_as(store: Store) -> Iterator[Callable[[str], TestClient]]:
    """Return `client_as(name)`: a client whose requests carry request.state.user = name."""
    opened: list[TestClient] = []

    def make(name: str) -> TestClient:
        app = create_app(store, settings=Settings())

        @app.middleware("http")
        async def sign_in(request: Request, call_next: RequestResponseEndpoint) -> Response:
            request.state.user = name  # what the accounts work will set after a login
            return await call_next(request)

        test_client = _TestClient(app, follow_redirects=False)
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.close()


@pytest.fixture
def client_for(store: Store) -> Iterator[Callable[[Viewer | None], TestClient]]:
    """Return `client_for(viewer)`: a client of an app with accounts on, seen by this viewer (None: anonymous)."""
    opened: list[TestClient] = []

    def make(viewer: Viewer | None) -> TestClient:
        app = create_app(store, settings=Settings())
        app.state.accounts_enabled = True

        @app.middleware("http")
        async def sign_in(request: Request, call_next: RequestResponseEndpoint) -> Response:
            if viewer is not None:
                request.state.viewer = viewer  # what the accounts work will set after a login
                request.state.user = viewer.name
            return await call_next(request)

        test_client = _TestClient(app, follow_redirects=False)
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.close()
