"""Kazakh trigger lexicon: stem patterns per event type, and the cues of negation and hypotheticals.

Slots are stems in folded spelling (see khronika.extract.stem_kk: қ->к, ұ->у, і->и ...),
alternatives separated by "|"; "=form" is an exact folded word form, "^start" a folded word
beginning; "!stem" matches a negative verb of that stem and takes the negation into the
construction ("рұқсат бермеді" is a ban, "жұмысқа шықпады" a strike). Up to two other words
may stand between two slots. Type "-" is a blocker. Longer patterns win.
"""

from __future__ import annotations

_CROWD_ACC = "=жиналгандарды|=адамдарды|=белсендилерди|=тургындарды|=жумысшыларды|=кеншилерди|=наразыларды"

# (type, pattern, confidence)
PATTERNS: list[tuple[str, str, float]] = [
    # --- protest ---
    ("protest", "наразылык акция|шара|митинг|шеру|пикет", 0.85),
    ("protest", "митинг|пикет|шеру|демонстрация|демонстрант|булик", 0.8),
    ("protest", "наразылык|акция", 0.5),
    ("protest", "алан|коше шык", 0.75),
    ("protest", "жол =жауып|жап|бугатта", 0.7),
    ("protest", "=алдына|=алдында|=жанына|=жанында жинал", 0.6),
    ("protest", "адам|белсенди|тургын|жумысшы|кенши|мунайшы|ана жинал", 0.55),
    # --- strike ---
    ("strike", "ереуил|ереуилши", 0.85),
    ("strike", "жумыс токтат|токта", 0.75),
    ("strike", "жумыс !шык", 0.7),
    ("strike", "жумыс бас тарт", 0.7),
    ("strike", "котерил|тус бас тарт", 0.7),
    # --- hunger strike ---
    ("hunger_strike", "аштык жария|уста|акция", 0.9),
    ("hunger_strike", "аштык", 0.7),
    ("hunger_strike", "тамак|ас бас тарт", 0.75),
    # --- meeting ---
    ("meeting", "баспасоз маслихат|конференция", 0.85),
    ("meeting", "жиналыс|жиын|курылтай|съезд|конференция|брифинг", 0.7),
    # --- ban ---
    ("ban", "тыйым сал", 0.85),
    ("ban", "руксат|келисим !бер", 0.8),
    ("ban", "тирке бас тарт", 0.85),
    ("ban", "тыйым", 0.6),
    ("ban", "митинг|шеру|пикет|акция !келис", 0.75),
    ("ban", "экстремистик|террористик|заныз тан", 0.8),
    # --- dispersal ---
    ("dispersal", "куш|ку тарат", 0.8),
    ("dispersal", "тарат жибер", 0.8),
    ("dispersal", "=таратылды|=таратылган|=таратып", 0.65),
    # the crowd in the accusative: "белсендіге ... ақпарат таратты" spread news, no dispersal
    ("dispersal", _CROWD_ACC + " =таратты|=тараткан", 0.75),
    # --- detention ("қамаудан босатылды" is a release) ---
    ("release", "камау|туткын|колония|изолятор босат|шык", 0.85),
    ("detention", "камау ал", 0.9),
    ("detention", "уста|камау|кама|^туткындал|^туткындад|^туткындау", 0.8),
    ("detention", "болим|болимше|полиция жеткиз|акет|апар", 0.75),
    ("detention", "автобус|машина|колик отыргыз", 0.7),
    ("-", "уста изолятор", 0.0),
    ("detention", "урла", 0.6),
    ("detention", "уйкамак|камак", 0.8),
    # --- charge ---
    ("charge", "кылмыстык ис козга", 0.9),
    ("charge", "ис козга", 0.85),
    ("charge", "айып так", 0.9),
    ("charge", "айыпта|айыптал", 0.75),
    ("charge", "кудикти", 0.6),
    ("charge", "хаттама толтыр|жаса", 0.65),
    ("charge", "тергеу баста", 0.6),
    ("charge", "ис сот жибер", 0.7),
    ("charge", "издеу жария", 0.6),
    # --- release (before sentence: "ақтау үкімі") ---
    ("release", "актау уким", 0.9),
    ("release", "ис кыскарт|токтат", 0.8),
    ("release", "бостандык шык", 0.85),
    ("release", "айып ал тастал", 0.75),
    ("release", "босат|актал|ракымшылык", 0.8),
    # --- trial ---
    ("trial", "сот отырыс|процесс|процес", 0.85),
    ("trial", "сот баста", 0.8),
    ("trial", "сот кара", 0.75),
    # --- sentence ---
    ("sentence", "бас бостандык айыр|шекте", 0.9),
    ("sentence", "уким шыгар", 0.85),
    ("sentence", "жаза тагайында", 0.85),
    ("sentence", "соттал", 0.85),
    ("sentence", "жаза|шартты|уким", 0.55),
    # --- fine ---
    ("fine", "айыппул сал", 0.9),
    ("fine", "айыппул", 0.85),
    # --- assault ---
    ("assault", "ур сок", 0.85),
    ("assault", "соккы жык", 0.85),
    ("assault", "таяк же", 0.7),
    ("assault", "жер жык", 0.75),
    ("assault", "=тепти|=тепкен|=тепкилеп|=тепкиледи|=тепкилеген|=тебип", 0.65),
    ("assault", "шабуыл", 0.75),
    ("assault", "=урды|=урган|=урып|=урылды|=урыпты", 0.6),
    # --- torture ---
    ("torture", "азапта|азап|кина", 0.85),
    # --- threat ---
    ("threat", "кысым корсет", 0.85),
    ("threat", "ангиме шакыр", 0.8),
    ("threat", "коркыт|кудала", 0.8),
    ("threat", "кысым", 0.7),
    ("threat", "кокан лок", 0.85),
    ("threat", "профилактикалык ангиме", 0.8),
    # --- killing ---
    ("killing", "каза тап", 0.85),
    ("killing", "мерт|опат бол", 0.85),
    ("killing", "кайтыс бол", 0.6),
    ("killing", "олтир", 0.85),
    ("killing", "коз жум", 0.7),
    ("killing", "оли табыл", 0.6),
    # --- dismissal (before release: "жұмыстан босатылды") ---
    ("dismissal", "жумыс|кызмет|лауазым шыгар|босат|ку|куыл", 0.85),
    ("dismissal", "жумыссыз кал", 0.7),
    ("dismissal", "жумыс|кызмет|лауазым шеттет", 0.8),
    ("dismissal", "кыскарт", 0.55),
    # --- eviction ---
    ("eviction", "уй|баспана шыгар|кошир|айыр|буз|сур", 0.85),
    ("eviction", "баспанасыз кал", 0.8),
    ("eviction", "куш кошир", 0.75),
    # --- raid ---
    ("raid", "тинт|таркиле", 0.85),
    # --- censorship (before protest: "сайтты бұғаттады") ---
    ("censorship", "сайт|газет|басылым|арна жап|бугатта", 0.85),
    ("censorship", "бугатта|цензура", 0.7),
]

# Stems of words that make a nearby trigger hypothetical: "ұсталуы мүмкін", "егер", "жоспарлап отыр".
HYPOTHETICAL_STEMS = frozenset("мумкин егер талап тиис керек кажет кауип кауп ыктимал уадеде".split())
PLAN_STEMS = frozenset("жоспар жоспарла ниет шеш".split())
NEGATION_FORMS = frozenset({"жок", "емес"})
# Verbs whose negative after an event noun says the event did not happen: "митинг өтпеді".
HAPPEN_STEMS = frozenset("от бол баста откиз шык".split())
# A trigger right after these is a statement of law ("Қылмыстық кодекстің 146-бабы (азаптау)").
LEGAL_STEMS = frozenset("бап кодекс зан".split())
DATED_TYPES = frozenset({"protest", "strike", "hunger_strike"})
