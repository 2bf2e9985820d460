"""Name rules for organizations and workspaces.

The reference gives 1-50 characters; the character set is our reading of the Pro dashboard:
lowercase letters, digits and hyphens, starting and ending with a letter or digit.
"""

from __future__ import annotations

import re

from .errors import invalid

NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")
NAME_RULE = (
    "must be 1-50 characters of lowercase letters, digits and hyphens, starting and ending with a letter "
    "or digit"
)


def check_name(kind: str, name: str) -> str:
    """Return ``name`` when it follows the rule, else raise 422 ``ValueError``."""
    if not NAME_PATTERN.fullmatch(name):
        raise invalid(f"Invalid {kind} name '{name[:60]}': a {kind} name {NAME_RULE}.")
    return name


def slugify(text: str) -> str:
    """A best-effort valid name derived from a display name."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50].strip("-")
    return slug or "workspace"
