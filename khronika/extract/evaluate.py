"""Score extracted events against gold ones, with the matching rules of ../shared/bin/score-events.

A predicted event matches a gold event of the same type; among candidates, pairs are taken
greedily by closeness (2 for an agreeing date, 2 for an agreeing place, up to 1 for the gold's
person targets found). A match is strict when its date and place both agree. A gold field left
empty agrees with anything; a predicted date agrees when it starts with the gold date.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from khronika.errors import InputError

# Cyrillic letters (Russian and Kazakh) to the Latin letters the folding compares.
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
_LATIN = "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e iu ia a g k n o u u h i".split()
_TRANSLIT = {c: ("" if lat == "-" else lat) for c, lat in zip(_CYRILLIC, _LATIN, strict=True)}
# Spelling variants that transliterations disagree on, reduced to one form, in this order.
_VARIANTS = (("kh", "h"), ("zh", "j"), ("y", "i"), ("ie", "e"), ("ay", "ai"), ("ae", "a"), ("ee", "e"))
_STOP = frozenset({"the", "of", "and"})

Doc = list[dict[str, Any]]


def fold_name(name: str | None) -> str:
    """Reduce a name to a lower-case Latin skeleton so that Cyrillic and Latin spellings compare equal."""
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in (name or "").lower())
    kept = "".join(ch for ch in unicodedata.normalize("NFKD", latin) if ch.isalnum() or ch == " ")
    for old, new in _VARIANTS:
        kept = kept.replace(old, new)
    return " ".join(kept.split())


def names_match(a: str, b: str) -> bool:
    """Same person or body: same last word, a shared word, or close spelling."""
    words_a, words_b = fold_name(a).split(), fold_name(b).split()
    if not words_a or not words_b:
        return False
    if words_a[-1] == words_b[-1] or (set(words_a) & set(words_b)) - _STOP:
        return True
    return SequenceMatcher(None, " ".join(words_a), " ".join(words_b)).ratio() >= 0.8


def date_agrees(gold: str | None, pred: str | None) -> bool:
    """A predicted date agrees when it is at least as precise as the gold one and starts with it."""
    return not gold or (bool(pred) and str(pred)[: len(gold)] == gold)


def place_agrees(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> bool:
    """Same settlement by folded name; a gold region given as a place also accepts the region's name."""
    if not gold or not gold.get("name"):
        return True
    if not pred or not pred.get("name"):
        return False
    g_name, p_name = fold_name(gold["name"]), fold_name(pred["name"])
    if g_name == p_name:
        return True
    admin1 = gold.get("admin1")
    return bool(admin1) and fold_name(admin1) == p_name and g_name == fold_name(admin1)


def _person_targets(event: dict[str, Any]) -> list[str]:
    return [
        a.get("name", "") for a in event.get("actors") or [] if a.get("role") == "target" and a.get("kind") == "person"
    ]


