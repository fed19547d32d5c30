"""The printable report as HTML and PDF: one Jinja2 template, inline SVG charts, weasyprint for paper.

    html = render_html(data, lang="kk")
    pdf = render_pdf(data, lang="ru")

The PDF is made without any network: the template links nothing, and the URL fetcher refuses
every URL that is not a data: URL or a file of this package. Titles and labels are in English,
Russian or Kazakh; dates and numbers are formatted by babel for the language.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from babel.dates import format_skeleton
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from khronika.protect.roles import Viewer
from khronika.publish import charts, geomap
from khronika.publish.report import FORMATS, NO_REGION, ReportData, ReportError, ReportPeriod, collect_report
from khronika.publish.report_text import translator
from khronika.store.store import Store
from khronika.web import i18n

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # khronika/: the only files a report may load
_log = logging.getLogger(__name__)


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def css_string(value: str) -> Markup:
    """Return `value` safe inside a double-quoted CSS string in a <style> element (the page footer's word)."""
    quoted = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return Markup(quoted)  # not HTML-escaped: inside <style> an entity would be read as it is written


_ENV = _environment()
_ENV.filters["css_string"] = css_string


def check_language(lang: str, *, option: str = "--lang") -> str:
    """Return `lang` if the interface has it, else raise ReportError naming the option and the choices."""
    if lang not in i18n.LANGUAGES:
        raise ReportError(f"{option}: {lang!r} is not a language of the report; use one of {', '.join(i18n.LANGUAGES)}")
    return lang


def report_context(data: ReportData, *, lang: str) -> dict[str, Any]:
    """Return the template's values: the data, translated labels, formatters and the SVG charts."""
    _ = translator(lang)
    labels = {name: _(name) for name in (*data.by_type, NO_REGION)}
    months = {m: format_skeleton("yMM", date(int(m[:4]), int(m[5:7]), 1), locale=lang) for m in data.months}
    regions = [(_(name) if name == NO_REGION else name, count) for name, count in data.by_region.items()]
    return {
        "data": data,
        "lang": lang,
        "_": _,
        "fmt_date": lambda value: i18n.format_event_date(value, lang),
        "fmt_number": lambda value: i18n.format_number(value, lang),
        "labels": labels,
        "regions": regions,
        "type_colours": charts.TYPE_COLOURS,
        "sees_protected": data.protected_visible,
        "css": Markup((TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")),
        "today": datetime.now(UTC).date().isoformat(),
        "month_chart": charts.month_bars(
            data.months, data.by_month, labels=labels, month_labels=months, title=_("Events per month by type")
        )
        if data.months
        else None,
        "region_chart": charts.ranked_bars(regions, title=_("Events by region")) if regions else None,
        "region_map": geomap.region_map(data.by_region, title=_("Map of events by region"), legend_title=_("Events")),
        "map_attribution": geomap.ATTRIBUTION,
    }


def render_html(data: ReportData, *, lang: str = i18n.DEFAULT_LANGUAGE, pdf_url: str | None = None) -> str:
    """Return the report as one self-contained HTML page (styles inline, charts and map as SVG).

    `pdf_url`: on the web, a link to the same report as PDF, shown on screen only.
    """
    context = report_context(data, lang=check_language(lang))
    return _ENV.get_template("report.html").render(context, pdf_url=pdf_url)


def render_pdf(data: ReportData, *, lang: str = i18n.DEFAULT_LANGUAGE) -> bytes:
    """Return the report as an A4 PDF, laid out by weasyprint from the same HTML."""
    import weasyprint  # loaded only for PDF: it brings Pango and takes a moment

    html = weasyprint.HTML(
        string=render_html(data, lang=lang), base_url=str(TEMPLATES_DIR), url_fetcher=local_fetcher()
    )
    pdf: bytes = html.write_pdf()
    return pdf


def local_fetcher() -> Any:
    """Return weasyprint's URL fetcher narrowed to data: URLs and files inside the khronika package."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not allowed_url(url):
                # Never the network: a report must not tell anyone that it is being made, or by whom.
                _log.warning("report: refused to load %s (only data: URLs and khronika's own files)", url)
                raise ValueError(f"refused {url}: a report loads only data: URLs and khronika's own files")
            return super().fetch(url, headers)

    return LocalOnly()


def allowed_url(url: str) -> bool:
    """Return True for a data: URL or a file:// URL naming a file inside the khronika package."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.is_relative_to(PACKAGE_DIR) and path.is_file()


def write_report(
    store: Store, period: ReportPeriod, *, output: Path, fmt: str, lang: str, viewer: Viewer, actor: str
) -> ReportData:
    """Collect the period's report as `viewer` sees it, write it to `output` as PDF or HTML, log it in the audit."""
    if fmt not in FORMATS:
        raise ReportError(f"--format: {fmt!r} is not a report format; use one of {', '.join(FORMATS)}")
    check_language(lang)
    data = collect_report(store, period, viewer=viewer)
    body = render_pdf(data, lang=lang) if fmt == "pdf" else render_html(data, lang=lang).encode("utf-8")
    try:
        output.write_bytes(body)
    except OSError as exc:
        raise ReportError(f"--output: cannot write {output}: {exc.strerror}; choose a writable path") from None
    log_report(store, data, actor=actor, fmt=fmt, lang=lang)
    return data


def log_report(store: Store, data: ReportData, *, actor: str, fmt: str, lang: str) -> None:
    """Append the audit entry of a report: who, for which role, the period and how many events."""
    period = data.period
    detail: dict[str, object] = {
        "format": fmt,
        "lang": lang,
        "as": data.viewer_role,
        "from": period.date_from,
        "to": period.date_to,
        "region": period.region,
        "types": list(period.types),
        "events": data.total,
    }
    store.log_action("export", actor=actor, target="report", detail=detail)
