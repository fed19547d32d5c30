"""English event triggers: the verbs, nouns and constructions that state each event type."""

from __future__ import annotations

import re

from khronika.extract.triggers import Trigger

# Each rule: (event type, pattern, confidence). Patterns are matched case-insensitively on the
# sentence; they name word forms directly rather than lemmas, which keeps matching to one pass of
# compiled regular expressions (fast) and makes every accepted form visible in review.
_MEDIA = (
    r"(?:website|web site|site|outlet|newspaper|weekly|magazine|journal|channel|broadcast|tv|radio|media|"
    r"telegram|youtube|facebook|instagram|internet|publication|edition|portal|\.kg|\.kz|\.ru|journalists?|"
    r"reporters?|press|recording|video|audio|accreditation)"
)
# Bans are of gatherings and organisations; "banned from leaving the city" is part of a sentence.
_GATHERING = (
    r"(?:rall(?:y|ies)|demonstrations?|march(?:es)?|protests?|pickets?|meetings?|gatherings?|assembl(?:y|ies)|"
    r"strikes?|hunger strikes?|events?|unions?|party|parties|organi[sz]ations?|movements?|associations?|"
    r"confederation|group)"
)
_RULES: list[tuple[str, str, float]] = [
    ("hunger_strike", r"hunger[- ]strik\w*|refus\w+ (?:to take |to eat )?food", 0.85),
    (
        "strike",
        r"walk(?:ed|ing)? off the job|"
        r"(?<!hunger )(?<!hunger-)(?<!air )(?<!drone )(?<!missile )(?<!military )(?<!russian )"
        r"\bstrik(?:e|es|ing|ers?)\b(?! down| targeting| on (?:towns|cities|villages)| (?:a|an|the|him|her|them|his|"
        r"one)\b)|went on strike|"
        r"walk(?:ed)? ?outs?\b(?! of)|"
        r"stopped work|work stoppage|downed tools|refused to (?:go to|start) work|stayed underground",
        0.75,
    ),
    (
        "protest",
        r"came out (?:to|into|onto) the (?:square|streets?)|took to the square|"
        r"\brall(?:y|ies|ied)\b|\bpicket\w*|demonstration|\bdemos?\b|"
        r"\bmarch(?:ed|es)?\b(?= (?:to|through|in|on|from|against))|\b(?:the|a|their|peaceful) march(?:es)?\b|"
        r"(?<!message of )(?<!letter of )(?<!note of )(?<!wave of )\bprotest(?:s|ed|ing)?\b(?<!^protest)|"
        r"(?:group|crowd|hundreds|thousands|dozens) of (?:\w+ )?(?:demonstrators|protesters)|"
        r"\bclash(?:ed|es)? (?:between|with) (?:the )?(?:police|security)|sit-ins?\b|\bstormed\b|\boccup(?:ied|"
        r"ation of)\b|took to the streets|"
        r"hit the streets|blocked (?:the |a )?(?:road|street|highway|railway|traffic)|\briots?\b|"
        r"self-harm|cut (?:their|his|her) (?:wrists|veins)|mass cuttings|\bgathered\b (?=(?:in|at|outside|near) )",
        0.65,
    ),
    (
        "meeting",
        r"press[- ]conference|press briefing|\bcongress\b|round[- ]table|"
        r"\b(?:held|hold|holding) (?:a |an |their )?(?:\w+ )?meeting|meeting (?:was|were) held|"
        r"\bmeeting (?:with|of)\b|\bmet (?:with )?(?:\w+ ){0,3}(?:activists|workers|defenders|members|journalists|"
        r"union|the movement|men and women)\b|visited \w+ to meet",
        0.6,
    ),
    (
        "ban",
        rf"(?P<b>\bbann(?:ed|ing)\b|\bprohibited\b|"
        rf"\bban on\b)(?!\s+(?:[\w.]+\s+){{0,3}}from\b)(?=.{{0,60}}{_GATHERING})|"
        rf"{_GATHERING}.{{0,60}}?(?P<c>\bbann(?:ed|ing)\b|\bprohibited\b)|refus\w+ (?:to )?(?:permission|"
        rf"authori[sz]\w+|to register|registration)|"
        rf"(?:did not|didn't|refused to|would not) (?:allow|permit|authori[sz]e|sanction|approve)"
        rf"(?= (?:the |a |an |their |any )?(?:\w+ )?{_GATHERING})|"
        r"denied (?:permission|registration|authori[sz]ation)|declared (?:it )?illegal|ruled (?:that )?(?:the |it )?"
        r"(?:\w+ ){0,2}(?:was )?illegal|\bdissol(?:ved|ution)\b|\bliquidat\w+|\boutlawed\b|"
        r"\bclosure of\b|not (?:been )?(?:sanctioned|authori[sz]ed)",
        0.65,
    ),
    (
        "dispersal",
        r"\bdispers\w+|broke up|broken up|break(?:ing)? up|tear gas|water cannon|stun grenades|"
        r"cleared (?:the |a )?(?:square|street|protesters|crowd)",
        0.75,
    ),
    (
        "detention",
        r"taken (?:away )?to (?:a |the )?police (?:station|department)|took (?:him|her|them) away|taken away by|"
        r"(?:bundled|forced|pushed) into a (?:police )?(?:car|van|bus)|"
        r"\barrest(?:ed|s|ing)?\b|\bdetain(?:ed|ing|s)?\b|\bdetention\b(?! (?:cent(?:er|re)|facility|facilities))|"
        r"taken into custody|\bapprehended\b|\babduct(?:ed|ion)\b|remanded|held in custody|\bjailed for \d+ days|"
        r"forcibly removed|took them for interrogation|\brounded up\b",
        0.8,
    ),
    (
        "charge",
        r"(?:opened|launched|started|initiated) (?:an? )?(?:criminal )?(?:investigation|case|probe|"
        r"proceedings) against|"
        r"\bcharg(?:ed|es)\b(?! (?:of|for) (?:the )?(?:union|organisation|association))|criminal (?:case|proceedings|"
        r"investigation|charges)|\bindict(?:ed|ment)\b|\baccus(?:ed|ing|ation)\b|under investigation|\bprobe\b|"
        r"\bprosecut(?:ed|ion|ing)\b(?! witness| lawyer| side| request| demanded| asked| sought)|case against|"
        r"\bsuspected of\b|"
        r"investigation (?:was |has been )?(?:opened|launched)",
        0.7,
    ),
    (
        "trial",
        r"(?<!for )(?<!to stand )\btrial\b|court hearing|\bhearings?\b|\bin court\b|courtroom|court session|"
        r"\bstood trial|"
        r"\bappeal (?:hearing|was heard)|\bwere in court|brought up in court|proceedings began",
        0.65,
    ),
    (
        "sentence",
        r"\b(?:suspended|custodial|[\w]+-year) (?:prison |jail )?(?:sentence|term)|"
        r"\bsentenc(?:ed|ing)\b|\bprison (?:sentence|term)s?\b|\bsentences? of\b|\bjailed\b(?! for \d+ days)|"
        r"\bconvict(?:ed|ion)\b|found guilty|guilty verdict|condemnatory judg(?:e)?ment|\bimprisoned\b|"
        r"upheld (?:the |her |his |their )?(?:sentence|verdict|conviction)|verdict (?:was |has been )?upheld|"
        r"left (?:the )?(?:earlier )?(?:court )?verdict in force|restrict\w+ (?:of )?(?:her |his )?freedom|"
        r"meted out|refused to satisfy the appeal|rejected (?:the |her |his |their )?appeal|dismissed (?:the |her |his "
        r"|their )?appeal",
        0.8,
    ),
    ("fine", r"\bfined\b|\bfines?\b(?! of (?:the|a) )|ordered to pay|administrative penalt\w+", 0.8),
    (
        "release",
        r"\breleas(?:ed|e of)\b(?! (?:a|an|the|its|their|his|her) (?:\w+ )?(?:statement|report|video|footage|"
        r"information|data|list|book|film|letter|appeal|figures))|\bfreed\b|\bacquit\w*|\bamnest\w+|"
        r"charges (?:were |have been |had been )?dropped|dropped (?:the |all )?charges|set free|walked free|"
        r"released on bail|\bparoled?\b",
        0.75,
    ),
    (
        "assault",
        r"\b(?:struck|striking|hit|hitting) (?:a|an|the|him|her|them|his|one) (?:\w+ )?(?:man|woman|protester|"
        r"activist|journalist|"
        r"reporter|worker|him|her|them|head|face)|"
        r"\bbeat(?:en|ing|ings)?\b|beat (?:him|her|them) up|\bbeat up\b|\bassault(?:ed)?\b|"
        r"\battack(?:ed)?\b(?! on (?:the )?(?:rights|freedom))|\bpunched\b|\bkicked\b|"
        r"physical(?:ly)? (?:attack|assault)",
        0.7,
    ),
    (
        "killing",
        r"found dead|\bbodies of\b|"
        r"\bkill(?:ed|ing|ings)\b|shot dead|\bmurder(?:ed)?\b|"
        r"died (?:of|from) (?:his |her |their )?(?:injuries|wounds)|"
        r"died in (?:custody|detention|prison|police)|deaths? of \w+|lethal force|\bfatal\w*|lost their lives",
        0.75,
    ),
    (
        "torture",
        r"\btortur\w+|ill[- ]treat\w*|cruel (?:and|or) (?:inhuman|degrading)|degrading treatment|electric shocks?|"
        r"\bhumiliat\w+|\brape\b|subsequently beat them|beaten in custody|beat them",
        0.75,
    ),
    (
        "threat",
        r"\bthreats\b|\bthreat(?:ened|ening)\b(?! to\b)|\bintimidat\w+|\bharass\w+|surveillance|\bsummon(?:ed|s)\b|"
        r"warned (?:them|him|her)|set fire to|\bpressure on\b|followed by (?:unknown|unidentified)|"
        r"tried to block the door",
        0.6,
    ),
    (
        "dismissal",
        r"\bfired\b(?! (?:at|on|shots|rubber|into|tear))|\bdismiss(?:ed|al)\b(?! (?:the |her |his |their )?"
        r"(?:appeal|case|complaint|claim|lawsuit|charges))|\bsacked\b|laid off|lost (?:their|his|her) jobs?|"
        r"forced to resign|\blay-?offs?\b",
        0.75,
    ),
    (
        "eviction",
        r"\bevict(?:ed|ion|ions)\b|\bdemoli(?:shed|tion)\b|bulldozed|\brazed\b|\bforeclos\w+",
        0.8,
    ),
    (
        "raid",
        r"\braid(?:ed|s)?\b|\bsearch(?:ed|es)?\b(?! for)|\bseiz(?:ed|ure)\b|\bconfiscat\w+",
        0.75,
    ),
    (
        "censorship",
        rf"(?P<v>\bblock(?:ed|ing)\b)(?=.{{0,60}}{_MEDIA})|{_MEDIA}\b.{{0,40}}?(?P<w>\bblock(?:ed|ing)\b)|"
        rf"(?P<x>\b(?:closed|shut down|suspended)\b)(?=.{{0,40}}{_MEDIA})|"
        rf"{_MEDIA}\b.{{0,40}}?(?P<y>\b(?:closed|shut down|suspended)\b)|"
        r"(?:journalists?|reporters?|press) (?:were |was )?(?:banned|barred|forbidden|not allowed|prevented)|"
        r"forbidden to (?:use|record|film)|denied accreditation|taken off (?:the )?air",
        0.7,
    ),
]
# Cheap substring tests that every match of a type's pattern must contain: a sentence runs only
# the patterns whose cues it has, which keeps the rules at a few microseconds a sentence.
_CUES: dict[str, tuple[str, ...]] = {
    "hunger_strike": ("hunger", "food"),
    "strike": ("strik", "walk", "stopped work", "stoppage", "downed", "refused to", "underground"),
    "protest": (
        "rall", "picket", "demonstr", "demo", "march", "protest", "sit-in", "storm", "occup", "streets", "blocked",
        "riot", "self-harm", "cut ", "cuttings", "gathered", "clash", "came out", "took to",
    ),
    "meeting": ("conference", "briefing", "congress", "round", "meeting", "met ", "visited"),
    "ban": ("bann", "prohibit", "ban on", "refus", "denied", "illegal", "dissol", "liquidat", "outlaw", "closure",
            "sanctioned", "authori", "allow", "permit", "sanction", "approve"),
    "dispersal": ("dispers", "broke", "break", "tear gas", "water cannon", "stun", "cleared"),
    "detention": ("arrest", "detain", "detention", "custody", "apprehend", "abduct", "remand", "jailed", "forcibly",
                  "interrogation", "rounded", "taken", "took", "bundled", "forced", "pushed"),
    "charge": ("charg", "criminal", "indict", "accus", "investigat", "probe", "prosecut", "case", "suspected",
               "proceedings"),
    "trial": ("trial", "hearing", "court", "proceedings"),
    "sentence": ("sentenc", "prison", "jailed", "convict", "guilty", "condemnatory", "imprison", "upheld", "verdict",
                 "freedom", "meted", "appeal"),
    "fine": ("fine", "pay", "penalt"),
    "release": ("releas", "freed", "acquit", "amnest", "dropped", "free", "parole"),
    "assault": ("beat", "assault", "attack", "punch", "kick", "physical", "struck", "striking", "hit"),
    "killing": ("kill", "dead", "murder", "died", "death", "lethal", "fatal", "lives", "bodies"),
    "torture": ("tortur", "treat", "cruel", "degrading", "shock", "humiliat", "rape", "beat"),
    "threat": ("threat", "intimidat", "harass", "surveil", "summon", "warned", "fire", "pressure", "followed",
               "block the door"),
    "dismissal": ("fired", "dismiss", "sacked", "laid off", "lost", "resign", "lay"),
    "eviction": ("evict", "demoli", "bulldoz", "razed", "foreclos"),
    "raid": ("raid", "search", "seiz", "confiscat"),
    "censorship": ("block", "closed", "shut down", "suspended", "bann", "barred", "forbidden", "not allowed",
                   "prevented", "accreditation", "off the air", "off air"),
}  # fmt: skip
_COMPILED = [(t, re.compile(p, re.IGNORECASE), c, _CUES[t]) for t, p, c in _RULES]

