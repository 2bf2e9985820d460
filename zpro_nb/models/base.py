"""What every zpro_nb model shares: unknown fields survive, times are aware UTC, and a readable HTML view."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    SecretStr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from .._core.errors import UnexpectedResponse


def _lenient_utc(value: Any, handler: ValidatorFunctionWrapHandler) -> dt.datetime | None:
    # A time the server sends oddly must not make the whole object unreadable: it becomes None.
    if value is None or value == "":
        return None
    try:
        parsed: dt.datetime = handler(value)
    except ValidationError:
        return None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


#: An aware UTC datetime; a time without an offset is read as UTC, an unparseable one as ``None``.
UtcDatetime = Annotated[dt.datetime | None, WrapValidator(_lenient_utc)]


class ZModel(BaseModel):
    """Base of all models: ``extra="allow"`` so fields we do not declare are kept, not dropped.

    Subclasses list their main fields in ``_display_fields``; ``_repr_html_`` shows them as a small
    two-column table in a notebook, nested objects by name.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, coerce_numbers_to_str=True)

    _display_fields: ClassVar[tuple[str, ...]] = ()
    _title_field: ClassVar[str] = "name"

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate what a server sent; a missing or unusable field raises ``UnexpectedResponse``
        naming it (not pydantic's dump of the whole object). Fields we do not declare are kept."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise _incomplete(cls.__name__, exc) from None

    def _display_value(self, value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, SecretStr):
            return str(value)
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S UTC")
        if isinstance(value, ZModel):
            return value.label()
        if isinstance(value, Mapping):
            return display_label(value) or "{…}"
        if isinstance(value, list):
            return ", ".join(self._display_value(v) for v in value) or "—"
        return str(value)

    def label(self) -> str:
        """A short human handle for this object (its name, username, email or id)."""
        return display_label(self.__dict__) or type(self).__name__

    def display_rows(self) -> list[tuple[str, str]]:
        """``(field, text)`` pairs shown by ``_repr_html_``."""
        fields = self._display_fields or tuple(type(self).model_fields)
        return [(name, self._display_value(getattr(self, name, None))) for name in fields]

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self.display_rows()
        )
        title = html.escape(f"{type(self).__name__}: {self.label()}")
        return f"<table><caption style='text-align:left'><b>{title}</b></caption>{rows}</table>"


def _incomplete(model: str, exc: ValidationError) -> UnexpectedResponse:
    problems = []
    for error in exc.errors(include_url=False, include_input=False)[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "the object"
        what = "is missing" if error["type"] == "missing" else f"is not usable ({error['msg']})"
        problems.append(f"'{where}' {what}")
    return UnexpectedResponse(
        f"the server's {model.lower()} cannot be read: "
        + "; ".join(problems)
        + f" (a field zpro_nb needs in a {model})"
    )


def display_label(fields: Mapping[str, Any]) -> str | None:
    """The first non-empty of name, username, display_name, email, id."""
    for key in ("name", "username", "display_name", "email", "id"):
        value = fields.get(key)
        if isinstance(value, str) and value:
            return value
    return None


__all__ = ["UtcDatetime", "ZModel", "display_label"]
