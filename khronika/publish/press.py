"""Press releases drafted from events or from a case: who, what, when, where, the sources, a call to action.

    text = draft_press_release(store, event_ids=[12, 13], language="ru", viewer=viewer)
    store.drafts.create(**text.draft_fields(), by="editor-1")  # or save_draft(store, text, by=...)

A draft is for publication, so it is built as the `viewer` audience at most, whoever asks: no
confidential record, protected people only by pseudonym. The wording lives in template files
(publish/templates/<kind>.<language>.txt); a language without its template is written in English
and the text says so in its first line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from khronika.errors import KhronikaError
from khronika.protect.redact import TextRedactor, redact_document, redaction_for
from khronika.protect.roles import Viewer
from khronika.publish.place_names import place_label
from khronika.publish.selection import redact_events, viewer_for_role
from khronika.records import LEVELS, Case, Event
from khronika.store import Store, queries
from khronika.store.drafts import DRAFT_LANGUAGES
from khronika.web import i18n  # the interface's catalogue names event types; one translation of each

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PUBLICATION_ROLE = "viewer"  # the widest audience a draft is ever built for (issue 6)
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
# Which call to action a type of event brings; the templates word each group.
CALL_GROUPS: dict[str, str] = {
    **dict.fromkeys(("detention", "charge", "trial", "sentence", "fine"), "custody"),
    **dict.fromkeys(("protest", "strike", "hunger_strike", "meeting", "ban", "dispersal"), "assembly"),
    **dict.fromkeys(("assault", "killing", "torture", "threat"), "violence"),
    **dict.fromkeys(("dismissal", "eviction", "raid", "censorship", "release"), "pressure"),
}
ROLE_KEYS = {"target": "targets", "participant": "participants", "organiser": "organisers"}
ROLE_KEYS |= {"perpetrator": "perpetrators", "authority": "authorities"}

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=False,  # plain text; a page showing it escapes it there
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=StrictUndefined,
)


@dataclass(frozen=True)
class Source:
    """A document an event was read from, as a publication cites it."""

    title: str
    uri: str
    published: str | None = None


@dataclass
class Subject:
    """What a draft tells about: events (as the audience sees them), their sources, and a case if any."""

    events: list[Event]
    sources: list[Source]
    case: Case | None = None
    redactor: TextRedactor | None = None  # the audience's: run over the finished text once more


@dataclass(frozen=True)
class DraftText:
    """A drafted title and body, the language it is written in and what it was drawn from."""

    kind: str
    language: str
    title: str
    body: str
    subject: dict[str, Any] = field(default_factory=dict)
    asked_language: str | None = None  # set when the template of that language was missing

    def draft_fields(self) -> dict[str, Any]:
        """Return the keyword arguments of Store.drafts.create for this text (all but `by`)."""
        return {"kind": self.kind, "language": self.language, "title": self.title, "body": self.body}

    def as_text(self) -> str:
        """Return the title, a blank line and the body, as a file holds it."""
        return f"{self.title}\n\n{self.body}"


def publication_viewer(viewer: Viewer | None = None) -> Viewer:
    """Return who a draft is built for: `viewer` when they see no more than the `viewer` role, else that role."""
    widest = viewer_for_role(PUBLICATION_ROLE, name="publication")
    if viewer is None or viewer.can_see_protected or not viewer.levels <= widest.levels:
        return widest
    return viewer


def load_subject(
    store: Store, *, event_ids: list[int] | tuple[int, ...] = (), case_id: int | None = None, viewer: Viewer
) -> Subject:
    """Return the events (by id, or the case's) and their sources as `viewer` may see them; refuse what they may not."""
    redactor = redaction_for(store, viewer)
    case = None
    if case_id is not None:
        case = store.cases.get_case(case_id, viewer=viewer)
        if case is None:
            raise KhronikaError(
                f"case {case_id} cannot go into a publication: it does not exist or is above the "
                f"{viewer.role} audience's levels; check the id on the /cases page"
            )
    events = [_event_for(store, event_id, viewer=viewer, redactor=redactor) for event_id in dict.fromkeys(event_ids)]
    if case is not None:
        # A case's own steps: one rejected or made confidential since the case was built is left out, not refused.
        wanted = [i for i in case.event_ids if i not in event_ids]
        with store.reader() as conn:
            steps = [e for e in queries.load_events_by_id(conn, wanted) if e.review != "rejected"]
        events += redact_events(steps, viewer=viewer, store=store, redactor=redactor)
    if not events:
        raise KhronikaError("a draft needs a subject: give one or more event ids (--event) or a case id (--case)")
    events.sort(key=lambda e: (e.date or "9999", e.id or 0))
    sources = _sources(store, events, viewer=viewer, redactor=redactor)
    return Subject(events=events, sources=sources, case=case, redactor=redactor)


def _event_for(store: Store, event_id: int, *, viewer: Viewer, redactor: TextRedactor) -> Event:
    found = store.get_event(event_id)
    shown = redact_events([found], viewer=viewer, store=store, redactor=redactor) if found is not None else []
    if not shown:
        raise KhronikaError(
            f"event {event_id} cannot go into a publication: it does not exist or is above the "
            f"{viewer.role} audience's levels ({', '.join(sorted(viewer.levels, key=LEVELS.index))})"
        )
    if shown[0].review == "rejected":
        raise KhronikaError(f"event {event_id} was rejected in review; a publication cannot cite it")
    return shown[0]


def _sources(store: Store, events: list[Event], *, viewer: Viewer, redactor: TextRedactor) -> list[Source]:
    with store.reader() as conn:
        links = queries.event_links(conn, [e.id for e in events if e.id is not None])
    doc_ids: list[int] = []
    for event in events:
        first = links.get(event.id or 0, {}).get("document_id")
        doc_ids += [i for i in (first, *(e.document_id for e in event.evidence)) if i is not None]
    sources = []
    for doc_id in dict.fromkeys(doc_ids):
        doc = store.get_document(doc_id)
        shown = redact_document(doc, viewer, people=redactor) if doc is not None else None
        if shown is not None:
            sources.append(Source(title=shown.title or shown.uri, uri=shown.uri, published=shown.published))
    return sources


def template_for(kind: str, language: str) -> tuple[Template, str]:
    """Return the template of this kind in `language`, or the English one, with the language it is in."""
    if language not in DRAFT_LANGUAGES:
        raise KhronikaError(f"language {language!r} is unknown; use one of {', '.join(DRAFT_LANGUAGES)}")
    for lang in dict.fromkeys((language, "en")):
        if (TEMPLATES_DIR / f"{kind}.{lang}.txt").exists():
            return _ENV.get_template(f"{kind}.{lang}.txt"), lang
    raise KhronikaError(f"no template {kind}.en.txt in {TEMPLATES_DIR}; the installation is incomplete")


def render_text(
    kind: str,
    language: str,
    context: dict[str, Any],
    *,
    subject: dict[str, Any],
    today: date | None = None,
    redactor: TextRedactor | None = None,
) -> DraftText:
    """Render a kind's template in `language` (or English, said in the first line) into a DraftText.

    With `redactor`, every hidden name left in the finished text (a case's free-text field, a
    charge quoting someone) is replaced too: the fields were redacted already, this is the net under them.
    """
    template, used = template_for(kind, language)
    rendered = template.render(**context, **common_context(used, today=today))
    if redactor is not None:
        rendered = redactor(rendered)
    # The first line is the title: templates may not hold a paragraph break inside it.
    title, _, body = rendered.strip().partition("\n")
    if used != language:
        note = (
            f"[Written in English: the {kind.replace('_', ' ')} template is not translated into "
            f"{LANGUAGE_NAMES[language]} yet. Translate before publishing.]"
        )
        body = f"{note}\n\n{body}"
    return DraftText(
        kind=kind,
        language=used,
        title=title.strip(),
        body=body.strip() + "\n",
        subject=subject,
        asked_language=language if used != language else None,
    )


def common_context(lang: str, *, today: date | None = None) -> dict[str, Any]:
    """Return what every template may use: today's date in `lang` and the date formatter."""
    return {"today": format_date((today or date.today()).isoformat(), lang), "fmt_date": lambda v: format_date(v, lang)}


def format_date(value: str | None, lang: str) -> str:
    """Format YYYY, YYYY-MM or YYYY-MM-DD for `lang` (4 March 2024, 4 марта 2024 г., 2024 ж. 4 наурыз)."""
    return i18n.format_event_date(value, lang)


def event_context(event: Event, lang: str) -> dict[str, Any]:
    """Return one event's fields as the templates use them, worded and formatted for `lang`."""
    people: dict[str, list[str]] = {key: [] for key in ROLE_KEYS.values()}
    for actor in event.actors:
        people[ROLE_KEYS[actor.role]].append(actor.name)
    place = event.place
    details = event.details
    return {
        "id": event.id,
        "type": event.type,
        "type_label": i18n.translate(lang, event.type),
        "date_text": format_date(event.date, lang) or None,
        "date_end_text": format_date(event.date_end, lang) or None,
        "place_text": place_label(place, lang),
        "region": place.admin1 if place is not None else None,
        "size_text": i18n.format_number(event.size, lang) if event.size else None,
        "held": CALL_GROUPS.get(event.type) == "custody",  # then the size counts the people held
        "charge": _text(details.get("charge")),
        "sentence": _text(details.get("sentence")),
        "detention_place": _text(details.get("detention_place")),
        **people,
    }


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def case_context(case: Case, lang: str) -> dict[str, Any]:
    """Return a case's fields as the templates use them: the people, status, charges, court, dates."""
    return {
        "id": case.id,
        "people": [a.name for a in case.people],
        "status": case.status,
        "charges": list(case.charges),
        "court": case.court,
        "next_hearing_text": format_date(case.next_hearing, lang) or None,
        "lawyer": case.lawyer,
        "detention_place": case.detention_place,
        "sentence": case.sentence,
        "opened_text": format_date(case.opened, lang) or None,
    }


def source_context(sources: list[Source], lang: str) -> list[dict[str, Any]]:
    """Return the sources as the templates list them, dates formatted for `lang`."""
    return [{"title": s.title, "uri": s.uri, "date_text": format_date(s.published, lang) or None} for s in sources]


def subject_key(event_ids: list[int] | tuple[int, ...], case_id: int | None) -> dict[str, Any]:
    """Return the `subject` a stored draft keeps: the event ids and the case id."""
    return {"events": list(dict.fromkeys(event_ids)), "case": case_id}


def draft_press_release(
    store: Store,
    *,
    event_ids: list[int] | tuple[int, ...] = (),
    case_id: int | None = None,
    language: str = "en",
    viewer: Viewer | None = None,
    today: date | None = None,
) -> DraftText:
    """Draft a press release from events or a case in `language`, as the `viewer` audience at most sees them."""
    audience = publication_viewer(viewer)
    subject = load_subject(store, event_ids=event_ids, case_id=case_id, viewer=audience)
    _, used = template_for("press_release", language)
    events = [event_context(e, used) for e in subject.events]
    calls = list(dict.fromkeys(CALL_GROUPS.get(e.type, "pressure") for e in subject.events))
    dates = [e.date for e in subject.events if e.date]
    context = {
        "events": events,
        "places": list(dict.fromkeys(e["place_text"] for e in events if e["place_text"])),
        "period": _period(dates, used),
        "calls": calls,
        "sources": source_context(subject.sources, used),
        "case": case_context(subject.case, used) if subject.case is not None else None,
    }
    ids = [e.id for e in subject.events if e.id is not None]
    key = subject_key(ids, case_id)
    return render_text("press_release", language, context, subject=key, today=today, redactor=subject.redactor)


def _period(dates: list[str], lang: str) -> str | None:
    if not dates:
        return None
    first, last = min(dates), max(dates)
    if first == last:
        return format_date(first, lang)
    return f"{format_date(first, lang)} – {format_date(last, lang)}"


def emit_draft(store: Store, text: DraftText, *, output: Path | None, save: bool, by: str) -> str:
    """Write the text to `output` (or stdout) and with `save` keep it as a draft; return a line saying what was done."""
    if output is None:
        sys.stdout.write(text.as_text())
    else:
        output.write_text(text.as_text(), encoding="utf-8")
    done = [f"{text.kind.replace('_', ' ')} in {LANGUAGE_NAMES[text.language]}"]
    if text.asked_language is not None:
        done.append(f"no {LANGUAGE_NAMES[text.asked_language]} template yet: written in English")
    if output is not None:
        done.append(f"written to {output}")
    if save:
        draft_id = store.drafts.create(**text.draft_fields(), subject=text.subject, by=by)
        done.append(f"saved as draft {draft_id}: edit and publish it at /drafts/{draft_id}")
    else:
        # Text drawn from the records left the store: the audit log says so, as for an export.
        detail: dict[str, object] = {"kind": text.kind, "language": text.language, "subject": text.subject}
        store.log_action("draft.write", actor=by, detail=detail)
    return "; ".join(done)
