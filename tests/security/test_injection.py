"""SQL injection: payloads in every query parameter of every GET route (read from the app) and in
the chronicle's filters, on SQLite and PostgreSQL. No answer is a server error, the database is
the same afterwards (row counts of every table, the audit chain's head), and a payload searched
for finds only what the same words find, and for a visitor only public records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest

from khronika.protect.roles import ANONYMOUS_ROLE
from khronika.store import Store, open_store
from tests.conftest import BACKENDS, NewDatabase
from tests.security.crawl import (
    FILTER_PARAMS,
    Route,
    TestClient,
    add_role_accounts,
    database_state,
    fill_paths,
    role_clients,
    routes_of,
    secure_app,
)
from tests.web.corpus import Corpus, seed

PAYLOADS = (
    "' OR '1'='1",
    "1 OR 1=1",
    "'; DROP TABLE events; --",
    '" OR ""="',
    "1; DELETE FROM audit_log",
    "') UNION SELECT name, password_hash FROM users --",
    "%' AND 1=0 UNION SELECT sqlite_version() --",
    "1' AND pg_sleep(0) IS NULL --",
    "\\'; UPDATE users SET role='admin' --",
    "\x00' OR 1=1",
    "*' || (SELECT 1) || '",
    "strike' /*",
)
GET_ROUTES = routes_of("GET")


@dataclass
class Target:
    """A seeded store with one public event, and a client per role over it."""

    store: Store
    corpus: Corpus
    clients: dict[str, TestClient]


@pytest.fixture(scope="module", params=BACKENDS)
def target(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    """Seed the corpus (one public document and event) with an account per role; yield clients for each."""
    with new_database(request.param, tmp_path_factory.mktemp("injection")) as url:
        store = open_store(url)
        try:
            corpus = seed(store)
            store.people.set_level("document", corpus.docs["ru"], "public")
            store.people.set_level("event", corpus.events["ru_strike"], "public")
            add_role_accounts(store)
            with role_clients(secure_app(store), store) as clients:
                yield Target(store, corpus, clients.by_role)
        finally:
            store.close()


def first_path(route: Route, corpus: Corpus) -> str:
    """Return the route's path for the stored records."""
    ids = {"event_id": [corpus.events["ru_strike"]], "document_id": [corpus.docs["ru"]]}
    return fill_paths(route, ids, default=[1])[0]


@pytest.mark.parametrize("role", [ANONYMOUS_ROLE, "admin"])
@pytest.mark.parametrize("route", GET_ROUTES, ids=[r.path for r in GET_ROUTES])
def test_payloads_in_every_parameter_change_nothing(target: Target, route: Route, role: str) -> None:
    client = target.clients[role]
    path = first_path(route, target.corpus)
    before = database_state(target.store)
    for payload in PAYLOADS:
        # Every filter at once, the search alone, and each parameter the route declares on its own
        # (a declared number that fails validation would keep the others from being read).
        queries = [dict.fromkeys(FILTER_PARAMS, payload), {"q": payload}]
        queries += [{name: payload} for name in route.query_params]
        for query in queries:
            response = client.get(f"{path}?{urlencode(query)}")
            assert response.status_code < 500, f"{path}?{urlencode(query)}: {response.text[:300]}"
    assert database_state(target.store) == before


def words_of(payload: str) -> str:
    """Return the payload's words without SQL's punctuation: what a search for it must match."""
    return " ".join(re.findall(r"\w+", payload))


def answer(found: object) -> object:
    """Return a JSON answer without the query it echoes."""
    return {k: v for k, v in found.items() if k != "q"} if isinstance(found, dict) else found


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("role", [ANONYMOUS_ROLE, "viewer", "admin"])
def test_a_payload_searched_for_finds_only_what_its_words_find(target: Target, payload: str, role: str) -> None:
    client = target.clients[role]
    for path in ("/api/search", "/api/events"):
        found = client.get(f"{path}?{urlencode({'q': payload})}")
        plain = client.get(f"{path}?{urlencode({'q': words_of(payload)})}")
        assert (found.status_code, answer(found.json())) == (plain.status_code, answer(plain.json()))
    events = client.get(f"/api/events?{urlencode({'q': payload, 'per_page': 200})}").json()
    ids = {e["id"] for e in events.get("items", [])} if isinstance(events, dict) else set()
    if role == ANONYMOUS_ROLE:
        assert ids <= {target.corpus.events["ru_strike"]}


def test_a_tautology_does_not_list_every_event(target: Target) -> None:
    # The other half: the search does answer, and the payload's quotes do not widen it.
    client = target.clients["admin"]
    everything = client.get("/api/events?per_page=200").json()
    found = client.get(f"/api/events?{urlencode({'q': PAYLOADS[0], 'per_page': 200})}").json()
    strike = client.get(f"/api/events?{urlencode({'q': 'забастовку', 'per_page': 200})}").json()
    assert everything["total"] == 5
    assert found["items"] == []
    assert target.corpus.events["ru_strike"] in [e["id"] for e in strike["items"]]
