"""Serve the sandbox as ``python -m zpro_nb.sandbox`` does, with ``TCP_NODELAY`` on its socket.

``zpro_nb.sandbox.server.bind_loopback`` creates its listening socket as
``socket.socket(AF_INET, SOCK_STREAM)``: protocol 0, so asyncio's automatic ``TCP_NODELAY`` (applied
only to sockets whose ``proto`` is ``IPPROTO_TCP``) never reaches the accepted connections. uvicorn
then writes each answer's head and body separately, Nagle holds the body back until the head is
acknowledged, and the client's delayed ACK makes that ~40 ms on every request of a kept-alive
connection. A real workspace or Pro server (uvicorn binding its own socket) has no such stall, and a
stall that sequential code pays on every call while concurrent code overlaps it would flatter
zpro_nb. So the benchmarks serve the sandbox with the option set; once ``bind_loopback`` sets it
itself this wrapper changes nothing.
"""

from __future__ import annotations

import socket
import sys

from zpro_nb.sandbox import server


def main(argv: list[str]) -> int:
    """Run the sandbox server with ``argv``, its listening socket (and so its connections) no-delay."""
    bind = server.bind_loopback

    def bind_no_delay(port: int) -> socket.socket:
        sock = bind(port)
        # Linux hands TCP_NODELAY from the listening socket down to every accepted connection.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    server.bind_loopback = bind_no_delay
    return server.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
