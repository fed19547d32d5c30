"""The web downloads in every export format: the command's bytes for the same filters, audited, redacted, refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from starlette.testclient import TestClient

from khronika.protect.roles import Viewer, viewer_for
from khronika.store import Store
from khronika.store.queries import EventFilter
from tests.publish.test_exports import HIDDEN_SPELLINGS, WITNESS_URI, audit_entries, export_text, seed_varied

EDITOR = viewer_for("ed-1", "editor")
# An editor whose clearance was narrowed: the download must follow the viewer, not the role's name.
NARROW_EDITOR = Viewer(name="ed-2", role="editor", levels=frozenset({"public", "internal"}), can_see_protected=False)
ClientFor = Callable[[Viewer | None], TestClient]
DOWNLOADS = [
    ("csv", "/events.csv", "text/csv; charset=utf-8", "khronika-events.csv"),
    ("json", "/events.json", "application/json", "khronika-events.json"),
    ("jsonl", "/events.jsonl", "application/x-ndjson", "khronika-events.jsonl"),
    ("geojson", "/events.geojson", "application/geo+json", "khronika-events.geojson"),
    ("acled", "/events.acled.csv", "text/csv; charset=utf-8", "khronika-events.acled.csv"),
]


@pytest.mark.parametrize(("fmt", "path", "media_type", "filename"), DOWNLOADS)
def test_a_download_is_the_export_of_the_same_filters(
    store: Store, client_for: ClientFor, fmt: str, path: str, media_type: str, filename: str
) -> None:
    seed_varied(store)
    response = client_for(EDITOR).get(f"{path}?type=detention&type=protest&date_from=2024-03")
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    flt = EventFilter(types=("detention", "protest"), date_from="2024-03")
    assert response.content == export_text(store, fmt, role="editor", flt=flt).encode("utf-8")


def test_each_download_is_audited_with_the_account(store: Store, client_for: ClientFor) -> None:
    seed_varied(store)
    client = client_for(EDITOR)
    assert client.get("/events.geojson?region=Mangystau+Region&review=confirmed").status_code == 200
    assert client.get("/events.csv").status_code == 200
    assert audit_entries(store) == [
        (
            "ed-1",
            "export",
            "geojson",
            {"filters": {"region": "Mangystau Region", "review": "confirmed"}, "count": 1, "as": "editor"},
        ),
        ("ed-1", "export", "csv", {"filters": {}, "count": 6, "as": "editor"}),
    ]


@pytest.mark.parametrize("path", [path for _, path, _, _ in DOWNLOADS])
def test_a_download_hides_what_the_viewer_may_not_see(store: Store, client_for: ClientFor, path: str) -> None:
    seeded = seed_varied(store)
    text = client_for(NARROW_EDITOR).get(path).content.decode("utf-8")
    assert seeded.pseudonym in text
    for spelling in HIDDEN_SPELLINGS:
        assert spelling.lower() not in text.lower(), spelling
    assert WITNESS_URI not in text and "изоляторе" not in text
    assert "killing" not in text  # the confidential event


@pytest.mark.parametrize("viewer", [None, viewer_for("vi-1", "viewer"), viewer_for("re-1", "reviewer")])
@pytest.mark.parametrize("path", ["/events.jsonl", "/events.geojson", "/events.acled.csv"])
def test_a_role_without_export_is_refused_and_nothing_logged(
    store: Store, client_for: ClientFor, viewer: Viewer | None, path: str
) -> None:
    seed_varied(store)
    assert client_for(viewer).get(path).status_code == 403
    assert audit_entries(store) == []


def test_the_chronicle_links_every_download_with_its_filters(store: Store, client_for: ClientFor) -> None:
    seed_varied(store)
    page = client_for(EDITOR).get("/?type=detention").text
    for _, path, _, _ in DOWNLOADS:
        assert f'href="{path}?type=detention"' in page
    assert "Download ACLED-style CSV" in page
    assert "Скачать CSV в формате ACLED" in client_for(EDITOR).get("/?type=detention&lang=ru").text
