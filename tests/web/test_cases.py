"""The case pages and API on SQLite and PostgreSQL: list, detained now, hearings, a case, its correction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from khronika.protect.roles import Viewer, viewer_for
from khronika.protect.users import hash_password
from khronika.resolve.cases import build_cases
from khronika.settings import Settings
from khronika.store import Store
from khronika.store.schema import audit_log
from khronika.web.app import create_app
from khronika.web.auth import SESSION_COOKIE, enable_accounts, start_session
from tests.resolve.case_steps import ARMAN, CHARGE, COURT, DANA, POLICE, chain, report, step

VIEWER = viewer_for("vi", "viewer")
EDITOR = viewer_for("ed", "editor")
SECRET = "Pq4Tx9Lm2Rv7Bn5Kd8Wz1Hy6Gp3Fs0Ja_Ue-Io7Lk2Xc"
PASSWORD = "a long fictional passphrase for the case editor"
HEARING = (date.today() + timedelta(days=30)).isoformat()  # a hearing still to come whenever this runs


def _seed(store: Store) -> dict[str, int]:
    """Arman's case up to the trial, with a hearing to come; Dana detained then released."""
    for event, _ in chain()[:3]:
        report(store, event)
    report(store, step("trial", HEARING, ARMAN, authority=COURT))
    report(store, step("detention", "2024-02-01", DANA, authority=POLICE, details={"charge": "<script>x</script>"}))
    report(store, step("release", "2024-02-03", DANA))
    build_cases(store, actor="test")
    return {c.title: c.id or 0 for c in store.cases.list_cases()}


def test_the_list_shows_each_case_with_its_status_and_filters_by_status(store: Store, client: TestClient) -> None:
    ids = _seed(store)
    page = client.get("/cases")
    assert page.status_code == 200
    assert f'<a href="/cases/{ids[ARMAN]}">{ARMAN}</a>' in page.text
    assert f'<a href="/cases/{ids[DANA]}">{DANA}</a>' in page.text
    assert '<a href="/cases">' in page.text  # the nav link app.py adds for this module
    released = client.get("/cases?status=released")
    assert (DANA in released.text, ARMAN in released.text) == (True, False)
    bad = client.get("/cases?status=jailed")
    assert bad.status_code == 400
    assert "status &#39;jailed&#39; is unknown" in bad.text or "status 'jailed' is unknown" in bad.text


def test_a_case_page_shows_its_fields_and_timeline_escaped(store: Store, client: TestClient) -> None:
    ids = _seed(store)
    page = client.get(f"/cases/{ids[ARMAN]}")
    assert page.status_code == 200
    for text in (CHARGE, COURT, "Aliya Nurmaganbet", "SIZO-1", f'<time datetime="{HEARING}">', 'action="/cases/'):
        assert text in page.text
    assert page.text.count('<li><time datetime="') == 4  # detention, charge, trial, the hearing to come
    dana = client.get(f"/cases/{ids[DANA]}")
    assert "&lt;script&gt;x&lt;/script&gt;" in dana.text and "<script>x</script>" not in dana.text
    assert client.get("/cases/999999").status_code == 404


def test_a_correction_from_the_form_is_kept_audited_and_survives_a_rebuild(store: Store, client: TestClient) -> None:
    ids = _seed(store)
    case_id = ids[ARMAN]
    form = {"lawyer": "Bolat Amanov", "charges": f"{CHARGE}\nArticle 405", "status": "on_trial", "court": COURT}
    response = client.post(f"/cases/{case_id}/edit", data=form)
    assert (response.status_code, response.headers["location"]) == (303, f"/cases/{case_id}")
    build_cases(store, actor="test")
    case = store.cases.get_case(case_id)
    assert case is not None
    assert (case.lawyer, case.charges, case.corrected) == (
        "Bolat Amanov",
        [CHARGE, "Article 405"],
        {"lawyer": "Bolat Amanov", "charges": [CHARGE, "Article 405"]},
    )
    with store.reader() as conn:
        row = conn.execute(select(audit_log).where(audit_log.c.action == "case.correct")).one()
    assert (row.actor, row.target, row.detail) == (
        "local",
        f"case:{case_id}",
        {"set": ["charges", "lawyer"], "cleared": []},
    )
    assert "Undo the correction of «Lawyer»" in client.get(f"/cases/{case_id}").text
    client.post(f"/cases/{case_id}/edit", data={"clear": "lawyer"})
    cleared = store.cases.get_case(case_id)
    assert cleared is not None and cleared.lawyer == "Aliya Nurmaganbet"


def test_a_bad_correction_shows_the_page_again_naming_the_field(store: Store, client: TestClient) -> None:
    ids = _seed(store)
    response = client.post(f"/cases/{ids[ARMAN]}/edit", data={"next_hearing": "next week"})
    assert response.status_code == 400
    assert "case field next_hearing: &#39;next week&#39; needs a full date, YYYY-MM-DD" in response.text


