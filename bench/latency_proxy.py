"""A TCP proxy that adds a fixed delay to every byte, each way: a long network in one process.

``python -m bench.latency_proxy --upstream 127.0.0.1:8080 --latency-ms 40`` listens on a free
loopback port, prints ``{"port": N}`` and forwards every connection to the upstream. Whatever is
read on one side is written to the other ``latency_ms`` later (order kept, no bandwidth limit), so
one request/response exchange costs a round trip of ``2 x latency_ms`` more than over bare
loopback, and a new connection first waits one round trip, as a TCP handshake would.

It runs as a process of its own (:func:`latency_proxy`): in the client's process it would take the
client's CPU and GIL, and the figures would mix the two. Standard library only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHUNK = 256 * 1024


def _nodelay(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Copy ``reader`` to ``writer``, each chunk ``delay`` seconds after it arrived."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                with contextlib.suppress(OSError):
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    delivering = asyncio.ensure_future(deliver())
    try:
        while True:
            data = await reader.read(CHUNK)
            queue.put_nowait((loop.time() + delay, data))
            if not data:
                break
        await delivering
    except (ConnectionError, OSError):
        delivering.cancel()


async def _serve(upstream_host: str, upstream_port: int, delay: float) -> None:
    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        _nodelay(client_w)
        try:
            # A new connection costs a round trip before the first byte of a request gets through.
            await asyncio.sleep(2 * delay)
            server_r, server_w = await asyncio.open_connection(upstream_host, upstream_port)
        except OSError:
            client_w.close()
            return
        _nodelay(server_w)
        try:
            await asyncio.gather(_pipe(client_r, server_w, delay), _pipe(server_r, client_w, delay))
        finally:
            for w in (client_w, server_w):
                with contextlib.suppress(OSError):
                    w.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=512)
    port = server.sockets[0].getsockname()[1]
    print(json.dumps({"port": port}), flush=True)
    # The proxy holds no state worth a clean shutdown: SIGTERM ends it at once, mid-transfer or not.
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, os._exit, 0)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    """Parse ``--upstream HOST:PORT --latency-ms MS`` and serve until SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m bench.latency_proxy")
    parser.add_argument("--upstream", required=True, help="HOST:PORT on loopback")
    parser.add_argument("--latency-ms", type=float, default=40.0, help="added delay each way")
    args = parser.parse_args(argv)
    host, _, port = args.upstream.rpartition(":")
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit("the proxy forwards to loopback only")
    asyncio.run(_serve(host, int(port), args.latency_ms / 1000))


@contextmanager
def latency_proxy(upstream_url: str, latency_ms: float) -> Iterator[str]:
    """Start the proxy in front of ``upstream_url`` (``http://127.0.0.1:PORT``); yield its URL; stop it."""
    hostport = upstream_url.split("://", 1)[1].rstrip("/")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.latency_proxy",
            "--upstream",
            hostport,
            "--latency-ms",
            str(latency_ms),
        ],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("the latency proxy printed no port")
        yield f"http://127.0.0.1:{json.loads(line)['port']}"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()


if __name__ == "__main__":
    main()
