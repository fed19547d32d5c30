"""The report's own drawing code: ticks, map shades and projection, escaping; the fetcher that refuses the network."""

from __future__ import annotations

import re

import pytest

from khronika.publish import charts, geomap
from khronika.publish.report_render import PACKAGE_DIR, allowed_url, css_string, local_fetcher
from khronika.publish.report_text import translate


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (45, [0, 20, 40, 60]),
        (230, [0, 100, 200, 300]),
        (123_456, [0, 100_000, 200_000]),
    ],
)
def test_nice_ticks_reach_the_top_in_round_steps(top: int, ticks: list[int]) -> None:
    assert charts.nice_ticks(top) == ticks


@pytest.mark.parametrize(
    ("count", "top", "colour"),
    [
        (0, 5, "#eef0f2"),
        (1, 5, "#facba6"),
        (2, 5, "#f59e72"),
        (5, 5, "#c0392b"),
        (1, 100, "#fde0c5"),
        (3, 0, "#eef0f2"),
    ],
)
def test_shade_of_a_region(count: int, top: int, colour: str) -> None:
    assert geomap.shade(count, top) == colour


def test_legend_classes_name_the_counts_of_each_shade() -> None:
    assert geomap.legend_classes(3) == [("#eef0f2", "0"), ("#facba6", "1"), ("#e8684a", "2"), ("#c0392b", "3")]
    assert geomap.legend_classes(100) == [
        ("#eef0f2", "0"),
        ("#fde0c5", "1–19"),
        ("#facba6", "20–39"),
        ("#f59e72", "40–59"),
        ("#e8684a", "60–79"),
        ("#c0392b", "80–100"),
    ]


@pytest.mark.parametrize("top", [1, 2, 3, 4, 5, 6, 7, 11, 19, 100, 1234])
def test_the_legend_gives_each_count_the_shade_the_map_gives_it(top: int) -> None:
    legend = {}
    for colour, counts in geomap.legend_classes(top):
        low, _, high = counts.partition("–")
        for count in range(int(low), int(high or low) + 1):
            legend[count] = colour
    assert legend == {count: geomap.shade(count, top) for count in range(top + 1)}


def test_the_map_draws_every_region_inside_its_box() -> None:
    svg = str(geomap.region_map({"Almaty": 2, "Aktobe Region": 1}, title="Map", width=600, height=300))
    assert len(geomap.load_regions()) == 20
    assert svg.count('<path class="region"') == 20
    assert '<path class="region" data-region="Almaty" d="M' in svg
    assert 'fill="#c0392b" fill-rule="evenodd"' in svg  # Almaty, the busiest
    coordinates = [float(v) for path in re.findall(r' d="([^"]+)"', svg) for v in re.findall(r"-?\d+\.\d", path)]
    xs, ys = coordinates[0::2], coordinates[1::2]
    # The map keeps to the box, left of the legend's column.
    assert min(xs) >= 0 and max(xs) <= 600 - geomap.LEGEND_PX
    assert min(ys) >= 0 and max(ys) <= 300


def test_names_from_the_data_are_escaped_in_the_svg() -> None:
    svg = str(charts.ranked_bars([("<script>alert(1)</script>", 3)], title='A "title" & more'))
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<title>A &#34;title&#34; &amp; more</title>" in svg


def test_month_bars_stack_the_types_of_one_month() -> None:
    svg = str(
        charts.month_bars(
            ["2024-03", "2024-04"],
            {"strike": [2, 0], "detention": [1, 1], "ban": [0, 0]},
            labels={"strike": "забастовка", "detention": "задержание"},
            title="По месяцам",
        )
    )
    bars = re.findall(r'<rect class="bar" [^>]*fill="(#[0-9a-f]{6})"', svg)
    assert bars == [charts.TYPE_COLOURS["strike"], charts.TYPE_COLOURS["detention"], charts.TYPE_COLOURS["detention"]]
    assert ">забастовка</text>" in svg
    assert "ban" not in svg  # a type with no event has no legend entry


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("data:image/png;base64,iVBORw0KGgo=", True),
        ((PACKAGE_DIR / "publish" / "templates" / "report.css").as_uri(), True),
        ("file:///etc/passwd", False),
        ((PACKAGE_DIR / "publish" / ".." / ".." / "pyproject.toml").resolve().as_uri(), False),
        ("http://127.0.0.1:8000/static/css/khronika.css", False),
        ("https://tiles.example.org/1/2/3.png", False),
        ("file://evil.example.org/share/x.css", False),
    ],
)
def test_the_report_loads_only_data_urls_and_its_own_files(url: str, allowed: bool) -> None:
    assert allowed_url(url) is allowed


def test_the_fetcher_refuses_the_network_before_opening_anything() -> None:
    fetcher = local_fetcher()
    with pytest.raises(ValueError, match=r"^refused https://example.org/x.png: a report loads only data: URLs"):
        fetcher.fetch("https://example.org/x.png")
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_css_string_keeps_a_word_inside_its_quotes() -> None:
    assert css_string('Page "1" \\ </style>') == 'Page \\"1\\" \\\\ \\3c /style>'


@pytest.mark.parametrize(
    ("lang", "message", "expected"),
    [
        ("kk", "Chronicle report", "Шежіре есебі"),
        ("ru", "Page", "Страница"),
        ("ru", "strike", "забастовка"),  # from the interface catalogue
        ("kk", "{count} events", "Оқиғалар: 3"),
        ("en", "The detained", "The detained"),
    ],
)
def test_the_reports_words_in_each_language(lang: str, message: str, expected: str) -> None:
    assert translate(lang, message, count=3) == expected
