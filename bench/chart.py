"""One bar chart of the network figures: zpro_nb, its peer and the floor, side by side per figure.

``python -m bench --chart docs/img/bench.png`` draws it from the run's own figures (matplotlib, the
``lab`` extra's dependency; imported only when a chart is asked for).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from bench.report import Figure

#: detail keys holding (zpro_nb seconds, peer seconds) per kind of figure
PAIRS = (
    # the real-server figures are judged on each side's best sample (bench/bench_peer.py)
    ("zpro_nb_best_s", "zenml_best_s"),
    ("zpro_nb_median_s", "zenml_median_s"),
    ("a_median_s", "b_median_s"),
    ("median_s", None),
)


def bars(figures: Sequence[Figure]) -> list[tuple[str, float, float | None, float]]:
    """(short label, zpro_nb s, peer s or None, floor s) for every figure that has a floor."""
    out = []
    for figure in figures:
        details = figure.details
        floor = details.get("floor_s")
        if not isinstance(floor, int | float):
            continue
        # The first pair the figure holds both sides of; else the first that has zpro_nb's alone
        # (a figure may carry zpro_nb's median beside a pair drawn under other names).
        held = [
            (details[ours_key], details.get(peer_key) if peer_key else None)
            for ours_key, peer_key in PAIRS
            if isinstance(details.get(ours_key), int | float)
        ]
        both = [(ours, peer) for ours, peer in held if isinstance(peer, int | float)]
        if not held:
            continue
        ours, peer = (both or held)[0]
        label = re.sub(r" \([^)]*\)", "", figure.name).replace("real server: ", "")
        out.append((label, float(ours), float(peer) if isinstance(peer, int | float) else None, floor))
    return out


def draw(figures: Sequence[Figure], path: Path, title: str) -> Path:
    """Write the chart as a PNG at ``path``; returns it."""
    import matplotlib

    matplotlib.use("Agg")  # no display: the chart is a file
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    rows = bars(figures)
    fig, ax = plt.subplots(figsize=(10, 0.8 + 0.75 * max(len(rows), 1)))
    height = 0.26
    labelled: set[str] = set()

    def once(name: str) -> str | None:
        # Each series named once in the legend, whichever row draws it first.
        if name in labelled:
            return None
        labelled.add(name)
        return name

    for i, (_, ours, peer, floor) in enumerate(rows):
        y = len(rows) - 1 - i
        ax.barh(y + height, ours, height, color="#5b3fd4", label=once("zpro_nb"))
        if peer is not None:
            ax.barh(y, peer, height, color="#e08a2c", label=once("peer (ZenML's Client / plain loop)"))
        ax.barh(y - height, floor, height, color="#9a9a9a", label=once("floor"))
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in reversed(rows)], fontsize=8)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("seconds (log scale, lower is better)")
    ax.set_title(title, fontsize=10)
    # Below the axes: inside them it covered the bars of whichever figure sat in its corner.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3, fontsize=8, frameon=False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
