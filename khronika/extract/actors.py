"""Who takes part in an event: actor mentions found in text and the roles they play."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
    r"|\b(?:newspaper|weekly|magazine|outlet|website|site|channel|company|firm|union|party|movement|group|"
    r"organi[sz]ation|foundation|association|initiative|LLP|JSC|TOO|campaign|offices? of)\s+(?:called\s+)?"
    r"[«\"“](?P<quoted>[A-ZА-ЯЁ][^»\"”]{1,60})[»\"”]"
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
_TITLE_WORD = re.compile(_TITLE, re.IGNORECASE)
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
    found += _people(text, start, end)
    known = _known_people(text)
    for m in _CAPITALISED.finditer(text, start, end):
        full = known.get(m.group(1))
        if full and not any(f.start <= m.start() < f.end for f in found):
            found.append(ActorMention(m.start(), m.start() + len(m.group(1)), m.group(1), full, "person"))
    return drop_nested(found)


_CAPITALISED = re.compile(r"\b([A-Z][\w-]+)(?:['’]s)?\b")


def _people(text: str, start: int, end: int) -> list[ActorMention]:
    """Names of two or three capitalised words, or one after a title ("journalist Lymar")."""
    found = []
    for m in _PERSON_RE.finditer(text, start, end):
        span = m.span("name") if m.group("name") else m.span("single")
        words = text[span[0] : span[1]].split()
        while words and (words[0] in _NOT_NAMES or _TITLE_WORD.fullmatch(words[0])):
            words.pop(0)
            span = (text.index(words[0], span[0]) if words else span[1], span[1])
        if words and not any(w in _NOT_NAMES for w in words) and (len(words) >= 2 or m.group("single")):
            found.append(_mention(text, span, kind="person"))
    return found


@lru_cache(maxsize=8)
def _known_people(text: str) -> dict[str, str]:
    """Surname -> full name for the people a document names in full, so "Sokolova" later is Natalya Sokolova."""
    known: dict[str, str] = {}
    for m in _people(text, 0, len(text)):
        words = m.name.split()
        if len(words) >= 2:
            known.setdefault(re.sub(r"['’]s$", "", words[-1]), m.name)
    return known


def _mention(text: str, span: tuple[int, int], *, kind: str) -> ActorMention:
    raw = text[span[0] : span[1]]
    name = re.sub(r"^(?:the|The)\s+", "", raw).strip(' «»"“”')
    return ActorMention(span[0], span[1], raw, name, kind)


def drop_nested(found: list[ActorMention]) -> list[ActorMention]:
    """Keep the longest mention where mentions overlap ("Aktau city court" over "court")."""
    kept: list[ActorMention] = []
    for m in sorted(found, key=lambda a: (-(a.end - a.start), a.start)):
        if not any(k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda a: a.start)


def assign_roles(mentions: list[ActorMention], *, event_type: str, text: str | None = None) -> list[Actor]:
    """Give each actor its role in an event of `event_type` (the arrested are targets, the court an authority).

    With the document `text`, people who only report ("writes Vlast citing X", "X said") are left out
    and people named with an official title ("head of department X") act for the state.
    """
    actors: list[Actor] = []
    seen: set[tuple[str, str]] = set()
    for m in mentions:
        titled = text is not None and m.kind == "person" and _is_titled(text, m)
        if text is not None and not titled and m.kind != "group" and _is_source(text, m):
            continue
        official = titled or (m.kind == "organisation" and bool(_OFFICIAL_RE.search(m.name)))
        if event_type in _PARTICIPATION:
            role = "perpetrator" if official else ("organiser" if m.kind == "organisation" else "participant")
        elif official:
            court = bool(_COURT_RE.search(m.name)) or (titled and text is not None and _is_judge(text, m))
            role = "authority" if court and event_type in _DECIDED else "perpetrator"
        else:
            role = "target"
        key = (m.name.lower(), role)
        if key not in seen:
            seen.add(key)
            actors.append(Actor(name=m.name, kind=m.kind, role=role))
    return actors


# Titles of people who act for the state: a named official is no victim of the act reported. Some
# titles are official by themselves ("judge"); others only with a state body ("head of the police
# department", not "head of the union").
_TITLE_BEFORE = re.compile(
    r"\b((?:(?:судь[яиейю]\w*|прокурор\w*|следовател\w+|аким\w*|министр\w*|полицейск\w+|judge|prosecutor|"
    r"investigator|minister|governor|akim|police officer|(?:police|court|prosecutor'?s?|ministry|akimat)\s+"
    r"(?:spokes\w+|representative|press secretary|head|chief))"
    r"|(?:руководител\w+|начальник\w*|глав[аеуы]|представител\w+|пресс-секретар\w+|спикер\w*|head|chief|"
    r"spokes(?:man|woman|person)|representative)\b[^.;]{0,40}?(?:отдел|департамент|управлени|полиц|МВД|ДП|КНБ|"
    r"прокуратур|акимат|министерств|police|department|ministry|akimat|prosecutor|security)\w*))\b[^.;]{0,45}$",
    re.IGNORECASE,
)
_SOURCE_BEFORE = re.compile(
    r"(?:пишет|сообщает|сообщил\w*|переда[её]т|со ссылкой на|по словам|по данным|according to|told|quoted|cited)"
    r"\s+(?:[^\s.]+\s+){0,3}$",
    re.IGNORECASE,
)
_SOURCE_AFTER = re.compile(
    r"[^\S\n]*,?[^\S\n]*(?:(?-i:[\[(a-zа-яёәғқңөұүһі])[^\s.,]*[^\S\n]+){0,2}?(?:said|says|told|reported|wrote|"
    r"declared|stated|noted|added|"
    r"commented|explained|заявил\w*|сообщил\w*|рассказал\w*|"
    r"отметил\w*|пишет|сообщает|написал\w*|деді|хабарлады)\b",
    re.IGNORECASE,
)
_COURT_RE = re.compile(r"court|суд|\bсот(?:ы|қа|та|тың|ының)?\b|akimat|акимат|әкімдік|ministry|министерств", re.I)


_VERB = re.compile(r"\b(?:said|told|\w+ed|\w+(?:ал|ил|ял|ел)[аио]?)\b", re.IGNORECASE)


def _is_titled(text: str, m: ActorMention) -> bool:
    """Named with an official title right before the name, no verb between ("police spokesman X", not "X said Y")."""
    title = _TITLE_BEFORE.search(text, max(0, m.start - 90), m.start)
    return title is not None and not _VERB.search(text, title.end(1), m.start)


def _is_source(text: str, m: ActorMention) -> bool:
    """A person or outlet named only as who tells the story: "writes Vlast citing Asem", "Ageleuov said"."""
    return bool(_SOURCE_BEFORE.search(text, max(0, m.start - 50), m.start) or _SOURCE_AFTER.match(text, m.end))


def _is_judge(text: str, m: ActorMention) -> bool:
    return bool(re.search(r"(?:судь|judge)\w*[^.;]{0,45}$", text[max(0, m.start - 60) : m.start], re.I))


_OFFICIAL_RE = re.compile(
    r"court|police|prosecut|authorit|security|law enforcement|officials|akimat|ministry|investigat|KNB|NSC|GKNB|"
    r"guards|government|суд|полиц|прокурат|прокурор|акимат|КНБ|ДВД|МВД|силовик|\bсот(?:ы|қа|та|тың|ының)?\b|"
    r"полиция|әкімдік",
    re.IGNORECASE,
)


# --- Kazakh actors by rule -------------------------------------------------------------------
# natasha's models are Russian: on Kazakh text they take "Кеше Жаңаөзенде" ("yesterday in
# Zhanaozen") for a person. Kazakh names are found by their surname endings instead, with the
# case ending taken off ("Қалиевті" -> "Қалиев").

_KK_CASE = (
    r"(?:тың|тің|дың|дің|ның|нің|ты|ті|ды|ді|ны|ні|ға|ге|қа|ке|на|не|да|де|та|те|дан|ден|тан|тен|нан|нен|"
    r"мен|бен|пен)?"
)
_KK_SURNAME = rf"[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+(?:ов|ев|ова|ева|ин|ина|ұлы|қызы|улы|кызы){_KK_CASE}"
_KK_PERSON_RE = re.compile(
    rf"\b(?:(?P<given>[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+)\s+(?P<sur>{_KK_SURNAME})|(?P<sur2>{_KK_SURNAME})\s+"
    rf"(?P<given2>[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+))\b"
)
# Kazakh counts take the singular ("200 мұнайшы", "бес белсендіні"), so the plural ending is optional;
# the group is named by its stem.
_KK_GROUP_RE = re.compile(
    r"\b(?P<stem>белсенді|жұмысшы|мұнайшы|кенші|тұрғын|журналист|наразылық білдіруші|ереуілші|сотталған|тұтқын|"
    r"азамат|жақтаушы|қатысушы)(?:лар|лер|дар|дер|тар|тер)?\w*",
    re.IGNORECASE,
)
_KK_ORG_RE = re.compile(
    r"\b(?:полиция|сот|әкімдік|әкімшілік|прокуратура|ҰҚК|ІІМ|ПД|кәсіподақ|ведомство)\w*",
    re.IGNORECASE,
)
_KK_NOT_GIVEN = frozenset("Кеше Бүгін Сот Полиция Белсенді Ал Бірақ Және Сондай-ақ".split())


def find_actors_kk(text: str, start: int, end: int) -> list[ActorMention]:
    """Return the people, official bodies and groups named in the Kazakh sentence text[start:end]."""
    found: list[ActorMention] = []
    for m in _KK_PERSON_RE.finditer(text, start, end):
        given, surname = (m.group("given"), m.group("sur")) if m.group("sur") else (m.group("given2"), m.group("sur2"))
        if given in _KK_NOT_GIVEN:
            continue
        base = re.sub(rf"(?<=ов|ев|ин|ва|на|лы|зы){_KK_CASE}$", "", surname)
        name = f"{given} {base}" if m.group("sur") else f"{base} {given}"
        found.append(ActorMention(m.start(), m.end(), m.group(), name, "person"))
    for m in _KK_ORG_RE.finditer(text, start, end):
        found.append(ActorMention(m.start(), m.end(), m.group(), m.group().lower(), "organisation"))
    for m in _KK_GROUP_RE.finditer(text, start, end):
        found.append(ActorMention(m.start(), m.end(), m.group(), m.group("stem").lower(), "group"))
    return drop_nested(found)
