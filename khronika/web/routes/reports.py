"""The printable report from the web: `/report` (a form, then the HTML report) and `/report.pdf`.

Both take the chronicle's query string names (date_from, date_to, region, type) and `report_lang`
(default: the page's language; not `lang`, which would also change the interface's language).
The report is made for the signed-in viewer: what they may read, protected people by pseudonym.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from khronika.publish.report import ReportData, ReportError, ReportPeriod, collect_report
from khronika.publish.report_render import log_report, render_html, render_pdf
from khronika.publish.report_text import translator
from khronika.records import EVENT_TYPES
from khronika.store import aggregates
from khronika.web import i18n
from khronika.web.deps import current_actor, current_language, current_viewer, get_store, render, require

router = APIRouter()
_EXPORT = {"x-permission": "export"}
_PARAMS = ("date_from", "date_to", "region", "type", "report_lang")


def _period(request: Request) -> ReportPeriod:
    params = request.query_params
    return ReportPeriod.parse(
        params.get("date_from"),
        params.get("date_to"),
        region=params.get("region"),
        types=params.getlist("type"),
        names=("date_from", "date_to", "type"),
    )


def _report_lang(request: Request) -> str:
    asked = request.query_params.get("report_lang")
    return asked if asked in i18n.LANGUAGES else current_language(request)


def _collect(request: Request, period: ReportPeriod) -> ReportData:
    require(request, "export")  # also checked by the route's declared permission; never skip it
    return collect_report(get_store(request), period, viewer=current_viewer(request))


def _form(request: Request, *, error: str | None = None, status_code: int = 200) -> Response:
    with get_store(request).reader() as conn:
        regions = aggregates.region_names(conn)
    params = request.query_params
    return render(
        request,
        "report_form.html",
        status_code=status_code,
        _=translator(current_language(request)),
        error=error,
        regions=regions,
        event_types=EVENT_TYPES,
        chosen={
            "date_from": params.get("date_from", ""),
            "date_to": params.get("date_to", ""),
            "region": params.get("region", ""),
            "types": params.getlist("type"),
            "report_lang": _report_lang(request),
        },
    )


@router.get("/report", include_in_schema=False, openapi_extra=_EXPORT)
def read_report(request: Request) -> Response:
    """Show the report form; with parameters, the printable HTML report itself."""
    require(request, "export")
    if not any(name in request.query_params for name in _PARAMS):
        return _form(request)
    try:
        period = _period(request)
    except ReportError as err:
        return _form(request, error=str(err), status_code=400)
    lang = _report_lang(request)
    data = _collect(request, period)
    log_report(get_store(request), data, actor=current_actor(request), fmt="html", lang=lang)
    pdf_url = request.url.replace(path="/report.pdf")
    return HTMLResponse(render_html(data, lang=lang, pdf_url=str(pdf_url.path) + "?" + pdf_url.query))


@router.get("/report.pdf", tags=["downloads"], openapi_extra=_EXPORT)
def download_report(request: Request) -> Response:
    """Download the printable report as PDF (date_from, date_to, region, type, report_lang)."""
    require(request, "export")
    try:
        period = _period(request)
    except ReportError as err:
        return _form(request, error=str(err), status_code=400)
    lang = _report_lang(request)
    data = _collect(request, period)
    body = render_pdf(data, lang=lang)
    log_report(get_store(request), data, actor=current_actor(request), fmt="pdf", lang=lang)
    name = "-".join(p for p in ("khronika-report", period.date_from, period.date_to) if p)
    return Response(
        body, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'}
    )
