"""Rebuild the demo corpus's PDF and DOCX statements from the Markdown sources in demo/sources/.

Run from the repository root: `.venv/bin/python demo/build_binaries.py`. The output is
byte-for-byte reproducible: creation dates come from each source's front matter and the
DOCX zip entries carry that date too, so a rebuild only shows up in git when a source changed.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.shared import Pt
from fpdf import FPDF

DEMO = Path(__file__).resolve().parent
SOURCES = DEMO / "sources"
CORPUS = DEMO / "corpus"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Source:
    """One Markdown source: its front matter and its body blocks."""

    path: Path
    output: str
    title: str
    author: str
    date: datetime
    lang: str
    blocks: list[tuple[str, str]]  # (kind, text); kind is h1, h2, bullet or para


def read_source(path: Path) -> Source:
    """Parse a source file: `---` front matter, then `#`, `##`, `- ` and paragraph blocks."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise SystemExit(f"{path}: line 1: expected '---' to open the front matter")
    head, _, body = text[4:].partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines() if line.strip())
    missing = {"output", "title", "author", "date", "lang"} - meta.keys()
    if missing:
        raise SystemExit(f"{path}: front matter lacks {', '.join(sorted(missing))}; add them as 'key: value' lines")
    blocks: list[tuple[str, str]] = []
    for chunk in body.strip().split("\n\n"):
        for line in chunk.splitlines() if chunk.startswith("- ") else [chunk.replace("\n", " ")]:
            if line.startswith("## "):
                blocks.append(("h2", line[3:]))
            elif line.startswith("# "):
                blocks.append(("h1", line[2:]))
            elif line.startswith("- "):
                blocks.append(("bullet", line[2:]))
            else:
                blocks.append(("para", line))
    date = datetime.fromisoformat(meta["date"]).replace(hour=10, tzinfo=UTC)
    return Source(path, meta["output"], meta["title"], meta["author"], date, meta["lang"], blocks)


def build_pdf(src: Source) -> bytes:
    """Render a source as an A4 PDF with DejaVu fonts (they cover Cyrillic and Kazakh letters)."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(src.date)
    pdf.set_title(src.title)
    pdf.set_author(src.author)
    pdf.set_lang(src.lang)
    pdf.set_creator("khronika demo/build_binaries.py")
    pdf.set_producer("fpdf2")
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    sizes = {"h1": 15, "h2": 12, "bullet": 10.5, "para": 10.5}
    for kind, text in src.blocks:
        pdf.set_font("DejaVu", "B" if kind in ("h1", "h2") else "", sizes[kind])
        # Inline **bold** is dropped: the statements use it only for emphasis.
        line = text.replace("**", "")
        if kind == "bullet":
            line = "\u2022 " + line
        pdf.multi_cell(0, sizes[kind] * 0.55, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3 if kind != "bullet" else 1)
    return bytes(pdf.output())


def build_docx(src: Source) -> bytes:
    """Render a source as a DOCX with fixed core properties and fixed zip timestamps."""
    document = docx.Document()
    document.styles["Normal"].font.name = "DejaVu Sans"
    document.styles["Normal"].font.size = Pt(11)
    for kind, text in src.blocks:
        if kind == "h1":
            document.add_heading(text, level=1)
        elif kind == "h2":
            document.add_heading(text, level=2)
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            paragraph = document.add_paragraph()
            for i, part in enumerate(text.split("**")):
                paragraph.add_run(part).bold = i % 2 == 1
    props = document.core_properties
    props.title, props.author, props.language = src.title, src.author, src.lang
    props.created = props.modified = src.date.replace(tzinfo=None)
    props.last_modified_by, props.revision = src.author, 1
    raw = io.BytesIO()
    document.save(raw)
    return _restamp_zip(raw.getvalue(), src.date)


def _restamp_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite zip entries with one fixed timestamp; python-docx stamps them with the clock."""
    out = io.BytesIO()
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> int:
    """Build every source in demo/sources/ into demo/corpus/ and print what was written."""
    for path in sorted(SOURCES.glob("*.md")):
        src = read_source(path)
        target = CORPUS / src.output
        if target.suffix == ".pdf":
            data = build_pdf(src)
        elif target.suffix == ".docx":
            data = build_docx(src)
        else:
            raise SystemExit(f"{path}: output {src.output!r} must end in .pdf or .docx")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"{target.relative_to(DEMO)}  {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
