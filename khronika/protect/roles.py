"""Roles and what each may do: one explicit table, and the Viewer every read path is asked about.

Access is denied by default: a permission missing from a role's row is refused, and a visitor
who is not signed in is the anonymous viewer, who reads public records only.
"""

from __future__ import annotations

from dataclasses import dataclass

from khronika.errors import KhronikaError

ROLE_NAMES: tuple[str, ...] = ("admin", "editor", "reviewer", "viewer")
ANONYMOUS_ROLE = "anonymous"

PERMISSIONS: tuple[str, ...] = (
    "read:public",
    "read:internal",
    "read:confidential",
    "read:protected_names",
    "review",
    "edit",
    "ingest",
    "export",
    "admin:users",
)

# Written out in full rather than built by inheritance, so that a reader sees at a glance who
# may do what; tests/protect/test_roles.py repeats this table cell by cell.
_GRANTS: dict[str, frozenset[str]] = {
    "admin": frozenset(PERMISSIONS),
    "editor": frozenset(
        {
            "read:public",
            "read:internal",
            "read:confidential",
            "read:protected_names",
            "review",
            "edit",
            "ingest",
            "export",
        }
    ),
    # Reviewers confirm machine-made events from their evidence; they need no witness's real name.
    "reviewer": frozenset({"read:public", "read:internal", "review"}),
    "viewer": frozenset({"read:public", "read:internal"}),
    ANONYMOUS_ROLE: frozenset({"read:public"}),
}

_LEVEL_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("public", "read:public"),
    ("internal", "read:internal"),
    ("confidential", "read:confidential"),
)


class AccessDeniedError(KhronikaError):
    """A viewer asked for something their role does not allow."""


def check_role(role: str) -> str:
    """Return `role` if it is an account role, else raise naming the valid roles."""
    if role not in ROLE_NAMES:
        raise KhronikaError(f"role {role!r} is unknown; use one of {', '.join(ROLE_NAMES)}")
    return role


def permissions_of(role: str) -> frozenset[str]:
    """Return the permissions of a role (the anonymous visitor included); unknown roles get none."""
    return _GRANTS.get(role, frozenset())


def has_permission(role: str, permission: str) -> bool:
    """Return True when `role` grants `permission`; unknown permissions are refused."""
    return permission in permissions_of(role)


@dataclass(frozen=True)
class Viewer:
    """Who is looking: an account (name) or an anonymous visitor (None), and what they are cleared for."""

    name: str | None
    role: str
    levels: frozenset[str]
    can_see_protected: bool

    @property
    def is_anonymous(self) -> bool:
        """Return True for a visitor who is not signed in."""
        return self.name is None

    def can(self, permission: str) -> bool:
        """Return True when this viewer's role grants `permission`."""
        return has_permission(self.role, permission)

    def require(self, permission: str) -> None:
        """Raise unless this viewer's role grants `permission`."""
        if not self.can(permission):
            who = self.name or "an anonymous visitor"
            raise AccessDeniedError(f"{who} (role {self.role}) may not {permission}; ask an admin for a role that may")


def viewer_for(name: str | None, role: str) -> Viewer:
    """Return the Viewer for an account of this role, or the anonymous viewer when name is None."""
    if name is None:
        return ANONYMOUS
    granted = permissions_of(check_role(role))
    return Viewer(
        name=name,
        role=role,
        levels=frozenset(level for level, permission in _LEVEL_PERMISSIONS if permission in granted),
        can_see_protected="read:protected_names" in granted,
    )


ANONYMOUS = Viewer(name=None, role=ANONYMOUS_ROLE, levels=frozenset({"public"}), can_see_protected=False)
