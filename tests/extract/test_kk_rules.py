"""Kazakh trigger rules: event types per sentence, negations, hypotheticals, text typed without Kazakh letters.

The sentences are written for these tests.
"""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khronika.extract.rules.kk import find_triggers


def _found(sentence: str) -> list[str]:
    """Types found in order, marked ':neg' or ':hyp' when the trigger states no occurrence."""
    out = []
    for t in find_triggers(sentence, 0, len(sentence)):
        out.append(t.type + (":neg" if t.negated else "") + (":hyp" if t.hypothetical else ""))
    return out


EVENTS = [
    # protest
    ("Жүзге жуық адам әкімдік алдында наразылық акциясын өткізді.", ["protest"]),
    ("Тұрғындар алаңға шығып, газ бағасын төмендетуді талап етті.", ["protest"]),
    ("Белсенділер сот ғимаратының жанында пикет ұйымдастырды.", ["protest"]),
    ("Орталық көшеде бейбіт шеру өтті.", ["protest"]),
    ("Жаңаөзенде рұқсат етілмеген митинг болды.", ["protest"]),
    ("Ауыл тұрғындары тас жолды жауып тастады.", ["protest"]),
    # strike
    ("Мұнайшылар жалақыны көтеруді талап етіп, ереуілге шықты.", ["strike"]),
    ("Кеншілер жұмысты тоқтатты.", ["strike"]),
    ("Үш жүз жұмысшы жұмысқа шықпады.", ["strike"]),
    ("Ереуіл он тоғыз күнге созылды.", ["strike"]),
    ("Ереуілшілер кәсіпорын әкімшілігімен кездесті.", ["strike"]),
    # hunger strike
    ("Саяси тұтқын колонияда аштық жариялады.", ["hunger_strike"]),
    ("Бес ана әкімдік ғимаратында аштық ұстап отыр.", ["hunger_strike"]),
    ("Тұтқын тамақтан бас тартты.", ["hunger_strike"]),
    ("Аштық акциясы үшінші аптаға созылды.", ["hunger_strike"]),
    # meeting
    ("Кәсіподақ Алматыда баспасөз мәслихатын өткізді.", ["meeting"]),
    ("Партияның құрылтайы Астанада өтті.", ["meeting"]),
    ("Жұмысшылар жалпы жиналыс өткізді.", ["meeting"]),
    # detention
    ("Полиция бес белсендіні ұстады.", ["detention"]),
    ("Журналист әуежайда ұсталды.", ["detention"]),
    ("Сот белсендіні он бес тәулікке қамауға алды.", ["detention"]),
    ("Блогер тұтқындалды.", ["detention"]),
    ("Белсенділер полиция бөлімшесіне жеткізілді.", ["detention"]),
    # charge
    ("Журналистке қатысты қылмыстық іс қозғалды.", ["charge"]),
    ("Белсендіге жалған ақпарат таратты деген айып тағылды.", ["charge"]),
    ("Ол жаппай тәртіпсіздікке қатысты деп айыпталды.", ["charge"]),
    ("Кәсіподақ жетекшісі күдікті ретінде жауап берді.", ["charge"]),
    ("Белсендінің ісі сотқа жіберілді.", ["charge"]),
    ("Блогер іздеуге жарияланды.", ["charge"]),
    # trial
    ("Белсенділердің ісі бойынша сот отырысы өтті.", ["trial"]),
    ("Кәсіподақ жетекшісінің соты басталды.", ["trial"]),
    ("Сот процесі жабық режимде жүріп жатыр.", ["trial"]),
    ("Іс аудандық сотта қаралды.", ["trial"]),
    # sentence
    ("Сот оны бес жылға бас бостандығынан айырды.", ["sentence"]),
    ("Белсенді үш жылға бас бостандығын шектеуге сотталды.", ["sentence"]),
    ("Сот кәсіподақ жетекшісіне қатысты үкім шығарды.", ["sentence"]),
    ("Оған жеті жыл жаза тағайындалды.", ["sentence"]),
    # fine
    ("Оған 100 АЕК мөлшерінде айыппұл салынды.", ["fine"]),
    ("Сот белсендіге айыппұл салды.", ["fine"]),
    ("Пикетке қатысқандар айыппұл төледі.", ["protest", "fine"]),
    ("Журналист 50 айлық есептік көрсеткіш көлемінде айыппұлға тартылды.", ["fine"]),
    # release
    ("Белсенді қамаудан босатылды.", ["release"]),
    ("Журналист бостандыққа шықты.", ["release"]),
    ("Сот оны ақтады деп хабарлады, белсенді толық ақталды.", ["release"]),
    ("Тұтқын рақымшылық бойынша босатылды.", ["release"]),
    ("Оған қатысты қылмыстық іс қысқартылды.", ["release"]),
    # raid
    ("Журналистің үйінде тінту жүргізілді.", ["raid"]),
    ("Кеңседе тінту жүргізіліп, компьютерлер тәркіленді.", ["raid"]),
    # threat
    ("Белсендіні полиция қызметкерлері қорқытты.", ["threat"]),
    ("Кәсіподақ мүшелеріне қысым көрсетілді.", ["threat"]),
    ("Журналист полицияға әңгімеге шақырылды.", ["threat"]),
    # dismissal
    ("Кәсіподақ төрағасы жұмыстан шығарылды.", ["dismissal"]),
    ("Ереуілге қатысқан жиырма жұмысшы жұмыстан босатылды.", ["strike", "dismissal"]),
    # eviction
    ("Тұрғындарды үйден шығарды.", ["eviction"]),
    ("Отбасы баспанасынан айырылды.", ["eviction"]),
    ("Ауылдағы үйлер бұзылды.", ["eviction"]),
    # censorship
    ("Тәуелсіз басылымның сайты бұғатталды.", ["censorship"]),
    ("Газет жабылды.", ["censorship"]),
    # assault
    ("Белгісіз адамдар журналисті ұрып-соқты.", ["assault"]),
    ("Белсендіге шабуыл жасалды.", ["assault"]),
    # torture
    ("Тергеу изоляторында оны азаптады.", ["torture"]),
    ("Тұтқындар колонияда қинауға ұшырады.", ["torture"]),
    # killing
    ("Қақтығыс кезінде он алты адам қаза тапты.", ["killing"]),
    ("Полиция екі демонстрантты атып өлтірді.", ["protest", "killing"]),
    # ban
    ("Әкімдік митинг өткізуге рұқсат бермеді.", ["protest", "ban"]),
    ("Әділет министрлігі партияны тіркеуден бас тартты.", ["ban"]),
    ("Шеруге тыйым салынды.", ["protest", "ban"]),
    # dispersal
    ("Полиция жиналғандарды күшпен таратты.", ["dispersal"]),
    ("Полиция митингіні күштеп таратты.", ["protest", "dispersal"]),
    # more constructions
    ("Белсенді үйқамаққа алынды.", ["detention"]),
    ("Ол он бес тәулікке қамалды.", ["detention"]),
    ("Журналистке қоқан-лоқы көрсетті.", ["threat"]),
    ("Тұтқын колонияда көз жұмды.", ["killing"]),
    ("Ұйым экстремистік деп танылды.", ["ban"]),
    ("Отбасы баспанасыз қалды.", ["eviction"]),
    ("Тәуелсіз кәсіподақ төрағасы жұмыстан уақытша шеттетілді.", ["dismissal"]),
    ("Жатақхана тұрғындары күштеп көшірілді.", ["eviction"]),
    ("ҰҚК қызметкерлері ұйымдастырушылармен профилактикалық әңгіме жүргізді.", ["threat"]),
    ("Кеншілер жер бетіне көтерілуден бас тартты.", ["strike"]),
    ("Белсенді пәтерінде өлі табылды.", ["killing"]),
    ("Әкімдік алдына жүзге жуық адам жиналып, әділ тергеуді талап етті.", ["protest"]),
    ("Полиция ондаған адамды автобустарға отырғызып әкетті.", ["detention"]),
    ("Жеті адам полиция бөлімшесіне апарылды.", ["detention"]),
    ("Күзетшілер оны жерге жығып, аяқпен тепті.", ["assault"]),
    ("Қала әкімдігі митингіні келіспеді.", ["ban"]),
    ("Прокуратура Қылмыстық кодекстің 146-бабы (азаптау) бойынша іс қозғады.", ["torture:hyp", "charge"]),
    ("Уақытша ұстау изоляторында жұмысшы қайтыс болды.", ["killing"]),
]


