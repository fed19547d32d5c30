"""Score the extractor on the shared dev set: overall and per language, with the shared scorer.

usage: .venv/bin/python benchmarks/score_dev.py [GOLD.jsonl]

Converts the gold file to docs.jsonl, runs extract_jsonl, then prints the output of
../shared/bin/score-events for all documents and for each language. Skips cleanly when the
shared folder is absent (it lives beside the repository, not in it).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from khronika.extract.batch import extract_jsonl

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main(argv: list[str]) -> int:
    """Run the dev evaluation and print the scorer's report per language."""
    gold_path = Path(argv[0]) if argv else SHARED / "data" / "gold-dev.jsonl"
    scorer = SHARED / "bin" / "score-events"
    if not gold_path.exists() or not scorer.exists():
        print(f"skipped: {gold_path} or {scorer} not found")
        return 0
    rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        docs, pred = Path(tmp) / "docs.jsonl", Path(tmp) / "pred.jsonl"
        keys = ("id", "text", "published", "lang", "title")
        docs.write_text("".join(json.dumps({k: r.get(k) for k in keys}) + "\n" for r in rows), encoding="utf-8")
        summary = extract_jsonl(str(docs), str(pred), workers=1)
        print(f"{summary.documents} documents, {summary.events} events in {summary.seconds:.2f} s")
        for lang in (None, *sorted({r.get("lang") or "?" for r in rows})):
            subset = [r for r in rows if lang is None or (r.get("lang") or "?") == lang]
            gold = Path(tmp) / f"gold-{lang or 'all'}.jsonl"
            gold.write_text("".join(json.dumps(r) + "\n" for r in subset), encoding="utf-8")
            print(f"== {lang or 'all'} ({len(subset)} documents)")
            result = subprocess.run([sys.executable, str(scorer), str(gold), str(pred)], capture_output=True, text=True)
            print(result.stdout + result.stderr, end="")
        if "--keep" in sys.argv:
            Path("/tmp/khronika-dev-pred.jsonl").write_text(pred.read_text(encoding="utf-8"), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if not a.startswith("--")]))
