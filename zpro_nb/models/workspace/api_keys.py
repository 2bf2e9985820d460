"""Service-account API keys; a new key's value is masked until asked for."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import SecretStr, field_validator

from ..base import UtcDatetime
from .base import WorkspaceObject


class ApiKey(WorkspaceObject):
    """An API key as lists show it: never the key value."""

    description: str | None = None
    active: bool | None = None
    retain_period_minutes: int | None = None
    last_login: UtcDatetime = None
    last_rotated: UtcDatetime = None
    service_account: dict[str, Any] | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "service_account",
        "description",
        "active",
        "last_login",
        "last_rotated",
        "created",
    )

    @field_validator("service_account", mode="before")
    @classmethod
    def _only_the_account_handle(cls, value: Any) -> Any:
        # The nested account is a full object; keep what identifies it.
        if isinstance(value, dict):
            return {k: value[k] for k in ("id", "name") if k in value}
        return value


class NewApiKey(ApiKey):
    """A key just created or rotated. The server shows its value once; here it stays masked.

    ``repr``/``str``/HTML show ``**********``; ``show_key()`` returns the plain value when you
    need to copy it (store it in a secret manager; zpro_nb keeps no copy anywhere else).
    """

    key: SecretStr | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "service_account",
        "key",
        "active",
        "retain_period_minutes",
        "created",
    )

    def show_key(self) -> str:
        """The plain key value (``ZENKEY_...``)."""
        if self.key is None:
            raise ValueError("the server returned no key value for this API key")
        return self.key.get_secret_value()

    def _repr_html_(self) -> str:
        note = (
            "<p>The key is shown masked; <code>.show_key()</code> returns it. "
            "The server shows it only this once.</p>"
        )
        return super()._repr_html_() + note
