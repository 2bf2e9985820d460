"""Looks shared by the panels: one style sheet on JupyterLab's CSS variables, messages, tables.

Only ``--jp-*`` variables are used (with fallbacks for classic front-ends), so the panels read
well in light and dark themes alike. Everything shown is HTML-escaped: server messages and
names come from outside.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Literal

Tone = Literal["info", "ok", "warn", "error"]

STYLE = """
<style>
.zpro-panel { font-family: var(--jp-ui-font-family, sans-serif); color: var(--jp-ui-font-color1, inherit);
  border: 1px solid var(--jp-border-color2, #8884); border-radius: 4px; padding: 8px;
  background: var(--jp-layout-color1, transparent); }
.zpro-title { font-weight: 600; font-size: var(--jp-ui-font-size2, 1.1em); }
.zpro-msg { padding: 2px 0; }
.zpro-msg-info { color: var(--jp-ui-font-color2, inherit); }
.zpro-msg-ok, .zpro-expiry-ok { color: var(--jp-success-color1, #2e7d32); }
.zpro-msg-warn, .zpro-expiry-soon { color: var(--jp-warn-color1, #e65100); font-weight: 600; }
.zpro-msg-error, .zpro-expiry-expired { color: var(--jp-error-color1, #c62828); font-weight: 600; }
.zpro-expiry-unknown { color: var(--jp-ui-font-color2, inherit); }
.zpro-table { border-collapse: collapse; margin: 4px 0; font-size: var(--jp-ui-font-size1, 0.9em); }
.zpro-table th, .zpro-table td { border: 1px solid var(--jp-border-color2, #8884); padding: 2px 8px;
  text-align: left; }
.zpro-table th { background: var(--jp-layout-color2, transparent); }
.zpro-row-add td, .zpro-row-done td { color: var(--jp-success-color1, #2e7d32); }
.zpro-row-remove td { color: var(--jp-warn-color1, #e65100); }
.zpro-row-already td { color: var(--jp-ui-font-color2, inherit); }
.zpro-row-failed td, .zpro-row-error td { color: var(--jp-error-color1, #c62828); }
.zpro-panel a { color: var(--jp-content-link-color, #1976d2); }
</style>
"""


def message(text: str, tone: Tone = "info") -> str:
    """``text`` as an escaped, coloured line."""
    return f'<div class="zpro-msg zpro-msg-{tone}">{html.escape(text)}</div>'


def link(url: str, text: str | None = None) -> str:
    """An escaped link opening in a new tab."""
    return (
        f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">'
        f"{html.escape(text or url)}</a>"
    )


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    row_classes: Iterable[str] | None = None,
    css_class: str = "",
) -> str:
    """An escaped HTML table; ``row_classes`` (e.g. ``"add"``) colour rows via ``zpro-row-<class>``."""
    classes = list(row_classes) if row_classes is not None else None
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        kind = classes[i] if classes is not None and i < len(classes) else ""
        cells = "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
        body.append(f'<tr class="zpro-row-{html.escape(kind)}">{cells}</tr>')
    return (
        f'<table class="zpro-table {html.escape(css_class)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
