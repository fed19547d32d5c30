"""The report on paper: its text read back from the PDF, and its pages looked at as images."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdf
import pypdfium2
import pytest
from PIL import Image

from khronika.publish import charts, geomap
from khronika.publish.report import ReportPeriod, collect_report
from khronika.publish.report_render import render_html, render_pdf
from khronika.publish.selection import viewer_for_role
from khronika.store import open_store
from tests.conftest import BACKENDS, NewDatabase
from tests.publish.report_corpus import (
    AKTOBE_DETENTION,
    KAZAKH_LETTERS,
    LATER_TRIAL,
    MARCH,
    MEETING,
    OLD_RALLY,
    PERIOD,
    PROTECTED,
    STRIKE,
    ReportCorpus,
    seed_report_corpus,
)

PAGE_SCALE = 1.0  # 72 dpi: an A4 page is 596 x 842 pixels


class Rendered:
    """One report as PDF bytes, its text per page and its pages as images."""

    def __init__(self, pdf: bytes, *, html: str) -> None:
        self.pdf = pdf
        self.html = html
        self.pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
        self.text = "\n".join(self.pages)

    def image(self, index: int) -> Image.Image:
        """Return page `index` (from 0) as an RGB image."""
        document = pypdfium2.PdfDocument(self.pdf)
        try:
            return document[index].render(scale=PAGE_SCALE).to_pil().convert("RGB")
        finally:
            document.close()

    def page_with(self, words: str) -> int:
        """Return the index of the first page whose text holds `words`."""
        return next(i for i, text in enumerate(self.pages) if words in text)


@pytest.fixture(scope="module", params=BACKENDS)
def reports(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ReportCorpus, dict[tuple[str, str], Rendered]]]:
    """Seed one store per backend; render the period's report for a viewer and an editor, in Russian and Kazakh."""
    with new_database(request.param, tmp_path_factory.mktemp("report")) as url:
        store = open_store(url)
        try:
            corpus = seed_report_corpus(store)
            period = ReportPeriod.parse(*PERIOD)
            rendered = {}
            for role, lang in (("viewer", "kk"), ("editor", "ru")):
                data = collect_report(store, period, viewer=viewer_for_role(role))
                rendered[role, lang] = Rendered(render_pdf(data, lang=lang), html=render_html(data, lang=lang))
            yield corpus, rendered
        finally:
            store.close()


def _colours(image: Image.Image) -> dict[tuple[int, int, int], int]:
    counted = image.getcolors(maxcolors=1 << 20)
    assert counted is not None
    return {colour: count for count, colour in counted}  # type: ignore[misc]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def test_the_pdf_text_holds_the_periods_events_and_not_the_others(reports: tuple[ReportCorpus, dict]) -> None:
    _, rendered = reports
    text = " ".join(rendered["viewer", "kk"].text.split())
    for passage in (STRIKE, MARCH):
        assert passage in text
    for passage in (OLD_RALLY, LATER_TRIAL, MEETING):
        assert passage not in text
    assert "Шежіре есебі" in text  # the title, in Kazakh
    assert "2024 ж. 1 наурыз – 2024 ж. 30 сәуір" in text


def test_kazakh_letters_survive_in_the_pdf_text(reports: tuple[ReportCorpus, dict]) -> None:
    corpus, rendered = reports
    text = " ".join(rendered["viewer", "kk"].text.split())
    assert AKTOBE_DETENTION.replace(PROTECTED, corpus.pseudonym) in text
    assert [letter for letter in KAZAKH_LETTERS if letter not in text] == []


def test_a_viewer_reads_the_pseudonym_and_an_editor_the_name(reports: tuple[ReportCorpus, dict]) -> None:
    corpus, rendered = reports
    viewer_text = " ".join(rendered["viewer", "kk"].text.split())
    editor_text = " ".join(rendered["editor", "ru"].text.split())
    assert PROTECTED not in viewer_text
    assert "Үмбетқызы" not in viewer_text
    assert corpus.pseudonym in viewer_text
    assert PROTECTED in editor_text
    assert MEETING in editor_text  # confidential: an editor's report holds it
    assert "Отчёт хроники" in editor_text


def test_every_page_is_numbered_in_the_reports_language(reports: tuple[ReportCorpus, dict]) -> None:
    _, rendered = reports
    pages = rendered["editor", "ru"].pages
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Страница {number} / {len(pages)}" in text


def test_the_first_page_is_not_blank_and_shows_the_type_colours(reports: tuple[ReportCorpus, dict]) -> None:
    _, rendered = reports
    image = rendered["viewer", "kk"].image(0)
    assert image.size == (596, 842)  # A4 at 72 dpi, rounded up
    colours = _colours(image)
    ink = sum(count for colour, count in colours.items() if colour != (255, 255, 255))
    assert ink > 5_000  # the title, the period, the counts
    # The swatches beside the counts by type: one colour per type, as in the charts.
    for event_type in ("strike", "detention", "protest", "release"):
        assert colours.get(_rgb(charts.TYPE_COLOURS[event_type]), 0) >= 20, event_type


def test_the_chart_page_shows_bars_and_the_shaded_map(reports: tuple[ReportCorpus, dict]) -> None:
    _, rendered = reports
    report = rendered["viewer", "kk"]
    image = report.image(report.page_with("Диаграммалар мен карта"))
    colours = _colours(image)
    # Almaty holds 3 of the viewer's events (the darkest shade), Aktobe and Mangystau 1 each
    # (the second shade); the other regions none. Each shade fills a region: many pixels.
    assert colours.get(_rgb(geomap.SHADES[4]), 0) > 30  # Almaty city is small on the map
    assert colours.get(_rgb(geomap.SHADES[1]), 0) > 2_000
    assert colours.get(_rgb(geomap.EMPTY), 0) > 20_000
    # The month chart's upper half: stacked bars of the type colours, not an empty box.
    top_half = image.crop((0, 0, image.width, image.height // 3))
    bars = _colours(top_half)
    assert bars.get(_rgb(charts.TYPE_COLOURS["detention"]), 0) > 200
    assert bars.get(_rgb(charts.TYPE_COLOURS["strike"]), 0) > 200
    # The bars by region.
    assert colours.get(_rgb(charts.REGION_COLOUR), 0) > 500
    assert geomap.ATTRIBUTION in " ".join(report.pages[report.page_with("Диаграммалар мен карта")].split())


def test_the_html_report_has_the_same_content(reports: tuple[ReportCorpus, dict]) -> None:
    corpus, rendered = reports
    html = rendered["viewer", "kk"].html
    for passage in (STRIKE, MARCH, "Шежіре есебі", geomap.ATTRIBUTION, corpus.pseudonym, "https://example.org/strike"):
        assert passage in html
    for passage in (OLD_RALLY, LATER_TRIAL, MEETING, PROTECTED, "Үмбетқызы"):
        assert passage not in html
    assert html.count('<div class="event"') == 5
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart region-map"' in html
    assert '<path class="region" data-region="Almaty" d="M' in html
    # Self-contained: nothing to fetch, nothing to run.
    assert "<script" not in html
    assert "<link" not in html
    assert 'src="' not in html
