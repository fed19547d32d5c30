"""Web pages: main text without boilerplate, title and publication date from the page itself."""

from __future__ import annotations

import hashlib

import pytest

from khronika.errors import SourceError
from khronika.ingest.readers.webpage import read_html
from khronika.ingest.registry import Source
from khronika.records import Document

ARTICLE = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<title>Забастовка нефтяников в Жанаозене | Вымышленные новости</title>
<meta property="article:published_time" content="2024-03-15T01:30:00+05:00">
<meta name="author" content="Айгуль Сериккызы">
</head><body>
<nav><a href="/">Главная</a> <a href="/about">О редакции</a> <a href="/donate">Поддержать</a></nav>
<article>
<h1>Забастовка нефтяников в Жанаозене</h1>
<p>Пятнадцатого марта около двухсот рабочих нефтесервисной компании вышли на площадь перед акиматом
и потребовали повысить заработную плату.</p>
<p>Полиция задержала двух активистов профсоюза; их доставили в районный отдел и отпустили вечером того же дня.</p>
</article>
<footer><p>© 2024 Вымышленное издание. Все права защищены. Перепечатка запрещена.</p></footer>
</body></html>
"""

ARTICLE_TEXT = (
    "Забастовка нефтяников в Жанаозене\n"
    "Пятнадцатого марта около двухсот рабочих нефтесервисной компании вышли на площадь перед акиматом "
    "и потребовали повысить заработную плату.\n"
    "Полиция задержала двух активистов профсоюза; их доставили в районный отдел и отпустили вечером того же дня."
)


def _read(uri: str, html: str | bytes) -> Document:
    data = html.encode() if isinstance(html, str) else html
    (document,) = list(read_html(Source(uri, data)))
    assert isinstance(document, Document)
    return document


def test_article_main_text_title_and_date() -> None:
    document = _read("https://example.org/news/zhanaozen-strike", ARTICLE)
    assert document.text == ARTICLE_TEXT
    assert document.title == "Забастовка нефтяников в Жанаозене"
    assert document.published == "2024-03-15"
    assert document.meta == {"author": "Айгуль Сериккызы", "site": "example.org"}
    assert (document.source_kind, document.media_type, document.source_key) == ("html", "text/html", None)
    assert document.sha256 == hashlib.sha256(ARTICLE.encode()).hexdigest()


def test_cp1251_page_declared_in_meta() -> None:
    html = ARTICLE.replace('charset="utf-8"', 'charset="windows-1251"').replace("© ", "")
    document = _read("saved/zhanaozen.htm", html.encode("cp1251"))
    assert document.text == ARTICLE_TEXT
    assert document.meta == {"author": "Айгуль Сериккызы"}


def test_no_date_guessed_from_the_text() -> None:
    html = ARTICLE.replace('<meta property="article:published_time" content="2024-03-15T01:30:00+05:00">', "")
    html = html.replace("Пятнадцатого марта", "15 марта 2024 года")
    assert _read("saved/page.html", html).published is None


@pytest.mark.parametrize(
    "html",
    [
        "<!DOCTYPE html><html><head><title>App</title><script>start()</script></head>"
        "<body><div id='root'></div></body></html>",
        "<html><body></body></html>",
        "",
    ],
)
def test_page_without_text_is_refused(html: str) -> None:
    with pytest.raises(SourceError) as caught:
        list(read_html(Source("saved/app.html", html.encode())))
    assert str(caught.value) == (
        "saved/app.html: the page has no main text; if its text is built by JavaScript, save it from a browser "
        "(File > Save Page As, 'Web Page, complete') or paste the text into a .txt file"
    )
