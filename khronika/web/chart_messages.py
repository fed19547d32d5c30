"""Russian and Kazakh text of the map and statistics pages, added to the interface catalogue.

Kept beside the pages that use it; `register()` only adds messages the catalogue lacks, so a
translation in khronika.web.i18n always wins.
"""

from __future__ import annotations

from khronika.web import i18n

MESSAGES: dict[str, dict[str, str]] = {
    "ru": {
        "Events by place": "События по населённым пунктам",
        "Events by region": "События по регионам",
        "Events per month by region": "События по месяцам и регионам",
        "Events per month by type": "События по месяцам и типам",
        "Map of events by region and place": "Карта событий по регионам и населённым пунктам",
        "Month": "Месяц",
        "Show in the chronicle": "Показать в хронике",
        "Table": "Таблица",
        "The map needs JavaScript; the tables below hold the same numbers.": (
            "Для карты нужен JavaScript; в таблицах ниже те же числа."
        ),
        "Total": "Всего",
        "{count} on the map": "{count} на карте",
        "no region": "без региона",
    },
    "kk": {
        "Events by place": "Елді мекендер бойынша оқиғалар",
        "Events by region": "Облыстар бойынша оқиғалар",
        "Events per month by region": "Айлар мен облыстар бойынша оқиғалар",
        "Events per month by type": "Айлар мен түрлер бойынша оқиғалар",
        "Map of events by region and place": "Облыстар мен елді мекендер бойынша оқиғалар картасы",
        "Month": "Ай",
        "Show in the chronicle": "Шежіреде көрсету",
        "Table": "Кесте",
        "The map needs JavaScript; the tables below hold the same numbers.": (
            "Картаға JavaScript қажет; төмендегі кестелерде сол сандар бар."
        ),
        "Total": "Барлығы",
        "{count} on the map": "картада {count}",
        "no region": "облысы белгісіз",
    },
}


def register() -> None:
    """Add these messages to the interface catalogue where it has no translation of its own."""
    for lang, messages in MESSAGES.items():
        catalogue = i18n.CATALOGUES.setdefault(lang, {})
        for message, text in messages.items():
            catalogue.setdefault(message, text)
