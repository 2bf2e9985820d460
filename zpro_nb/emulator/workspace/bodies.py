"""The request bodies the workspace routes accept (unknown fields ignored, as the real models do)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    # The real request models ignore unknown fields.
    model_config = ConfigDict(extra="ignore")


class UserCreate(_Body):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    is_admin: bool
    full_name: str = ""
    email: str | None = None
    active: bool = False
    password: str | None = None


class UserUpdate(_Body):
    name: str | None = None
    full_name: str | None = None
    email: str | None = None
    active: bool | None = None
    is_admin: bool | None = None
    password: str | None = None


class ServiceAccountCreate(_Body):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    active: bool
    description: str = ""
    full_name: str = ""


class ServiceAccountUpdate(_Body):
    name: str | None = None
    active: bool | None = None
    description: str | None = None
    full_name: str | None = None


class ApiKeyCreate(_Body):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    description: str = ""


class ApiKeyUpdate(_Body):
    name: str | None = None
    description: str | None = None
    active: bool | None = None


class ApiKeyRotate(_Body):
    retain_period_minutes: Annotated[int, Field(ge=0)] = 0


class ProjectCreate(_Body):
    name: Annotated[str, Field(min_length=1, max_length=255, pattern=r"^[a-z0-9_-]+$")]
    display_name: str | None = None
    description: str = ""


TagColor = Literal[
    "grey", "purple", "red", "green", "yellow", "orange", "lime", "teal", "turquoise", "magenta", "blue"
]


class TagCreate(_Body):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    color: TagColor | None = None
    exclusive: bool = False


class SecretCreate(_Body):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    private: bool = False
    #: only the names are kept: the sandbox never stores secret values
    values: dict[str, str | None] = Field(default_factory=dict)
