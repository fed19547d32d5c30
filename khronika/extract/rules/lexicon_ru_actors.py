"""Word lists for Russian (and Kazakh) actors: group nouns, official bodies, surname declension."""

from __future__ import annotations

import re

# Plural nouns that name a group of people taking part in or suffering an event.
GROUP_LEMMAS = frozenset(
    "рабочий работник нефтяник шахтёр шахтер горняк металлург активист заключённый заключенный осуждённый "
    "осужденный участник житель демонстрант протестующий пикетчик журналист правозащитник сотрудник студент "
    "учитель врач медик водитель фермер пенсионер мать женщина гражданин сторонник забастовщик голодающий "
    "верующий родственник адвокат блогер оппозиционер строитель энергетик железнодорожник курьер таксист "
    "полицейский силовик омоновец следователь".replace("ё", "е").split()
)
# Participles used as nouns for such groups: "заключённые", "бастующие", "задержанные".
GROUP_PARTICIPLES = frozenset(
    "заключить протестовать голодать бастовать задержать осудить уволить пострадать погибнуть собраться "
    "митинговать арестовать".split()
)
# Kazakh group nouns by folded stem; the pipeline sends Kazakh documents here too.
KK_GROUP_STEMS = frozenset(
    "белсенди жумысшы мунайшы кенши тургын туткын кызметкер ереуилши журналист азамат ана адам".split()
)
KK_NOT_NAMES = KK_GROUP_STEMS - {"азамат"}  # Азамат is also a first name
KK_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
# Kazakh counts a noun in the singular: "бес белсенді" are five activists.
KK_COUNTS = frozenset(
    "бир еки уш торт бес алты жети сегиз тогыз он жиырма отыз кырык елу алпыс жетпис сексен токсан жуз мын "
    "бирнеше ондаган жуздеген мындаган коптеген".split()
)
# Groups of officials: they act for a body, so they are organisations for roles ("полицейские задержали").
OFFICIAL_GROUPS = {
    "полицейский": "полицейские",
    "силовик": "силовики",
    "омоновец": "ОМОН",
    "следователь": "следователи",
}
# "сотрудники полиции", "работники колонии": staff named by their body, which the body's mention covers.
STAFF_LEMMAS = frozenset({"сотрудник", "работник"})
STAFF_PLACES = frozenset("колония изолятор сизо служба управление комитет отдел отделение овд".split())
KK_STAFF = re.compile(r"^қызметкер|^кызметкер")
# Official bodies named by a common noun ("суд", "полиция"), with the adjectives before them.
BODY_LEMMAS = frozenset("суд полиция акимат прокуратура омон кнб двд мвд умвд департамент министерство".split())
# Kazakh official bodies by folded stem, and the adjective that may lead them ("аудандық сот").
KK_BODY_STEMS = frozenset("сот полиция акимдик прокуратура укк департамент министрлик".split())
KK_ADJECTIVE = re.compile(r"(?:дык|тык|лык|дик|тик|лик)$")

# Surname endings: (ending, [(gender, case, nominative ending)]); the first name decides between readings.
SURNAME_ENDINGS: list[tuple[str, list[tuple[str, str, str]]]] = []
for nom_ in ("ов", "ев", "ёв", "ин", "ын"):
    SURNAME_ENDINGS += [
        (nom_ + "ым", [("masc", "ablt", nom_)]),
        (nom_ + "ой", [("femn", "gent", nom_ + "а"), ("femn", "datv", nom_ + "а"), ("femn", "ablt", nom_ + "а")]),
        (nom_ + "ою", [("femn", "ablt", nom_ + "а")]),
        (nom_ + "а", [("masc", "gent", nom_), ("masc", "accs", nom_), ("femn", "nomn", nom_ + "а")]),
        (nom_ + "у", [("masc", "datv", nom_), ("femn", "accs", nom_ + "а")]),
        (nom_ + "е", [("masc", "loct", nom_)]),
        (nom_, [("masc", "nomn", nom_)]),
    ]
for stem_ in ("ск", "цк"):
    SURNAME_ENDINGS += [
        (stem_ + "ого", [("masc", "gent", stem_ + "ий"), ("masc", "accs", stem_ + "ий")]),
        (stem_ + "ому", [("masc", "datv", stem_ + "ий")]),
        (stem_ + "им", [("masc", "ablt", stem_ + "ий")]),
        (stem_ + "ом", [("masc", "loct", stem_ + "ий")]),
        (stem_ + "ой", [("femn", "gent", stem_ + "ая"), ("femn", "datv", stem_ + "ая")]),
        (stem_ + "ую", [("femn", "accs", stem_ + "ая")]),
    ]
SURNAME_ENDINGS.sort(key=lambda e: -len(e[0]))
# Masculine Kazakh names in -а are nearly always an oblique case: "Ерлана" is "Ерлан" in the genitive.
KAZAKH_MALE_END = re.compile(r"(?:ат|ан|ек|бек|бай|жан|хан|ыр|ар|ол|ым|ил|ыл|ет|ас|ен|болат|тай|али)[ая]$")
NOUN_CASE_ENDINGS = {
    "gent": ("а", "я"),
    "accs": ("а", "я"),
    "datv": ("у", "ю"),
    "ablt": ("ом", "ем", "ём"),
    "loct": ("е",),
}

# Kazakh case suffixes after a surname: "Сәрсенбаевты", "Баймағамбетовтың", "Жақсылықоваға".
KK_NAME_CASE = re.compile(
    r"^(?P<stem>.{2,}?(?:ов|ев|ёв|ин|ова|ева|ина|ұлы|улы|қызы|кызы))"
    r"(?:тың|тің|дың|дің|ның|нің|қа|ке|ға|ге|на|не|ты|ті|ды|ді|ны|ні|тан|тен|дан|ден|нан|нен|та|те|да|де|пен|бен|мен)$",
    re.IGNORECASE,
)
KK_FIRST_CASE = re.compile(
    r"^(?P<stem>.{3,}?)(?:тың|тің|дың|дің|ның|нің|қа|ке|ға|ге|ты|ті|ды|ді|ны|ні|тан|тен|дан|ден|нан|нен|пен|бен|мен)$",
    re.IGNORECASE,
)
