"""The review queue's count of possible duplicates counts only pairs of levels the viewer may read."""

from __future__ import annotations

from khronika.records import Actor
from khronika.store import Store
from tests.factories import make_document, make_event


def test_the_open_count_leaves_out_pairs_above_the_levels(store: Store) -> None:
    people = [Actor(name=n, kind="person", role="target") for n in ("Ерлан Калиев", "Е. Калиев", "Асель Нурова")]
    store.add_document(make_document(), events=[make_event(actors=people)])
    ids = {a.name: a.id for a in store.links.actors()}
    first, second, third = ids["Ерлан Калиев"], ids["Е. Калиев"], ids["Асель Нурова"]
    assert store.links.suggest("actor", first, second, score=0.8, reason="initial and surname")
    assert store.links.suggest("actor", second, third, score=0.5, reason="test pair")
    store.people.set_level("actor", third, "confidential")

    assert store.links.count_open() == 2
    assert store.links.count_open(levels=["public", "internal"]) == 1
    assert store.links.count_open(levels=["public"]) == 0
    assert store.links.count_open(levels=["public", "internal", "confidential"]) == 2
