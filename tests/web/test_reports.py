"""The report from the web: the form at /report, the HTML report, the PDF, who may have them."""

from __future__ import annotations

import io
from collections.abc import Callable

import pypdf
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from khronika.protect.roles import Viewer, viewer_for
from khronika.store import Store
from khronika.store.schema import audit_log
from tests.publish.report_corpus import LATER_TRIAL, MARCH, MEETING, OLD_RALLY, PROTECTED, STRIKE, seed_report_corpus

PERIOD_QUERY = "date_from=2024-03-01&date_to=2024-04-30"
EDITOR = viewer_for("ana", "editor")

ClientFor = Callable[[Viewer | None], TestClient]


def _report_entries(store: Store) -> list[tuple[str, dict[str, object]]]:
    with store.reader() as conn:
        query = select(audit_log.c.actor, audit_log.c.detail).where(audit_log.c.action == "export")
        return [(row.actor, dict(row.detail)) for row in conn.execute(query)]


def test_the_form_offers_the_regions_types_and_languages(store: Store, client_for: ClientFor) -> None:
    seed_report_corpus(store)
    page = client_for(EDITOR).get("/report?lang=ru")
    assert page.status_code == 200
    assert "<h1>Отчёт для печати</h1>" in page.text
    for option in ('<option value="Aktobe Region">', '<option value="kk" lang="kk">', 'name="type" value="release"'):
        assert option in page.text
    assert '<a href="/report">Отчёт</a>' in page.text  # the nav link, in the page's language
    assert _report_entries(store) == []  # the form alone is no report


def test_the_html_report_holds_the_period_for_the_signed_in_editor(store: Store, client_for: ClientFor) -> None:
    seed_report_corpus(store)
    page = client_for(EDITOR).get(f"/report?{PERIOD_QUERY}&report_lang=kk&type=")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    for passage in (STRIKE, MARCH, MEETING, PROTECTED, "Шежіре есебі"):
        assert passage in page.text
    for passage in (OLD_RALLY, LATER_TRIAL):
        assert passage not in page.text
    assert f'<a href="/report.pdf?{PERIOD_QUERY.replace("&", "&amp;")}&amp;report_lang=kk&amp;type=">' in page.text
    assert _report_entries(store) == [
        (
            "ana",
            {
                "format": "html",
                "lang": "kk",
                "as": "editor",
                "from": "2024-03-01",
                "to": "2024-04-30",
                "region": None,
                "types": [],
                "events": 6,
            },
        )
    ]


def test_the_pdf_download_reads_back_the_period(store: Store, client_for: ClientFor) -> None:
    seed_report_corpus(store)
    response = client_for(EDITOR).get(f"/report.pdf?{PERIOD_QUERY}&region=Almaty&report_lang=ru")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="khronika-report-2024-03-01-2024-04-30.pdf"'
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages).split())
    assert MARCH in text
    assert STRIKE not in text  # another region
    assert "Регион: Almaty" in text
    assert [detail["format"] for _, detail in _report_entries(store)] == ["pdf"]


@pytest.mark.parametrize("path", ["/report", f"/report?{PERIOD_QUERY}", f"/report.pdf?{PERIOD_QUERY}"])
@pytest.mark.parametrize("role", ["viewer", "reviewer", None])
def test_only_a_role_that_may_export_gets_a_report(
    store: Store, client_for: ClientFor, path: str, role: str | None
) -> None:
    seed_report_corpus(store)
    viewer = None if role is None else viewer_for(f"{role}-1", role)
    response = client_for(viewer).get(path)
    assert response.status_code == 403
    assert STRIKE not in response.text
    assert _report_entries(store) == []


@pytest.mark.parametrize("path", ["/report", "/report.pdf"])
def test_a_bad_date_shows_the_form_again_naming_the_field(store: Store, client_for: ClientFor, path: str) -> None:
    seed_report_corpus(store)
    response = client_for(EDITOR).get(f"{path}?date_from=2024-03-01&date_to=30.04.2024")
    assert response.status_code == 400
    assert "date_to: &#39;30.04.2024&#39; is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)" in response.text
    assert 'value="30.04.2024"' in response.text  # kept in the form to correct
    assert _report_entries(store) == []


@pytest.mark.parametrize("path", ["/report", "/report.pdf"])
def test_a_nul_in_the_region_is_dropped_not_a_server_error(store: Store, client_for: ClientFor, path: str) -> None:
    seed_report_corpus(store)
    response = client_for(EDITOR).get(f"{path}?{PERIOD_QUERY}&region=Alm%00aty")
    assert response.status_code == 200  # PostgreSQL answered 500 for a NUL in a string
    assert [detail["region"] for _, detail in _report_entries(store)] == ["Almaty"]
