"""Declared frame schemas and the fast records -> DataFrame builder.

``SCHEMAS["workspaces"].build(records)`` lays JSON records out under the workspaces schema;
importing this package also registers the ``df.zpro`` accessor (``df.zpro.raw``).
"""

from __future__ import annotations

from . import pro, workspace, workspace_lineage
from .accessor import ZproAccessor
from .build import build_frame
from .catalog import SCHEMAS, catalog_markdown
from .display import start_display as _start_display
from .raw import FrameSource
from .schema import Category, Column, FrameSchema, col

__all__ = [
    "SCHEMAS",
    "Category",
    "Column",
    "FrameSchema",
    "FrameSource",
    "ZproAccessor",
    "build_frame",
    "catalog_markdown",
    "col",
    "pro",
    "workspace",
    "workspace_lineage",
]

# In a notebook, zpro_nb frames read well by default (only their HTML changes; see display.py).
_start_display()
