"""The permission table, cell by cell, and the viewers built from it."""

from __future__ import annotations

import pytest

from khronika.errors import KhronikaError
from khronika.protect.roles import ANONYMOUS, PERMISSIONS, AccessDeniedError, Viewer, has_permission, viewer_for

#                           admin  editor reviewer viewer anonymous
TABLE: dict[str, tuple[bool, bool, bool, bool, bool]] = {
    "read:public": (True, True, True, True, True),
    "read:internal": (True, True, True, True, False),
    "read:confidential": (True, True, False, False, False),
    "read:protected_names": (True, True, False, False, False),
    "review": (True, True, True, False, False),
    "edit": (True, True, False, False, False),
    "ingest": (True, True, False, False, False),
    "export": (True, True, False, False, False),
    "admin:users": (True, False, False, False, False),
    "no-such-permission": (False, False, False, False, False),
}
ROLES = ("admin", "editor", "reviewer", "viewer", "anonymous")
CELLS = [(role, perm, row[i]) for perm, row in TABLE.items() for i, role in enumerate(ROLES)]


def test_the_table_covers_every_permission() -> None:
    assert set(PERMISSIONS) == set(TABLE) - {"no-such-permission"}


@pytest.mark.parametrize(("role", "permission", "allowed"), CELLS)
def test_each_role_has_exactly_the_permissions_in_the_table(role: str, permission: str, allowed: bool) -> None:
    assert has_permission(role, permission) is allowed


@pytest.mark.parametrize(
    ("role", "levels", "protected"),
    [
        ("admin", {"public", "internal", "confidential"}, True),
        ("editor", {"public", "internal", "confidential"}, True),
        ("reviewer", {"public", "internal"}, False),
        ("viewer", {"public", "internal"}, False),
    ],
)
def test_viewers_are_cleared_by_their_role(role: str, levels: set[str], protected: bool) -> None:
    expected = Viewer(name="ana", role=role, levels=frozenset(levels), can_see_protected=protected)
    assert viewer_for("ana", role) == expected


def test_anonymous_reads_public_only_and_is_refused_the_rest() -> None:
    assert viewer_for(None, "admin") is ANONYMOUS
    assert (ANONYMOUS.levels, ANONYMOUS.can_see_protected, ANONYMOUS.is_anonymous) == (
        frozenset({"public"}),
        False,
        True,
    )
    with pytest.raises(AccessDeniedError, match="an anonymous visitor \\(role anonymous\\) may not edit"):
        ANONYMOUS.require("edit")
    viewer_for("ana", "admin").require("admin:users")


def test_an_unknown_role_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(KhronikaError, match="role 'root' is unknown; use one of admin, editor, reviewer, viewer"):
        viewer_for("ana", "root")
