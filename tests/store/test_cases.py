"""Stored cases on SQLite and PostgreSQL: corrections, levels, pseudonyms, detained now, hearings."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from khronika.errors import StoreError
from khronika.protect.roles import ANONYMOUS, viewer_for
from khronika.resolve.cases import build_cases
from khronika.store import Store
from khronika.store.schema import audit_log
from tests.resolve.case_steps import ARMAN, COURT, DANA, EREN, POLICE, chain, report, step

TODAY = date(2026, 1, 10)
EDITOR = viewer_for("ed", "editor")
VIEWER = viewer_for("vi", "viewer")


def _only_case_id(store: Store) -> int:
    (case,) = store.cases.list_cases(today=TODAY)
    return case.id or 0


def test_a_correction_survives_a_rebuild_and_clearing_it_shows_the_derived_value(store: Store) -> None:
    for event, _ in chain()[:2]:
        report(store, event)
    build_cases(store, actor="test", today=TODAY)
    case_id = _only_case_id(store)
    store.cases.correct(case_id, {"lawyer": "Bolat Amanov", "charges": ["Article 174", "Article 405"]}, actor="ed")
    report(store, step("trial", "2024-03-11", ARMAN, authority=COURT, details={"lawyer": "Aliya Nurmaganbet"}))
    assert build_cases(store, actor="test", today=TODAY)["updated"] == 1
    case = store.cases.get_case(case_id, today=TODAY)
    assert case is not None
    assert (case.status, case.lawyer, case.charges) == ("on_trial", "Bolat Amanov", ["Article 174", "Article 405"])
    assert case.corrected == {"lawyer": "Bolat Amanov", "charges": ["Article 174", "Article 405"]}
    store.cases.correct(case_id, {"lawyer": None}, actor="ed")
    again = store.cases.get_case(case_id, today=TODAY)
    assert again is not None
    assert (again.lawyer, again.corrected) == ("Aliya Nurmaganbet", {"charges": ["Article 174", "Article 405"]})


def test_a_corrected_status_decides_who_is_detained_now(store: Store) -> None:
    report(store, step("detention", "2024-01-05", DANA, authority=POLICE))
    build_cases(store, actor="test", today=TODAY)
    case_id = _only_case_id(store)
    assert [p.name for p in store.cases.detained_now(on=TODAY)] == [DANA]
    store.cases.correct(case_id, {"status": "released"}, actor="ed")
    build_cases(store, actor="test", today=TODAY)
    assert store.cases.detained_now(on=TODAY) == []
    assert [c.status for c in store.cases.list_cases(status="released", today=TODAY)] == ["released"]
    assert store.cases.list_cases(status="detained", today=TODAY) == []


def test_a_person_known_to_be_back_in_prison_is_held_once_corrected(store: Store) -> None:
    report(store, step("detention", "2024-01-05", DANA, authority=POLICE))
    report(store, step("release", "2024-01-20", DANA))
    build_cases(store, actor="test", today=TODAY)
    assert store.cases.detained_now(on=TODAY) == []
    store.cases.correct(_only_case_id(store), {"status": "imprisoned"}, actor="ed")
    assert [(p.name, p.since) for p in store.cases.detained_now(on=TODAY)] == [(DANA, "2024-01-05")]


def test_a_correction_is_audited_by_field_never_by_value(store: Store) -> None:
    report(store, step("detention", "2024-01-05", DANA, authority=POLICE))
    build_cases(store, actor="test", today=TODAY)
    case_id = _only_case_id(store)
    store.cases.correct(case_id, {"lawyer": "Bolat Amanov", "court": None}, actor="ed")
    with store.reader() as conn:
        row = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(1)).one()
    assert (row.actor, row.action, row.target, row.detail) == (
        "ed",
        "case.correct",
        f"case:{case_id}",
        {"set": ["lawyer"], "cleared": ["court"]},
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "missing"}, "case field status: 'missing' is not one of detained, under_investigation"),
        ({"next_hearing": "2026-02"}, "case field next_hearing: '2026-02' needs a full date, YYYY-MM-DD"),
        ({"next_hearing": "soon"}, "case field next_hearing: 'soon' needs a full date, YYYY-MM-DD"),
        ({"charges": [1, 2]}, r"case field charges: \[1, 2\] must be a list of texts"),
        ({"lawyer": 12}, "case field lawyer: 12 must be a text"),
        ({"people": "x"}, "case field 'people' cannot be corrected; use one of title, status, charges"),
    ],
)
def test_a_bad_correction_names_the_field_and_the_fix(store: Store, changes: dict[str, object], message: str) -> None:
    report(store, step("detention", "2024-01-05", DANA, authority=POLICE))
    build_cases(store, actor="test", today=TODAY)
    with pytest.raises(StoreError, match=message):
        store.cases.correct(_only_case_id(store), changes, actor="ed")


def test_correcting_a_case_that_does_not_exist_names_it(store: Store) -> None:
    with pytest.raises(StoreError, match="case 99 does not exist; see 'khronika cases list'"):
        store.cases.correct(99, {"lawyer": "x"}, actor="ed")


def test_a_case_is_as_confidential_as_its_most_confidential_event(store: Store) -> None:
    report(store, step("detention", "2024-01-05", EREN, authority=POLICE, level="public"))
    report(store, step("charge", "2024-01-06", EREN, level="confidential", details={"charge": "Article 179"}))
    report(store, step("detention", "2024-02-01", DANA, authority=POLICE, level="public"))
    build_cases(store, actor="test", today=TODAY)
    assert [(c.title, c.level) for c in store.cases.list_cases(viewer=EDITOR, today=TODAY)] == [
        (DANA, "public"),
        (EREN, "confidential"),
    ]
    assert [c.title for c in store.cases.list_cases(viewer=VIEWER, today=TODAY)] == [DANA]
    # The public case shows, but Dana, an internal actor, is withheld from an anonymous visitor.
    assert [p.name for p in store.cases.detained_now(viewer=ANONYMOUS, on=TODAY)] == ["[withheld]"]
    hidden = [c.id for c in store.cases.list_cases(today=TODAY) if c.title == EREN]
    assert store.cases.get_case(hidden[0], viewer=VIEWER, today=TODAY) is None


def test_a_protected_person_appears_by_pseudonym_to_a_viewer_not_cleared(store: Store) -> None:
    text = f"Police detained {ARMAN} in Seversk; Tulegenov is held in SIZO-1."
    detail = {"detention_place": "SIZO-1", "lawyer": "Aliya Nurmaganbet"}
    report(store, step("detention", "2024-01-05", ARMAN, authority=POLICE, details=detail, text=text))
    report(store, step("trial", "2026-02-03", ARMAN, authority=COURT))
    (person,) = store.people.protect(ARMAN, also=["Тулегенов"])
    build_cases(store, actor="test", today=TODAY)
    case_id = _only_case_id(store)
    store.cases.correct(case_id, {"title": f"The case of {ARMAN}"}, actor="ed")
    shown = store.cases.get_case(case_id, viewer=VIEWER, today=TODAY)
    assert shown is not None
    pseudonym = person.pseudonym or ""
    assert (shown.title, [p.name for p in shown.people]) == (f"The case of {pseudonym}", [pseudonym])
    assert shown.events[0].evidence[0].text == f"Police detained {pseudonym} in Seversk; {pseudonym} is held in SIZO-1."
    for leak in ("Tulegenov", "Arman"):
        assert leak not in repr(shown)
        assert leak not in repr(store.cases.detained_now(viewer=VIEWER, on=TODAY))
        assert leak not in repr(store.cases.upcoming_hearings(viewer=VIEWER, after=TODAY))
    assert [p.name for p in store.cases.detained_now(viewer=VIEWER, on=TODAY)] == [pseudonym]
    assert [h.names for h in store.cases.upcoming_hearings(viewer=VIEWER, after=TODAY)] == [(pseudonym,)]
    cleared = store.cases.get_case(case_id, viewer=EDITOR, today=TODAY)
    assert cleared is not None
    assert (cleared.title, cleared.people[0].name) == (f"The case of {ARMAN}", ARMAN)


def test_detained_now_counts_each_person_once(store: Store) -> None:
    report(store, step("detention", "2024-01-05", ARMAN, DANA, authority=POLICE))
    report(store, step("detention", "2024-01-06", DANA, EREN, authority=POLICE))
    build_cases(store, actor="test", today=TODAY)
    assert len(store.cases.list_cases(today=TODAY)) == 2
    held = store.cases.detained_now(on=TODAY)
    assert [(p.name, p.since) for p in held] == [(ARMAN, "2024-01-05"), (DANA, "2024-01-05"), (EREN, "2024-01-06")]


def test_upcoming_hearings_are_listed_soonest_first_from_a_date(store: Store) -> None:
    report(store, step("detention", "2025-11-01", ARMAN, authority=POLICE))
    report(store, step("trial", "2025-12-20", ARMAN, authority=COURT))
    report(store, step("trial", "2026-02-03", ARMAN, authority="Mangystau Regional Court"))
    report(store, step("detention", "2025-12-01", DANA, authority=POLICE, details={"next_hearing": "2026-01-15"}))
    build_cases(store, actor="test", today=TODAY)
    by_name = {c.title: c.id for c in store.cases.list_cases(today=TODAY)}
    found = [(h.date, h.case_id, h.court) for h in store.cases.upcoming_hearings(after=TODAY)]
    assert found == [("2026-01-15", by_name[DANA], None), ("2026-02-03", by_name[ARMAN], "Mangystau Regional Court")]
    store.cases.correct(by_name[DANA], {"next_hearing": "2026-01-20"}, actor="ed")
    assert [h.date for h in store.cases.upcoming_hearings(after=date(2026, 1, 16))] == ["2026-01-20", "2026-02-03"]


def test_a_corrected_case_the_build_no_longer_finds_is_kept_as_stale(store: Store) -> None:
    (first,) = report(store, step("detention", "2024-01-05", ARMAN, authority=POLICE))
    (second,) = report(store, step("detention", "2024-01-05", DANA, authority=POLICE))
    build_cases(store, actor="test", today=TODAY)
    by_name = {c.title: c.id or 0 for c in store.cases.list_cases(today=TODAY)}
    store.cases.correct(by_name[ARMAN], {"court": "Seversk City Court"}, actor="ed")
    store.set_review(first, "rejected", actor="ed")
    store.set_review(second, "rejected", actor="ed")
    counts = build_cases(store, actor="test", today=TODAY)
    assert (counts["stale"], counts["removed"]) == (1, 1)
    (kept,) = store.cases.list_cases(today=TODAY)
    assert (kept.id, kept.stale, kept.court) == (by_name[ARMAN], True, "Seversk City Court")


def test_an_unknown_status_filter_names_the_statuses(store: Store) -> None:
    with pytest.raises(StoreError, match="case status 'jailed' is unknown; use one of detained, under_investigation"):
        store.cases.list_cases(status="jailed")


def test_evidence_quoted_from_a_document_above_the_viewers_level_is_left_out(store: Store) -> None:
    (event_id,) = report(store, step("detention", "2024-01-05", EREN, authority=POLICE, text="Held at the border."))
    event = store.get_event(event_id)
    assert event is not None and event.evidence[0].document_id is not None
    store.people.set_level("document", event.evidence[0].document_id, "confidential")
    build_cases(store, actor="test", today=TODAY)
    case_id = _only_case_id(store)
    shown = store.cases.get_case(case_id, viewer=VIEWER, today=TODAY)
    cleared = store.cases.get_case(case_id, viewer=EDITOR, today=TODAY)
    assert shown is not None and cleared is not None
    assert ([e.evidence for e in shown.events], [e.text for e in cleared.events[0].evidence]) == (
        [[]],
        ["Held at the border."],
    )


def test_a_page_of_cases_comes_with_the_count_of_all(store: Store) -> None:
    for day, name in enumerate((ARMAN, DANA, EREN), start=1):
        report(store, step("detention", f"2024-01-0{day}", name, authority=POLICE))
    build_cases(store, actor="test", today=TODAY)
    total, page = store.cases.list_page(limit=2, offset=1, today=TODAY)
    assert (total, [c.title for c in page]) == (3, [DANA, ARMAN])
    assert [c.title for c in store.cases.list_cases(limit=1, today=TODAY)] == [EREN]
