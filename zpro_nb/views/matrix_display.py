"""The access matrix at a glance: short role names, a marker for roles held through a team, and a
colour per level of privilege. Only the notebook's HTML changes; the matrix keeps its full text."""

from __future__ import annotations

import html
import re

import pandas as pd

from ..frames.display import VIEW_ATTR, VIEW_RENDERERS
from ..models.pro.privilege import privilege_rank

__all__ = ["VIEW_ATTR", "matrix_html", "short_role"]
_CELL = re.compile(r"^(?P<role>.+?) \((?P<how>direct|via (?P<team>.+))\)$")
_STYLE = """<style>
.zpro-matrix td, .zpro-matrix th { padding: 2px 6px; text-align: left; vertical-align: top; }
.zpro-matrix th { white-space: nowrap; }
.zpro-role { display: inline-block; margin: 1px 2px; padding: 0 6px; border-radius: 8px; white-space: nowrap;
  font-size: 0.9em; border: 1px solid var(--jp-border-color2, #8886); }
.zpro-role-low { background: var(--jp-layout-color2, #eee); }
.zpro-role-mid { background: color-mix(in srgb, var(--jp-brand-color1, #1976d2) 25%, transparent); }
.zpro-role-high { background: color-mix(in srgb, var(--jp-warn-color1, #e65100) 30%, transparent); }
.zpro-role-top { background: color-mix(in srgb, var(--jp-error-color1, #c62828) 35%, transparent);
  font-weight: 600; }
</style>"""
_LEGEND = (
    "<p><small>Colour: grey read-only · blue builds · orange manages · red admin. "
    "<i>⁺team</i>: held through that team.</small></p>"
)


def short_role(role: str) -> str:
    """``Workspace Admin`` -> ``Admin``: the column already says it is a workspace."""
    return role.removeprefix("Workspace ").removeprefix("Organization ") or role


def _tone(role: str) -> str:
    rank = privilege_rank(role)
    return "top" if rank >= 6 else "high" if rank >= 4 else "mid" if rank >= 2 else "low"


def _badges(cell: object) -> str:
    if cell is None or cell is pd.NA or not str(cell):
        return ""
    out = []
    for part in str(cell).split("; "):
        found = _CELL.match(part)
        role = found["role"] if found else part
        team = found["team"] if found else None
        label = html.escape(short_role(role)) + (f" <i>⁺{html.escape(team)}</i>" if team else "")
        title = html.escape(part, quote=True)
        out.append(f'<span class="zpro-role zpro-role-{_tone(role)}" title="{title}">{label}</span>')
    return "".join(out)


def matrix_html(matrix: pd.DataFrame) -> str:
    """The matrix as badges: one row per user, one column per workspace."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in matrix.columns)
    rows = []
    for user, values in zip(matrix.index, matrix.itertuples(index=False), strict=True):
        cells = "".join(f"<td>{_badges(v)}</td>" for v in values)
        rows.append(f"<tr><th>{html.escape(str(user))}</th>{cells}</tr>")
    table = (
        f'<table class="zpro-matrix"><thead><tr><th>user</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return _STYLE + table + _LEGEND


VIEW_RENDERERS["access_matrix"] = matrix_html
