"""The access matrix reads at a glance in a notebook: short names, team marker, colour by privilege."""

from __future__ import annotations

import pandas as pd
from IPython.core.interactiveshell import InteractiveShell

from zpro_nb.frames import display as frame_display
from zpro_nb.views.matrix_display import VIEW_ATTR, matrix_html, short_role


def matrix() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "production": ["Workspace Admin (direct)", ""],
            "staging": [
                "Workspace Viewer (via team ml)",
                "Workspace Developer (direct); Workspace Viewer (direct)",
            ],
        },
        index=pd.Index(["ada", "bob"], name="user"),
        dtype="string",
    )
    frame.attrs[VIEW_ATTR] = "access_matrix"
    return frame


def test_cells_are_short_coloured_badges_with_the_full_text_on_hover() -> None:
    page = matrix_html(matrix())
    assert '<span class="zpro-role zpro-role-top" title="Workspace Admin (direct)">Admin</span>' in page
    assert "Viewer <i>⁺team ml</i>" in page
    assert "zpro-role-low" in page  # a viewer is not coloured like an admin
    assert "Developer</span><span" in page  # two roles in one cell, two badges, nothing cut
    assert short_role("Organization Manager") == "Manager"


def test_the_notebook_shows_the_matrix_as_badges_and_the_data_is_unchanged() -> None:
    shell = InteractiveShell.instance()
    try:
        frame_display.register_display(shell)
        frame = matrix()
        html = shell.display_formatter.format(frame)[0]["text/html"]
        assert "zpro-matrix" in html
        assert frame.loc["ada", "production"] == "Workspace Admin (direct)"
    finally:
        InteractiveShell.clear_instance()
