"""Issue 6, done when: several reports about the same events, ingested through the real pipeline,
merge into the right number of events, with conflicting sizes kept side by side.

The reports are short fictional texts in English and Russian about three occurrences (a strike and a
detention in Zhanaozen on 5 March, a protest in Almaty on 10 March) and two distractors: a strike
of the same type on the same day in another city, and a strike in the same city on another day.
"""

from __future__ import annotations

from pathlib import Path

from khronika.ingest.pipeline import IngestOptions, ingest_sources
from khronika.records import Event
from khronika.resolve.events import resolve_store
from khronika.store import Store

REPORTS: dict[str, str] = {
    "01-en-strike.txt": (
        "Zhanaozen oil workers strike\n\nOn 5 March 2024, 150 oil workers went on strike in Zhanaozen, "
        "demanding higher wages. The same day police detained union activist Erlan Kaliev in Zhanaozen.\n"
    ),
    "02-ru-strike.txt": (
        "Забастовка нефтяников в Жанаозене\n\n5 марта 2024 года в Жанаозене 100 нефтяников вышли на "
        "забастовку с требованием повысить зарплату. В тот же день полиция задержала в Жанаозене "
        "активиста профсоюза Ерлана Калиева.\n"
    ),
    "03-en-protest.txt": (
        "Almaty rally against tariffs\n\nOn 10 March 2024, 40 people held a protest in Almaty against "
        "rising utility prices.\n"
    ),
    "04-ru-protest.txt": (
        "Митинг в Алматы\n\n10 марта 2024 года в Алматы 60 человек вышли на митинг против роста тарифов.\n"
    ),
    # Distractors: same type and day in another city; same city on another day.
    "05-en-other-city.txt": (
        "Balkhash copper workers strike\n\nOn 5 March 2024, 80 workers of the copper smelter went on strike "
        "in Balkhash.\n"
    ),
    "06-en-other-day.txt": (
        "Zhanaozen strike resumes\n\nOn 7 March 2024, 200 oil workers went on strike again in Zhanaozen.\n"
    ),
}


def _ingest(store: Store, tmp_path: Path, *, resolve: bool = True) -> dict[str, int]:
    folder = tmp_path / "reports"  # not beside the SQLite file the store fixture keeps in tmp_path
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    summary = ingest_sources([str(folder)], store, options=IngestOptions(resolve=resolve))
    assert (summary.new, summary.failed) == (6, [])
    return {Path(doc.uri).name: doc.id for doc in store.list_documents() if doc.id is not None}


def _row(event: Event) -> tuple[object, ...]:
    documents = sorted({e.document_id for e in event.evidence})
    return (event.type, event.date, event.place.name if event.place else None, event.size, documents)


def test_reports_of_the_same_events_merge_into_one_event_each_with_conflicting_sizes_kept(
    store: Store, tmp_path: Path
) -> None:
    doc = _ingest(store, tmp_path)
    events = store.list_events(limit=100)
    assert sorted(_row(e) for e in events) == sorted(
        [
            ("strike", "2024-03-05", "Zhanaozen", 150, [doc["01-en-strike.txt"], doc["02-ru-strike.txt"]]),
            ("detention", "2024-03-05", "Zhanaozen", None, [doc["01-en-strike.txt"], doc["02-ru-strike.txt"]]),
            ("protest", "2024-03-10", "Almaty", 40, [doc["03-en-protest.txt"], doc["04-ru-protest.txt"]]),
            ("strike", "2024-03-05", "Balkhash", 80, [doc["05-en-other-city.txt"]]),
            ("strike", "2024-03-07", "Zhanaozen", 200, [doc["06-en-other-day.txt"]]),
        ]
    )
    alone = [e for e in events if len({x.document_id for x in e.evidence}) == 1]
    assert [e.details for e in alone] == [{}, {}]
    (strike,) = [e for e in events if e.type == "strike" and len({x.document_id for x in e.evidence}) == 2]
    assert strike.details == {
        "reported": {
            "size": [
                {"value": 150, "document_id": doc["01-en-strike.txt"]},
                {"value": 100, "document_id": doc["02-ru-strike.txt"]},
            ]
        }
    }
    protest = next(e for e in events if e.type == "protest")
    assert protest.details == {
        "reported": {
            "size": [
                {"value": 40, "document_id": doc["03-en-protest.txt"]},
                {"value": 60, "document_id": doc["04-ru-protest.txt"]},
            ]
        }
    }
    detention = next(e for e in events if e.type == "detention")
    # Erlan Kaliev and Ерлан Калиев were linked into one actor before the events were compared.
    assert [(a.name, a.variants) for a in detention.actors if a.kind == "person"] == [
        ("Erlan Kaliev", ["Ерлан Калиев"])
    ]


def test_resolving_again_changes_nothing(store: Store, tmp_path: Path) -> None:
    _ingest(store, tmp_path)
    before = sorted(_row(e) for e in store.list_events(limit=100))
    report = resolve_store(store)
    assert report.to_dict() == {
        "actors": {"linked": [], "suggested": [], "dry_run": False},
        "events": {"merged": [], "suggested": [], "dry_run": False},
    }
    assert sorted(_row(e) for e in store.list_events(limit=100)) == before


def test_without_resolving_every_report_keeps_its_own_events_and_a_dry_run_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    _ingest(store, tmp_path, resolve=False)
    assert len(store.list_events(limit=100)) == 8
    report = resolve_store(store, dry_run=True)
    assert (len(report.actors.linked), len(report.events.merged)) == (1, 3)
    assert len(store.list_events(limit=100)) == 8
    assert store.links.suggestions() == []
