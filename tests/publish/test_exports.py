"""Exports round-trip: the CSV reads back to the records, the GeoJSON is a FeatureCollection, ACLED's columns."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import shapely.geometry
from sqlalchemy import select

from khronika.errors import SettingsError
from khronika.publish import exports
from khronika.publish.acled import ACLED_TYPES, acled_row
from khronika.publish.exports import SourceLookup, export_events, export_to_file, get_exporter, register_exporter
from khronika.publish.formats import event_json, read_csv_events
from khronika.publish.selection import viewer_for_role
from khronika.records import EVENT_TYPES, Actor, Event, Evidence, Place, ReviewState
from khronika.store import Store
from khronika.store.queries import EventFilter
from khronika.store.schema import audit_log
from tests.factories import make_document

RU_TEXT = (
    "Пресс-релиз. 4 марта 2024 года в Жанаозене прошёл митинг; полиция задержала активиста "
    'Ерлана Фиктивова, "организатора", и ещё двоих.'
)
WITNESS_TEXT = "Свидетель рассказал, что Ерлана Фиктивова били в изоляторе."
KK_TEXT = "Айгүл Нұрқызы 6 жылға сотталды: «жаппай тәртіпсіздік», 272-бап."
PROTECTED = "Ерлан Фиктивов"
HIDDEN_SPELLINGS = ("Фиктив", "Fiktiv", "Ерлан", "Yerlan")
PRESS_URI = "https://example.org/press/2024-03-05"
WITNESS_URI = "file:///reports/confidential/witness-7.txt"
ZHANAOZEN = Place(name="Zhanaozen", country="KZ", admin1="Mangystau Region", lat=43.34, lon=52.86)


@dataclass
class Seeded:
    """The stored ids of the varied events, by name, and the protected person's pseudonym."""

    ids: dict[str, int]
    pseudonym: str


def _quote(text: str, passage: str, document_id: int | None = None) -> Evidence:
    start = text.index(passage)
    return Evidence(start=start, end=start + len(passage), text=passage, document_id=document_id)


def varied_events(witness_doc: int) -> dict[str, Event]:
    """Events with Cyrillic and Kazakh letters, commas, quotes and newlines, with and without a place."""
    police = Actor(name="Полиция Жанаозена", kind="organisation", role="perpetrator")
    return {
        "protest": Event(
            type="protest",
            date="2024-03-04",
            place=ZHANAOZEN,
            size=300,
            actors=[
                Actor(name=PROTECTED, kind="person", role="organiser"),
                Actor(name="Рабочие «ОзенМунайГаз»", kind="group", role="participant"),
                Actor(name="Акимат Жанаозена", kind="organisation", role="target"),
            ],
            details={"demands": ["зарплата, +30%", '"свобода"'], "note": 'line one\nline "two", with a comma'},
            evidence=[_quote(RU_TEXT, "в Жанаозене прошёл митинг")],
            confidence=0.9,
            review=ReviewState.CONFIRMED,
            extractor="khronika.rules.ru/3",
        ),
        "detention": Event(
            type="detention",
            date="2024-03",
            place=ZHANAOZEN,
            actors=[Actor(name=PROTECTED, kind="person", role="target"), police],
            evidence=[
                _quote(RU_TEXT, "задержала активиста Ерлана Фиктивова"),
                _quote(WITNESS_TEXT, "Ерлана Фиктивова били в изоляторе", witness_doc),
            ],
            confidence=0.75,
            extractor="khronika.rules.ru/3",
        ),
        "sentence": Event(
            type="sentence",
            actors=[Actor(name="Айгүл Нұрқызы", kind="person", role="target")],
            details={"sentence": "6 жыл", "charge": "«жаппай тәртіпсіздік», 272-бап"},
            confidence=0.6,
        ),
        "fine": Event(
            type="fine",
            date="2024-05-20",
            place=Place(name="Mangystau Region", country="KZ", admin1="Mangystau Region"),
            details={"fine": {"amount": 100000, "currency": "KZT"}},
            confidence=0.7,
        ),
        "dispersal": Event(type="dispersal", date="2023-12-16", place=ZHANAOZEN, details={"fatalities": 2}),
        "killing": Event(type="killing", date="2022-01-05", size=3, level="confidential"),
    }


