"""Score the extractor on an annotated file (the shape of ../shared/data/gold-dev.jsonl)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from khronika.errors import InputError, KhronikaError
from khronika.extract.batch import extract_jsonl
from khronika.extract.evaluate import read_jsonl, score_events

_DOC_FIELDS = ("id", "text", "published", "lang", "title")


def read_gold(path: str) -> list[dict[str, Any]]:
    """Read annotated documents (id, text, events, ...), naming the line of any bad one."""
    rows = []
    for number, row in read_jsonl(path):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or "text" not in row:
            raise InputError(f"{path}:{number}: needs an object with a string 'id', 'text' and 'events'")
        rows.append(row)
    return rows


def evaluate_gold(path: str, *, workers: int = 1) -> dict[str, Any]:
    """Run the extractor over the gold documents and score it, overall and per language."""
    gold = read_gold(path)
    with tempfile.TemporaryDirectory(prefix="khronika-eval-") as tmp:
        docs, preds = Path(tmp) / "docs.jsonl", Path(tmp) / "pred.jsonl"
        with docs.open("w", encoding="utf-8") as out:
            for row in gold:
                out.write(json.dumps({k: row.get(k) for k in _DOC_FIELDS}, ensure_ascii=False) + "\n")
        summary = extract_jsonl(str(docs), str(preds), workers=workers)
        if not summary.ok:
            raise KhronikaError(f"{path}: the extractor could not read every document: {'; '.join(summary.errors)}")
        with preds.open(encoding="utf-8") as lines:
            predicted = {row["id"]: row["events"] for row in map(json.loads, lines)}
    expected = {row["id"]: row.get("events") or [] for row in gold}
    languages = {row["id"]: row.get("lang") or "?" for row in gold}
    return score_events(expected, predicted, languages=languages)