def _closeness(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    if gold.get("type") != pred.get("type"):
        return -1.0
    wanted, found = _person_targets(gold), _person_targets(pred)
    hits = sum(1 for name in wanted if any(names_match(name, other) for other in found))
    score = 2.0 * date_agrees(gold.get("date"), pred.get("date"))
    score += 2.0 * place_agrees(gold.get("place"), pred.get("place"))
    return score + hits / max(len(wanted), 1)


def match_events(gold: Doc, pred: Doc) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pair gold and predicted events of one document, closest pairs first, each event used once."""
    scored = [(_closeness(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)]
    scored.sort(reverse=True)
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    pairs = []
    for score, gi, pi in scored:
        if score >= 0 and gi not in taken_gold and pi not in taken_pred:
            taken_gold.add(gi)
            taken_pred.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return pairs


def _prf(hits: int, predicted: int, expected: int) -> dict[str, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def _ratio(good: int, total: int) -> float | None:
    return round(good / total, 3) if total else None


def score_events(
    gold: dict[str, Doc], pred: dict[str, Doc], *, languages: dict[str, str] | None = None
) -> dict[str, Any]:
    """Return the figures score-events prints; with `languages` (doc id -> code) also one block per language."""
    result = _score(gold, pred)
    if languages:
        by_lang: dict[str, dict[str, Doc]] = {}
        for doc_id, events in gold.items():
            by_lang.setdefault(languages.get(doc_id) or "?", {})[doc_id] = events
        result["per_language"] = {lang: _score(docs, pred) for lang, docs in sorted(by_lang.items())}
    return result


def _score(gold: dict[str, Doc], pred: dict[str, Doc]) -> dict[str, Any]:
    n: dict[str, int] = dict.fromkeys(
        ("gold", "pred", "type", "strict", "dates", "dates_ok", "places", "places_ok", "targets", "targets_ok",
         "sizes", "sizes_ok"), 0
    )  # fmt: skip
    per_type: dict[str, list[int]] = {}  # type -> [matched, gold, predicted]
    for doc_id, gold_events in gold.items():
        pred_events = pred.get(doc_id, [])
        n["gold"] += len(gold_events)
        n["pred"] += len(pred_events)
        for event in gold_events:
            per_type.setdefault(str(event["type"]), [0, 0, 0])[1] += 1
        for event in pred_events:
            per_type.setdefault(str(event.get("type")), [0, 0, 0])[2] += 1
        for g, p in match_events(gold_events, pred_events):
            _count_pair(g, p, n)
            per_type[str(g["type"])][0] += 1
    return {
        "documents": len(gold),
        "gold_events": n["gold"],
        "predicted_events": n["pred"],
        "strict": _prf(n["strict"], n["pred"], n["gold"]),
        "type": _prf(n["type"], n["pred"], n["gold"]),
        "date_accuracy": _ratio(n["dates_ok"], n["dates"]),
        "place_accuracy": _ratio(n["places_ok"], n["places"]),
        "target_recall": _ratio(n["targets_ok"], n["targets"]),
        "size_accuracy": _ratio(n["sizes_ok"], n["sizes"]),
        "per_type": {
            t: _prf(hit, npred, ngold) | {"gold": ngold} for t, (hit, ngold, npred) in sorted(per_type.items())
        },
    }


def _count_pair(g: dict[str, Any], p: dict[str, Any], n: dict[str, int]) -> None:
    """Add one matched pair's field agreements to the counters."""
    n["type"] += 1
    date_ok = date_agrees(g.get("date"), p.get("date"))
    place_ok = place_agrees(g.get("place"), p.get("place"))
    n["strict"] += date_ok and place_ok
    if g.get("date"):
        n["dates"] += 1
        n["dates_ok"] += date_ok
    if g.get("place") and g["place"].get("name"):
        n["places"] += 1
        n["places_ok"] += place_ok
    if g.get("size"):
        n["sizes"] += 1
        n["sizes_ok"] += p.get("size") is not None and abs(p["size"] - g["size"]) <= 0.25 * g["size"]
    found = _person_targets(p)
    for name in _person_targets(g):
        n["targets"] += 1
        n["targets_ok"] += any(names_match(name, other) for other in found)


def format_report(result: dict[str, Any]) -> str:
    """Render a score as the shared scorer prints it, then one summary line per language."""
    lines = [
        f"  {t:14} gold {row['gold']:4}  P {row['precision']:.2f}  R {row['recall']:.2f}  F1 {row['f1']:.2f}"
        for t, row in result["per_type"].items()
    ]
    lines.append(
        f"date accuracy {result['date_accuracy']}  place accuracy {result['place_accuracy']}  "
        f"target recall {result['target_recall']}  size accuracy {result['size_accuracy']}"
    )
    lines.append(_summary_line(result))
    for lang, block in (result.get("per_language") or {}).items():
        lines.append(f"[{lang}] {_summary_line(block)}")
    return "\n".join(lines)


def _summary_line(result: dict[str, Any]) -> str:
    return (
        f"type F1 {result['type']['f1']:.3f}  strict F1 {result['strict']['f1']:.3f}  "
        f"({result['predicted_events']} predicted, {result['gold_events']} gold, {result['documents']} documents)"
    )


def read_jsonl(path: str) -> Iterator[tuple[int, Any]]:
    """Yield (line number, object) for each non-blank line, raising InputError that names a bad line."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"{path}:{number}: not JSON ({exc.msg} at column {exc.colno}); write one object per line"
                ) from None


def load_jsonl_events(path: str) -> tuple[dict[str, Doc], dict[str, str]]:
    """Read a gold or prediction file: document id -> events, and document id -> language where given."""
    events: dict[str, Doc] = {}
    languages: dict[str, str] = {}
    for _, row in read_jsonl(path):
        events[str(row["id"])] = row.get("events") or []
        if row.get("lang"):
            languages[str(row["id"])] = row["lang"]
    return events, languages


def main(argv: list[str]) -> int:
    """Print the score of PRED against GOLD, overall and per language: evaluate GOLD.jsonl PRED.jsonl."""
    if len(argv) != 2:
        print("usage: python -m khronika.extract.evaluate GOLD.jsonl PRED.jsonl", file=sys.stderr)
        return 2
    gold, languages = load_jsonl_events(argv[0])
    pred, _ = load_jsonl_events(argv[1])
    print(format_report(score_events(gold, pred, languages=languages)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