# Words in the few tokens before a trigger that make it unreal: negation, modality, plans, demands.
# "called off their protests", "the rally was cancelled": it did not take place, or no longer does.
_NEGATION = re.compile(
    r"\b(?:not|n't|never|no|nobody|neither|nor|without|called off|cancel+ed|postponed)\b(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:threatened with|(?-i:may)|might|could|would|can|cannot|should|must|will|shall|if|unless|risk(?:s|ing)?|"
    r"face up to|"
    r"faces? up to|"
    r"threaten(?:s|ed|ing)? to|plan(?:s|ned|ning)? to|intend(?:s|ed)? to|going to|call(?:s|ed|ing)? for|"
    r"demand(?:s|ed|ing)?|urg(?:e|es|ed|ing)|want(?:s|ed)? to|to be|fear(?:s|ed)? of|possible|possibility of|"
    r"right to|freedom of|ready to|prepar\w+ to|decided to|ask(?:s|ed|ing)? (?:\w+ ){0,2}to|invit\w+ (?:\w+ ){0,2}to|"
    r"join (?:us|them|the)|please)\b(?:\s+[\w'-]+){0,4}\s*$",
    re.IGNORECASE,
)
# Media words turn a ban into censorship; keep the two apart so one phrase is not both.
_MEDIA_RE = re.compile(_MEDIA, re.IGNORECASE)


