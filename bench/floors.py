"""The physical floor of a network figure, and what sets it.

No client can finish before its calls that ran one after another have each paid a round trip
(``calls in sequence x round trip``), before its calls have passed through its concurrency cap
(``calls x round trip / concurrency``), nor before the server has done its own work for them and
the answer has come back: the same requests timed with no added latency, plus one round trip. That
round trip overlaps none of the server's work: the server cannot start before the first request
has crossed the network, and the last answer still has to cross it after the server is done. (Added
round trips and the server's work cannot simply be ``max``-ed: for one call they add up.)

A round that starts after the connection has idled past the server's keep-alive (uvicorn closes an
idle connection after 5 s; httpx drops its own after 5 s too) must open a new connection first: one
more round trip (the TCP handshake) before any request leaves, whatever the client.
``handshake_s`` carries it and is added to every bound.

The floor is the largest of the three; the figure says which one it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEQUENCE = "round trips in sequence"
CONCURRENCY = "calls / concurrency"
SERVER = "the server's own work"


@dataclass(frozen=True)
class Floor:
    """The three lower bounds of one measured operation, in seconds."""

    calls: int
    chain: int
    round_trip_s: float
    concurrency: int
    server_s: float | None
    #: how the server's own time was measured, for the figure's text
    server_label: str = "server alone"
    #: a connection opened before the first request could go (for the sample judged), seconds
    handshake_s: float = 0.0

    @property
    def sequence_s(self) -> float:
        """Calls that ran one after another, a round trip each."""
        return self.handshake_s + self.chain * self.round_trip_s

    @property
    def concurrency_s(self) -> float:
        """All calls, ``concurrency`` round trips at a time."""
        return self.handshake_s + self.calls * self.round_trip_s / self.concurrency

    @property
    def network_s(self) -> float:
        """``max(calls in sequence x latency, calls x latency / concurrency)``."""
        return max(self.sequence_s, self.concurrency_s)

    @property
    def server_bound_s(self) -> float | None:
        """The server's own time plus the one round trip it cannot overlap (and any handshake)."""
        if self.server_s is None:
            return None
        return self.handshake_s + self.server_s + self.round_trip_s

    @property
    def seconds(self) -> float:
        """The floor: the largest bound."""
        return max(self.network_s, self.server_bound_s or 0.0)

    @property
    def limited_by(self) -> str:
        """Which bound is the floor."""
        server = self.server_bound_s
        if server is not None and server >= self.network_s:
            return SERVER
        return SEQUENCE if self.sequence_s >= self.concurrency_s else CONCURRENCY

    def text(self) -> str:
        """``floor 1.23 s (the server's own work; network 0.16 s = 2 in sequence x 80 ms)``."""
        rtt_ms = self.round_trip_s * 1000
        network = (
            f"network {self.network_s:.2f} s = max({self.chain} in sequence x {rtt_ms:g} ms, "
            f"{self.calls} calls x {rtt_ms:g} ms / {self.concurrency})"
        )
        handshake = f"{self.handshake_s * 1000:g} ms handshake + " if self.handshake_s else ""
        network = network.replace("max(", f"{handshake}max(", 1) if handshake else network
        server = (
            ""
            if self.server_s is None
            else f", {self.server_label} {self.server_s:.2f} s + {rtt_ms:g} ms round trip"
            + (f" + {self.handshake_s * 1000:g} ms handshake" if self.handshake_s else "")
        )
        return f"floor {self.seconds:.2f} s, set by {self.limited_by} ({network}{server})"

    def as_details(self) -> dict[str, Any]:
        """The bounds for the JSON details."""
        return {
            "floor_s": round(self.seconds, 4),
            "floor_limited_by": self.limited_by,
            "floor_sequence_s": round(self.sequence_s, 4),
            "floor_concurrency_s": round(self.concurrency_s, 4),
            "floor_server_s": None if self.server_s is None else round(self.server_s, 4),
            "floor_server_measured_as": self.server_label,
            "floor_server_bound_s": None if self.server_bound_s is None else round(self.server_bound_s, 4),
            "floor_handshake_s": round(self.handshake_s, 4),
            "calls": self.calls,
            "calls_in_sequence": self.chain,
            "round_trip_ms": self.round_trip_s * 1000,
            "concurrency": self.concurrency,
        }
