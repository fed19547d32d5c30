"""One person or organisation across spellings, in the store (issue 6, item 1).

`link_actors` compares every stored actor with the others of its kind (each spelling it is known
by, through `find_matches`). A strong match between two actors that are not protected and have
the same level is linked: one actor keeps the other's spellings and event links. Anything less
sure, and any match that involves a protected person or two levels, becomes a merge suggestion
for the review queue. See docs/resolve.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from khronika.errors import StoreError
from khronika.resolve.names import BLOCK_PREFIX, NameMatch, find_matches
from khronika.resolve.organisations import looks_like_organisation
from khronika.resolve.transliterate import coarse_token, name_tokens

if TYPE_CHECKING:
    from khronika.store import Store
    from khronika.store.links import StoredActor

__all__ = ["LINKED_KINDS", "ActorPair", "LinkReport", "link_actors", "plan_links"]

# Groups are named by what they are ("oil workers", "рабочие"), not who: one name, many groups.
LINKED_KINDS = ("person", "organisation")


@dataclass(frozen=True)
class ActorPair:
    """Two actors that match: `a_id` is the one kept when they are linked."""

    a_id: int
    b_id: int
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return ids, score and reason (never a name: the report may reach a log)."""
        return {"a": self.a_id, "b": self.b_id, "score": self.score, "reason": self.reason}


@dataclass
class LinkReport:
    """What linking did or, on a dry run, would do."""

    linked: list[ActorPair] = field(default_factory=list)  # a_id kept, b_id folded into it
    suggested: list[ActorPair] = field(default_factory=list)  # new suggestions only
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the `--json` object."""
        return {
            "linked": [p.to_dict() for p in self.linked],
            "suggested": [p.to_dict() for p in self.suggested],
            "dry_run": self.dry_run,
        }


def link_actors(
    store: Store, *, actor: str = "system", dry_run: bool = False, only: Collection[int] | None = None
) -> LinkReport:
    """Link strong matches between stored actors and suggest the rest; each link its own transaction.

    `only`: compare just these actors (those of a new batch) with all the others, not every pair.
    """
    linked, suggested = plan_links(store.links.actors(), only=only)
    report = LinkReport(linked=linked, dry_run=dry_run)
    if dry_run:
        report.suggested = suggested
        return report
    report.linked = []
    for pair in linked:
        try:
            store.links.link_actors(
                pair.b_id, pair.a_id, actor=actor, detail={"score": pair.score, "reason": pair.reason}
            )
        except StoreError:
            continue  # linked or deleted meanwhile (another ingest, a reviewer): the next run sees it
        report.linked.append(pair)
    report.suggested = [
        pair
        for pair in suggested
        if store.links.suggest("actor", pair.a_id, pair.b_id, score=pair.score, reason=pair.reason)
    ]
    return report


def plan_links(
    actors: list[StoredActor], *, only: Collection[int] | None = None
) -> tuple[list[ActorPair], list[ActorPair]]:
    """Return (links, suggestions) among these actors (pairs with one of `only`, if given), kept actor first."""
    by_id = {a.id: a for a in actors}
    by_kind: dict[str, list[StoredActor]] = defaultdict(list)
    for stored in actors:
        if stored.kind in LINKED_KINDS:
            by_kind[stored.kind].append(stored)
    links: list[ActorPair] = []
    suggestions: list[ActorPair] = []
    for group in by_kind.values():
        matches = _actor_matches(group, only=None if only is None else set(only))
        strong = {pair: m for pair, m in matches.items() if _may_link(by_id[pair[0]], by_id[pair[1]], m)}
        kept = _groups(strong, by_id)
        for member, keep in sorted(kept.items()):
            if member != keep:
                match = next(m for pair, m in sorted(strong.items()) if member in pair)
                links.append(ActorPair(keep, member, match.score, match.reason))
        for (a, b), match in sorted(matches.items()):
            low, high = sorted((kept.get(a, a), kept.get(b, b)))
            if (a, b) not in strong and low != high:
                suggestions.append(ActorPair(low, high, match.score, match.reason))
    return links, _unique_pairs(suggestions)


def _actor_matches(group: list[StoredActor], *, only: set[int] | None) -> dict[tuple[int, int], NameMatch]:
    """Best match of each pair of actors over all their spellings (each pair with one of `only`)."""
    owners: list[int] = []
    spellings: list[str] = []
    for stored in group:
        for name in dict.fromkeys([stored.name, *stored.variants]):
            owners.append(stored.id)
            spellings.append(name)
    if only is not None:
        kept = _near(spellings, owners, only)
        owners, spellings = [owners[i] for i in kept], [spellings[i] for i in kept]
    protected = [name for stored in group if stored.protected for name in (stored.name, *stored.variants)]
    best: dict[tuple[int, int], NameMatch] = {}
    for i, j, match in find_matches(spellings, protected=protected):
        a, b = sorted((owners[i], owners[j]))
        if a == b or (only is not None and a not in only and b not in only):
            continue
        if (a, b) not in best or _better(match, best[(a, b)]):
            best[(a, b)] = match
    return best


def _near(spellings: list[str], owners: list[int], only: set[int]) -> list[int]:
    """Indexes of the spellings that may match one of `only`'s: a word's first letters in common
    (a superset of find_matches' blocks), or both organisations (aliases share no letters)."""
    keys = [{coarse_token(word)[:BLOCK_PREFIX] for word in name_tokens(name)} for name in spellings]
    mine = [i for i, owner in enumerate(owners) if owner in only]
    wanted = set().union(*(keys[i] for i in mine)) if mine else set()
    organisations = any(looks_like_organisation(spellings[i]) for i in mine)
    return [
        i
        for i, name in enumerate(spellings)
        if owners[i] in only or keys[i] & wanted or (organisations and looks_like_organisation(name))
    ]


def _better(new: NameMatch, old: NameMatch) -> bool:
    return (new.strength == "strong", new.score) > (old.strength == "strong", old.score)


def _may_link(a: StoredActor, b: StoredActor, match: NameMatch) -> bool:
    # A protected person is never merged without a person deciding (issue 6), nor two levels:
    # the kept actor would show one spelling at the other's level.
    return match.strength == "strong" and not a.protected and not b.protected and a.level == b.level


def _groups(pairs: dict[tuple[int, int], NameMatch], by_id: dict[int, StoredActor]) -> dict[int, int]:
    """Return actor id -> the id of the actor its linked group keeps (most events, then oldest)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    members: dict[int, list[int]] = defaultdict(list)
    for x in list(parent):
        members[root(x)].append(x)
    kept: dict[int, int] = {}
    for group in members.values():
        keep = min(group, key=lambda i: (-by_id[i].events, i))
        kept.update({i: keep for i in group})
    return kept


def _unique_pairs(pairs: list[ActorPair]) -> list[ActorPair]:
    best: dict[tuple[int, int], ActorPair] = {}
    for pair in pairs:
        key = (pair.a_id, pair.b_id)
        if key not in best or pair.score > best[key].score:
            best[key] = pair
    return [best[key] for key in sorted(best)]
