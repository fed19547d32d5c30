"""The printed report's words in Russian and Kazakh, looked up by their English text.

A message not here is looked up in the interface catalogue (khronika.web.i18n: event types,
"Date", "Place"...), and shows in English when neither has it.
"""

from __future__ import annotations

from collections.abc import Callable

from khronika.web import i18n

MESSAGES: dict[str, dict[str, str]] = {
    "ru": {
        "Chronicle report": "Отчёт хроники",
        "Report": "Отчёт",
        "Period": "Период",
        "all dates": "все даты",
        "all regions": "все регионы",
        "Event types": "Типы событий",
        "all types": "все типы",
        "Prepared on {date} for the role “{role}”.": "Подготовлен {date} для роли «{role}».",
        "Protected people appear under a pseudonym.": "Защищённые люди указаны под псевдонимами.",
        "Summary": "Сводка",
        "Events by type": "События по типам",
        "Events per month by type": "События по месяцам и типам",
        "Events by region": "События по регионам",
        "Map of events by region": "Карта событий по регионам",
        "Charts and map": "Графики и карта",
        "Events": "События",
        "Event": "Событие",
        "People": "Люди",
        "Sources": "Источники",
        "published {date}": "опубликовано {date}",
        "The detained": "Задержанные",
        "People held at the end of the period, from the events: their latest detention has no release after it.": (
            "Люди под стражей на конец периода, по событиям: после последнего задержания нет освобождения."
        ),
        "People held at the end of the period, from the cases.": "Люди под стражей на конец периода, по делам.",
        "Name": "Имя",
        "Date of detention": "Дата задержания",
        "Place of detention": "Место содержания",
        "Charges": "Обвинения",
        "Nobody is known to be held.": "Сведений о задержанных нет.",
        "No events in this period.": "За этот период событий нет.",
        "The list shows the first {count} events; the counts, charts and map cover all of them.": (
            "В списке первые {count} событий; сводка, графики и карта учитывают все."
        ),
        "Total": "Всего",
        "Count": "Число",
        "undated": "без даты",
        "no region": "без региона",
        "Page": "Страница",
        "Printable report": "Отчёт для печати",
        "A report of the events of a period: counts, charts, a map, the list of events with their sources, "
        "and the detained.": (
            "Отчёт о событиях за период: сводка, графики, карта, список событий с источниками и задержанные."
        ),
        "Language of the report": "Язык отчёта",
        "Open the report": "Открыть отчёт",
        "Download PDF": "Скачать PDF",
        "Leave the dates empty for the whole chronicle.": "Оставьте даты пустыми, чтобы охватить всю хронику.",
    },
    "kk": {
        "Chronicle report": "Шежіре есебі",
        "Type": "Түрі",
        "Report": "Есеп",
        "Period": "Кезең",
        "all dates": "барлық күндер",
        "all regions": "барлық облыстар",
        "Event types": "Оқиға түрлері",
        "all types": "барлық түрлер",
        "Prepared on {date} for the role “{role}”.": "{date} «{role}» рөлі үшін дайындалды.",
        "Protected people appear under a pseudonym.": "Қорғалған адамдар бүркеншік атпен көрсетілген.",
        "Summary": "Қорытынды",
        "Events by type": "Түрлері бойынша оқиғалар",
        "Events per month by type": "Айлар мен түрлер бойынша оқиғалар",
        "Events by region": "Облыстар бойынша оқиғалар",
        "Map of events by region": "Облыстар бойынша оқиғалар картасы",
        "Charts and map": "Диаграммалар мен карта",
        "Events": "Оқиғалар",
        "Event": "Оқиға",
        "People": "Адамдар",
        "Sources": "Дереккөздер",
        "published {date}": "{date} жарияланған",
        "The detained": "Ұсталғандар",
        "People held at the end of the period, from the events: their latest detention has no release after it.": (
            "Кезең соңында қамауда отырғандар, оқиғалар бойынша: соңғы ұсталғаннан кейін босатылмаған."
        ),
        "People held at the end of the period, from the cases.": "Кезең соңында қамауда отырғандар, істер бойынша.",
        "Name": "Аты-жөні",
        "Date of detention": "Ұсталған күні",
        "Place of detention": "Ұсталған жері",
        "Charges": "Айыптар",
        "Nobody is known to be held.": "Ұсталғандар туралы мәлімет жоқ.",
        "No events in this period.": "Бұл кезеңде оқиға жоқ.",
        "The list shows the first {count} events; the counts, charts and map cover all of them.": (
            "Тізімде алғашқы {count} оқиға; қорытынды, диаграммалар мен карта барлығын қамтиды."
        ),
        "Total": "Барлығы",
        "Count": "Саны",
        "undated": "күні белгісіз",
        "no region": "облысы белгісіз",
        "Page": "Бет",
        "Printable report": "Басып шығаруға арналған есеп",
        "A report of the events of a period: counts, charts, a map, the list of events with their sources, "
        "and the detained.": (
            "Кезеңдегі оқиғалар туралы есеп: қорытынды, диаграммалар, карта, дереккөздері бар оқиғалар тізімі "
            "және ұсталғандар."
        ),
        "Language of the report": "Есептің тілі",
        "Open the report": "Есепті ашу",
        "Download PDF": "PDF жүктеу",
        "Leave the dates empty for the whole chronicle.": "Бүкіл шежіре үшін күндерді бос қалдырыңыз.",
    },
}


def translate(lang: str, message: str, **values: object) -> str:
    """Return `message` in `lang`: this catalogue first, then the interface's, else English."""
    found = MESSAGES.get(lang, {}).get(message)
    if found is None:
        return i18n.translate(lang, message, **values)
    return found.format(**values) if values else found


def translator(lang: str) -> Callable[..., str]:
    """Return `_` for templates: `_("Period")`, `_("{count} events", count=3)` in `lang`."""

    def _(message: str, **values: object) -> str:
        return translate(lang, message, **values)

    return _
