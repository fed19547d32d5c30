"""The canary crawl: unique strings planted in confidential, internal and public fields and as a
protected person's names, then every GET route, every link on its pages and the CLI's outputs read
as each role: a canary may show only where that role is cleared for it, and never in the logs or
the audit log. Issue 5, "Done when".

Besides where a canary shows, a search for a hidden name or a hidden word must not reveal that a
record holding it exists: the answer to it must read exactly like the answer to a word stored
nowhere. Every check has its other half (the cleared roles do see each canary, their searches do
find it), so a crawl that read nothing could not pass.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus, urlencode

import pypdfium2
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from khronika.cli import app as cli_app
from khronika.protect.roles import ANONYMOUS_ROLE, has_permission
from khronika.records import Actor, Event, Evidence, Place
from khronika.store import Store, open_store
from khronika.store.schema import audit_log
from tests.conftest import BACKENDS, NewDatabase
from tests.factories import make_document
from tests.security.crawl import (
    FILTER_PARAMS,
    ROLES,
    Route,
    add_role_accounts,
    app_routes,
    fill_paths,
    haystack,
    links_in,
    role_clients,
    secure_app,
)

NAME_RU, NAME_LATIN = "Жаксылык Канареев", "Zhaksylyk Kanareev"
# What a leak of the protected person's name would show: each word of it in both scripts.
NAME_WORDS = ("жаксылык", "канареев", "zhaksylyk", "kanareev")
CONFIDENTIAL = (
    "cnryconftitle",
    "cnryconftext",
    "cnryconforiginal",
    "cnryconfmeta",
    "cnryconfuri",
    "cnryconfdetail",
    "cnryconfevidence",
    "cnryconfactor",
    "cnryconfeventonly",
    "cnryconfplace",  # a place named only by a confidential event
)
INTERNAL = ("cnryinttitle", "cnryinttext", "cnryintdetail", "cnryintevidence", "cnryintactor")
PUBLIC = ("cnrypubtitle", "cnrypubtext", "cnrypubdetail")
FILTER_WORDS = (NAME_RU, NAME_LATIN, "cnryconfactor", "cnryintactor", "Cnryconfplace")  # actor= and place=
NOTHING = "cnrystorednowhere"  # the control word: a search for it must find nothing anywhere
ALL_CANARIES = (*CONFIDENTIAL, *INTERNAL, *PUBLIC, *NAME_WORDS)
NO_SUCH_ID = 999_999
# Planted, but shown on no page or API answer to anyone (document metadata is not displayed).
SHOWN_NOWHERE = frozenset({"cnryconfmeta"})
# The crawl takes about a minute a role; on PostgreSQL it runs for the two roles that see least.
POSTGRES_ROLES = ("anonymous", "viewer")
# One word of each record and each hidden name: what the crawl searches for on every page that searches.
SEARCHED = (
    "cnryconftext",
    "cnryconfdetail",
    "cnryconfeventonly",
    "cnryconfactor",
    "Cnryconfplace",
    "cnryinttext",
    "cnryintactor",
    "cnrypubtext",
    NAME_RU,
    "Kanareev",
)


# Canaries the crawl types into a search or a filter itself; the others can only come from the records.
TYPED = frozenset(c for c in ALL_CANARIES if c in haystack(" ".join((*SEARCHED, *FILTER_WORDS))))


def cleared_for(role: str) -> frozenset[str]:
    """Return the canaries `role` may read."""
    allowed = set(PUBLIC)
    if role != ANONYMOUS_ROLE and has_permission(role, "read:internal"):
        allowed |= set(INTERNAL)
    if role != ANONYMOUS_ROLE and has_permission(role, "read:confidential"):
        allowed |= set(CONFIDENTIAL)
    if role != ANONYMOUS_ROLE and has_permission(role, "read:protected_names"):
        allowed |= set(NAME_WORDS)
    return frozenset(allowed)


@dataclass
class Planted:
    """The store with the canaries in it, and the ids of the records that hold them."""

    store: Store
    url: str
    ids: dict[str, list[int]]
    protected_actor: int
    backend: str


def plant(store: Store) -> dict[str, list[int]]:
    """Store a public, an internal and a confidential document with their events; return ids by path parameter."""
    people = store.people
    witness = Actor(name=NAME_RU, kind="person", role="target", variants=[NAME_LATIN])
    pub_text = f"Публичный отчёт cnrypubtext: на митинге выступил {NAME_RU}, он же {NAME_LATIN}."
    int_text = "Внутренний отчёт cnryinttext. Полиция задержала Канареева (cnryintevidence) у завода."
    conf_text = f"Конфиденциально cnryconftext. Свидетель {NAME_LATIN} рассказал: cnryconfevidence."
    docs = {}
    for key, text, title, level, extra in (
        ("pub", pub_text, f"cnrypubtitle {NAME_RU}", "public", {}),
        ("int", int_text, "cnryinttitle Задержание Канареева", "internal", {}),
        (
            "conf",
            conf_text,
            "cnryconftitle",
            "confidential",
            {"uri": "file:///reports/cnryconfuri.txt", "meta": {"author": "cnryconfmeta"}},
        ),
    ):
        original = (text + (" cnryconforiginal" if key == "conf" else "")).encode()
        doc = make_document(text, title=title, original=original, **extra)
        docs[key], _ = store.add_document(doc)
        people.set_level("document", docs[key], level)
    place = Place(name="Seversk", country="KZ", admin1="Mangystau Region")
    pub_event = Event(
        type="protest", date="2024-05-01", place=place, actors=[witness], details={"note": "cnrypubdetail"},
        evidence=[passage(pub_text, f"выступил {NAME_RU}")],
    )  # fmt: skip
    int_event = Event(
        type="detention", date="2024-05-02", place=place, details={"note": "cnryintdetail"},
        actors=[witness, Actor(name="cnryintactor group", kind="group", role="participant")],
        evidence=[passage(int_text, "задержала Канареева (cnryintevidence)")],
    )  # fmt: skip
    conf_actor = Actor(name="cnryconfactor informant", kind="person", role="participant")
    conf_place = Place(name="Cnryconfplace", country="KZ")
    conf_event = Event(
        type="trial", date="2024-05-03", place=conf_place, actors=[witness, conf_actor],
        details={"note": "cnryconfdetail"},
        evidence=[passage(conf_text, f"Свидетель {NAME_LATIN} рассказал: cnryconfevidence")],
    )  # fmt: skip
    # A confidential event read from an internal document: the document shows, this event does not.
    hidden_event = Event(type="threat", date="2024-05-04", place=place, details={"note": "cnryconfeventonly"})
    (pub_id,) = store.add_events(docs["pub"], [pub_event])
    int_id, hidden_id = store.add_events(docs["int"], [int_event, hidden_event])
    (conf_id,) = store.add_events(docs["conf"], [conf_event])
    for event_id, level in (
        (pub_id, "public"),
        (int_id, "internal"),
        (conf_id, "confidential"),
        (hidden_id, "confidential"),
    ):
        people.set_level("event", event_id, level)
    (person,) = people.protect(NAME_RU, also=[NAME_LATIN])
    every_actor = people.hidden_from((), can_see_protected=False)  # hidden from a viewer of no level: all
    for actor in every_actor:
        if actor.name.startswith("cnryconfactor"):
            people.set_level("actor", actor.actor_id, "confidential")
    return {
        "event_id": [pub_id, int_id, conf_id, hidden_id, NO_SUCH_ID],
        "document_id": [*docs.values(), NO_SUCH_ID],
        "actor_id": [*(a.actor_id for a in every_actor), NO_SUCH_ID],
        "place_id": [1, 2, NO_SUCH_ID],
        "protected_actor": [person.actor_id],
    }


def passage(text: str, words: str) -> Evidence:
    """Return evidence for `words` at their offsets in `text`."""
    start = text.index(words)
    return Evidence(start=start, end=start + len(words), text=words)


@contextmanager
def planted_store(new_database: NewDatabase, backend: str, directory: Path) -> Iterator[Planted]:
    """Plant the canaries and one account per role in a fresh store of this backend."""
    with new_database(backend, directory) as url:
        store = open_store(url)
        try:
            ids = plant(store)
            add_role_accounts(store)
            build_cases(url)
            yield Planted(store, url, ids, ids.pop("protected_actor")[0], backend)
        finally:
            store.close()


@pytest.fixture(scope="module", params=BACKENDS)
def planted(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Planted]:
    """The planted store on SQLite and on PostgreSQL."""
    with planted_store(new_database, request.param, tmp_path_factory.mktemp("canary")) as found:
        yield found


@pytest.fixture(scope="module")
def planted_sqlite(new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Planted]:
    """The planted store on SQLite, for the commands (they read through the same selection on both)."""
    with planted_store(new_database, "sqlite", tmp_path_factory.mktemp("canary-cli")) as found:
        yield found


def build_cases(url: str) -> None:
    """Build the case files from the events when this version has them, so that their pages are crawled."""
    if "cases" in {c.name for c in cli_app.registered_groups}:
        result = CliRunner().invoke(cli_app, ["--db", url, "cases", "build"])
        assert result.exit_code == 0, result.output


def body_of(response: object) -> str:
    """Return what a response shows a reader: its headers and text (a PDF's text extracted)."""
    items = response.headers.items()  # type: ignore[attr-defined]
    headers = " ".join(f"{k}: {v}" for k, v in items if k not in ("content-length", "set-cookie", "date"))
    content: bytes = response.content  # type: ignore[attr-defined]
    if content.startswith(b"%PDF"):
        pdf = pypdfium2.PdfDocument(io.BytesIO(content))
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        pdf.close()
        return f"{headers}\n{text}"
    return f"{headers}\n{content.decode('utf-8', 'replace')}"


def canaries_in(text: str, *, asked: str) -> set[str]:
    """Return the canaries in a response, leaving out those the request itself carried (echoed input)."""
    found = haystack(text)
    request = haystack(asked)
    return {c for c in ALL_CANARIES if c in found and c not in request}


def variants(route: Route, planted: Planted, *, reads_filters: bool) -> list[dict[str, str]]:
    """Return the query strings to try on a route: its own parameters, and the chronicle's filters if it reads them."""
    names = (*route.query_params, *FILTER_PARAMS) if reads_filters else route.query_params
    tries: list[dict[str, str]] = []
    for name in dict.fromkeys(names):
        if name == "q":
            values = list(SEARCHED)
        elif name in ("actor", "place"):
            values = list(FILTER_WORDS)
        elif name.endswith("_id"):
            values = [str(i) for i in planted.ids.get(name, [])]
        elif name in ("page", "per_page", "limit"):
            values = ["2", "200"]
        elif name == "type":
            values = ["trial", "threat", "detention"]
        else:
            values = ["cnryconftext"]
        tries += [{name: v} for v in values]
    return tries


def fetch_all(client: object, planted: Planted, routes: list[Route]) -> dict[str, str]:
    """Fetch every GET route with every path and query variant, then the links on those pages; return bodies."""
    bodies: dict[str, str] = {}

    def get(url: str) -> str:
        if url not in bodies:
            response = client.get(url)  # type: ignore[attr-defined]
            assert response.status_code < 500, f"{url}: {response.status_code} {response.text[:300]}"
            bodies[url] = body_of(response)
        return bodies[url]

    for route in routes:
        paths = fill_paths(route, planted.ids, default=[*range(1, 6), NO_SUCH_ID])
        for path in paths:
            get(path)
        # A route reads the chronicle's filters when searching a public word reads otherwise than
        # searching the control word (pages that only echo the query read the same).
        found = get(f"{paths[0]}?q=cnrypubtext")
        reads_filters = not route.path_params and as_control(found, "cnrypubtext") != get(f"{paths[0]}?q={NOTHING}")
        tries = variants(route, planted, reads_filters=reads_filters)
        if get(paths[0]).startswith("%PDF") or "application/pdf" in get(paths[0])[:2000]:
            tries = [{"q": NAME_RU}, {"q": "cnryconftext"}]  # seconds a page to render: the two searches that matter
        for query in tries:
            get(f"{paths[0]}?{urlencode(query)}")
    for url in list(bodies):
        for link in links_in(bodies[url]):
            if "lang=" not in link:  # the same page in another language: the same records
                get(link)
    return bodies


def routes_to_crawl() -> list[Route]:
    """Return the GET routes of the app (the crawl needs no store to list them)."""
    app = secure_app(None)  # type: ignore[arg-type]  # routes only
    return [r for r in app_routes(app) if r.method == "GET"]


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_a_canary_only_where_it_is_cleared(
    planted: Planted, role: str, caplog: pytest.LogCaptureFixture
) -> None:
    if planted.backend == "postgres" and role not in POSTGRES_ROLES:
        pytest.skip(f"crawled on SQLite; on PostgreSQL only as {', '.join(POSTGRES_ROLES)} (a minute a role)")
    caplog.set_level(logging.DEBUG)
    with planted.store.reader() as conn:
        audit_before = conn.execute(select(func.max(audit_log.c.id))).scalar_one()
    app = secure_app(planted.store)
    with role_clients(app, planted.store) as clients:
        bodies = fetch_all(clients[role], planted, routes_to_crawl())
    allowed = cleared_for(role)
    found = {url: canaries_in(body, asked=url) for url, body in bodies.items()}
    assert {url: sorted(shown - allowed) for url, shown in found.items() if shown - allowed} == {}
    # The other half: each canary this role is cleared for does show somewhere.
    assert set().union(*found.values()) | (allowed & SHOWN_NOWHERE) == allowed
    logged = haystack("\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records if not is_client_log(r)))
    assert sorted(c for c in ALL_CANARIES if c in logged) == []
    # The audit log records downloads with the filter the downloader typed: theirs, nothing more.
    with planted.store.reader() as conn:
        rows = [(row.id, haystack(str(tuple(row)))) for row in conn.execute(select(audit_log))]
    assert sorted({c for i, text in rows if i > audit_before for c in ALL_CANARIES if c in text} - allowed) == []
    assert sorted(c for _, text in rows for c in ALL_CANARIES if c in text and c not in TYPED) == []


def is_client_log(record: logging.LogRecord) -> bool:
    """Return True for the test client's own request lines (they hold the URL the test asked for)."""
    return record.name.split(".")[0] in ("httpx", "httpcore")


@pytest.mark.slow
@pytest.mark.parametrize("role", [r for r in ROLES if cleared_for(r) != frozenset(ALL_CANARIES)])
def test_a_search_for_a_hidden_word_reads_like_a_search_for_nothing(planted: Planted, role: str) -> None:
    if planted.backend == "postgres" and role not in POSTGRES_ROLES:
        pytest.skip(f"compared on SQLite; on PostgreSQL only as {', '.join(POSTGRES_ROLES)}")
    hidden = [c for c in (*ALL_CANARIES, NAME_RU, NAME_LATIN) if not set(c.casefold().split()) <= cleared_for(role)]
    app = secure_app(planted.store)
    compared = 0
    with role_clients(app, planted.store) as clients:
        client = clients[role]
        for route in routes_to_crawl():
            if route.path_params:
                continue
            for name in ("q", "actor", "place"):
                control = client.get(f"{route.path}?{urlencode({name: NOTHING})}")
                if (
                    control.status_code != 200
                    or control.text != client.get(f"{route.path}?{urlencode({name: NOTHING})}").text
                ):
                    continue  # an answer that changes by itself (a timestamp) cannot be compared
                for word in hidden:
                    answer = client.get(f"{route.path}?{urlencode({name: word})}").text
                    assert as_control(answer, word) == control.text, f"{route.path}?{name}={word} as {role}"
                    compared += 1
    assert compared > 0


def as_control(text: str, word: str) -> str:
    """Return the answer with the searched word, in every encoding a page writes it, replaced by the control word."""
    for form, control in (
        (quote(word, safe=""), quote(NOTHING, safe="")),
        (quote_plus(word), quote_plus(NOTHING)),
        (quote(word), quote(NOTHING)),
        (word, NOTHING),
    ):
        text = text.replace(form, control)
    return text


@pytest.mark.parametrize("word", ["cnryconftext", "cnryinttext", "cnrypubtext", "Канареев"])
def test_the_cleared_roles_searches_do_find_the_canaries(planted: Planted, word: str) -> None:
    # The other half of the test above: it must not pass because search finds nothing for anyone.
    app = secure_app(planted.store)
    with role_clients(app, planted.store) as clients:
        found = clients["admin"].get(f"/api/search?{urlencode({'q': word})}").json()
        control = clients["admin"].get(f"/api/search?{urlencode({'q': NOTHING})}").json()
    assert found != control


def test_the_place_filter_offers_only_places_of_records_the_viewer_may_see(planted: Planted) -> None:
    app = secure_app(planted.store)
    with role_clients(app, planted.store) as clients:
        page = clients[ANONYMOUS_ROLE].get("/").text
    assert "Cnryconfplace" not in page


def cli_command_names() -> set[str]:
    """Return the names of the CLI's commands, groups' commands as "group command"."""
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in cli_app.registered_commands}
    for group in cli_app.registered_groups:
        sub = group.typer_instance.registered_commands if group.typer_instance else []
        names |= {f"{group.name} {c.name or (c.callback.__name__ if c.callback else '')}" for c in sub}
    return names


# The commands that write records out, with `--as ROLE` added to each. {out} is a file to write,
# {event} each planted event's id. A row whose command this version lacks is left out.
CLI_OUTPUTS: tuple[tuple[str, ...], ...] = (
    ("export", "--format", "csv"),
    ("export", "--format", "jsonl"),
    ("export", "--format", "geojson"),
    ("export", "--format", "acled"),
    ("report", "--format", "html", "--output", "{out}"),
    ("cases list", "--json"),
    ("press-release", "--event", "{event}"),
    ("alert", "--event", "{event}"),
)
PRESENT_OUTPUTS = [row for row in CLI_OUTPUTS if row[0] in cli_command_names()]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PRESENT_OUTPUTS, ids=[" ".join(row) for row in PRESENT_OUTPUTS])
def test_cli_outputs_show_a_canary_only_to_roles_cleared_for_it(
    planted_sqlite: Planted, row: tuple[str, ...], role: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    planted = planted_sqlite
    caplog.set_level(logging.DEBUG)
    events = planted.ids["event_id"][:-1] if "{event}" in row else [0]
    seen: set[str] = set()
    for event_id in events:
        out = tmp_path / f"out-{event_id}.html"
        args = [a.replace("{out}", str(out)).replace("{event}", str(event_id)) for a in row]
        result = CliRunner().invoke(cli_app, ["--db", planted.url, *args[0].split(), *args[1:], "--as", role])
        shown = result.output + (out.read_text("utf-8", "replace") if out.exists() else "")
        found = canaries_in(shown, asked=" ".join(args))
        assert sorted(found - cleared_for(role)) == [], f"{' '.join(args)} --as {role}"
        seen |= found
    logged = haystack("\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records))
    assert sorted(c for c in ALL_CANARIES if c in logged) == []
    if role == "admin":
        assert seen != set()  # the other half: the command does write the records out
