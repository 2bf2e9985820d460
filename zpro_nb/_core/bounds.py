"""How much one read may cost: items per list call, bytes per response, seconds per response.

A server that misbehaves (a list whose pages never run short, an envelope announcing ten million
pages, a body trickled a byte a second) must end in an error, never in a cell that hangs or a kernel
that runs out of memory. These bounds sit far above anything a real organization reaches, so they
only ever stop a server that is lying or broken.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import InvalidArgument

__all__ = ["MIB", "ReadBounds"]

MIB = 1024 * 1024


@dataclass(frozen=True)
class ReadBounds:
    """Ceilings on what one call may read; pass ``bounds=ReadBounds(...)`` to ``connect()``.

    ``max_list_items``: items one list call may return (more raises ``InconsistentList``);
    ``max_response_bytes``: the largest response body (larger raises ``UnexpectedResponse``);
    ``response_deadline``: seconds from sending a request to its last body byte (longer raises
    ``UnexpectedResponse``), however slowly or steadily the bytes arrive.
    """

    max_list_items: int = 1_000_000
    max_response_bytes: int = 256 * MIB
    response_deadline: float = 300.0

    def __post_init__(self) -> None:
        for name in ("max_list_items", "max_response_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidArgument(
                    f"ReadBounds.{name} must be a whole number >= 1, got {type(value).__name__} {value!r}"
                )
        deadline = self.response_deadline
        if (
            isinstance(deadline, bool)
            or not isinstance(deadline, int | float)
            or not math.isfinite(deadline)
            or deadline <= 0
        ):
            raise InvalidArgument(
                "ReadBounds.response_deadline must be a number of seconds > 0, "
                f"got {type(deadline).__name__} {deadline!r}"
            )

    def describe_bytes(self) -> str:
        """``max_response_bytes`` for a message (``256 MiB``)."""
        size = self.max_response_bytes
        return f"{size / MIB:g} MiB" if size >= MIB else f"{size} bytes"
