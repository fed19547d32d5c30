"""Who takes part in an event: actor mentions found in text and the roles they play."""

from __future__ import annotations

import re
from dataclasses import dataclass

from khronika.records import Actor


@dataclass(frozen=True)
class ActorMention:
    """A person, organisation or group named in a text; offsets are into the whole document."""

    start: int
    end: int
    text: str
    name: str  # normalised: nominative case, titles and quotes stripped
    kind: str  # "person" | "organisation" | "group"


# --- English actors by rule -----------------------------------------------------------------

_ORG_WORDS = (
    r"(?:Union|Unions|Court|Party|Committee|Confederation|Company|Police|Office|Akimat|Ministry|Movement|"
    r"Agency|Service|Department|Federation|Association|Council|Foundation|Bureau|Prosecutor'?s? Office|"
    r"Front|Centre|Center|Group|Commission|Inc|LLP|JSC|Ltd)"
)
_CAP = r"[A-Z][\w'’-]+"
_ORG_RE = re.compile(
    rf"\b(?:(?:the\s+)?{_CAP}(?:\s+(?:of\s+the\s+|of\s+|for\s+|and\s+)?{_CAP}){{0,6}}\s+{_ORG_WORDS}\b"
    rf"(?:\s+of\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,2}})?)"
    r"|\b(?:KNB|NSC|GKNB|OSCE|UN|IndustriALL|Amnesty International|Human Rights Watch)\b"
    r"|[«\"“](?P<quoted>[A-ZА-ЯЁ][^»\"”]{1,60})[»\"”]"
    r"|\b[\w-]+\.(?:kz|kg|ru|com|org)\b"
)
_AUTHORITY_RE = re.compile(
    r"\b(?:(?:the\s+)?(?:[a-z]+\s+)?(?:city |district |regional |appeals? |supreme |specialised |military )?court"
    r"(?: of \w+| in (?:the town of |the city of )?[A-Z]\w+)?|police(?:men| officers)?|prosecutors?|"
    r"(?:the )?authorities|security (?:forces|officers|services)|law enforcement(?: officers)?|"
    r"prison (?:officials|guards|staff)|officials|akimat|riot police|border guards|investigators)\b",
    re.IGNORECASE,
)
_GROUP_RE = re.compile(
    r"\b(?:(?:oil|coal|striking|hunger-striking|sacked|dismissed)[- ])?(?:workers|miners|activists|protesters|"
    r"demonstrators|prisoners|inmates|residents|journalists|employees|strikers|supporters|students|teachers|"
    r"women|farmers|villagers|opposition activists|human rights defenders|trade unionists|mortgage debtors|"
    r"citizens|civil society activists|bloggers|lawyers|doctors|believers|relatives)\b",
    re.IGNORECASE,
)
_TITLE = (
    r"(?:journalist|reporter|editor|lawyer|activist|leader|chairman|chairwoman|head|defender|blogger|poet|"
    r"worker|unionist|politician|opposition figure|Mr|Ms|Mrs|Dr|deputy|director|member|columnist|founder)"
)
_PERSON_RE = re.compile(
    rf"\b(?P<name>{_CAP}(?:\s+{_CAP}){{1,2}})\b|\b{_TITLE}\s(?P<single>{_CAP}(?:\s+{_CAP}){{0,2}})\b"
)
_NOT_NAMES = frozenset(
    "The A An In On At For From By With After Before During This That These Those It He She They We Our His Her "
    "Then When While Since But And Or So Yet If As Both Some Many Most All Several Two Three Four Five Six "
    "Their January February March April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday Kazakhstan Kazakh Russia Russian Kyrgyzstan Almaty Astana Nur "
    "Western Eastern Northern Southern Central According However Also Meanwhile Later Earlier Police Court "
    "Article Section Code Criminal Administrative Human Rights Watch Amnesty International Ministry President "
    "Republic Union European Soviet Freedom Radio Free Europe Liberty Forbes Magazine Open Dialogue Foundation".split()
)
_PARTICIPATION = frozenset({"protest", "strike", "hunger_strike", "meeting"})
_DECIDED = frozenset({"sentence", "fine", "trial", "ban", "release", "charge"})


def find_actors_en(text: str, start: int, end: int) -> list[ActorMention]:
    """Return the people, organisations and groups named in the English sentence text[start:end]."""
    found: list[ActorMention] = []
    for m in _ORG_RE.finditer(text, start, end):
        span = m.span("quoted") if m.group("quoted") else m.span()
        found.append(_mention(text, span, kind="organisation"))
    for m in _AUTHORITY_RE.finditer(text, start, end):
        found.append(_mention(text, m.span(), kind="organisation"))
    for m in _GROUP_RE.finditer(text, start, end):
        found.append(_mention(text, m.span(), kind="group"))
    for m in _PERSON_RE.finditer(text, start, end):
        span = m.span("name") if m.group("name") else m.span("single")
        words = text[span[0] : span[1]].split()
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
            span = (text.index(words[0], span[0]) if words else span[1], span[1])
        if words and not any(w in _NOT_NAMES for w in words) and (len(words) >= 2 or m.group("single")):
            found.append(_mention(text, span, kind="person"))
    return _drop_nested(found)


def _mention(text: str, span: tuple[int, int], *, kind: str) -> ActorMention:
    raw = text[span[0] : span[1]]
    name = re.sub(r"^(?:the|The)\s+", "", raw).strip(' «»"“”')
    return ActorMention(span[0], span[1], raw, name, kind)


def _drop_nested(found: list[ActorMention]) -> list[ActorMention]:
    """Keep the longest mention where mentions overlap ("Aktau city court" over "court")."""
    kept: list[ActorMention] = []
    for m in sorted(found, key=lambda a: (-(a.end - a.start), a.start)):
        if not any(k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda a: a.start)


def assign_roles(mentions: list[ActorMention], *, event_type: str) -> list[Actor]:
    """Give each actor its role in an event of `event_type` (the arrested are targets, the court an authority)."""
    actors: list[Actor] = []
    seen: set[tuple[str, str]] = set()
    for m in mentions:
        official = m.kind == "organisation" and bool(_OFFICIAL_RE.search(m.name))
        if event_type in _PARTICIPATION:
            role = "perpetrator" if official else ("organiser" if m.kind == "organisation" else "participant")
        elif official:
            court = bool(re.search(r"court|суд|сот|akimat|акимат|әкімдік|ministry|министерств", m.name, re.I))
            role = "authority" if court and event_type in _DECIDED else "perpetrator"
        else:
            role = "target"
        key = (m.name.lower(), role)
        if key not in seen:
            seen.add(key)
            actors.append(Actor(name=m.name, kind=m.kind, role=role))
    return actors


_OFFICIAL_RE = re.compile(
    r"court|police|prosecut|authorit|security|law enforcement|officials|akimat|ministry|investigat|KNB|NSC|GKNB|"
    r"guards|government|суд|полиц|прокурат|прокурор|акимат|КНБ|ДВД|МВД|силовик|сот|полиция|әкімдік",
    re.IGNORECASE,
)
