"""Bar charts as inline SVG for the printed report: no JavaScript, nothing fetched, text kept as text.

    svg = month_bars(["2024-01", "2024-02"], {"strike": [2, 0], "detention": [1, 3]},
                     labels={...}, title="Events per month by type")

The same palette as the statistics page (khronika/web/static/js/stats.js), so a type has one
colour on screen and on paper. Every label is escaped: region and type names come from data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from khronika.records import EVENT_TYPES

PALETTE: tuple[str, ...] = (
    "#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d",
    "#ea580c", "#4f46e5", "#0d9488", "#b91c1c", "#a16207", "#9333ea", "#475569", "#15803d",
    "#be185d", "#1d4ed8", "#c2410c", "#047857", "#6d28d9",
)  # fmt: skip
# One fixed colour per event type: the legend of one report matches that of the next.
TYPE_COLOURS: dict[str, str] = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(EVENT_TYPES)}
REGION_COLOUR = "#2563eb"
AXIS_COLOUR = "#6b7280"
GRID_COLOUR = "#e5e7eb"
FONT_PX = 10
MONTH_LABEL_PX = 52  # room one month's label ("12.2024") needs under its bar
_LEGEND_ROW_PX = 16
_LEGEND_ITEM_PX = 150


def nice_ticks(top: int, *, count: int = 4) -> list[int]:
    """Return whole-number axis ticks from 0 that reach at least `top`, about `count` of them."""
    if top <= 0:
        return [0, 1]
    raw = max(1.0, top / count)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000):
        step = candidate
        if candidate >= raw:
            break
    else:
        step = int(10 ** len(str(int(raw))))
    last = -(-top // step) * step
    return list(range(0, last + 1, step))


def _text(x: float, y: float, value: str, *, anchor: str = "start", size: int = FONT_PX, extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>{escape(value)}</text>'


def _svg(width: int, height: int, title: str, body: list[str], *, css_class: str) -> Markup:
    # role="img" and <title>: a screen reader names the chart; the tables beside it hold the numbers.
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, sans-serif">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def _legend(
    groups: Sequence[str], *, labels: Mapping[str, str], colours: Mapping[str, str], top: float, width: int
) -> list[str]:
    per_row = max(1, (width - 40) // _LEGEND_ITEM_PX)
    parts = []
    for i, group in enumerate(groups):
        x = 40 + (i % per_row) * _LEGEND_ITEM_PX
        y = top + (i // per_row) * _LEGEND_ROW_PX
        parts.append(f'<rect x="{x}" y="{y:.1f}" width="10" height="10" fill="{colours[group]}"/>')
        parts.append(_text(x + 14, y + 9, labels.get(group, group)))
    return parts


def legend_height(groups: int, *, width: int) -> int:
    """Return the height in pixels a legend of `groups` entries takes in a chart `width` wide."""
    per_row = max(1, (width - 40) // _LEGEND_ITEM_PX)
    return -(-groups // per_row) * _LEGEND_ROW_PX


def month_bars(
    months: Sequence[str],
    series: Mapping[str, Sequence[int]],
    *,
    labels: Mapping[str, str],
    month_labels: Mapping[str, str] | None = None,
    title: str,
    width: int = 680,
    plot_height: int = 200,
) -> Markup:
    """Return a bar chart of events per month, each bar stacked by group (type), as inline SVG."""
    groups = [g for g in series if any(series[g])]
    colours = {g: TYPE_COLOURS.get(g, PALETTE[i % len(PALETTE)]) for i, g in enumerate(groups)}
    totals = [sum(series[g][i] for g in groups) for i in range(len(months))]
    ticks = nice_ticks(max(totals, default=0))
    left, top = 40, 10
    top_of_legend = top + plot_height
    height = top_of_legend + 34 + legend_height(len(groups), width=width)
    plot_width = width - left - 10
    scale = plot_height / ticks[-1]
    body = _axis(ticks, left=left, top=top, plot_width=plot_width, plot_height=plot_height, scale=scale)
    slot = plot_width / max(1, len(months))
    bar = max(2.0, slot * 0.7)
    # Label every month when the labels fit side by side, else every n-th month.
    every = max(1, math.ceil(len(months) * MONTH_LABEL_PX / plot_width))
    for i, month in enumerate(months):
        x = left + i * slot + (slot - bar) / 2
        y = float(top + plot_height)
        for group in groups:
            value = series[group][i]
            if value:
                h = value * scale
                y -= h
                box = f'x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}"'
                body.append(f'<rect class="bar" {box} fill="{colours[group]}"/>')
        if i % every == 0:
            shown = (month_labels or {}).get(month, month)
            body.append(_text(x + bar / 2, top + plot_height + 14, shown, anchor="middle", size=FONT_PX - 1))
    body += _legend(groups, labels=labels, colours=colours, top=top_of_legend + 26, width=width)
    return _svg(width, height, title, body, css_class="chart month-chart")


def _axis(ticks: list[int], *, left: int, top: int, plot_width: int, plot_height: int, scale: float) -> list[str]:
    parts = []
    for tick in ticks:
        y = top + plot_height - tick * scale
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" stroke="{GRID_COLOUR}"/>')
        parts.append(_text(left - 4, y + 3, str(tick), anchor="end", extra=f' fill="{AXIS_COLOUR}"'))
    base = top + plot_height
    parts.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_width}" y2="{base}" stroke="{AXIS_COLOUR}"/>')
    return parts


def ranked_bars(
    items: Sequence[tuple[str, int]], *, title: str, width: int = 680, bar_px: int = 14, label_px: int = 190
) -> Markup:
    """Return horizontal bars, one a row with its label and count (events by region), as inline SVG."""
    top = max((count for _, count in items), default=0) or 1
    row = bar_px + 6
    height = max(row, len(items) * row) + 4
    room = width - label_px - 50
    body = []
    for i, (label, count) in enumerate(items):
        y = 2 + i * row
        length = max(1.0, room * count / top) if count else 0.0
        body.append(_text(label_px - 6, y + bar_px - 3, label, anchor="end"))
        body.append(
            f'<rect class="bar" x="{label_px}" y="{y}" width="{length:.1f}" height="{bar_px}" fill="{REGION_COLOUR}"/>'
        )
        body.append(_text(label_px + length + 4, y + bar_px - 3, str(count)))
    return _svg(width, height, title, body, css_class="chart ranked-chart")