def seed_varied(store: Store) -> Seeded:
    """Store the varied events from a press release (internal) and a witness statement (confidential)."""
    press, _ = store.add_document(make_document(RU_TEXT, uri=PRESS_URI))
    witness, _ = store.add_document(make_document(WITNESS_TEXT, uri=WITNESS_URI, level="confidential"))
    made = varied_events(witness)
    ids = dict(zip(made, store.add_events(press, list(made.values())), strict=True))
    store.people.set_level("event", ids["dispersal"], "public")
    (person,) = store.people.protect(PROTECTED, also=("Yerlan Fiktivov",))
    assert person.pseudonym
    return Seeded(ids=ids, pseudonym=person.pseudonym)


@pytest.fixture
def seeded(store: Store) -> Seeded:
    """The varied events in a fresh store (SQLite and PostgreSQL)."""
    return seed_varied(store)


def export_text(store: Store, fmt: str, *, role: str = "admin", flt: EventFilter | None = None) -> str:
    """Return the whole export as text."""
    out = io.StringIO(newline="")
    export_events(store, flt or EventFilter(), fmt=fmt, out=out, viewer=viewer_for_role(role), actor="test")
    return out.getvalue()


def stored_records(store: Store, names: Iterable[str], seeded: Seeded) -> list[dict[str, Any]]:
    """Return the event_json objects of these stored events, in this order."""
    found = []
    for name in names:
        event = store.get_event(seeded.ids[name])
        assert event is not None
        found.append(event_json(event))
    return found


ADMIN = viewer_for_role("admin")
NEWEST_FIRST = ("fine", "protest", "detention", "dispersal", "killing", "sentence")
SHOWN_TO_VIEWER = ("fine", "protest", "detention", "dispersal", "sentence")


def test_the_csv_reads_back_to_the_same_records_as_stored(store: Store, seeded: Seeded) -> None:
    text = export_text(store, "csv")
    assert text.startswith("\ufeffid,type,date,date_end,place_name,")
    records = list(read_csv_events(io.StringIO(text, newline="")))
    assert records == stored_records(store, NEWEST_FIRST, seeded)
    assert records[0] == {
        "id": seeded.ids["fine"],
        "type": "fine",
        "date": "2024-05-20",
        "date_end": None,
        "place": {"name": "Mangystau Region", "admin1": "Mangystau Region", "country": "KZ", "lat": None, "lon": None},
        "size": None,
        "actors": [],
        "details": {"fine": {"amount": 100000, "currency": "KZT"}},
        "evidence": [],
        "confidence": 0.7,
        "review": "proposed",
        "extractor": None,
    }
    assert records[1]["details"] == {
        "demands": ["зарплата, +30%", '"свобода"'],
        "note": 'line one\nline "two", with a comma',
    }
    assert records[5]["place"] is None and records[5]["actors"][0]["name"] == "Айгүл Нұрқызы"


def test_the_plain_csv_module_reads_one_row_an_event(store: Store, seeded: Seeded) -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(store, "csv").removeprefix("\ufeff"), newline="")))
    assert [row["type"] for row in rows] == list(NEWEST_FIRST)
    workers = {"name": "Рабочие «ОзенМунайГаз»", "kind": "group", "role": "participant"}
    assert json.loads(rows[1]["actors"])[1] == workers


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_the_json_formats_hold_the_same_records_as_the_csv(store: Store, seeded: Seeded, fmt: str) -> None:
    text = export_text(store, fmt)
    records = [json.loads(line) for line in text.splitlines()] if fmt == "jsonl" else json.loads(text)
    assert records == list(read_csv_events(io.StringIO(export_text(store, "csv"), newline="")))
    assert len(text.splitlines()) == (6 if fmt == "jsonl" else 8)


