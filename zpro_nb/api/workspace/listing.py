"""The one way workspace lists are fetched: envelope paging plus filters, sorting and hydration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.paging import fetch_envelope_pages
from ..._core.transport import ApiClient


async def list_items(
    client: ApiClient,
    path: str,
    *,
    filters: Mapping[str, Any] | None = None,
    sort_by: str | None = None,
    hydrate: bool = False,
    max_items: int | None = None,
    page_size: int = 1000,
) -> list[dict[str, Any]]:
    """Every item of ``path`` (``{index, max_size, total_pages, total, items}`` pages) as records.

    ``filters`` are query values (plain, or ``op:value`` from :func:`..filters.op`); ``None`` values
    are dropped. ``hydrate=True`` asks the server to fill ``metadata``/``resources`` too.
    """
    params: dict[str, Any] = {k: v for k, v in (filters or {}).items() if v is not None}
    if sort_by is not None:
        params["sort_by"] = sort_by
    if hydrate:
        params["hydrate"] = True
    return await fetch_envelope_pages(client, path, params, page_size=page_size, max_items=max_items)
