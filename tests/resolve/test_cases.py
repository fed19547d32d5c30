"""Building cases from events, on SQLite and PostgreSQL: one person's path, two detentions, a group."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from khronika.records import Event, ReviewState
from khronika.resolve.cases import build_cases, step_outcome
from khronika.store import Store
from khronika.store.schema import audit_log
from tests.resolve.case_steps import ARMAN, CHARGE, COURT, DANA, EREN, POLICE, TERM, chain, report, step

TODAY = date(2026, 1, 10)


def _statuses(store: Store) -> list[tuple[str, list[str]]]:
    return [(c.status, [p.name for p in c.people]) for c in store.cases.list_cases(today=TODAY)]


def _audit_count(store: Store) -> int:
    with store.reader() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())


def test_a_chain_of_steps_builds_one_case_whose_status_follows_each_step(store: Store) -> None:
    seen: list[tuple[int | None, str]] = []
    for event, _ in chain():
        report(store, event)
        build_cases(store, actor="test", today=TODAY)
        cases = store.cases.list_cases(today=TODAY)
        assert len(cases) == 1
        seen.append((cases[0].id, cases[0].status))
    first_id = seen[0][0]
    assert seen == [
        (first_id, "detained"),
        (first_id, "under_investigation"),
        (first_id, "on_trial"),
        (first_id, "imprisoned"),
        (first_id, "released"),
    ]


def test_a_built_case_holds_the_fields_its_steps_report(store: Store) -> None:
    ids = [report(store, event)[0] for event, _ in chain()[:4]]
    hearing = step("trial", "2026-02-03", ARMAN, authority="Mangystau Regional Court", details={"charge": CHARGE})
    ids += report(store, hearing)
    build_cases(store, actor="test", today=TODAY)
    (case,) = store.cases.list_cases(today=TODAY)
    full = store.cases.get_case(case.id or 0, today=TODAY)
    assert full is not None
    assert (full.status, full.title, full.opened, full.last_step) == ("imprisoned", ARMAN, "2024-01-05", "2024-04-02")
    assert full.charges == [CHARGE]
    assert (full.court, full.lawyer, full.detention_place, full.sentence) == (
        COURT,
        "Aliya Nurmaganbet",
        "SIZO-1",
        TERM,
    )
    assert full.next_hearing == "2026-02-03"
    assert full.event_ids == ids
    assert [e.type for e in full.events] == ["detention", "charge", "trial", "sentence", "trial"]
    assert full.level == "internal"


def test_two_detentions_of_one_person_released_in_between_are_two_cases(store: Store) -> None:
    report(store, step("detention", "2024-01-05", DANA, authority=POLICE))
    report(store, step("release", "2024-01-20", DANA))
    report(store, step("detention", "2024-06-01", DANA, authority=POLICE))
    # A second report of the same arrest, while she is held, joins the open case.
    report(store, step("detention", "2024-06-02", DANA, authority=POLICE))
    assert build_cases(store, actor="test", today=TODAY)["created"] == 2
    assert _statuses(store) == [("detained", [DANA]), ("released", [DANA])]
    assert [len(c.event_ids) for c in store.cases.list_cases(today=TODAY)] == [2, 2]
    held = store.cases.detained_now(on=date(2024, 6, 10))
    assert [(p.name, p.since) for p in held] == [(DANA, "2024-06-01")]
    assert [(p.name, p.since) for p in store.cases.detained_now(on=date(2024, 1, 10))] == [(DANA, "2024-01-05")]
    assert store.cases.detained_now(on=date(2024, 3, 1)) == []


def test_people_detained_together_are_one_group_case_followed_person_by_person(store: Store) -> None:
    report(store, step("detention", "2024-05-01", ARMAN, DANA, EREN, authority=POLICE))
    report(store, step("release", "2024-05-03", EREN))
    report(store, step("charge", "2024-05-04", ARMAN, DANA, details={"charge": "Article 400: unauthorised rally"}))
    build_cases(store, actor="test", today=TODAY)
    (case,) = store.cases.list_cases(today=TODAY)
    assert (case.status, case.title, case.charges) == (
        "under_investigation",
        f"{ARMAN}, {DANA}, {EREN}",
        ["Article 400: unauthorised rally"],
    )
    held = store.cases.detained_now(on=date(2024, 5, 10))
    assert [p.name for p in held] == [ARMAN, DANA]
    assert {p.case_id for p in held} == {case.id}


def test_a_group_as_one_actor_has_its_case(store: Store) -> None:
    workers = "Striking workers of Polar Star plant"
    report(store, step("detention", "2024-07-01", workers, kind="group", authority=POLICE))
    report(
        store, step("fine", "2024-07-02", workers, kind="group", details={"fine": {"amount": 50000, "currency": "KZT"}})
    )
    build_cases(store, actor="test", today=TODAY)
    (case,) = store.cases.list_cases(today=TODAY)
    assert (case.status, case.title, case.sentence) == ("convicted", workers, "fine 50000 KZT")
    assert [(p.kind, p.name) for p in case.people] == [("group", workers)]
    assert store.cases.detained_now(on=date(2024, 7, 1))[0].kind == "group"
    assert store.cases.detained_now(on=date(2024, 7, 5)) == []


def test_rejected_events_are_never_read(store: Store) -> None:
    report(store, step("detention", "2024-01-05", ARMAN, authority=POLICE))
    report(store, step("release", "2024-01-06", ARMAN, review=ReviewState.REJECTED))
    report(store, step("detention", "2024-02-01", DANA, review=ReviewState.REJECTED))
    report(store, step("charge", "2024-01-08", ARMAN, review=ReviewState.CONFIRMED))
    build_cases(store, actor="test", today=TODAY)
    assert _statuses(store) == [("under_investigation", [ARMAN])]


def test_building_twice_changes_nothing_and_logs_nothing(store: Store) -> None:
    for event, _ in chain()[:3]:
        report(store, event)
    assert build_cases(store, actor="test", today=TODAY) == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "stale": 0,
    }
    before = _audit_count(store)
    assert build_cases(store, actor="test", today=TODAY) == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
        "removed": 0,
        "stale": 0,
    }
    assert _audit_count(store) == before


def test_a_case_whose_detention_is_rejected_goes_and_its_build_is_logged(store: Store) -> None:
    (detention,) = report(store, step("detention", "2024-01-05", ARMAN, authority=POLICE))
    build_cases(store, actor="test", today=TODAY)
    store.set_review(detention, "rejected", actor="test")
    assert build_cases(store, actor="test", today=TODAY)["removed"] == 1
    assert store.cases.list_cases(today=TODAY) == []
    with store.reader() as conn:
        actions = list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars())
    assert actions[-3:] == ["case.build", "review", "case.remove"]


def test_a_future_trial_is_a_hearing_to_come_not_yet_a_trial(store: Store) -> None:
    report(store, step("detention", "2025-12-01", EREN, authority=POLICE))
    report(store, step("trial", "2026-03-15", EREN, authority=COURT))
    build_cases(store, actor="test", today=TODAY)
    (case,) = store.cases.list_cases(today=TODAY)
    assert (case.status, case.next_hearing, case.last_step) == ("detained", "2026-03-15", "2025-12-01")


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            step("sentence", "2024-01-01", ARMAN, details={"sentence": "3 years of restricted freedom"}),
            ("convicted", False),
        ),
        (step("sentence", "2024-01-01", ARMAN, details={"sentence": "2 года условно"}), ("convicted", False)),
        (step("sentence", "2024-01-01", ARMAN, details={"sentence": "7 лет лишения свободы"}), ("imprisoned", True)),
        (step("sentence", "2024-01-01", ARMAN, details={"sentence": "15 суток ареста"}), ("imprisoned", True)),
        (
            step("sentence", "2024-01-01", ARMAN, details={"sentence": "4 жыл бас бостандығынан айыру"}),
            ("imprisoned", True),
        ),
        (step("sentence", "2024-01-01", ARMAN), ("convicted", None)),
        (
            step("sentence", "2024-01-01", ARMAN, details={"sentence": "2 years"}, text="приговорён к 2 годам условно"),
            ("convicted", False),
        ),
        (
            step("sentence", "2024-01-01", ARMAN, details={"sentence": "2 years"}, text="в 2024 году: 2 года колонии"),
            ("imprisoned", True),
        ),
        (step("sentence", "2024-01-01", ARMAN, text="В 2024 году суд вынес приговор"), ("convicted", None)),
        (step("fine", "2024-01-01", ARMAN), ("convicted", False)),
        (step("release", "2024-01-01", ARMAN), ("released", False)),
        (step("detention", "2024-01-01", ARMAN), ("detained", True)),
        (step("trial", "2024-01-01", ARMAN), ("on_trial", None)),
        (step("threat", "2024-01-01", ARMAN), (None, None)),
    ],
)
def test_each_step_leads_to_a_status_and_in_or_out_of_custody(
    event: Event, expected: tuple[str | None, bool | None]
) -> None:
    assert step_outcome(event) == expected


def test_a_hunger_strike_joins_the_case_only_while_held(store: Store) -> None:
    report(store, step("detention", "2024-01-05", DANA, authority=POLICE))
    report(store, step("hunger_strike", "2024-01-09", DANA))
    report(store, step("release", "2024-02-01", DANA))
    report(store, step("hunger_strike", "2024-03-01", DANA))
    build_cases(store, actor="test", today=TODAY)
    (case,) = store.cases.list_cases(today=TODAY)
    full = store.cases.get_case(case.id or 0, today=TODAY)
    assert full is not None
    assert [(e.type, e.date) for e in full.events] == [
        ("detention", "2024-01-05"),
        ("hunger_strike", "2024-01-09"),
        ("release", "2024-02-01"),
    ]


def test_the_cases_commands_build_and_list_with_pseudonyms_by_default(store: Store, store_url: str) -> None:
    from typer.testing import CliRunner

    from khronika.cli import app

    report(store, step("detention", "2024-01-05", ARMAN, authority=POLICE))
    report(store, step("detention", "2024-01-06", DANA, authority=POLICE))
    report(store, step("release", "2024-01-09", DANA))
    (person,) = store.people.protect(ARMAN)
    runner = CliRunner()
    built = runner.invoke(app, ["--db", store_url, "cases", "build"])
    assert (built.exit_code, built.output) == (0, "cases: 2 created, 0 updated, 0 unchanged, 0 removed, 0 stale\n")
    listed = runner.invoke(app, ["--db", store_url, "cases", "list", "--json", "--status", "detained"])
    assert listed.exit_code == 0
    assert [(c["title"], c["status"]) for c in json.loads(listed.output)] == [(person.pseudonym, "detained")]
    held = runner.invoke(app, ["--db", store_url, "cases", "list", "--detained", "--json", "--as", "editor"])
    assert [(p["name"], p["since"]) for p in json.loads(held.output)] == [(ARMAN, "2024-01-05")]
    table = runner.invoke(app, ["--db", store_url, "cases", "list"])
    assert "2 cases" in table.output and ARMAN not in table.output
    bad = runner.invoke(app, ["--db", store_url, "cases", "list", "--status", "jailed"])
    assert (bad.exit_code, "case status 'jailed' is unknown" in bad.output) == (2, True)


def test_an_appeal_that_suspends_the_sentence_frees_the_person(store: Store) -> None:
    report(store, step("detention", "2024-01-05", DANA, authority=POLICE))
    report(store, step("sentence", "2024-03-01", DANA, authority=COURT, details={"sentence": "2 years in prison"}))
    report(store, step("trial", "2024-05-02", DANA, authority="Mangystau Regional Court"))
    report(store, step("sentence", "2024-05-03", DANA, details={"sentence": "2 years suspended"}))
    build_cases(store, actor="test", today=TODAY)
    (case,) = store.cases.list_cases(today=TODAY)
    assert (case.status, case.court, case.sentence) == ("convicted", "Mangystau Regional Court", "2 years suspended")
    assert [p.name for p in store.cases.detained_now(on=date(2024, 5, 2))] == [DANA]
    assert store.cases.detained_now(on=date(2024, 5, 3)) == []


def test_a_sentence_the_report_calls_suspended_frees_the_person_whatever_the_term_says(store: Store) -> None:
    report(store, step("detention", "2024-01-05", EREN, authority=POLICE))
    passage = "Суд приговорил журналиста к 2 годам лишения свободы условно."
    report(store, step("sentence", "2024-02-01", EREN, authority=COURT, details={"sentence": "2 years"}, text=passage))
    fined = {"fine": {"original": "50 МРП", "mci": 50}}
    report(store, step("detention", "2024-03-01", DANA, authority=POLICE))
    report(store, step("fine", "2024-03-02", DANA, details=fined))
    build_cases(store, actor="test", today=TODAY)
    assert [(c.title, c.status, c.sentence) for c in store.cases.list_cases(today=TODAY)] == [
        (DANA, "convicted", "fine 50 МРП"),
        (EREN, "convicted", "2 years"),
    ]
    assert store.cases.detained_now(on=date(2024, 2, 2)) == []
