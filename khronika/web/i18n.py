"""The interface in English, Russian and Kazakh: a small catalogue, language choice, dates and numbers.

Messages are looked up by their English text, as gettext does; a message missing from a catalogue
shows in English, so an untranslated Kazakh page is still usable. Dates and numbers are formatted
by babel for the chosen language.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal

LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
DEFAULT_LANGUAGE = "en"
LANG_COOKIE = "lang"

_RU: dict[str, str] = {
    "Chronicle": "Хроника",
    "Main": "Главное меню",
    "{count} people": "{count} чел.",
    "Skip to the results": "Перейти к результатам",
    "Review or correct": "Проверить или исправить",
    "Machine-readable schema": "Схема для программ",
    "Contents": "Содержание",
    "Parameter": "Параметр",
    "In": "Где",
    "Type": "Тип",
    "Default": "По умолчанию",
    "Meaning": "Значение",
    "Pages": "Страницы",
    "Signed in as": "Пользователь",
    "Sign in": "Войти",
    "Sign out": "Выйти",
    "Name": "Имя",
    "Password": "Пароль",
    "Authenticator code (if you enrolled one)": "Код из приложения-аутентификатора (если подключён)",
    "This server runs in local single-user mode: there is nothing to sign in to.": (
        "Сервер работает в локальном режиме для одного пользователя: входить не нужно."
    ),
    "Wrong name or password, or too many failed attempts: wait a few minutes and try again.": (
        "Неверное имя или пароль, или слишком много неудачных попыток: подождите несколько минут и попробуйте снова."
    ),
    "Enter the six-digit code from your authenticator app.": "Введите шестизначный код из приложения-аутентификатора.",
    "The code is wrong or has expired; enter the current one.": "Код неверен или устарел; введите текущий.",
    "Original": "Оригинал",
    "Open in the chronicle": "Открыть в хронике",
    "Error": "Ошибка",
    "review": "проверка",
    "edit": "исправление",
    "merge": "объединение",
    "merged_into": "объединено с другим",
    "ingest": "загрузка",
    "extract": "извлечение",
    "type": "тип",
    "date_from": "с",
    "date_to": "по",
    "region": "регион",
    "place": "место",
    "actor": "участник",
    "source_kind": "вид источника",
    "language": "язык",
    "q": "слова",
    "actor_id": "участник №",
    "place_id": "место №",
    "document_id": "документ №",
    "Skip to content": "Перейти к содержанию",
    "Search": "Поиск",
    "Review": "Проверка",
    "Map": "Карта",
    "Statistics": "Статистика",
    "API": "API",
    "Language": "Язык",
    "Filters": "Фильтры",
    "Apply": "Применить",
    "Clear all": "Сбросить всё",
    "Remove filter": "Убрать фильтр",
    "Event type": "Тип события",
    "From": "С",
    "To": "По",
    "Region": "Регион",
    "Place": "Место",
    "Actor": "Участник",
    "Source kind": "Вид источника",
    "Review status": "Статус проверки",
    "Any": "Любой",
    "Words": "Слова",
    "List": "Список",
    "Timeline": "Хронология",
    "No events match these filters.": "Нет событий, отвечающих фильтрам.",
    "Download CSV": "Скачать CSV",
    "Download JSON": "Скачать JSON",
    "Previous page": "Предыдущая страница",
    "Next page": "Следующая страница",
    "Page {page} of {pages}": "Страница {page} из {pages}",
    "{count} events": "Событий: {count}",
    "Event": "Событие",
    "Date": "Дата",
    "End date": "Дата окончания",
    "Size": "Число людей",
    "Actors": "Участники",
    "Details": "Подробности",
    "Evidence": "Доказательства",
    "Confidence": "Уверенность",
    "Extractor": "Извлекатель",
    "History": "История",
    "No changes recorded yet.": "Изменений пока нет.",
    "Other events from the same document": "Другие события из того же документа",
    "Document": "Документ",
    "Documents": "Документы",
    "Events": "События",
    "Title": "Заголовок",
    "Published": "Опубликован",
    "Retrieved": "Получен",
    "Address": "Адрес",
    "Download the original": "Скачать оригинал",
    "Text": "Текст",
    "Name variants": "Варианты имени",
    "Kind": "Вид",
    "Role": "Роль",
    "Country": "Страна",
    "Coordinates": "Координаты",
    "Results for “{q}”": "Результаты по запросу «{q}»",
    "Nothing found.": "Ничего не найдено.",
    "Search words": "Слова для поиска",
    "Review queue": "Очередь проверки",
    "{count} proposed events wait for review.": "Событий на проверке: {count}.",
    "Nothing to review.": "Проверять нечего.",
    "Confirm": "Подтвердить",
    "Reject": "Отклонить",
    "Correct": "Исправить",
    "Save correction": "Сохранить исправление",
    "Merge into event": "Объединить с событием",
    "Merge": "Объединить",
    "Event number to merge into": "Номер события, с которым объединить",
    "Next": "Следующее",
    "Previous": "Предыдущее",
    "Keyboard: c confirm, r reject, e correct, m merge, j next, k previous.": (
        "Клавиши: c подтвердить, r отклонить, e исправить, m объединить, j следующее, k предыдущее."
    ),
    "When": "Когда",
    "Who": "Кто",
    "What": "Что",
    "Not found": "Не найдено",
    "unknown date": "дата неизвестна",
    "proposed": "предложено",
    "confirmed": "подтверждено",
    "rejected": "отклонено",
    "person": "человек",
    "organisation": "организация",
    "group": "группа",
    "organiser": "организатор",
    "participant": "участник",
    "target": "пострадавший",
    "perpetrator": "исполнитель",
    "authority": "орган власти",
    "protest": "протест",
    "strike": "забастовка",
    "hunger_strike": "голодовка",
    "meeting": "собрание",
    "ban": "запрет",
    "dispersal": "разгон",
    "detention": "задержание",
    "charge": "обвинение",
    "trial": "суд",
    "sentence": "приговор",
    "fine": "штраф",
    "release": "освобождение",
    "assault": "нападение",
    "killing": "убийство",
    "torture": "пытки",
    "threat": "угрозы",
    "dismissal": "увольнение",
    "eviction": "выселение",
    "raid": "обыск",
    "censorship": "цензура",
    "Download JSON Lines": "Скачать JSON Lines",
    "Download GeoJSON": "Скачать GeoJSON",
    "Download ACLED-style CSV": "Скачать CSV в формате ACLED",
    "Report": "Отчёт",
    "Cases": "Дела",
    "All cases": "Все дела",
    "Detained now": "Под стражей сейчас",
    "Upcoming hearings": "Ближайшие заседания",
    "Status": "Статус",
    "any": "любой",
    "Show": "Показать",
    "{count} cases": "Дел: {count}",
    "Case": "Дело",
    "Charges": "Обвинения",
    "Opened": "Начато",
    "Latest step": "Последний шаг",
    "Next hearing": "Следующее заседание",
    "Corrected by hand": "Исправлено вручную",
    "corrected by hand": "исправлено вручную",
    "Person": "Человек",
    "Held since": "Под стражей с",
    "Place of detention": "Место содержания",
    "Court": "Суд",
    "People": "Люди",
    "Lawyer": "Адвокат",
    "Sentence": "Приговор",
    "Correct this case": "Исправить дело",
    "Charges, one a line": "Обвинения, по одному в строке",
    "Save corrections": "Сохранить исправления",
    "Undo the correction of": "Отменить исправление поля",
    "people held now, each counted once": "человек под стражей сейчас, каждый учтён один раз",
    "Nobody is known to be held now.": "Сейчас никто не известен как находящийся под стражей.",
    "No hearings are known to be coming.": "Ближайшие заседания неизвестны.",
    "No cases yet: run 'khronika cases build'.": "Дел пока нет: запустите 'khronika cases build'.",
    "A correction outlives every rebuild.": "Исправление переживает каждую пересборку.",
    "Kept for its corrections; no event makes it now.": "Сохранено ради исправлений; события его больше не образуют.",
    "detained": "задержан",
    "under_investigation": "под следствием",
    "on_trial": "под судом",
    "convicted": "осуждён",
    "imprisoned": "в заключении",
    "released": "освобождён",
    # Drafts and feeds (khronika.web.routes.drafts, feeds)
    "Feeds": "Ленты",
    "Atom feeds of confirmed public events, for a feed reader.": (
        "Ленты Atom подтверждённых публичных событий для программ чтения лент."
    ),
    "Anyone with the address can read them: they hold only what an anonymous visitor sees.": (
        "Их может читать любой, кто знает адрес: в них только то, что видит анонимный посетитель."
    ),
    "By type": "По типу",
    "By region": "По региону",
    "Confirmed public events": "Подтверждённые публичные события",
    "Drafts": "Черновики",
    "Draft": "Черновик",
    "New draft": "Новый черновик",
    "Draft a press release": "Подготовить пресс-релиз",
    "Urgent alert": "Срочная акция",
    "press_release": "пресс-релиз",
    "alert": "срочная акция",
    "draft": "черновик",
    "published": "опубликован",
    "Changed": "Изменён",
    "Created": "Создан",
    "Drawn from": "Составлен по",
    "Edit": "Правка",
    "Save": "Сохранить",
    "Publish": "Опубликовать",
    "Published text": "Опубликованный текст",
    "Event numbers": "Номера событий",
    "or a case number": "или номер дела",
    "Press releases and urgent alerts drafted from the chronicle.": (
        "Пресс-релизы и срочные акции, составленные по хронике."
    ),
    "A draft shows protected people by pseudonym only; publishing keeps its text for good.": (
        "В черновике защищённые люди названы только псевдонимом; опубликованный текст сохраняется навсегда."
    ),
    "No drafts yet. Open an event and choose “Draft a press release” or “Urgent alert”.": (
        "Черновиков пока нет. Откройте событие и выберите «Подготовить пресс-релиз» или «Срочная акция»."
    ),
    "The text is drawn from the events or the case as a signed-in viewer sees them.": (
        "Текст составляется по событиям или делу так, как их видит читатель с учётной записью."
    ),
    "Nothing confidential goes in, and protected people appear by pseudonym. Edit it before you publish.": (
        "Ничего конфиденциального, защищённые люди под псевдонимом. Отредактируйте текст перед публикацией."
    ),
    "Publishing keeps the saved text for good; a protected person's real name is refused.": (
        "Публикация сохраняет текст навсегда; настоящее имя защищённого человека не будет принято."
    ),
    # khronika.web.routes.review: possible duplicates (issue 6)
    "Possible duplicates": "Возможные дубликаты",
    "{count} pairs wait for a decision.": "Ждут решения пар: {count}.",
    "Accept merges the two; reject keeps them apart for good.": (
        "«Принять» объединяет их; «отклонить» навсегда оставляет раздельными."
    ),
    "The same person or organisation?": "Один и тот же человек или организация?",
    "The same event?": "Одно и то же событие?",
    "Also written": "Также пишется",
    "protected": "под защитой",
    "Accept: merge": "Принять: объединить",
    "Reject: keep apart": "Отклонить: оставить раздельно",
    "This pair involves a protected person: only someone cleared to see protected names can decide it.": (
        "В этой паре есть человек под защитой: решить может только тот, кому разрешено видеть защищённые имена."
    ),
    "No possible duplicates.": "Возможных дубликатов нет.",
    "What the reports say": "Что сообщают источники",
    "document": "документ",
}

_KK: dict[str, str] = {
    "Sign in": "Кіру",
    "Sign out": "Шығу",
    "Name": "Аты",
    "Password": "Құпиясөз",
    "Authenticator code (if you enrolled one)": "Аутентификатор қолданбасының коды (қосылған болса)",
    "This server runs in local single-user mode: there is nothing to sign in to.": (
        "Сервер бір пайдаланушыға арналған жергілікті режимде жұмыс істейді: кірудің қажеті жоқ."
    ),
    "Wrong name or password, or too many failed attempts: wait a few minutes and try again.": (
        "Аты не құпиясөз қате, немесе сәтсіз әрекет тым көп: бірнеше минут күтіп, қайталап көріңіз."
    ),
    "Enter the six-digit code from your authenticator app.": (
        "Аутентификатор қолданбасындағы алты таңбалы кодты енгізіңіз."
    ),
    "The code is wrong or has expired; enter the current one.": "Код қате немесе ескірген; қазіргісін енгізіңіз.",
    "Chronicle": "Шежіре",
    "Main": "Басты мәзір",
    "Original": "Түпнұсқа",
    "Skip to content": "Мазмұнға өту",
    "Skip to the results": "Нәтижелерге өту",
    "Review or correct": "Тексеру не түзету",
    "Search": "Іздеу",
    "Review": "Тексеру",
    "Map": "Карта",
    "Statistics": "Статистика",
    "Language": "Тіл",
    "Filters": "Сүзгілер",
    "Apply": "Қолдану",
    "Clear all": "Барлығын тазалау",
    "Remove filter": "Сүзгіні алып тастау",
    "Words": "Сөздер",
    "From": "Бастап",
    "To": "Дейін",
    "Any": "Кез келген",
    "Actor": "Қатысушы",
    "Source kind": "Дереккөз түрі",
    "Review status": "Тексеру күйі",
    "Event type": "Оқиға түрі",
    "Region": "Облыс",
    "Place": "Орын",
    "Date": "Күні",
    "End date": "Аяқталған күні",
    "Size": "Адам саны",
    "{count} people": "{count} адам",
    "{count} events": "Оқиғалар: {count}",
    "Events": "Оқиғалар",
    "Event": "Оқиға",
    "Document": "Құжат",
    "Documents": "Құжаттар",
    "Actors": "Қатысушылар",
    "Evidence": "Дәлел",
    "History": "Тарих",
    "List": "Тізім",
    "Timeline": "Уақыт желісі",
    "Download CSV": "CSV жүктеу",
    "Download JSON": "JSON жүктеу",
    "Previous page": "Алдыңғы бет",
    "Next page": "Келесі бет",
    "No events match these filters.": "Сүзгілерге сай оқиға жоқ.",
    "Nothing found.": "Ештеңе табылмады.",
    "Search words": "Іздеу сөздері",
    "Review queue": "Тексеру кезегі",
    "Nothing to review.": "Тексеретін ештеңе жоқ.",
    "Confirm": "Растау",
    "Reject": "Қабылдамау",
    "Correct": "Түзету",
    "Merge": "Біріктіру",
    "Next": "Келесі",
    "Previous": "Алдыңғы",
    "unknown date": "күні белгісіз",
    "proposed": "ұсынылған",
    "confirmed": "расталған",
    "rejected": "қабылданбаған",
    "protest": "наразылық",
    "strike": "ереуіл",
    "hunger_strike": "аштық жариялау",
    "meeting": "жиналыс",
    "ban": "тыйым",
    "dispersal": "тарату",
    "detention": "ұстау",
    "charge": "айып тағу",
    "trial": "сот",
    "sentence": "үкім",
    "fine": "айыппұл",
    "release": "босату",
    "assault": "шабуыл",
    "killing": "кісі өлтіру",
    "torture": "азаптау",
    "threat": "қорқыту",
    "dismissal": "жұмыстан шығару",
    "eviction": "күштеп көшіру",
    "raid": "тінту",
    "censorship": "цензура",
    "Download JSON Lines": "JSON Lines жүктеу",
    "Download GeoJSON": "GeoJSON жүктеу",
    "Download ACLED-style CSV": "ACLED пішініндегі CSV жүктеу",
    "Report": "Есеп",
    "Cases": "Істер",
    "All cases": "Барлық істер",
    "Detained now": "Қазір қамауда",
    "Upcoming hearings": "Алдағы сот отырыстары",
    "Status": "Мәртебе",
    "any": "кез келген",
    "Show": "Көрсету",
    "{count} cases": "Істер: {count}",
    "Case": "Іс",
    "Charges": "Айыптар",
    "Opened": "Басталды",
    "Latest step": "Соңғы қадам",
    "Next hearing": "Келесі сот отырысы",
    "Corrected by hand": "Қолмен түзетілді",
    "corrected by hand": "қолмен түзетілді",
    "Person": "Адам",
    "Held since": "Қамауда:",
    "Place of detention": "Ұстау орны",
    "Court": "Сот",
    "People": "Адамдар",
    "Lawyer": "Адвокат",
    "Sentence": "Үкім",
    "Correct this case": "Істі түзету",
    "Charges, one a line": "Айыптар, әр жолға біреуден",
    "Save corrections": "Түзетулерді сақтау",
    "Undo the correction of": "Түзетуді болдырмау:",
    "people held now, each counted once": "адам қазір қамауда, әрқайсысы бір рет саналды",
    "Nobody is known to be held now.": "Қазір қамауда екені белгілі ешкім жоқ.",
    "No hearings are known to be coming.": "Алдағы сот отырыстары белгісіз.",
    "No cases yet: run 'khronika cases build'.": "Әзірге іс жоқ: 'khronika cases build' іске қосыңыз.",
    "A correction outlives every rebuild.": "Түзету әр қайта құрудан кейін де сақталады.",
    "Kept for its corrections; no event makes it now.": "Түзетулері үшін сақталды; оны енді оқиға құрамайды.",
    "detained": "ұсталған",
    "under_investigation": "тергеуде",
    "on_trial": "сотта",
    "convicted": "сотталған",
    "imprisoned": "бас бостандығынан айырылған",
    "released": "босатылған",
    "Title": "Тақырып",
    # Drafts and feeds (khronika.web.routes.drafts, feeds)
    "Feeds": "Арналар",
    "Atom feeds of confirmed public events, for a feed reader.": (
        "Расталған жария оқиғалардың Atom арналары, арна оқитын бағдарламаларға арналған."
    ),
    "Anyone with the address can read them: they hold only what an anonymous visitor sees.": (
        "Мекенжайын білетін кез келген адам оқи алады: оларда тек анонимді келушіге көрінетін нәрсе бар."
    ),
    "By type": "Түрі бойынша",
    "By region": "Өңір бойынша",
    "Confirmed public events": "Расталған жария оқиғалар",
    "Drafts": "Жобалар",
    "Draft": "Жоба",
    "New draft": "Жаңа жоба",
    "Draft a press release": "Баспасөз хабарламасын дайындау",
    "Urgent alert": "Шұғыл әрекет",
    "press_release": "баспасөз хабарламасы",
    "alert": "шұғыл әрекет",
    "draft": "жоба",
    "published": "жарияланған",
    "Kind": "Түрі",
    "Text": "Мәтін",
    "Published": "Жарияланды",
    "Changed": "Өзгертілді",
    "Created": "Жасалды",
    "Drawn from": "Негізі",
    "Edit": "Түзету",
    "Save": "Сақтау",
    "Publish": "Жариялау",
    "Published text": "Жарияланған мәтін",
    "Event numbers": "Оқиға нөмірлері",
    "or a case number": "немесе іс нөмірі",
    "Press releases and urgent alerts drafted from the chronicle.": (
        "Хроника бойынша жасалған баспасөз хабарламалары мен шұғыл әрекеттер."
    ),
    "A draft shows protected people by pseudonym only; publishing keeps its text for good.": (
        "Жобада қорғалатын адамдар тек бүркеншік атпен көрсетіледі; жарияланған мәтін біржола сақталады."
    ),
    "No drafts yet. Open an event and choose “Draft a press release” or “Urgent alert”.": (
        "Әзірге жоба жоқ. Оқиғаны ашып, «Баспасөз хабарламасын дайындау» немесе «Шұғыл әрекет» таңдаңыз."
    ),
    "The text is drawn from the events or the case as a signed-in viewer sees them.": (
        "Мәтін оқиғалар немесе іс бойынша тіркелген оқырман көретіндей жасалады."
    ),
    "Nothing confidential goes in, and protected people appear by pseudonym. Edit it before you publish.": (
        "Құпия ештеңе кірмейді, қорғалатын адамдар бүркеншік атпен. Жарияламас бұрын мәтінді түзетіңіз."
    ),
    "Publishing keeps the saved text for good; a protected person's real name is refused.": (
        "Жариялау сақталған мәтінді біржола бекітеді; қорғалатын адамның шын аты қабылданбайды."
    ),
    # khronika.web.routes.review: possible duplicates (issue 6)
    "Possible duplicates": "Ықтимал қайталанулар",
    "{count} pairs wait for a decision.": "Шешім күтетін жұптар: {count}.",
    "Accept merges the two; reject keeps them apart for good.": (
        "«Қабылдау» екеуін біріктіреді; «қабылдамау» оларды біржола бөлек қалдырады."
    ),
    "The same person or organisation?": "Бір адам немесе ұйым ба?",
    "The same event?": "Бір оқиға ма?",
    "Also written": "Басқаша жазылуы",
    "protected": "қорғауда",
    "Accept: merge": "Қабылдау: біріктіру",
    "Reject: keep apart": "Қабылдамау: бөлек қалдыру",
    "This pair involves a protected person: only someone cleared to see protected names can decide it.": (
        "Бұл жұпта қорғаудағы адам бар: оны тек қорғалған есімдерді көруге рұқсаты бар адам шеше алады."
    ),
    "No possible duplicates.": "Ықтимал қайталанулар жоқ.",
    "What the reports say": "Дереккөздер не дейді",
    "document": "құжат",
    # The chronicle's remaining pages (API docs, event, document, entity, review, errors) and filter names.
    "Machine-readable schema": "Бағдарламаларға арналған схема",
    "Contents": "Мазмұны",
    "Parameter": "Параметр",
    "In": "Қайда",
    "Type": "Түрі",
    "Default": "Әдепкі мәні",
    "Meaning": "Мағынасы",
    "Pages": "Беттер",
    "Signed in as": "Пайдаланушы",
    "Open in the chronicle": "Шежіреде ашу",
    "Error": "Қате",
    "review": "тексеру",
    "edit": "түзету",
    "merge": "біріктіру",
    "merged_into": "басқасымен біріктірілді",
    "ingest": "жүктеу",
    "extract": "мәтіннен алу",
    "type": "түрі",
    "date_from": "бастап",
    "date_to": "дейін",
    "region": "облыс",
    "place": "орын",
    "actor": "қатысушы",
    "source_kind": "дереккөз түрі",
    "language": "тіл",
    "q": "сөздер",
    "actor_id": "қатысушы №",
    "place_id": "орын №",
    "document_id": "құжат №",
    "API": "API",
    "Page {page} of {pages}": "{page}-бет, барлығы {pages}",
    "Details": "Толығырақ",
    "Confidence": "Сенімділік",
    "Extractor": "Алу құралы",
    "No changes recorded yet.": "Әзірге өзгеріс жазылмаған.",
    "Other events from the same document": "Осы құжаттағы басқа оқиғалар",
    "Retrieved": "Алынды",
    "Address": "Мекенжайы",
    "Download the original": "Түпнұсқаны жүктеу",
    "Name variants": "Аттың нұсқалары",
    "Role": "Рөлі",
    "Country": "Ел",
    "Coordinates": "Координаттар",
    "Results for “{q}”": "«{q}» бойынша нәтижелер",
    "{count} proposed events wait for review.": "Тексеруді күтетін оқиғалар: {count}.",
    "Save correction": "Түзетуді сақтау",
    "Merge into event": "Оқиғамен біріктіру",
    "Event number to merge into": "Біріктірілетін оқиғаның нөмірі",
    "Keyboard: c confirm, r reject, e correct, m merge, j next, k previous.": (
        "Пернелер: c — растау, r — қабылдамау, e — түзету, m — біріктіру, j — келесі, k — алдыңғы."
    ),
    "When": "Қашан",
    "Who": "Кім",
    "What": "Не",
    "Not found": "Табылмады",
    "person": "адам",
    "organisation": "ұйым",
    "group": "топ",
    "organiser": "ұйымдастырушы",
    "participant": "қатысушы",
    "target": "зардап шеккен",
    "perpetrator": "орындаушы",
    "authority": "билік органы",
}

CATALOGUES: dict[str, dict[str, str]] = {"en": {}, "ru": _RU, "kk": _KK}


def translate(lang: str, message: str, **values: object) -> str:
    """Return `message` in `lang` (English when untranslated), with {placeholders} filled in."""
    found = CATALOGUES.get(lang, {}).get(message, message)
    return found.format(**values) if values else found


def choose_language(*, query: str | None, cookie: str | None, accept: str | None) -> str:
    """Pick the interface language: ?lang=, then the cookie, then Accept-Language, then English."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return str(candidate)
    for code in _accepted(accept or ""):
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _accepted(header: str) -> list[str]:
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag:
            ranked.append((-weight, position, tag.split("-")[0].lower()))
    return [code for _, _, code in sorted(ranked)]


@lru_cache(maxsize=8192)  # babel's formatting was a tenth of a chronicle page; dates repeat (issue 4)
def format_event_date(value: str | None, lang: str) -> str:
    """Format a YYYY, YYYY-MM or YYYY-MM-DD date for `lang`; other text is returned as it is."""
    if not value:
        return ""
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            return _babel_date(date(numbers[0], numbers[1], numbers[2]), format="long", locale=lang)
        if len(numbers) == 2:
            return format_skeleton("yMMMM", date(numbers[0], numbers[1], 1), locale=lang)
    except ValueError:
        return value
    return value


@lru_cache(maxsize=8192, typed=True)
def format_number(value: float | None, lang: str) -> str:
    """Format a number with the grouping of `lang`."""
    return "" if value is None else format_decimal(value, locale=lang)