def test_the_geojson_is_a_feature_collection_of_points_lon_lat(store: Store, seeded: Seeded) -> None:
    collection = json.loads(export_text(store, "geojson"))
    assert set(collection) == {"type", "features"} and collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["properties"] for f in features] == stored_records(store, NEWEST_FIRST, seeded)
    assert [f["id"] for f in features] == [seeded.ids[name] for name in NEWEST_FIRST]
    assert [f["geometry"] for f in features] == [
        None,  # a region with no coordinates
        {"type": "Point", "coordinates": [52.86, 43.34]},
        {"type": "Point", "coordinates": [52.86, 43.34]},
        {"type": "Point", "coordinates": [52.86, 43.34]},
        None,  # no place at all
        None,
    ]
    for feature in features:
        assert set(feature) == {"type", "id", "geometry", "properties"} and feature["type"] == "Feature"
        if feature["geometry"] is not None:
            point = shapely.geometry.shape(feature["geometry"])
            assert point.is_valid and -180 <= point.x <= 180 and -90 <= point.y <= 90


def test_the_acled_file_has_acleds_columns_and_one_row_an_event(store: Store, seeded: Seeded) -> None:
    rows = list(csv.reader(io.StringIO(export_text(store, "acled"), newline="")))
    assert rows[0] == [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
        "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
        "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
        "fatalities", "tags", "timestamp",
    ]  # fmt: skip
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(by_id) == [f"khronika-{seeded.ids[name]}" for name in NEWEST_FIRST]
    assert by_id[f"khronika-{seeded.ids['dispersal']}"]["sub_event_type"] == "Excessive force against protesters"


def test_an_acled_row_as_the_viewer_sees_it(store: Store, seeded: Seeded) -> None:
    rows = csv.DictReader(io.StringIO(export_text(store, "acled", role="viewer"), newline=""))
    row = next(r for r in rows if r["event_id_cnty"] == f"khronika-{seeded.ids['protest']}")
    assert row == {
        "event_id_cnty": f"khronika-{seeded.ids['protest']}",
        "event_date": "2024-03-04",
        "year": "2024",
        "time_precision": "1",
        "disorder_type": "Demonstrations",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": seeded.pseudonym,
        "assoc_actor_1": "Рабочие «ОзенМунайГаз»",
        "inter1": "6",
        "actor2": "Акимат Жанаозена",
        "assoc_actor_2": "",
        "inter2": "",
        "interaction": "60",
        "civilian_targeting": "",
        "iso": "398",
        "region": "Caucasus and Central Asia",
        "country": "Kazakhstan",
        "admin1": "Mangystau Region",
        "admin2": "",
        "admin3": "",
        "location": "Zhanaozen",
        "latitude": "43.34",
        "longitude": "52.86",
        "geo_precision": "1",
        "source": PRESS_URI,
        "source_scale": "",
        "notes": f"On 2024-03-04 in Zhanaozen: protest; size 300; khronika event {seeded.ids['protest']} (confirmed).",
        "fatalities": "0",
        "tags": "khronika type=protest; crowd size=300",
        "timestamp": "",
    }


