"""How much a role may do, judged from its name: for ordering roles and colouring who holds what.

The order is read from the role's name, because the Pro API gives no rank: what a viewer or
member may do is a subset of what a contributor may do, and so on up to an admin. Custom roles,
whose names say nothing, sit in the middle, after the predefined read-only ones. Any role whose
name says admin or manager is treated as privileged: the role panel asks for a second
confirmation before granting it, and the access matrix colours it strongest.
"""

from __future__ import annotations

from collections.abc import Iterable

# (word in the role's name, rank): the first word found decides; lower is less privilege.
_RANK_WORDS = (
    ("member", 0),
    ("viewer", 1),
    ("contributor", 2),
    ("developer", 3),
    ("billing", 4),
    ("stack", 4),
    ("manager", 5),
    ("admin", 6),
    ("owner", 7),
)
_CUSTOM_RANK = 2.5
_PRIVILEGED_WORDS = ("admin", "manager", "owner")


def privilege_rank(role: str) -> float:
    """Where ``role`` sits from least (0) to most privilege, judged from its name."""
    words = role.casefold().split()
    for word, rank in _RANK_WORDS:
        if word in words:
            return rank
    return _CUSTOM_RANK


def is_privileged(role: str) -> bool:
    """Whether granting ``role`` must be confirmed a second time (an admin or manager role)."""
    return any(word in role.casefold().split() for word in _PRIVILEGED_WORDS)


def ordered_roles(roles: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(name, description)`` pairs from least to most privilege, then by name."""
    return sorted(roles, key=lambda pair: (privilege_rank(pair[0]), pair[0].casefold()))
