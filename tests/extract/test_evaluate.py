import pytest

from khronika.extract.evaluate import date_agrees, fold_name, format_report, names_match, place_agrees, score_events

ALMATY = {"name": "Almaty", "admin1": "Almaty", "country": "KZ", "lat": None, "lon": None}
ASTANA = {"name": "Astana", "admin1": "Astana", "country": "KZ", "lat": None, "lon": None}


def _ev(type_, date=None, place=None, targets=(), size=None):
    actors = [{"name": n, "kind": "person", "role": "target"} for n in targets]
    return {"type": type_, "date": date, "place": place, "actors": actors, "size": size}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Қасымов Ерлан", "kasimov erlan"), ("Kharkova", "harkova"), ("Жанаозен", "janaozen"), ("", "")],
)
def test_fold_name(name, expected):
    assert fold_name(name) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("Лариса Харькова", "Larisa Kharkova", True), ("Max Bokayev", "Bokayev", True), ("Ivan", "Pyotr", False)],
)
def test_names_match(a, b, expected):
    assert names_match(a, b) is expected


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [(None, None, True), ("2010", "2010-06-09", True), ("2010-06-09", "2010", False), ("2010-06", None, False)],
)
def test_date_agrees(gold, pred, expected):
    assert date_agrees(gold, pred) is expected


def test_place_agrees():
    assert place_agrees(None, None) is True
    assert place_agrees(ALMATY, {"name": "Алматы"}) is True  # Cyrillic and Latin spellings fold alike
    assert place_agrees(ALMATY, None) is False
    assert place_agrees(ALMATY, ALMATY) is True
    assert place_agrees(ALMATY, ASTANA) is False


def test_score_counts_type_and_strict_matches():
    gold = {"d1": [_ev("detention", "2010-06", ALMATY, ["Ivan Petrov"], 4), _ev("fine", "2010-06")], "d2": []}
    pred = {"d1": [_ev("detention", "2010-06-09", ASTANA, ["Petrov"], 5), _ev("protest")], "d2": [_ev("strike")]}
    result = score_events(gold, pred, languages={"d1": "en", "d2": "ru"})
    assert result["type"] == {"precision": 0.333, "recall": 0.5, "f1": 0.4}
    assert result["strict"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert (result["date_accuracy"], result["place_accuracy"], result["target_recall"], result["size_accuracy"]) == (
        1.0,
        0.0,
        1.0,
        1.0,
    )
    assert result["per_type"]["detention"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "gold": 1}
    assert result["per_language"]["ru"]["predicted_events"] == 1
    assert result["per_language"]["en"]["type"]["f1"] == 0.5


def test_greedy_pairing_prefers_the_closer_event():
    gold = {"d": [_ev("trial", "2012-03-27"), _ev("trial", "2012-03-28")]}
    pred = {"d": [_ev("trial", "2012-03-28")]}
    result = score_events(gold, pred)
    assert result["strict"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667}


def test_format_report_lines():
    result = score_events({"d": [_ev("ban")]}, {"d": [_ev("ban")]}, languages={"d": "en"})
    assert format_report(result).splitlines() == [
        "  ban            gold    1  P 1.00  R 1.00  F1 1.00",
        "date accuracy None  place accuracy None  target recall None  size accuracy None",
        "type F1 1.000  strict F1 1.000  (1 predicted, 1 gold, 1 documents)",
        "[en] type F1 1.000  strict F1 1.000  (1 predicted, 1 gold, 1 documents)",
    ]


def test_main_reads_files_and_reports_per_language(tmp_path, capsys):
    import json

    from khronika.extract.evaluate import main

    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(
        json.dumps({"id": "a", "lang": "kk", "events": [_ev("strike", "2025-01")]}) + "\n", encoding="utf-8"
    )
    pred.write_text(json.dumps({"id": "a", "events": [_ev("strike", "2025-01-21")]}) + "\n\n", encoding="utf-8")
    assert main([str(gold), str(pred)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "[kk] type F1 1.000  strict F1 1.000  (1 predicted, 1 gold, 1 documents)"
    )


def test_bad_line_names_file_and_line(tmp_path):
    from khronika.extract.evaluate import load_jsonl_events

    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "events": []}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold.jsonl:2: not JSON"):
        load_jsonl_events(str(path))
