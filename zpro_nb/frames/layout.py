"""What the builder and the raw view read of a schema: its name and its columns.

``schema.FrameSchema`` lays records out through :mod:`.build`, so the builder and the frame's source
(:mod:`.raw`) name the schema by this protocol, which ``FrameSchema`` satisfies; the imports point
one way, from the schema down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .columns import Column

__all__ = ["Layout"]


class Layout(Protocol):
    """A frame's declared layout: a name and ordered columns (``FrameSchema`` is the one in use)."""

    @property
    def name(self) -> str:
        """The schema's name (the resource it lays out)."""
        ...

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns, in order."""
        ...

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        ...