# Words just before a trigger that give it another sense: "a statement released", "the statement of protest".
_VETO = {
    # "serving a seven-year sentence", "two years of his sentence": a term already running, no new verdict
    "sentence": re.compile(r"(?:serv\w+|of|under)\s+(?:a|his|her|their|the)\s+(?:[\w-]+\s+)?$", re.IGNORECASE),
    "charge": re.compile(r"by the\s+$", re.IGNORECASE),
    # "accused of organising protests": the protest is the charge's subject, reported as a charge
    "protest": re.compile(
        r"(?:accus\w+|charg\w+|convict\w+|guilty|crime\W*|sentenced \w+|for)\s+(?:of\s+)?"
        r"(?:organi[sz]ing|leading|inciting|calling for|participating in|taking part in)\s+(?:[\w-]+\s+){0,3}$",
        re.IGNORECASE,
    ),
    "release": re.compile(
        r"(?:statement|report|video|footage|data|figures|information|book|film|album|song|list)s?\s+"
        r"(?:was\s+|were\s+|it\s+|they\s+)?$",
        re.IGNORECASE,
    ),
}


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """Return the event triggers in the sentence text[start:end]; offsets are into the whole text."""
    sentence = text[start:end]
    found: list[Trigger] = []
    lowered = sentence.lower()
    for event_type, pattern, confidence, cues in _COMPILED:
        if not any(cue in lowered for cue in cues):
            continue
        veto = _VETO.get(event_type)
        for m in pattern.finditer(sentence):
            if veto and veto.search(sentence, 0, m.start()):
                continue
            found.append(_trigger(sentence, event_type, m, start=start, confidence=confidence))
    return _resolve_overlaps(found)


