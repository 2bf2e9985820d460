"""Named flattening rules: small transforms a column applies to the value its key path found.

Every rule takes one JSON value (or, for rules reading a whole record, the record) and returns a
scalar or ``None``. Rules never raise: odd input gives ``None``, so one malformed record cannot break
a frame of 100,000.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Rule = Callable[[Any], Any]


def _label(item: Any) -> str | None:
    # The readable handle of a nested object: what a person would call it.
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        for key in ("name", "username", "email", "id"):
            value = item.get(key)
            if isinstance(value, str) and value:
                return value
    return None


def names(value: Any) -> str | None:
    """A list of objects (or strings) as ``"a, b, c"`` by name/username/email; ``None`` if not a list."""
    if not isinstance(value, list):
        return None
    labels = [label for label in map(_label, value) if label is not None]
    return ", ".join(labels)


def count(value: Any) -> int | None:
    """How many items a list or object has; ``None`` for anything else."""
    return len(value) if isinstance(value, list | Mapping) else None


def keys(value: Any) -> str | None:
    """An object's keys, sorted and comma-joined (e.g. a secret's value names, never its values)."""
    if not isinstance(value, Mapping):
        return None
    return ", ".join(sorted(str(k) for k in value))


def label(value: Any) -> str | None:
    """A nested object's name/username/email/id, or a plain string as it is."""
    return _label(value)


def scope(record: Any) -> str | None:
    """The scope a role assignment applies to: ``project``, ``workspace`` or ``organization``."""
    if not isinstance(record, Mapping):
        return None
    if record.get("project_id") or record.get("project"):
        return "project"
    if record.get("workspace_id") or record.get("workspace"):
        return "workspace"
    return "organization"


def member_type(record: Any) -> str | None:
    """An organization member's kind: its ``type`` field, else inferred from which object it carries."""
    if not isinstance(record, Mapping):
        return None
    kind = record.get("type")
    if isinstance(kind, str):
        return kind
    user = record.get("user")
    if isinstance(user, Mapping):
        return "service_account" if user.get("is_service_account") else "user"
    for key in ("team", "invitation"):
        if isinstance(record.get(key), Mapping):
            return key
    return None


def source(value: Any) -> str | None:
    """A ZenML source object (``{module, attribute, ...}``) as ``module.attribute``."""
    if not isinstance(value, Mapping):
        return value if isinstance(value, str) else None
    module, attribute = value.get("module"), value.get("attribute")
    if not isinstance(module, str) or not module:
        return None
    return f"{module}.{attribute}" if isinstance(attribute, str) and attribute else module


RULES: dict[str, Rule] = {
    "names": names,
    "count": count,
    "keys": keys,
    "label": label,
    "scope": scope,
    "member_type": member_type,
    "source": source,
}


def elapsed(end: Any, start: Any) -> Any:
    """``end - start`` of two time columns (a duration; ``NaT`` where either is missing)."""
    return end - start


#: Rules computed from earlier columns of the frame (vectorised), not from each record's values.
COLUMN_RULES: dict[str, Callable[..., Any]] = {"elapsed": elapsed}
