"""How a zpro_nb frame looks in a notebook: what people read first, without touching the frame.

The frame itself keeps its schema and dtypes; only its HTML changes. Names and status come first
and ids last; times are shown to the minute, durations in words, URLs as links; missing values
are blank and long cells wrap. With :func:`interactive_tables` switched on (and the optional
``itables`` package installed), frames longer than a screen get sorting, search and paging.
Frames that zpro_nb did not build are shown by pandas as always.
"""

from __future__ import annotations

import html
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

import pandas as pd

from .._core.durations import format_duration
from .raw import FrameSource

#: Columns a person looks for first, in this order (when a frame has them).
_LEADING = (
    "workspace",
    "name",
    "display_name",
    "username",
    "email",
    "full_name",
    "user",
    "team",
    "role",
    "role_name",
    "pipeline_name",
    "status",
    "is_active",
    "last_login",
    "start_time",
    "end_time",
    "duration",
    "created",
)
#: Above this many rows a frame is shown as an interactive table (when switched on).
INTERACTIVE_FROM_ROWS = 20
_STYLE = (
    "<style>.zpro-frame td{max-width:28em;white-space:normal;overflow-wrap:anywhere;"
    "vertical-align:top}.zpro-frame th{white-space:nowrap}</style>"
)

#: ``df.attrs[VIEW_ATTR]`` names how an analysis frame (not a resource frame) is shown; the
#: analyses register their renderers here, so this module needs to know none of them.
VIEW_ATTR = "zpro_view"
VIEW_RENDERERS: dict[str, Callable[[pd.DataFrame], str]] = {}

_state = {"interactive": False, "registered": False}
logger = logging.getLogger("zpro_nb")


def display_order(columns: list[str]) -> list[str]:
    """The frame's columns as shown: leading columns first, then the rest, ids and id columns last."""
    lead = [c for c in _LEADING if c in columns]
    ids = [c for c in columns if c == "id" or c.endswith("_id") or c.endswith("_ids")]
    rest = [c for c in columns if c not in lead and c not in ids]
    return lead + rest + ids


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` as text for showing: ordered columns, minutes, words, links, blanks."""
    shown = pd.DataFrame(index=frame.index)
    for name in display_order([str(c) for c in frame.columns]):
        shown[name] = _cells(name, frame[name])
    return shown


def _cells(name: str, column: pd.Series) -> list[str]:
    if isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(column.dtype):
        return ["" if pd.isna(v) else v.strftime("%Y-%m-%d %H:%M") for v in column]
    if pd.api.types.is_timedelta64_dtype(column.dtype):
        return ["" if pd.isna(v) else format_duration(v.to_pytimedelta()) for v in column]
    if pd.api.types.is_bool_dtype(column.dtype):
        return ["" if pd.isna(v) else ("yes" if v else "no") for v in column]
    is_url = name == "url" or name.endswith("_url")
    out = []
    for value in column:
        if value is None or (not isinstance(value, list | dict) and pd.isna(value)):
            out.append("")
        elif is_url and isinstance(value, str) and value.startswith(("http://", "https://")):
            link = html.escape(value, quote=True)
            out.append(f'<a href="{link}" target="_blank" rel="noopener">{html.escape(value)}</a>')
        else:
            out.append(html.escape(str(value)))
    return out


def frame_html(frame: pd.DataFrame) -> str:
    """The HTML a notebook shows for a zpro_nb frame (an interactive table when switched on)."""
    shown = readable(frame)
    if _state["interactive"] and len(frame) > INTERACTIVE_FROM_ROWS:
        import itables  # lazy: itables (optional)

        return str(itables.to_html_datatable(shown, allow_html=True, showIndex=False, maxBytes=0))
    body = shown.to_html(escape=False, index=False, classes="zpro-frame", border=0, max_rows=60)
    return _STYLE + body + f"<p><small>{len(frame):,} rows × {frame.shape[1]} columns</small></p>"


def _html_formatter(frame: pd.DataFrame) -> str | None:
    view = VIEW_RENDERERS.get(str(frame.attrs.get(VIEW_ATTR, "")))
    if view is not None:
        return view(frame)
    if not isinstance(frame.attrs.get(FrameSource.ATTR), FrameSource):
        return frame._repr_html_()  # type: ignore[operator,no-any-return]
    return frame_html(frame)


def register_display(shell: Any | None = None) -> bool:
    """Show zpro_nb frames readably in this IPython (once); ``False`` outside IPython."""
    if shell is None:
        ipython = sys.modules.get("IPython")
        get = getattr(ipython, "get_ipython", None)
        shell = get() if callable(get) else None
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", None)
    if not formatters or "text/html" not in formatters:
        return False
    formatters["text/html"].for_type(pd.DataFrame, _html_formatter)
    _state["registered"] = True
    return True


#: ``zpro-nb lab`` sets this for its kernels: long frames are interactive from the first cell.
INTERACTIVE_ENV = "ZPRO_NB_INTERACTIVE_TABLES"


def start_display() -> None:
    """Register the readable display in IPython; interactive too when ``INTERACTIVE_ENV`` is ``1``."""
    if not register_display():
        return
    if os.environ.get(INTERACTIVE_ENV) == "1":
        try:
            interactive_tables(True)
        except ImportError:
            logger.warning("%s=1 but itables is not installed: tables stay static", INTERACTIVE_ENV)


def interactive_tables(on: bool = True) -> None:
    """Show long zpro_nb frames with sorting, search and paging (needs ``pip install zpro-nb[tables]``).

    The table code is embedded in the notebook, so it works offline. ``zpro-nb lab`` and the
    runbooks switch it on; plain Python never needs it.
    """
    if on:
        try:
            import itables  # lazy: itables (optional)
        except ImportError as exc:
            raise ImportError(
                "interactive_tables needs the optional package itables: pip install 'zpro-nb[tables]'"
            ) from exc
        _init_itables_in_order(itables)
        register_display()
    _state["interactive"] = on


def _init_itables_in_order(itables: Any) -> None:
    """``itables.init_notebook_mode`` with its two outputs joined into one, the library first.

    itables displays a module script that awaits the embedded library, then (in a second output)
    the script defining it. JupyterLab may run the first before the second arrives: the browser then
    logs "Cannot destructure property 'set_or_remove_dark_class'" and the dark theme is not applied.
    In one output, with the defining (classic) script first, it is always defined in time.
    """
    # lazy: IPython, only inside a notebook
    from IPython import get_ipython
    from IPython.display import HTML, display
    from IPython.utils.capture import capture_output

    if get_ipython() is None:  # no frontend to draw anything: nothing to order
        itables.init_notebook_mode(all_interactive=False)
        return
    with capture_output(stdout=False, stderr=False, display=True) as captured:
        itables.init_notebook_mode(all_interactive=False)
    parts = [o.data.get("text/html", "") for o in captured.outputs]
    if len(parts) != len(captured.outputs) or not all(parts):
        captured.show()  # type: ignore[no-untyped-call]  # not all HTML: show them as they came
        return
    # The scripts that await the library after the one that defines it (a stable sort keeps the rest).
    ordered = sorted(parts, key=lambda part: "await window." in part)
    display(HTML("\n".join(ordered)))  # type: ignore[no-untyped-call]
