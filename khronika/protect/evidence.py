"""Evidence integrity: a manifest of every stored original with its SHA-256, and re-hashing them.

An original is stored under the SHA-256 of its bytes. `verify_evidence` reads every original
back and hashes it again; given a manifest written earlier (and kept elsewhere), it also finds
originals that were swapped for others together with their recorded hash, or removed.
The manifest leaves out titles and addresses: it may travel where the records may not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, String, cast, literal, select

from khronika.errors import StoreError
from khronika.store.schema import audit_log, documents, originals

NO_BYTES = "no original bytes were kept (cannot be verified)"


@dataclass(frozen=True)
class ManifestEntry:
    """One original: the document it belongs to, its hash and size, when it was retrieved and ingested."""

    document: int
    sha256: str
    size_bytes: int | None
    media_type: str | None
    retrieved_at: str
    ingested_at: str | None  # from the audit log's "ingest" entry; None for documents stored before it


@dataclass(frozen=True)
class EvidenceProblem:
    """An original that does not match: which document, which hash, and what is wrong."""

    document: int
    sha256: str
    problem: str


def evidence_manifest(conn: Connection) -> Iterator[ManifestEntry]:
    """Yield every stored original in document order with its SHA-256 and ingest time."""
    ingested = select(audit_log.c.target, audit_log.c.at).where(audit_log.c.action == "ingest").subquery()
    query = (
        select(
            documents.c.id,
            documents.c.sha256,
            documents.c.retrieved_at,
            originals.c.size_bytes,
            originals.c.media_type,
            ingested.c.at,
        )
        .join(originals, originals.c.sha256 == documents.c.sha256, isouter=True)
        .join(ingested, ingested.c.target == literal("document:") + cast(documents.c.id, String), isouter=True)
        .order_by(documents.c.id)
    )
    seen: set[int] = set()
    for row in conn.execute(query):
        if row.id in seen:
            continue  # only a tampered audit log holds two ingest entries for one document; list it once
        seen.add(row.id)
        retrieved = row.retrieved_at.isoformat(timespec="microseconds")
        yield ManifestEntry(row.id, row.sha256, row.size_bytes, row.media_type, retrieved, _iso(row.at))


def verify_evidence(conn: Connection, *, manifest: Iterable[ManifestEntry] = ()) -> list[EvidenceProblem]:
    """Re-hash every original; with a manifest, also check each listed document still has its original."""
    problems: list[EvidenceProblem] = []
    query = select(documents.c.id, documents.c.sha256, originals.c.sha256.label("kept"), originals.c.content)
    query = query.join(originals, originals.c.sha256 == documents.c.sha256, isouter=True).order_by(documents.c.id)
    stored: dict[int, str] = {}
    for row in conn.execution_options(yield_per=64).execute(query):
        stored[row.id] = row.sha256
        if row.kept is None:
            problems.append(EvidenceProblem(row.id, row.sha256, "the original is missing"))
        elif row.content is None:
            problems.append(EvidenceProblem(row.id, row.sha256, NO_BYTES))
        else:
            actual = hashlib.sha256(row.content).hexdigest()
            if actual != row.sha256:
                problems.append(EvidenceProblem(row.id, row.sha256, f"altered: the bytes now hash to {actual}"))
    for entry in manifest:
        now = stored.get(entry.document)
        if now is None:
            problems.append(EvidenceProblem(entry.document, entry.sha256, "in the manifest but no longer stored"))
        elif now != entry.sha256:
            problems.append(EvidenceProblem(entry.document, entry.sha256, f"replaced: the store now holds {now}"))
    return sorted(problems, key=lambda p: (p.document, p.problem))


def write_manifest(entries: Iterable[ManifestEntry], path: Path) -> int:
    """Write a manifest as JSON Lines, one original a line; return how many were written."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for entry in entries:
            out.write(json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Read a manifest written by `write_manifest`, naming the line of any entry that does not parse."""
    entries: list[ManifestEntry] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise StoreError(f"manifest {path}: cannot read it ({err.strerror}); check the path") from err
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entries.append(ManifestEntry(**json.loads(line)))
        except (ValueError, TypeError) as err:
            raise StoreError(
                f"manifest {path}, line {number}: not a manifest entry ({err}); "
                "write one with `khronika evidence manifest --output FILE`"
            ) from err
    return entries


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds")