def test_detained_now_and_hearings_and_the_api(store: Store, client: TestClient) -> None:
    ids = _seed(store)
    held = client.get("/cases/detained")
    assert "<strong>1</strong>" in held.text and ARMAN in held.text and DANA not in held.text
    hearings = client.get("/cases/hearings")
    assert f'<time datetime="{HEARING}">' in hearings.text and COURT in hearings.text
    listed = client.get("/api/cases?status=on_trial").json()
    assert [(c["id"], c["title"], c["next_hearing"]) for c in listed] == [(ids[ARMAN], ARMAN, HEARING)]
    one = client.get(f"/api/cases/{ids[ARMAN]}").json()
    assert [e["type"] for e in one["events"]] == ["detention", "charge", "trial", "trial"]
    detained = client.get("/api/cases/detained").json()
    assert (detained["count"], detained["people"][0]["name"]) == (1, ARMAN)
    assert client.get("/api/cases/999999").status_code == 404


@pytest.mark.parametrize("path", ["/cases", "/cases/{id}", "/cases/detained", "/cases/hearings", "/api/cases/{id}"])
def test_a_protected_person_appears_by_pseudonym_to_a_viewer(
    store: Store, client_for: Callable[[Viewer | None], TestClient], path: str
) -> None:
    ids = _seed(store)
    (person,) = store.people.protect(ARMAN)
    page = client_for(VIEWER).get(path.format(id=ids[ARMAN]))
    assert page.status_code == 200
    assert person.pseudonym in page.text
    assert "Arman" not in page.text and "Tulegenov" not in page.text
    assert ARMAN in client_for(EDITOR).get(path.format(id=ids[ARMAN])).text


def test_a_viewer_may_read_but_not_correct_and_an_anonymous_visitor_sees_no_internal_case(
    store: Store, client_for: Callable[[Viewer | None], TestClient]
) -> None:
    ids = _seed(store)
    viewer = client_for(VIEWER)
    page = viewer.get(f"/cases/{ids[ARMAN]}")
    assert page.status_code == 200 and 'action="/cases/' not in page.text
    assert viewer.post(f"/cases/{ids[ARMAN]}/edit", data={"lawyer": "x"}).status_code == 403
    anonymous = client_for(None)
    assert anonymous.get(f"/cases/{ids[ARMAN]}").status_code == 404
    assert anonymous.get("/api/cases").json() == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ru", ("<h1>Дела</h1>", "под судом", "освобождён")), ("kk", ("<h1>Істер</h1>", "сотта", "босатылған"))],
)
def test_the_case_list_speaks_russian_and_kazakh(
    store: Store, client: TestClient, lang: str, expected: tuple[str, str, str]
) -> None:
    _seed(store)
    page = client.get(f"/cases?lang={lang}")
    assert [text in page.text for text in expected] == [True, True, True]


def test_the_list_goes_fifty_cases_a_page(store: Store, client: TestClient) -> None:
    for i in range(51):
        report(store, step("detention", f"2024-01-{1 + i % 28:02d}", f"Picketer Number{i}", authority=POLICE))
    build_cases(store, actor="test")
    first, second = client.get("/cases"), client.get("/cases?page=2")
    assert [page.text.count('<tr><td><a href="/cases/') for page in (first, second)] == [50, 1]
    assert '<a rel="next" href="/cases?page=2">' in first.text
    assert "51 cases" in first.text
    assert '<a rel="next" href="/cases?status=detained&amp;page=2">' in client.get("/cases?status=detained").text


def test_an_editor_corrects_through_the_form_with_its_csrf_token_and_without_it_is_refused(store: Store) -> None:
    ids = _seed(store)
    store.people.add_user("ed-1", "editor", hash_password(PASSWORD), now=datetime(2026, 1, 1, tzinfo=UTC), by="test")
    app = create_app(store, settings=Settings())
    enable_accounts(app, secret_key=SECRET)
    with TestClient(app, follow_redirects=False) as editor:
        editor.cookies.set(SESSION_COOKIE, start_session(store, "ed-1"))
        page = editor.get(f"/cases/{ids[ARMAN]}")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        refused = editor.post(f"/cases/{ids[ARMAN]}/edit", data={"court": "Almaty City Court"})
        done = editor.post(f"/cases/{ids[ARMAN]}/edit", data={"court": "Almaty City Court", "csrf_token": token})
    assert (refused.status_code, done.status_code) == (403, 303)
    case = store.cases.get_case(ids[ARMAN])
    assert case is not None and (case.court, case.corrected) == ("Almaty City Court", {"court": "Almaty City Court"})
