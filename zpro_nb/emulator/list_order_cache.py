"""Sorted (and filtered) orders of a big workspace collection, reused from one page to the next.

Paging through 20,000 runs asks for the same order twenty times; sorting them again for every page
made the sandbox, not the client, the slow side of the paging benchmark. An order is kept under a
*stamp* the owner derives from everything the sort and the filters read (see
:class:`VersionedDict`); a new stamp drops every kept order.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Generic, SupportsIndex, TypeVar

E = TypeVar("E")
K = TypeVar("K")
V = TypeVar("V")

#: distinct (sort, filters) orders kept per collection; the oldest-used goes first
MAX_ORDERS = 16


class VersionedDict(dict[K, V]):
    """A dict whose ``version`` grows on every change of its keys or values.

    Changes *inside* a value (an attribute of a stored record) do not count: the stamp of a cache
    built on this must cover those another way.
    """

    version: int = 0

    def _bump(self) -> None:
        self.version += 1

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self._bump()

    def __delitem__(self, key: K) -> None:
        super().__delitem__(key)
        self._bump()

    def pop(self, key: K, *default: V) -> V:  # type: ignore[override]
        value = super().pop(key, *default)
        self._bump()
        return value

    def popitem(self) -> tuple[K, V]:
        item = super().popitem()
        self._bump()
        return item

    def clear(self) -> None:
        super().clear()
        self._bump()

    def setdefault(self, key: K, default: V) -> V:
        value = super().setdefault(key, default)
        self._bump()
        return value

    def update(self, *args: Mapping[K, V] | Iterable[tuple[K, V]], **kwargs: V) -> None:  # type: ignore[override]
        super().update(*args, **kwargs)  # type: ignore[arg-type]
        self._bump()

    def __ior__(self, other: Mapping[K, V] | Iterable[tuple[K, V]]) -> VersionedDict[K, V]:  # type: ignore[override,misc]
        self.update(other)
        return self


class OrderCache(Generic[E]):
    """Orders of one collection by (sort, filters) key, valid while the stamp stays the same."""

    def __init__(self, max_orders: SupportsIndex = MAX_ORDERS) -> None:
        self._max = int(max_orders)
        self._stamp: Hashable = None
        self._orders: OrderedDict[Hashable, list[E]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._orders)

    def order(self, stamp: Hashable, key: Hashable, compute: Callable[[], list[E]]) -> list[E]:
        """The kept order for ``key`` under ``stamp``, else ``compute()`` (kept for next time).

        The returned list is shared: callers slice it and never change it.
        """
        if stamp != self._stamp:
            self._orders.clear()
            self._stamp = stamp
        found = self._orders.get(key)
        if found is not None:
            self._orders.move_to_end(key)
            return found
        computed = compute()
        self._orders[key] = computed
        if len(self._orders) > self._max:
            self._orders.popitem(last=False)
        return computed