def _trigger(sentence: str, event_type: str, m: re.Match[str], *, start: int, confidence: float) -> Trigger:
    # A rule may name the trigger word inside a wider context match with a group of its own.
    span = next((m.span(g) for g, v in m.groupdict().items() if v is not None), m.span())
    before = sentence[max(0, span[0] - 60) : span[0]]
    clauses = re.split(r"[,;:()]| and | or | but | which | who ", before)
    clause = clauses[-1]
    if (
        len(clause.split()) < 2
        and len(clauses) > 1
        and re.search(r" (?:and|or) $", before[: len(before) - len(clause)])
    ):
        # "will be followed and threatened": the verbs share one auxiliary, and so one modality.
        clause = clauses[-2] + " and " + clause
    negated = bool(_NEGATION.search(clause))
    hypothetical = bool(_HYPOTHETICAL.search(clause))
    if event_type in _ANNOUNCEABLE and re.search(r"\bannounc\w+|\bdeclared?\b", clause, re.IGNORECASE):
        hypothetical = False  # a strike or protest announced is an event (spec: "a strike announced to begin")
    elif event_type in _ANNOUNCEABLE and hypothetical and _is_dated_plan(clause, sentence):
        hypothetical = False  # "workers will strike from 1 May": planned with a date, so recorded
    return Trigger(
        type=event_type,
        start=start + span[0],
        end=start + span[1],
        text=sentence[span[0] : span[1]],
        negated=negated,
        hypothetical=hypothetical,
        confidence=confidence,
    )


