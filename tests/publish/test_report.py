"""The report's content: the period's events only, counted, listed with sources, as each role may see them."""

from __future__ import annotations

from datetime import date

import pytest

from khronika.publish.report import (
    Detained,
    ReportError,
    ReportPeriod,
    Source,
    collect_report,
    end_date,
    month_range,
    report_viewer,
)
from khronika.publish.selection import viewer_for_role
from khronika.store import Store
from tests.publish.report_corpus import ALMATY_DETENTION, PERIOD, PROTECTED, seed_report_corpus


def _period(**kw: object) -> ReportPeriod:
    return ReportPeriod.parse(*PERIOD, **kw)  # type: ignore[arg-type]


def test_the_report_counts_and_lists_the_period_as_a_viewer_sees_it(store: Store) -> None:
    corpus = seed_report_corpus(store)
    data = collect_report(store, _period(), viewer=viewer_for_role("viewer"))
    assert data.total == 5  # the confidential meeting and the events outside the period are left out
    assert data.by_type == {"detention": 2, "protest": 1, "release": 1, "strike": 1}
    assert data.by_region == {"Almaty": 3, "Aktobe Region": 1, "Mangystau Region": 1}
    assert data.months == ["2024-03", "2024-04"]
    assert data.by_month == {"protest": [1, 0], "strike": [1, 0], "detention": [1, 1], "release": [1, 0]}
    assert [(e.date, e.type) for e in data.events] == [
        ("2024-03-12", "strike"),
        ("2024-03-15", "detention"),
        ("2024-03-20", "protest"),
        ("2024-03-25", "release"),
        ("2024-04-05", "detention"),
    ]
    almaty = data.events[1]
    assert almaty.people == ("Тимур Вымышленный", "Полиция")
    assert almaty.place == "Almaty"
    assert almaty.summary == ALMATY_DETENTION
    assert almaty.sources == (
        Source(title="Сообщение: almaty_detention", uri="https://example.org/almaty_detention", published="2024-03-05"),
    )
    aktobe = data.events[-1]
    assert aktobe.people == (corpus.pseudonym, "Полиция")
    assert PROTECTED not in aktobe.summary
    assert corpus.pseudonym in aktobe.summary


def test_an_editor_sees_the_confidential_meeting_and_the_real_name(store: Store) -> None:
    seed_report_corpus(store)
    data = collect_report(store, _period(), viewer=viewer_for_role("editor"))
    assert data.total == 6
    assert data.by_type["meeting"] == 1
    assert data.events[-2].people == (PROTECTED, "Полиция")  # the last is the meeting of 10 April


def test_an_anonymous_report_holds_only_public_records(store: Store) -> None:
    corpus = seed_report_corpus(store)
    store.people.set_level("event", corpus.events["strike"], "public")
    data = collect_report(store, _period(), viewer=viewer_for_role("anonymous"))
    assert [(e.type, e.sources) for e in data.events] == [("strike", ())]  # its document is internal


def test_region_and_types_narrow_the_report(store: Store) -> None:
    seed_report_corpus(store)
    period = _period(region="Almaty", types=["protest", "release"])
    data = collect_report(store, period, viewer=viewer_for_role("viewer"))
    assert [(e.date, e.type) for e in data.events] == [("2024-03-20", "protest"), ("2024-03-25", "release")]
    assert data.by_region == {"Almaty": 2}


def test_the_detained_are_those_whose_last_detention_has_no_release(store: Store) -> None:
    corpus = seed_report_corpus(store)
    viewer_sees = collect_report(store, _period(), viewer=viewer_for_role("viewer"))
    assert viewer_sees.detained == [Detained(name=corpus.pseudonym, since="2024-04-05", place="Aktobe")]
    assert viewer_sees.detained_from_cases is False
    editor_sees = collect_report(store, _period(), viewer=viewer_for_role("editor"))
    assert editor_sees.detained == [Detained(name=PROTECTED, since="2024-04-05", place="Aktobe")]
    march_only = collect_report(store, ReportPeriod.parse("2024-03-01", "2024-03-20"), viewer=viewer_for_role("editor"))
    # Released on 25 March: held at the end of a period that stops on the 20th.
    assert march_only.detained == [Detained(name="Тимур Вымышленный", since="2024-03-15", place="Almaty")]


