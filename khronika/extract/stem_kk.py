"""A small Kazakh stemmer: strips case, possessive, plural, voice, tense and person suffixes.

Kazakh is agglutinative and has no ready analyser here, so we peel suffixes off the end of a word.
Suffixes are listed once in "folded" spelling (ә->а, қ->к, ұ/ү->у, і->и ...), which also makes the
stemmer work on text typed without Kazakh letters. Peeling off every suffix-shaped ending over-strips
("ереуіл" would lose "іл" as if it were a passive), so every way of peeling is tried and the longest
known root reached wins; an unknown word loses only its longer, unambiguous inflections.
"""

from __future__ import annotations

from functools import lru_cache

# Kazakh letters to their nearest Russian ones; also the Latin look-alikes people type for them
# ("i" for "і", "ə" for "ә", "c", "o", "y" ... inside Cyrillic words).
_FOLD = str.maketrans(
    "әғқңөұүһіёiəɵaeopcxyk",
    "агкноуухиеиаоаеорсхук",
)

_CASE = (
    "нын нин дын дин тын тин га ге ка ке на не а е ны ни ды ди ты ти н да де та те нда нде "
    "дан ден тан тен нан нен мен бен пен ымен имен дагы деги тагы теги ндагы ндеги гы ги ша ше"
)
_NUMBER_POSSESSIVE = "лар лер дар дер тар тер ым им м ын ин ы и сы си ымыз имиз мыз миз ыныз иниз ныз низ"
_VERB = (
    "ды ди ты ти дык дик тык тик дым дим тым тим дыныз диниз ган ген кан кен атын етин йтын йтин ар ер р "
    "мак мек бак бек пак пек макшы мекши гали гели кали кели ып ип п а е й у уы уи уга уге уда уде "
    "атыр етир йды йди ады еди са се сын син мын мин быз биз пыз пиз сыз сиз ма ме ба бе па пе"
)
_VOICE = "ыл ил л ын ин н ыс ис с дыр дир тыр тир гыз гиз кыз киз т ла ле да де та те лан лен дан ден тан тен лас лес"
_SUFFIXES = frozenset((_CASE + " " + _NUMBER_POSSESSIVE + " " + _VERB + " " + _VOICE).split())
# Endings safe to peel from a word we do not know: long and not part of common roots.
_SAFE = frozenset(s for s in _SUFFIXES if len(s) >= 3) | frozenset("ды ди ты ти га ге ка ке да де та те ны ни".split())
_VOWELS = frozenset("аеиоуыэюяё")
# Final consonants that voice before a vowel-initial suffix: "ереуілге" keeps к, "айыбы" <- "айып".
_UNVOICE = {"г": "к", "б": "п"}

# Roots of the words our rules look for, and roots that must not be mistaken for them
# ("ұстаз" teacher and "ұстан" adhere are not "ұста" detain; "ұран" slogan is not "ұр" beat).
_ROOTS_TEXT = """
издеу наразылык акция митинг пикет шеру алан демонстрация булик ереуил жумыс токтат токта аштык жария жиналыс
жиын баспасоз маслихат брифинг курылтай съезд конференция уста устан устаз камау кама туткын кылмыстык ис
козга айып так айыпта кудикти хаттама сот соттал отырыс баста процесс уким шыгар бас бостандык айыр шекте жаза
тагайында шартты колония айыппул сал толе босат актал актау ракымшылык кыскарт ур урла сок соккы жык шабуыл
азапта азап кина коркыт кысым кудала корсет ангиме шакыр олтир каза тап мерт опат кайтыс шык уй баспана буз
сур кошир тинт таркиле бугатта жап тыйым руксат бер келисим тирке тарат ку куыл от откиз ал шара цензура сайт
газет басылым журналист мумкин егер жоспар жоспарла ниет талап ет тиис керек жок емес полиция болим болимше
жеткиз акет акимдик прокуратура департамент министрлик укк акимшилик жумысшы белсенди тургын мунайшы кенши
азамат адам кызмет кызметкер жумыссыз уран тарт айыптал кудик ашыл кадагала бакыла тексер ызгар кок лок таяк
же тастал тоқтал кайтар тергеу ескерт сес кырсык айдау айда жер кала облыс аудан бугин кеше коше жол жинал
ереуилши тамак ас кара процес лауазым бол кал арна кинал кой куш жибер кауип кажет кауп демонстрант шеттет
профилактикалык котерил тус оли табыл отбасы автобус отыргыз апар теп бап кодекс зан машина колик ана келис
уйкамак камак кокан коз жум экстремистик террористик заныз тан баспанасыз ыктимал уадеде шеш кел изолятор жаса
толтыр абак жыл ай кун сагат мамыр маусым шилде тамыз кыркуйек казан караша желтоксан кантар акпан наурыз
сауир
""".replace("қ", "к")
ROOTS = frozenset(_ROOTS_TEXT.split())


def fold_kk(text: str) -> str:
    """Lower-case text with Kazakh-only letters folded to their nearest Russian ones (қ->к, ә->а, і->и ...)."""
    return text.lower().translate(_FOLD)


def _peel(folded: str) -> list[str]:
    """Every shorter form reachable by peeling suffixes, longest first."""
    seen = {folded}
    todo = [folded]
    while todo:
        word = todo.pop()
        for n in range(1, min(7, len(word) - 1)):
            if word[-n:] not in _SUFFIXES:
                continue
            rest = word[:-n]
            forms = [rest]
            if word[-n] in _VOWELS and rest[-1] in _UNVOICE:
                forms.append(rest[:-1] + _UNVOICE[rest[-1]])
            for form in forms:
                if form not in seen and any(c in _VOWELS for c in form):
                    seen.add(form)
                    todo.append(form)
    return sorted(seen, key=len, reverse=True)


def _peel_safe(folded: str) -> str:
    word = folded
    while True:
        for n in (6, 5, 4, 3, 2):
            if len(word) - n >= 3 and word[-n:] in _SAFE and any(c in _VOWELS for c in word[:-n]):
                word = word[:-n]
                break
        else:
            return word


@lru_cache(maxsize=100_000)
def stem_kk_folded(word: str) -> str:
    """The stem of a Kazakh word in folded spelling ("ұсталды" -> "уста"), the key the rules match on."""
    folded = fold_kk(word)
    for form in _peel(folded):
        # a root of two or three letters under a long tail is a chance match ("отбасыларға" is no "өт")
        if form in ROOTS and (len(form) > 3 or len(folded) - len(form) <= 6):
            return form
    return _peel_safe(folded)


def stem_kk(word: str) -> str:
    """The stem of a Kazakh word in its own letters: "ұсталды" -> "ұста", "ереуілге" -> "ереуіл"."""
    lower = word.lower()
    stem = stem_kk_folded(lower)
    head = lower[: len(stem)]
    if fold_kk(head) == stem:
        return head
    # the last letter was unvoiced ("айыбы" -> "айып"): keep the word's letters before it
    return head[:-1] + {"ғ": "қ", "г": "к", "б": "п"}.get(head[-1:], stem[-1:]) if head else stem
