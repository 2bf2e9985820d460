"""HTML for plans and journals in a notebook.

Colours are translucent tints over the theme's own background with the theme's own text colour, so the
table reads in JupyterLab's light and dark themes alike; the status is also spelled out, never colour alone.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .journal_entry import JournalEntry
    from .plan_context import PlanView

MAX_ROWS = 200

TINTS = {
    "to add": "rgba(46, 160, 67, 0.22)",
    "done": "rgba(46, 160, 67, 0.22)",
    "to remove": "rgba(248, 81, 73, 0.22)",
    "already in place": "rgba(128, 128, 128, 0.16)",
    "already": "rgba(128, 128, 128, 0.16)",
    "error": "rgba(210, 153, 34, 0.30)",
    "failed": "rgba(210, 153, 34, 0.30)",
}

_TABLE = "border-collapse:collapse;font-size:0.9em;color:inherit"
_CELL = "padding:2px 8px;border-bottom:1px solid rgba(128,128,128,0.3);text-align:left;vertical-align:top"


def _cell(value: object, *, tint: str | None = None, strong: bool = False) -> str:
    style = _CELL + (f";background:{tint}" if tint else "")
    text = "" if value is None or (isinstance(value, float) and value != value) else html.escape(str(value))
    if text == "<NA>" or text == "&lt;NA&gt;":
        text = ""
    return f'<td style="{style}">{"<b>" + text + "</b>" if strong else text}</td>'


def plan_html(plan: PlanView) -> str:
    """The plan as a small HTML table: one summary line, then the rows, tinted by status."""
    frame = plan.frame
    applied = any(row.outcome != "not run" for row in plan.rows)
    columns = [c for c in frame.columns if c not in ("outcome", "reason") or applied]
    if not plan.errors:
        columns = [c for c in columns if c not in ("problem", "fix")]
    head = "".join(f'<th style="{_CELL}">{html.escape(c)}</th>' for c in columns)
    body = []
    for record in frame.head(MAX_ROWS).to_dict("records"):
        tds = []
        for c in columns:
            value = record[c]
            if c == "status":
                tds.append(_cell(value, tint=TINTS.get(str(value)), strong=True))
            elif c == "outcome":
                tds.append(_cell(value, tint=TINTS.get(str(value))))
            else:
                tds.append(_cell(value))
        body.append("<tr>" + "".join(tds) + "</tr>")
    more = (
        f"<p>… {len(frame) - MAX_ROWS} more rows: see <code>plan.frame</code></p>"
        if len(frame) > MAX_ROWS
        else ""
    )
    title = html.escape(f"Plan {plan.id} ({plan.kind.replace('_', ' ')}): {plan.summary()}")
    return (
        f'<div class="zpro-plan"><p><b>{title}</b></p>'
        f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{more}</div>"
    )


def journal_html(entries: Sequence[JournalEntry]) -> str:
    """The journal as an HTML table, newest first."""
    rows = []
    for entry in list(reversed(entries))[:MAX_ROWS]:
        tint = TINTS["to add"] if entry.change.adds else TINTS["to remove"]
        rows.append(
            "<tr>"
            + _cell(entry.time.strftime("%Y-%m-%d %H:%M:%S UTC"))
            + _cell(entry.actor)
            + _cell(entry.change.describe(), tint=tint)
            + _cell(entry.inverse.describe())
            + _cell(entry.source)
            + _cell(entry.plan_id)
            + "</tr>"
        )
    head = "".join(
        f'<th style="{_CELL}">{h}</th>' for h in ("time", "by", "change", "undo", "source", "plan")
    )
    noun = "change" if len(entries) == 1 else "changes"
    return (
        f'<div class="zpro-journal"><p><b>Journal: {len(entries)} {noun}</b> (newest first)</p>'
        f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
