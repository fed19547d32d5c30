import json

from khronika.extract.batch import extract_jsonl


def _write(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def test_one_output_line_per_input_line_in_order(tmp_path):
    src, out = tmp_path / "docs.jsonl", tmp_path / "events.jsonl"
    docs = [
        {"id": "a", "text": "Police detained three activists.", "published": "2024-01-15", "lang": "en", "title": None},
        {"id": "b", "text": "It was a quiet day.", "published": None, "lang": "en", "title": None},
        {"id": "c", "text": "Miners went on strike.", "published": None, "lang": None, "title": None},
    ]
    _write(src, [json.dumps(d) for d in docs])
    summary = extract_jsonl(str(src), str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert [[e["type"] for e in r["events"]] for r in rows] == [["detention"], [], ["strike"]]
    assert (summary.documents, summary.events, summary.errors, summary.ok) == (3, 2, [], True)


def test_bad_lines_are_named_and_others_processed(tmp_path):
    src, out = tmp_path / "docs.jsonl", tmp_path / "events.jsonl"
    good = json.dumps({"id": "ok", "text": "Police detained him.", "lang": "en"})
    _write(src, ["{not json", json.dumps({"id": "x"}), json.dumps({"id": "d", "text": "x", "published": "May"}), good])
    summary = extract_jsonl(str(src), str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], len(r["events"])) for r in rows] == [(None, 0), ("x", 0), ("d", 0), ("ok", 1)]
    assert [e.split(": ", 1)[0] for e in summary.errors] == [f"{src}:1", f"{src}:2", f"{src}:3"]
    assert "not JSON" in summary.errors[0]
    assert "'text'" in summary.errors[1]
    assert "YYYY-MM-DD" in summary.errors[2]
    assert (summary.documents, summary.ok) == (1, False)


def test_workers_give_the_same_output(tmp_path):
    src = tmp_path / "docs.jsonl"
    texts = [f"Police detained {n} activists." for n in range(1, 21)] + ["Miners went on strike."]
    _write(src, [json.dumps({"id": str(i), "text": t, "lang": "en"}) for i, t in enumerate(texts)])
    extract_jsonl(str(src), str(tmp_path / "one.jsonl"), workers=1)
    extract_jsonl(str(src), str(tmp_path / "two.jsonl"), workers=2)
    assert (tmp_path / "one.jsonl").read_text(encoding="utf-8") == (tmp_path / "two.jsonl").read_text(encoding="utf-8")


def test_stdin_and_stdout(monkeypatch, capsys, tmp_path):
    import io
    import sys

    monkeypatch.setattr(
        sys, "stdin", io.StringIO(json.dumps({"id": "s", "text": "He was fined.", "lang": "en"}) + "\n")
    )
    summary = extract_jsonl("-", "-")
    row = json.loads(capsys.readouterr().out)
    assert (row["id"], [e["type"] for e in row["events"]], summary.documents) == ("s", ["fine"], 1)


def test_errors_are_reported_one_line_each(tmp_path, capsys):
    src = tmp_path / "docs.jsonl"
    _write(src, ["[1, 2]", json.dumps({"id": "ok", "text": "Nothing happened.", "lang": "en"})])
    summary = extract_jsonl(str(src), str(tmp_path / "out.jsonl"))
    summary.report_errors()
    assert capsys.readouterr().err == f"{src}:1: needs an object with a string 'text' field\n"