def test_the_list_is_cut_at_the_limit_but_the_counts_are_not(store: Store) -> None:
    seed_report_corpus(store)
    data = collect_report(store, _period(), viewer=viewer_for_role("viewer"), limit=2)
    assert data.total == 5
    assert data.truncated is True
    # The newest two are kept and listed oldest first.
    assert [e.date for e in data.events] == ["2024-03-25", "2024-04-05"]


@pytest.mark.parametrize(
    ("date_from", "date_to", "message"),
    [
        ("2024-13-01", None, "--from: '2024-13-01' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)"),
        (None, "31.03.2024", "--to: '31.03.2024' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)"),
        ("2024-02-30", None, "--from: '2024-02-30' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)"),
        ("2024-05-01", "2024-04", "--from 2024-05-01 is after --to 2024-04; swap them"),
    ],
)
def test_a_bad_period_is_refused_naming_the_option(date_from: str | None, date_to: str | None, message: str) -> None:
    with pytest.raises(ReportError) as caught:
        ReportPeriod.parse(date_from, date_to)
    assert str(caught.value) == message


def test_an_unknown_type_or_role_is_refused_with_the_choices() -> None:
    with pytest.raises(ReportError, match=r"^--type: riot unknown; use one of protest, strike, "):
        ReportPeriod.parse(None, None, types=["riot"])
    with pytest.raises(ReportError) as caught:
        report_viewer("guest")
    assert str(caught.value) == "--as: 'guest' is not a role; use one of anonymous, admin, editor, reviewer, viewer"


@pytest.mark.parametrize(
    ("date_from", "date_to"), [("2024-04-15", "2024-04"), ("2024", "2024-01-01"), ("2024-04", "2024")]
)
def test_a_period_may_start_inside_the_month_or_year_it_ends_in(date_from: str, date_to: str) -> None:
    assert ReportPeriod.parse(date_from, date_to) == ReportPeriod(date_from=date_from, date_to=date_to)


def test_an_open_period_and_blank_values_mean_no_limit() -> None:
    assert ReportPeriod.parse(" ", "", region="  ") == ReportPeriod()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-02", date(2024, 2, 29)), ("2024-12", date(2024, 12, 31)), ("2023", date(2023, 12, 31))],
)
def test_end_date_is_the_last_day_the_date_covers(value: str, expected: date) -> None:
    assert end_date(value) == expected


def test_month_range_fills_the_period_or_else_spans_the_events() -> None:
    assert month_range(ReportPeriod(date_from="2023-11-05", date_to="2024-02"), []) == [
        "2023-11",
        "2023-12",
        "2024-01",
        "2024-02",
    ]
    assert month_range(ReportPeriod(), ["2024-05", "2024-03"]) == ["2024-03", "2024-04", "2024-05"]
    assert month_range(ReportPeriod(), []) == []


def test_once_cases_are_built_the_detained_come_from_them(store: Store) -> None:
    from khronika.resolve.cases import build_cases

    corpus = seed_report_corpus(store)
    build_cases(store, actor="test")
    data = collect_report(store, _period(), viewer=viewer_for_role("viewer"))
    assert data.detained_from_cases is True
    assert [(d.name, d.since, d.place) for d in data.detained] == [(corpus.pseudonym, "2024-04-05", "Aktobe")]
    # A report of one region still follows the events: a case has no region.
    regional = collect_report(store, _period(region="Aktobe Region"), viewer=viewer_for_role("viewer"))
    assert regional.detained_from_cases is False
    assert regional.detained == [Detained(name=corpus.pseudonym, since="2024-04-05", place="Aktobe")]