_ANNOUNCEABLE = frozenset({"strike", "protest", "hunger_strike"})
_PLAN = re.compile(r"\b(?:will|shall|plan\w* to|intend\w* to|going to|decided to|vow\w* to)\b", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:if|unless|could|(?-i:may)|might|would|threaten\w*|demand\w*|call\w* for)\b", re.I)
_DATED = re.compile(
    r"\b(?:from|on|starting|since)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"\d{1,2}(?:st|nd|rd|th)?\b)"
)


def _is_dated_plan(clause: str, sentence: str) -> bool:
    """A plan, not a condition or a threat, with the day it starts: "the union will strike from 1 May"."""
    return bool(_PLAN.search(clause)) and not _CONDITION.search(clause) and bool(_DATED.search(sentence))


def _resolve_overlaps(found: list[Trigger]) -> list[Trigger]:
    """Where two rules claim the same words, keep the more specific type (censorship over ban)."""
    by_priority = {"hunger_strike": 0, "censorship": 1, "torture": 2, "dispersal": 3, "sentence": 4}
    ordered = sorted(found, key=lambda t: (by_priority.get(t.type, 9), t.start))
    kept: list[Trigger] = []
    for trig in ordered:
        if trig.type == "ban" and _MEDIA_RE.search(trig.text):
            continue
        if any(k.start < trig.end and trig.start < k.end for k in kept):
            continue
        kept.append(trig)
    return sorted(kept, key=lambda t: t.start)
