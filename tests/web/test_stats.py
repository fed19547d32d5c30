"""Statistics: events per month by type and by region, for the chronicle's filters."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from khronika.store import Store
from khronika.store.aggregates import MonthlyCount
from khronika.web.routes.stats import chart_table, month_range
from tests.factories import make_document, make_event, make_place

ZHANAOZEN = make_place(name="Zhanaozen", admin1="Mangystau Region", lat=43.34, lon=52.86)
ALMATY = make_place(name="Almaty", admin1="Almaty", lat=43.25, lon=76.95)


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        ("2011-12", "2011-12", ["2011-12"]),
        ("2011-11", "2012-02", ["2011-11", "2011-12", "2012-01", "2012-02"]),
        ("2012-02", "2011-11", []),
    ],
)
def test_month_range_fills_the_gaps(first: str, last: str, months: list[str]) -> None:
    assert month_range(first, last) == months


def test_chart_table_puts_the_largest_group_first_and_keeps_undated_apart() -> None:
    counts = [
        MonthlyCount("2011-12", "strike", 2),
        MonthlyCount("2012-02", "protest", 1),
        MonthlyCount("2012-02", "strike", 1),
        MonthlyCount("undated", "protest", 4),
    ]
    assert chart_table(counts) == {
        "months": ["2011-12", "2012-01", "2012-02"],
        "groups": ["protest", "strike"],
        "series": {"protest": [0, 0, 1], "strike": [2, 0, 1]},
        "undated": {"protest": 4, "strike": 0},
        "totals": {"protest": 5, "strike": 3},
    }


@pytest.fixture
def counted(store: Store) -> Store:
    """Four events over three months, in two regions and none; one dated by year only."""
    doc_id, _ = store.add_document(make_document())
    store.add_events(
        doc_id,
        [
            make_event(type="strike", place=ZHANAOZEN, date="2011-12-16"),
            make_event(type="strike", place=ZHANAOZEN, date="2011-12-17"),
            make_event(type="protest", place=ALMATY, date="2012-02-05"),
            make_event(type="detention", place=None, date="2012"),
        ],
    )
    return store


def test_the_stats_count_per_month_by_type_and_region(client: TestClient, counted: Store) -> None:
    data = client.get("/api/stats").json()
    assert data["total"] == 4
    assert data["by_type"] == {
        "months": ["2011-12", "2012-01", "2012-02"],
        "groups": ["strike", "detention", "protest"],
        "series": {"strike": [2, 0, 0], "detention": [0, 0, 0], "protest": [0, 0, 1]},
        "undated": {"strike": 0, "detention": 1, "protest": 0},
        "totals": {"strike": 2, "detention": 1, "protest": 1},
    }
    assert data["by_region"]["groups"] == ["Mangystau Region", "Almaty", "no region"]
    assert data["by_region"]["series"] == {"Mangystau Region": [2, 0, 0], "Almaty": [0, 0, 1], "no region": [0, 0, 0]}


def test_the_stats_follow_the_filters(client: TestClient, counted: Store) -> None:
    data = client.get("/api/stats?type=strike&type=protest&date_from=2012-01").json()
    assert data["total"] == 1
    assert data["by_type"]["months"] == ["2012-02"]
    assert data["by_type"]["series"] == {"protest": [1]}


@pytest.mark.parametrize(
    ("query", "caption", "header"),
    [
        ("", "Events per month by type", '<th scope="col">strike</th>'),
        ("?lang=ru", "События по месяцам и типам", '<th scope="col">забастовка</th>'),
    ],
)
def test_the_stats_page_has_the_numbers_as_tables(
    client: TestClient, counted: Store, query: str, caption: str, header: str
) -> None:
    html = client.get("/stats" + query).text
    assert f"<caption>{caption}</caption>" in html
    assert header in html
    assert '<script src="/static/vendor/echarts/echarts.common.min.js"></script>' in html


def test_an_empty_chronicle_has_empty_stats(client: TestClient) -> None:
    data = client.get("/api/stats").json()
    assert data == {
        "total": 0,
        "by_type": {"months": [], "groups": [], "series": {}, "undated": {}, "totals": {}},
        "by_region": {"months": [], "groups": [], "series": {}, "undated": {}, "totals": {}},
    }
    assert client.get("/stats").status_code == 200
