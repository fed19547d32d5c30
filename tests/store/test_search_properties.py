"""Properties of search over generated text: nothing a user types breaks it, every word finds its text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khronika.store import Store, open_store
from khronika.store.search import fold_tokens
from tests.conftest import BACKENDS, NewDatabase
from tests.factories import make_document

# Letters and digits of every script, plus separators and the characters query syntaxes use.
_WORD_CHARS = st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Mn", "Mc"))
_WORDS = st.text(_WORD_CHARS, min_size=1, max_size=12)
_ANYTHING = st.text(st.characters(codec="utf-8"), max_size=60)
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module", params=BACKENDS)
def shared(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """Return one store per backend that the examples add to."""
    with new_database(request.param, tmp_path_factory.mktemp("props")) as url, open_store(url) as store:
        yield store


@_SETTINGS
@given(query=_ANYTHING)
def test_any_query_is_answered_without_error(shared: Store, query: str) -> None:
    before = shared.count_documents()
    hits = shared.search(query, limit=5)
    assert len(hits) <= 5
    assert shared.count_documents() == before


@_SETTINGS
@given(words=st.lists(_WORDS, min_size=1, max_size=8))
def test_every_word_of_a_text_finds_it(shared: Store, words: list[str]) -> None:
    body = " ".join(words)
    doc_id, _ = shared.add_document(make_document(body, title=None))
    for token in fold_tokens(body):
        found = [h.id for h in shared.search(token, limit=1000, kinds=("document",))]
        assert doc_id in found, (token, body)
