"""A TestClient on the web app over a fresh store (SQLite and PostgreSQL)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from khronika.settings import Settings
from khronika.web.app import create_app

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from khronika.store import Store

with warnings.catch_warnings():
    # Starlette 1.x prefers the new httpx2 package and warns once, at import, when it finds httpx
    # (which we ship for ingest); the client works the same with either.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient as _TestClient


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    """Return a client of the app serving the fresh `store`, following no redirects."""
    with _TestClient(create_app(store, settings=Settings()), follow_redirects=False) as test_client:
        yield test_client
