"""Date expressions in English, Russian and Kazakh, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khronika.extract.dates import DateMention, Duration, find_dates, find_durations, resolve_date

# 2010-07-15 is a Thursday, 2011-01-05 a Wednesday, 2024-03-20 a Wednesday.
JUL10 = "2010-07-15"
JAN11 = "2011-01-05"
MAR24 = "2024-03-20"

EN = [
    ("Police detained 12 activists in Almaty on 24 June 2010.", JUL10, "2010-06-24", None),
    ("The oil workers' strike began on June 24, 2010 in Zhanaozen.", JUL10, "2010-06-24", None),
    ("The court hearing was held on 24.06.2010 in Aktau.", JUL10, "2010-06-24", None),
    ("The ruling dated 2010-06-24 was published by the court.", JUL10, "2010-06-24", None),
    ("The protests in Zhanaozen started in June 2010.", JUL10, "2010-06", None),
    ("The union leader was fined in 2010.", JAN11, "2010", None),
    ("On 24 June police dispersed the rally in Astana.", JUL10, "2010-06-24", None),
    ("On 24 December the workers went on strike.", JAN11, "2010-12-24", None),
    ("The trial of the union lawyer opened on 3 January.", JAN11, "2011-01-03", None),
    ("Activists picketed the akimat in December.", JAN11, "2010-12", None),
    ("Activists picketed the akimat in January.", JAN11, "2011-01", None),
    ("The hunger strike started in mid-June.", JUL10, "2010-06", None),
    ("Workers of the copper plant struck on the 5th of July.", JUL10, "2010-07-05", None),
    ("The verdict was announced on the 3rd of March 2011.", JAN11, "2011-03-03", None),
    ("Security forces raided the union office on Jan. 12, 2011.", JAN11, "2011-01-12", None),
    ("Police arrested two miners on Sept 9, 2010.", JAN11, "2010-09-09", None),
    ("The strike at the mine lasted from 13 to 15 July.", JUL10, "2010-07-13", "2010-07-15"),
    ("A sit-in took place on 13-15 July in Karaganda.", JUL10, "2010-07-13", "2010-07-15"),
    ("The court session ran on July 13–15.", JUL10, "2010-07-13", "2010-07-15"),
    ("Protesters occupied the square from 28 December to 3 January.", JAN11, "2010-12-28", "2011-01-03"),
    ("Hearings were held between 10 and 12 November 2010.", JAN11, "2010-11-10", "2010-11-12"),
    ("The blockade continued from May 30 to June 2, 2010.", JUL10, "2010-05-30", "2010-06-02"),
    ("Strikes swept the oil fields between 2010 and 2012.", MAR24, "2010", "2012"),
    ("Yesterday police detained the organisers of the march.", JUL10, "2010-07-14", None),
    ("Today the court sentenced the activist to three years.", JUL10, "2010-07-15", None),
    ("The day before yesterday riot police blocked the square.", JUL10, "2010-07-13", None),
    ("Last Tuesday the workers of the bus depot stopped work.", JUL10, "2010-07-13", None),
    ("On Tuesday the prosecutor asked for a prison term.", JUL10, "2010-07-13", None),
    ("The union office was raided on Monday.", JAN11, "2011-01-03", None),
    ("The akim met the strikers on Wednesday.", JAN11, "2011-01-05", None),
    ("Last Wednesday the court refused bail.", JAN11, "2010-12-29", None),
    ("The journalist was summoned for questioning last week.", JUL10, "2010-07", None),
    ("The journalist was summoned for questioning last week.", JAN11, "2010-12", None),
    ("Dozens of teachers protested last month.", JAN11, "2010-12", None),
    ("Hundreds of miners went on strike last year.", JAN11, "2010", None),
    ("Two days ago the activist began a hunger strike.", JUL10, "2010-07-13", None),
    ("Three weeks ago police seized the leaflets.", JUL10, "2010-06", None),
    ("The union was registered five years ago.", JUL10, "2005", None),
    ("A month ago the workers filed a complaint.", JUL10, "2010-06", None),
    ("The trial resumed on 12/01/2011 in Uralsk.", JAN11, "2011-01-12", None),
    ("The appeal hearing took place on 01/25/2011.", MAR24, "2011-01-25", None),
    ("The strike was declared illegal on Tuesday, 13 July 2010.", JUL10, "2010-07-13", None),
    ("The rally planned for 1 May was banned.", JUL10, "2010-05-01", None),
    ("Workers have protested since 2008.", JUL10, "2008", None),
    ("Activists were detained in early March.", JAN11, "2010-03", None),
    ("The case was closed at the end of August.", JUL10, "2009-08", None),
    ("The union leader was released on 29 February.", JUL10, "2008-02-29", None),
    ("Police raided the office on Feb 3.", JAN11, "2010-02-03", None),
    ("The march was held throughout 2011.", MAR24, "2011", None),
    ("Tomorrow the workers will gather at the akimat.", JUL10, "2010-07-16", None),
    ("The union office was searched on 21 December last year.", "2020-01-08", "2019-12-21", None),
    ("Workers struck in December of last year.", "2020-01-08", "2019-12", None),
    ("Workers struck from March to June 2010.", JUL10, "2010-03", "2010-06"),
    ("The union was banned in the autumn of 2010.", JAN11, "2010", None),
    ("In 2011 workers of the oil company went on strike.", MAR24, "2011", None),
    ("Since mid-2021 miners have held sit-ins.", MAR24, "2021", None),
]

RU = [
    ("Полиция задержала 12 активистов 24 июня 2010 года в Алматы.", JUL10, "2010-06-24", None),
    ("Забастовка нефтяников началась 24 июня.", JUL10, "2010-06-24", None),
    ("Акция протеста прошла в июне 2010 г. у здания акимата.", JUL10, "2010-06", None),
    ("В 2010 году суд приговорил профсоюзного активиста к штрафу.", JAN11, "2010", None),
    ("Суд состоялся 24 декабря.", JAN11, "2010-12-24", None),
    ("Рабочие объявили голодовку 3 января.", JAN11, "2011-01-03", None),
    ("Митинг прошёл в декабре.", JAN11, "2010-12", None),
    ("Митинг прошёл в январе.", JAN11, "2011-01", None),
    ("В марте шахтёры вышли на забастовку.", JUL10, "2010-03", None),
    ("В сентябре рабочие требовали повышения зарплаты.", JUL10, "2009-09", None),
    ("Приговор огласили 5 мая 2011 г.", JAN11, "2011-05-05", None),
    ("Приговор огласили 5 мая 2011г. в Уральске.", JAN11, "2011-05-05", None),
    ("Заседание прошло 15 августа 2010-го года.", JAN11, "2010-08-15", None),
    ("Забастовка продолжалась с 13 по 15 июля.", JUL10, "2010-07-13", "2010-07-15"),
    ("Пикеты шли 13–15 июля в Караганде.", JUL10, "2010-07-13", "2010-07-15"),
    ("Голодовка длилась с 1 марта по 5 апреля 2011 года.", MAR24, "2011-03-01", "2011-04-05"),
    ("Рабочие бастовали с 28 декабря по 3 января.", JAN11, "2010-12-28", "2011-01-03"),
    ("Протесты шли в 2010–2011 годах.", MAR24, "2010", "2011"),
    ("Вчера полиция задержала организаторов митинга.", JUL10, "2010-07-14", None),
    ("Сегодня суд вынес приговор активисту.", JUL10, "2010-07-15", None),
    ("Позавчера рабочие перекрыли дорогу.", JUL10, "2010-07-13", None),
    ("В прошлую пятницу журналиста вызвали на допрос.", JUL10, "2010-07-09", None),
    ("Во вторник прокурор запросил срок.", JUL10, "2010-07-13", None),
    ("В понедельник акимат отказал в согласовании.", JAN11, "2011-01-03", None),
    ("В среду рабочие собрались у проходной.", JAN11, "2011-01-05", None),
    ("В прошлую среду суд отказал в апелляции.", JAN11, "2010-12-29", None),
    ("В воскресенье прошёл одиночный пикет.", MAR24, "2024-03-17", None),
    ("На прошлой неделе полиция провела обыск.", JUL10, "2010-07", None),
    ("На прошлой неделе полиция провела обыск.", JAN11, "2010-12", None),
    ("В прошлом месяце уволили 40 рабочих.", JAN11, "2010-12", None),
    ("В прошлом году профсоюз был ликвидирован.", JAN11, "2010", None),
    ("Два дня назад активист объявил голодовку.", JUL10, "2010-07-13", None),
    ("3 дня назад полиция изъяла листовки.", JUL10, "2010-07-12", None),
    ("Неделю назад рабочие подали жалобу.", JUL10, "2010-07", None),
    ("Пять лет назад профсоюз был зарегистрирован.", JUL10, "2005", None),
    ("Месяц назад рабочие обратились в прокуратуру.", JUL10, "2010-06", None),
    ("Задержание произошло 24.06.2010 в Актау.", JUL10, "2010-06-24", None),
    ("Решение суда от 2010-06-24 опубликовано.", JUL10, "2010-06-24", None),
    ("Суд начался 1-го марта.", MAR24, "2024-03-01", None),
    ("Активистку задержали 29 февраля.", MAR24, "2024-02-29", None),
    ("Забастовка началась в конце мая.", MAR24, "2023-05", None),
    ("Митинг прошёл 8 мар. 2024 г. в Шымкенте.", MAR24, "2024-03-08", None),
    ("С 2008 года рабочие не получали надбавок.", JUL10, "2008", None),
    ("В начале 2011 года шахтёры бастовали.", MAR24, "2011", None),
    ("В ноябре 2023 года суд приговорил журналиста.", MAR24, "2023-11", None),
    ("Завтра рабочие соберутся у акимата.", JUL10, "2010-07-16", None),
    ("В этом году прошло 12 забастовок.", MAR24, "2024", None),
    ("Суд продлил арест 15 января 2024 года.", MAR24, "2024-01-15", None),
    ("Пикет прошёл 20 марта у акимата.", MAR24, "2024-03-20", None),
    ("Пикет прошёл 21 марта у акимата.", MAR24, "2023-03-21", None),
    ("Акция прошла 21 декабря прошлого года.", "2020-01-08", "2019-12-21", None),
    ("Митинги шли в декабре прошлого года.", "2020-01-08", "2019-12", None),
    ("Рабочие бастовали с марта по июнь 2010 года.", JUL10, "2010-03", "2010-06"),
    ("Забастовки шли в 2010–2011 гг. на западе страны.", MAR24, "2010", "2011"),
    ("В прошлые выходные полиция задержала 20 человек.", JUL10, "2010-07", None),
    ("В позапрошлом году суд оштрафовал профсоюз.", JAN11, "2009", None),
    ("Во второй половине июня шахтёры бастовали.", JUL10, "2010-06", None),
    ("В первых числах мая рабочих уволили.", JUL10, "2010-05", None),
]

KK = [
    ("Полиция 2024 жылғы 15 наурызда 12 белсендіні ұстады.", MAR24, "2024-03-15", None),
    ("Сот 15 наурыз 2024 ж. үкім шығарды.", MAR24, "2024-03-15", None),
    ("2024 жылы мұнайшылар ереуілге шықты.", MAR24, "2024", None),
    ("Наурызда жұмысшылар наразылық білдірді.", MAR24, "2024-03", None),
    ("Кыркуйекте кеншілер ереуіл жариялады.", MAR24, "2023-09", None),
    ("Қыркүйекте кеншілер ереуіл жариялады.", MAR24, "2023-09", None),
    ("Ереуіл 13-15 шілде күндері өтті.", JUL10, "2010-07-13", "2010-07-15"),
    ("Белсенді 2023 жылғы 5 желтоқсанда ұсталды.", MAR24, "2023-12-05", None),
    ("Сот 24 желтоқсанда өтті.", JAN11, "2010-12-24", None),
    ("Жұмысшылар 3 қаңтарда аштық жариялады.", JAN11, "2011-01-03", None),
    ("Желтоқсанда митинг өтті.", JAN11, "2010-12", None),
    ("Қаңтарда митинг өтті.", JAN11, "2011-01", None),
    ("Шілде айында наразылық басталды.", JUL10, "2010-07", None),
    ("Мамырда ереуіл басталды.", JUL10, "2010-05", None),
    ("Сот отырысы 2024 жылдың 5 ақпанында өтті.", MAR24, "2024-02-05", None),
    ("Ереуіл 2011 жылғы желтоқсанда басталды.", MAR24, "2011-12", None),
    ("Ереуіл 2011 жылдың желтоқсан айында басталды.", MAR24, "2011-12", None),
    ("Жиналыстар 1 наурыздан 5 сәуірге дейін өтті.", "2024-05-01", "2024-03-01", "2024-04-05"),
    ("Бүгін сот белсендіге үкім шығарды.", MAR24, "2024-03-20", None),
    ("Кеше полиция ұйымдастырушыларды ұстады.", MAR24, "2024-03-19", None),
    ("Алдыңғы күні жұмысшылар жолды жапты.", MAR24, "2024-03-18", None),
    ("Өткен жұмада журналист жауап алуға шақырылды.", MAR24, "2024-03-15", None),
    ("Сейсенбіде прокурор жаза сұрады.", MAR24, "2024-03-19", None),
    ("Дүйсенбі күні әкімдік рұқсат бермеді.", MAR24, "2024-03-18", None),
    ("Сәрсенбіде жұмысшылар жиналды.", MAR24, "2024-03-20", None),
    ("Өткен сәрсенбіде сот шағымды қабылдамады.", MAR24, "2024-03-13", None),
    ("Жексенбі күні жалғыз адамдық пикет өтті.", MAR24, "2024-03-17", None),
    ("Өткен аптада полиция тінту жүргізді.", MAR24, "2024-03", None),
    ("Өткен аптада полиция тінту жүргізді.", JAN11, "2010-12", None),
    ("Өткен айда 40 жұмысшы жұмыстан шығарылды.", MAR24, "2024-02", None),
    ("Өткен жылы кәсіподақ таратылды.", MAR24, "2023", None),
    ("Екі күн бұрын белсенді аштық жариялады.", MAR24, "2024-03-18", None),
    ("3 күн бұрын полиция парақшаларды тәркіледі.", MAR24, "2024-03-17", None),
    ("Бір апта бұрын жұмысшылар шағым түсірді.", MAR24, "2024-03", None),
    ("Бес жыл бұрын кәсіподақ тіркелді.", MAR24, "2019", None),
    ("Бір ай бұрын жұмысшылар прокуратураға жүгінді.", MAR24, "2024-02", None),
    ("Белсенді 24.06.2010 ұсталды.", JUL10, "2010-06-24", None),
    ("Белсенді сенбиде ұсталды.", MAR24, "2024-03-16", None),
    ("Былтыр кәсіподақ жабылды.", MAR24, "2023", None),
    ("Биыл 12 ереуіл өтті.", MAR24, "2024", None),
    ("Ереуіл 2010-2012 жылдары жалғасты.", MAR24, "2010", "2012"),
    ("Сот 2023 жылғы 12 қыркүйекте басталды.", MAR24, "2023-09-12", None),
    ("Сот 2023 жылғы 12-қыркүйекте басталды.", MAR24, "2023-09-12", None),
    ("Наразылық 15-наурызда өтті.", MAR24, "2024-03-15", None),
    ("Наразылық 21 наурызда өтті.", MAR24, "2023-03-21", None),
    ("Ертең жұмысшылар әкімдікке жиналады.", MAR24, "2024-03-21", None),
    ("Шерушілер 2024 жылғы 13–15 ақпанда жиналды.", MAR24, "2024-02-13", "2024-02-15"),
    ("Кеншілер тамызда ереуілге шықты.", MAR24, "2023-08", None),
    ("Сот 2022 жылы қазанда басталды.", MAR24, "2022-10", None),
    ("Мұғалімдер қарашада наразылық білдірді.", MAR24, "2023-11", None),
    ("Жұмысшылар 10 сәуірде ереуілге шықты.", MAR24, "2023-04-10", None),
    ("Ереуіл 2024 жылғы 1 наурыздан 5 наурызға дейін жалғасты.", MAR24, "2024-03-01", "2024-03-05"),
    ("Акция өткен жылғы 21 желтоқсанда өтті.", "2020-01-08", "2019-12-21", None),
    ("Ереуіл өткен жылдың желтоқсанында басталды.", "2020-01-08", "2019-12", None),
    ("Биылғы 5 қаңтарда белсенді ұсталды.", "2020-01-08", "2020-01-05", None),
    ("Сот наурыздың 15-і күні басталды.", MAR24, "2024-03-15", None),
    ("Ереуіл наурыздан маусымға дейін жалғасты.", JUL10, "2010-03", "2010-06"),
    ("Қазан айында мұғалімдер ереуілге шықты.", MAR24, "2023-10", None),
    ("Сот мамыр айының 10-ы күні басталды.", MAR24, "2023-05-10", None),
    ("Наурыздан бастап жұмысшылар ереуілдеді.", MAR24, "2024-03", None),
    ("Ереуіл желтоқсанның басында басталды.", JAN11, "2010-12", None),
    ("Кеншілер қазанға дейін жалақы алмады.", MAR24, "2023-10", None),
    ("2022 жылғы 4-5 қаңтарда Алматыда наразылық болды.", "2022-07-29", "2022-01-04", "2022-01-05"),
    ("Ереуіл 16-17 желтоқсан күндері болды.", "2022-07-29", "2021-12-16", "2021-12-17"),
]

TABLE = [("en", *row) for row in EN] + [("ru", *row) for row in RU] + [("kk", *row) for row in KK]


@pytest.mark.parametrize(("lang", "text", "published", "value", "value_end"), TABLE)
def test_one_date_in_a_sentence(lang: str, text: str, published: str, value: str, value_end: str | None) -> None:
    mentions = find_dates(text, published=dt.date.fromisoformat(published), lang=lang)
    assert [(m.value, m.value_end) for m in mentions] == [(value, value_end)]
    assert text[mentions[0].start : mentions[0].end] == mentions[0].text


def test_table_covers_each_language() -> None:
    assert (len(EN), len(RU), len(KK)) >= (40, 40, 40)
    assert len(TABLE) >= 150


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("en", "The miners will strike on 20 July.", "2010-07-20"),
        ("en", "The trial is scheduled for 2 August.", "2010-08-02"),
        ("en", "The strike will go on from 13 to 20 July.", "2010-07-13"),
        ("en", "Workers will picket the akimat on Tuesday.", "2010-07-20"),
        ("en", "The rally planned for 1 August was banned.", "2009-08-01"),
        ("en", "On 3 August he was detained, and the trial will begin later.", "2009-08-03"),
        ("ru", "Суд над активистом состоится 5 августа.", "2010-08-05"),
        ("ru", "20 июля пройдёт митинг у акимата.", "2010-07-20"),
        ("ru", "Забастовка начнётся в августе.", "2010-08"),
        ("ru", "3 августа его задержали у проходной.", "2009-08-03"),
        ("kk", "Ереуіл 20 шілдеде өтеді.", "2010-07-20"),
        ("kk", "Сот 2 тамызда басталады.", "2010-08-02"),
        ("kk", "Белсенді 2 тамызда ұсталды.", "2009-08-02"),
    ],
)
def test_a_date_announced_for_the_future_is_read_forward(lang: str, text: str, value: str) -> None:
    [mention] = find_dates(text, published=dt.date(2010, 7, 15), lang=lang)
    assert mention.value == value


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "He was charged under Article 174 of the Criminal Code."),
        ("en", "About 100 workers gathered; the leader got 6 years."),
        ("en", "Each protester was fined 2000 tenge."),
        ("en", "The rally began at 10:00 near the akimat and ended at 12.30."),
        ("en", "Workers may strike if wages are not paid."),
        ("en", "A protest march went through the city centre."),
        ("en", "The union has 2000 members in 15 branches."),
        ("en", "The court heard the case in 2000 cases of this kind."),
        ("en", "A strike by 2000 workers stopped the plant."),
        ("ru", "Митинг в 2000 человек прошёл мирно."),
        ("en", "On 3 and the 5th floor police searched the rooms."),
        ("ru", "Его обвинили по статье 174 УК РК."),
        ("ru", "Около 100 рабочих пришли к акимату, лидер получил 6 лет."),
        ("ru", "Каждого оштрафовали на 2000 тенге."),
        ("ru", "Митинг начался в 10:00 у акимата."),
        ("ru", "Он задержан по ст. 174 ч. 2, штраф 3.5 МРП."),
        ("ru", "Рабочие требуют 2000 долларов компенсации."),
        ("ru", "Кредит на жильё выдали под 2020 годовых."),
        ("kk", "Оған ҚК-нің 174-бабы бойынша айып тағылды."),
        ("kk", "100 жұмысшы жиналды, көшбасшы 6 жылға сотталды."),
        ("kk", "Әрқайсысы 2000 теңге айыппұл төледі."),
        ("kk", "Митинг сағат 10:00-де басталды."),
        ("kk", "Қазанда тұратын белсенді сотқа шақырылды."),
        ("kk", "Жұмысшылар жұмыс орнына жиналды."),
        ("kk", "Жылыту маусымында тұрғындар наразылық білдірді."),
    ],
)
def test_numbers_that_are_not_dates(lang: str, text: str) -> None:
    assert find_dates(text, published=dt.date(2024, 3, 20), lang=lang) == []


def test_several_dates_in_one_text_in_order_with_offsets() -> None:
    text = (
        "Police detained him on 3 May 2011. The trial began on 12 June and the verdict came yesterday. "
        "Вчера его этапировали, а 2011 жылғы 5 шілдеде шағым берілді."
    )
    mentions = find_dates(text, published=dt.date(2011, 7, 10), lang="xx")
    assert [(m.text, m.value) for m in mentions] == [
        ("3 May 2011", "2011-05-03"),
        ("12 June", "2011-06-12"),
        ("yesterday", "2011-07-09"),
        ("Вчера", "2011-07-09"),
        ("2011 жылғы 5 шілдеде", "2011-07-05"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ru", "Акции 7, 8 и 21 декабря.", [("7", "2019-12-07"), ("8", "2019-12-08"), ("21 декабря", "2019-12-21")]),
        ("en", "Pickets were held on 3 and 5 May.", [("3", "2019-05-03"), ("5 May", "2019-05-05")]),
        ("kk", "Пикеттер 7 және 8 желтоқсанда өтті.", [("7", "2019-12-07"), ("8 желтоқсанда", "2019-12-08")]),
        ("ru", "Его судили по статье 5, 21 декабря.", [("21 декабря", "2019-12-21")]),
    ],
)  # fmt: skip
def test_days_listed_before_a_date_share_its_month(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    mentions = find_dates(text, published=dt.date(2020, 1, 8), lang=lang)
    assert [(m.text, m.value) for m in mentions] == expected
    assert all(text[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    ("lang", "text", "duration_text", "days"),
    [
        ("en", "Workers held a 19-day strike at the mine.", "19-day", 19),
        ("en", "The miners stayed underground for 19 days.", "for 19 days", 19),
        ("en", "They have picketed the mine for the past 12 days.", "for the past 12 days", 12),
        ("en", "She began a two-week hunger strike.", "two-week", 14),
        ("en", "The nineteen-day strike won a pay rise.", "nineteen-day", 19),
        ("ru", "19-дневная забастовка закончилась победой.", "19-дневная", 19),
        ("ru", "Рабочие бастовали в течение 19 дней.", "в течение 19 дней", 19),
        ("ru", "Двухнедельная голодовка подорвала его здоровье.", "Двухнедельная", 14),
        ("ru", "Протест продолжался в течение двух недель.", "в течение двух недель", 14),
        ("ru", "Рабочие бастовали в течение последних трёх дней.", "в течение последних трёх дней", 3),
        ("kk", "Кеншілер 19 күн бойы ереуілдеді.", "19 күн бойы", 19),
        ("kk", "19 күндік ереуіл аяқталды.", "19 күндік", 19),
        ("kk", "Ол екі апта бойы аштық жариялады.", "екі апта бойы", 14),
        ("kk", "19 күнге созылған ереуіл аяқталды.", "19 күнге созылған", 19),
    ],
)
def test_durations(lang: str, text: str, duration_text: str, days: int) -> None:
    found = find_durations(text, lang=lang)
    start = text.index(duration_text)
    assert found == [Duration(start, start + len(duration_text), duration_text, days)]
    assert find_dates(text, published=dt.date(2024, 3, 20), lang=lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "A 19-day strike that began on 3 May paralysed the port.", ("2010-05-03", "2010-05-21", 19)),
        ("ru", "19-дневная забастовка началась 3 мая в порту.", ("2010-05-03", "2010-05-21", 19)),
        ("kk", "19 күнге созылған ереуіл 3 мамырда басталды.", ("2010-05-03", "2010-05-21", 19)),
        # the day is when it ended, so it gives no last day
        ("en", "The 19-day strike ended on 21 May.", ("2010-05-21", None, None)),
        ("en", "On 21 May, after a 19-day strike, the miners went back underground.", ("2010-05-21", None, None)),
        ("ru", "19-дневная забастовка завершилась 21 мая.", ("2010-05-21", None, None)),
        ("kk", "19 күнге созылған ереуіл 21 мамырда аяқталды.", ("2010-05-21", None, None)),
    ],
)
def test_a_length_beside_a_start_day_gives_its_last_day(
    lang: str, text: str, expected: tuple[str, str | None, int | None]
) -> None:
    [mention] = find_dates(text, published=dt.date(2010, 7, 15), lang=lang)
    assert (mention.value, mention.value_end, mention.duration_days) == expected


@pytest.mark.parametrize(
    ("lang", "text", "values"),
    [
        ("en", "On 24 June 2010 police came; yesterday, on 24 June and last week they did not.", ["2010-06-24"]),
        ("ru", "24 июня 2010 года полицию видели, вчера и в прошлую пятницу и 25 июня нет.", ["2010-06-24"]),
        ("kk", "2010 жылғы 24 маусымда полиция келді, кеше және наурызда келген жоқ.", ["2010-06-24"]),
        ("ru", "В 2010 году и в июне 2011 г. рабочие бастовали.", ["2010", "2011-06"]),
    ],
)
def test_without_publication_date_only_full_dates_resolve(lang: str, text: str, values: list[str]) -> None:
    assert [m.value for m in find_dates(text, published=None, lang=lang)] == values


def test_resolve_date_reads_one_expression() -> None:
    published = dt.date(2010, 7, 15)
    assert resolve_date("24 июня", published=published, lang="ru") == DateMention(0, 7, "24 июня", "2010-06-24")
    assert resolve_date("өткен жұмада", published=published, lang="kk") == DateMention(
        0, 12, "өткен жұмада", "2010-07-09"
    )
    assert resolve_date("in the spring", published=published, lang="en") is None


def test_a_datetime_publication_stamp_is_read_as_its_day() -> None:
    [mention] = find_dates("Workers struck yesterday.", published=dt.datetime(2010, 7, 15, 23, 59), lang="en")
    assert mention.value == "2010-07-14"


_FRAGMENTS = ["24", "3", "15", "2010", "June", "May", "июня", "мая", "года", "г.", "наурызда", "жылғы", "шілде"]
_FRAGMENTS += ["с", "по", "from", "to", "-", "–", ".", ",", "и", "and", "және", "last", "Tuesday", "во", "вторник"]
_FRAGMENTS += ["ago", "дня", "назад", "күн", "бұрын", "19-day", "дейін", "in", "в", "году", "прошлого", "өткен"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=14), st.sampled_from([" ", ""]), st.sampled_from(["en", "ru", "kk"])
)
def test_any_mix_of_date_words_gives_valid_spans_and_values(words: list[str], glue: str, lang: str) -> None:
    text = glue.join(words)
    mentions = find_dates(text, published=dt.date(2011, 1, 5), lang=lang)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", mention.value)
        assert mention.value_end is None or mention.value_end[:7] >= mention.value[:7]
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))