def test_every_type_maps_to_an_acled_event_and_sub_event_type() -> None:
    assert set(ACLED_TYPES) == set(EVENT_TYPES)
    assert {t: (a.event_type, a.sub_event_type) for t, a in ACLED_TYPES.items() if a.sub_event_type != "Other"} == {
        "protest": ("Protests", "Peaceful protest"),
        "strike": ("Protests", "Peaceful protest"),
        "hunger_strike": ("Protests", "Peaceful protest"),
        "dispersal": ("Protests", "Protest with intervention"),
        "detention": ("Strategic developments", "Arrests"),
        "assault": ("Violence against civilians", "Attack"),
        "killing": ("Violence against civilians", "Attack"),
        "torture": ("Violence against civilians", "Attack"),
    }


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            Event(type="sentence", date="2024", details={"sentence": "6 years", "charge": "art. 174"}, id=9),
            {"event_date": "2024-01-01", "year": "2024", "time_precision": "3", "geo_precision": "", "iso": ""},
        ),
        (
            Event(type="strike", date="2024-02", place=Place("Mangystau Region", "KZ", "Mangystau Region"), id=9),
            {"event_date": "2024-02-01", "year": "2024", "time_precision": "3", "geo_precision": "3", "iso": "398"},
        ),
        (
            Event(type="killing", date="2022-01-05", place=Place("Almaty", "KZ", "Almaty", 43.25, 76.95), id=9),
            {"event_date": "2022-01-05", "year": "2022", "time_precision": "1", "geo_precision": "1", "iso": "398"},
        ),
    ],
)
def test_acled_dates_and_precision(event: Event, expected: dict[str, str]) -> None:
    row = acled_row(event, sources=[])
    assert {key: row[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("event", "columns"),
    [
        (
            Event(type="killing", size=3, id=4),
            {"fatalities": "3", "civilian_targeting": "Civilian targeting", "actor1": "", "interaction": ""},
        ),
        (
            Event(type="strike", place=ZHANAOZEN, id=4),
            {"fatalities": "0", "actor1": "Protesters (Kazakhstan)", "inter1": "6", "interaction": "60"},
        ),
        (
            Event(
                type="detention",
                actors=[Actor("Police", "organisation", "perpetrator"), Actor("A. B.", "person", "target")],
                id=4,
            ),
            {"actor1": "Police", "inter1": "1", "actor2": "A. B.", "inter2": "7", "interaction": "17"},
        ),
    ],
)
def test_acled_actors_fatalities_and_interaction(event: Event, columns: dict[str, str]) -> None:
    row = acled_row(event, sources=["https://a.example/1", "https://b.example/2"])
    assert {key: row[key] for key in columns} == columns
    assert row["source"] == "https://a.example/1; https://b.example/2"


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "geojson", "acled"])
def test_the_viewer_sees_the_pseudonym_and_no_confidential_record(store: Store, seeded: Seeded, fmt: str) -> None:
    text = export_text(store, fmt, role="viewer")
    assert seeded.pseudonym in text
    for spelling in HIDDEN_SPELLINGS:
        assert spelling.lower() not in text.lower(), spelling
    assert "изоляторе" not in text  # quoted from the confidential witness statement
    assert WITNESS_URI not in text
    assert str(seeded.ids["killing"]) not in _ids_in(text, fmt)
    assert "killing" not in text


def _ids_in(text: str, fmt: str) -> list[str]:
    if fmt in ("csv", "acled"):
        return [row[0].removeprefix("\ufeff").removeprefix("khronika-") for row in csv.reader(io.StringIO(text))][1:]
    if fmt == "jsonl":
        return [str(json.loads(line)["id"]) for line in text.splitlines()]
    items = json.loads(text)
    return [str(item["id"]) for item in (items["features"] if fmt == "geojson" else items)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", ("dispersal",)), ("viewer", SHOWN_TO_VIEWER), ("admin", NEWEST_FIRST)],
)
def test_each_role_gets_its_own_records(store: Store, seeded: Seeded, role: str, expected: tuple[str, ...]) -> None:
    assert _ids_in(export_text(store, "jsonl", role=role), "jsonl") == [str(seeded.ids[n]) for n in expected]


def test_the_admin_sees_the_name_and_the_witness_evidence(store: Store, seeded: Seeded) -> None:
    text = export_text(store, "acled", role="admin")
    assert "Ерлан Фиктивов" in text and seeded.pseudonym not in text
    assert f"{PRESS_URI}; {WITNESS_URI}" in text


def test_filters_narrow_the_export(store: Store, seeded: Seeded) -> None:
    flt = EventFilter(types=("detention", "protest", "killing"), date_from="2024-03")
    assert _ids_in(export_text(store, "jsonl", flt=flt), "jsonl") == [
        str(seeded.ids["protest"]),
        str(seeded.ids["detention"]),
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "https://example.org/strike"),
        ("viewer", "https://example.org/strike; file:///home/anna/reports/strike.txt"),
    ],
)
def test_a_public_export_lists_web_addresses_only(store: Store, role: str, expected: str) -> None:
    web, _ = store.add_document(make_document("Strike at the plant.", uri="https://example.org/strike", level="public"))
    local, _ = store.add_document(
        make_document("Strike, as told.", uri="file:///home/anna/reports/strike.txt", level="public")
    )
    quotes = [Evidence(0, 6, "Strike", document_id=web), Evidence(0, 6, "Strike", document_id=local)]
    (event_id,) = store.add_events(web, [Event(type="strike", evidence=quotes)])
    store.people.set_level("event", event_id, "public")
    (row,) = csv.DictReader(io.StringIO(export_text(store, "acled", role=role), newline=""))
    assert row["source"] == expected
    assert len(json.loads(export_text(store, "jsonl", role=role))["evidence"]) == 2  # both may be read


