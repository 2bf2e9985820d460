"""Credentials that cannot travel in an HTTP header, refused before anything is sent.

A token pasted from a chat or a PDF may carry a curly quote, a non-breaking or zero-width space.
httpx would fail deep inside with a ``UnicodeEncodeError`` quoting the text around it; here the
refusal names only where the character is and what it is, never the credential.
"""

from __future__ import annotations

import unicodedata

from .errors import InvalidArgument

__all__ = ["refuse_unsendable"]


def refuse_unsendable(value: str, what: str) -> None:
    """Raise ``InvalidArgument`` unless ``value`` is visible ASCII (as every token and key is)."""
    for position, char in enumerate(value, start=1):
        if not "!" <= char <= "~":
            name = unicodedata.name(char, "a control character") if char != " " else "SPACE"
            raise InvalidArgument(
                f"the {what} cannot be sent: character {position} of {len(value)} is U+{ord(char):04X} "
                f"({name}), and tokens and keys are plain ASCII without spaces. It was probably changed "
                "when copied: copy it again from where it was issued"
            )