@pytest.mark.parametrize(("sentence", "expected"), EVENTS)
def test_event_types(sentence: str, expected: list[str]) -> None:
    assert _found(sentence) == expected


NOT_EVENTS = [
    # negated
    ("Ешкім ұсталған жоқ.", ["detention:neg"]),
    ("Белсенділер ұсталмады.", ["detention:neg"]),
    ("Митинг өткен жоқ.", ["protest:neg"]),
    ("Жоспарланған шеру өтпеді.", ["protest:neg"]),
    ("Журналист босатылған жоқ.", ["release:neg"]),
    ("Оған айыппұл салынған жоқ.", ["fine:neg"]),
    ("Сот белсендіні босатудан бас тартты.", ["release:neg"]),
    ("Жұмысшылар ереуілден бас тартты.", ["strike:neg"]),
    # hypothetical
    ("Белсенділер ұсталуы мүмкін.", ["detention:hyp"]),
    ("Егер олар ереуілге шықса, жұмыстан шығарылады.", ["strike:hyp", "dismissal:hyp"]),
    ("Кәсіподақ митинг өткізуді жоспарлап отыр.", ["protest:hyp"]),
    ("Жұмысшылар ереуілге шықпақ.", ["strike:hyp"]),
    ("Тұрғындар белсенділерді босатуды талап етті.", ["release:hyp"]),
    ("Оған жеті жылға дейін бас бостандығынан айыру қаупі бар.", ["sentence:hyp"]),
    ("Ол ұсталса, аштық жариялайды.", ["detention:hyp", "hunger_strike:hyp"]),
    ("Жұмысшылар жалақы төленбесе ереуіл бастаймыз деп қорқытты.", ["strike:hyp", "threat"]),
    ("Директор олардың жұмыстан шығарылатынын айтып, қорқытқан.", ["dismissal:hyp", "threat"]),
    ("Полиция жиналғандарды таратқан жоқ.", ["dispersal:neg"]),
    ("Белсенді жалған ақпарат таратты.", []),
    # announced with a date: an event
    ("Жұмысшылар 1 мамырдан бастап ереуілге шығатынын жариялады.", ["strike"]),
    ("Кәсіподақ 12 маусымда митинг өткізуді жоспарлап отыр.", ["protest"]),
    # lookalikes that are no event
    ("Ұстаздар жиналысқа қатысты.", ["meeting"]),
    ("Ақтауда жаңбыр жауды.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), NOT_EVENTS)
def test_negated_and_hypothetical(sentence: str, expected: list[str]) -> None:
    assert _found(sentence) == expected


WITHOUT_KAZAKH_LETTERS = [
    ("Полиция бес белсендини устады.", ["detention"]),
    ("Мунайшылар ереуилге шыкты.", ["strike"]),
    ("Кеншилер жумысты токтатты.", ["strike"]),
    ("Белсенди аштык жариялады.", ["hunger_strike"]),
    ("Журналистке катысты кылмыстык ис козгалды.", ["charge"]),
    ("Сот отырысы басталды.", ["trial"]),
    ("Сот оны бес жылга бас бостандыгынан айырды.", ["sentence"]),
    ("Оган айыппул салынды.", ["fine"]),
    ("Белсенди камаудан босатылды.", ["release"]),
    ("Акимдик митинг откизуге руксат бермеди.", ["protest", "ban"]),
    ("Ешким усталган жок.", ["detention:neg"]),
    ("Белсендi устады.", ["detention"]),  # Latin i typed for і
]


@pytest.mark.parametrize(("sentence", "expected"), WITHOUT_KAZAKH_LETTERS)
def test_text_without_kazakh_letters(sentence: str, expected: list[str]) -> None:
    assert _found(sentence) == expected


def test_offsets_point_into_the_whole_text() -> None:
    text = "Бірінші сөйлем. Полиция үш белсендіні ұстады."
    start = text.index("Полиция")
    (trigger,) = find_triggers(text, start, len(text))
    assert (trigger.type, trigger.start, trigger.end, trigger.text) == ("detention", 38, 44, "ұстады")


def test_speed_on_4kb_text() -> None:
    base = " ".join(s for s, _ in EVENTS)
    text = (base * (4096 // len(base) + 1))[:4096]
    find_triggers(text, 0, len(text))  # warm-up: stem caches
    t0 = time.perf_counter()
    for _ in range(10):
        find_triggers(text, 0, len(text))
    ms = (time.perf_counter() - t0) * 100
    assert ms < 50, f"{ms:.1f} ms for 4 KB"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя ӘҒҚҢӨҰҮІ-.,«»\n0123456789i", max_size=200))
def test_any_text_gives_triggers_inside_it(text: str) -> None:
    for t in find_triggers(text, 0, len(text)):
        assert 0 <= t.start < t.end <= len(text)
        assert t.text == text[t.start : t.end]