def audit_entries(store: Store) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    """Return the export entries of the audit log: actor, action, target, detail."""
    with store.reader() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == "export").order_by(audit_log.c.id)).all()
    return [(row.actor, row.action, row.target, row.detail) for row in rows]


def test_every_export_is_audited_with_who_what_and_how_many(store: Store, seeded: Seeded) -> None:
    export_text(store, "acled", role="viewer", flt=EventFilter(types=("protest", "killing"), region="Mangystau Region"))
    export_text(store, "geojson", role="admin")
    assert audit_entries(store) == [
        (
            "test",
            "export",
            "acled",
            {"filters": {"types": ["protest", "killing"], "region": "Mangystau Region"}, "count": 1, "as": "viewer"},
        ),
        ("test", "export", "geojson", {"filters": {}, "count": 6, "as": "admin"}),
    ]


def test_an_unknown_format_is_refused_by_name_and_nothing_is_logged(store: Store, seeded: Seeded) -> None:
    with pytest.raises(SettingsError, match=r"--format: no export format 'xlsx'; choose one of acled, csv, geojson"):
        export_text(store, "xlsx")
    assert audit_entries(store) == []


@pytest.fixture
def plugin() -> Iterator[str]:
    """Register a one-line-an-event exporter as a plugin would; remove it afterwards."""

    def write(events: Iterable[Event], *, sources: SourceLookup) -> Iterator[str]:
        for event in events:
            yield f"{event.type}\t{','.join(sources(event))}\n"

    register_exporter("types-test", media_type="text/plain", suffix=".txt", write=write)
    yield "types-test"
    del exports.EXPORTERS["types-test"]


def test_a_plugin_exporter_is_used_like_the_built_ins(store: Store, seeded: Seeded, plugin: str) -> None:
    assert get_exporter(plugin).suffix == ".txt"
    assert export_text(store, plugin, role="viewer").splitlines() == [
        "fine\t",
        f"protest\t{PRESS_URI}",
        f"detention\t{PRESS_URI}",
        "dispersal\t",
        "sentence\t",
    ]


def test_the_csv_reader_names_the_row_it_cannot_read() -> None:
    text = export_text_of([Event(type="fine", id=1), Event(type="trial", id=2)])
    broken = text.replace(",0.5,", ",high,", 2)
    with pytest.raises(ValueError, match=r"CSV row 2 \(event '1'\): could not convert string to float: 'high'"):
        list(read_csv_events(io.StringIO(broken, newline="")))
    with pytest.raises(ValueError, match=r"CSV header: missing columns date, date_end, place_name, place_admin1, "):
        list(read_csv_events(io.StringIO("id,type\r\n1,fine\r\n", newline="")))


def export_text_of(events: list[Event]) -> str:
    """Return the CSV exporter's text for events that are not stored."""
    return "".join(get_exporter("csv").write(events, sources=lambda event: []))


def test_a_file_appears_whole_readable_by_its_owner_only(store: Store, seeded: Seeded, tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    target = tmp_path / "exports" / "out.jsonl"
    target.write_text("an older export", encoding="utf-8")
    target.chmod(0o644)
    count = export_to_file(store, EventFilter(), fmt="jsonl", path=target, viewer=ADMIN, actor="t")
    assert count == 6 and len(target.read_text(encoding="utf-8").splitlines()) == 6
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["out.jsonl"]


def test_an_export_that_fails_midway_leaves_the_old_file_and_no_part(
    store: Store, seeded: Seeded, tmp_path: Path
) -> None:
    def write(events: Iterable[Event], *, sources: SourceLookup) -> Iterator[str]:
        for event in events:
            yield f"{event.id}\n"
            raise RuntimeError("disk full")

    register_exporter("broken-test", media_type="text/plain", suffix=".txt", write=write)
    (tmp_path / "exports").mkdir()
    target = tmp_path / "exports" / "out.txt"
    target.write_text("an older export", encoding="utf-8")
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            export_to_file(store, EventFilter(), fmt="broken-test", path=target, viewer=ADMIN, actor="t")
    finally:
        del exports.EXPORTERS["broken-test"]
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]
    assert target.read_text(encoding="utf-8") == "an older export"
    assert [entry[2] for entry in audit_entries(store)] == ["broken-test"]  # on record although cut short
