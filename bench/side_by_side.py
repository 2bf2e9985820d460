"""A/B measurements in one run: alternate the two sides so drift (a warming cache, a busy
neighbour, CPU frequency) lands on both, not on whichever happened to run second."""

from __future__ import annotations

import statistics
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Comparison:
    """Seconds per round for side A (zpro_nb) and side B (the plain approach)."""

    a: tuple[float, ...]
    b: tuple[float, ...]

    @property
    def best_a(self) -> float:
        """The fastest round of A."""
        return min(self.a)

    @property
    def best_b(self) -> float:
        """The fastest round of B."""
        return min(self.b)

    @property
    def median_a(self) -> float:
        """The median round of A."""
        return statistics.median(self.a)

    @property
    def median_b(self) -> float:
        """The median round of B."""
        return statistics.median(self.b)

    def as_details(self) -> dict[str, float | list[float]]:
        """Every round and summary, rounded to the microsecond, for the JSON details."""
        return {
            "a_rounds_s": [round(x, 6) for x in self.a],
            "b_rounds_s": [round(x, 6) for x in self.b],
            "a_median_s": round(self.median_a, 6),
            "b_median_s": round(self.median_b, 6),
            "a_best_s": round(self.best_a, 6),
            "b_best_s": round(self.best_b, 6),
        }


def alternate(a: Callable[[], float], b: Callable[[], float], rounds: int) -> Comparison:
    """Run A and B ``rounds`` times each as ABBA ABBA...; each call returns its own timed seconds.

    The callables time themselves so their setup (a login, a fresh client) stays out of the figure.
    """
    ta: list[float] = []
    tb: list[float] = []
    for i in range(rounds):
        if i % 2 == 0:
            ta.append(a())
            tb.append(b())
        else:
            tb.append(b())
            ta.append(a())
    return Comparison(tuple(ta), tuple(tb))


async def alternate_async(
    a: Callable[[], Awaitable[float]], b: Callable[[], Awaitable[float]], rounds: int
) -> Comparison:
    """The async twin of :func:`alternate`."""
    ta: list[float] = []
    tb: list[float] = []
    for i in range(rounds):
        if i % 2 == 0:
            ta.append(await a())
            tb.append(await b())
        else:
            tb.append(await b())
            ta.append(await a())
    return Comparison(tuple(ta), tuple(tb))
