"""Serve the sandbox over HTTP on 127.0.0.1: ``python -m zpro_nb.emulator`` or ``zpro-nb sandbox``.

The first line of stdout is one JSON object ``{"url", "tokens", "api_keys"}`` (the demo users'
credentials), printed once the socket is bound, so callers can read it and connect at once.
SIGINT or SIGTERM stop the server cleanly with exit status 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import sys
from types import FrameType

import uvicorn

from .app import create_app
from .contracts import SandboxConfig
from .faults import check_error_statuses

LOOPBACK = "127.0.0.1"


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("a share of requests is between 0 and 1")
    return value


def _error_statuses(text: str) -> tuple[int, ...]:
    try:
        statuses = tuple(int(part) for part in text.split(","))
        check_error_statuses(statuses)
    except ValueError:
        raise argparse.ArgumentTypeError("a comma-separated list drawn from 500, 502, 503, 504") from None
    return statuses


def _non_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be an integer >= 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zpro-nb sandbox", description="Serve the ZenML Pro sandbox on 127.0.0.1."
    )
    parser.add_argument("--host", default=LOOPBACK, help="only 127.0.0.1 (or localhost) is allowed")
    parser.add_argument("--port", type=int, default=8237, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=SandboxConfig.seed)
    parser.add_argument("--scale", choices=("demo", "large"), default="demo")
    parser.add_argument("--latency-ms", type=_non_negative, default=0.0)
    parser.add_argument("--jitter-ms", type=_non_negative, default=0.0)
    parser.add_argument("--rate-limit", type=float, default=None, help="requests per second per token")
    parser.add_argument("--error-rate", type=_share, default=0.0)
    parser.add_argument(
        "--error-statuses",
        type=_error_statuses,
        default=(500, 502, 503),
        help="comma-separated server errors --error-rate draws from (default 500,502,503)",
    )
    parser.add_argument("--throttle-rate", type=_share, default=0.0)
    parser.add_argument("--drop-rate", type=_share, default=0.0)
    parser.add_argument("--lost-response-rate", type=_share, default=0.0)
    parser.add_argument("--fault-seed", type=int, default=SandboxConfig.fault_seed)
    parser.add_argument("--token-lifetime", type=int, default=SandboxConfig.token_lifetime_s, help="seconds")
    parser.add_argument(
        "--ready-delay", type=_non_negative, default=SandboxConfig.workspace_ready_delay_s, help="seconds"
    )
    parser.add_argument(
        "--workspace-limit",
        type=_positive_int,
        default=SandboxConfig.workspace_limit,
        metavar="N",
        help="workspaces per organization, seeded or created (default: 2 for new organizations)",
    )
    return parser


def config_from_args(args: argparse.Namespace) -> SandboxConfig:
    return SandboxConfig(
        seed=args.seed,
        scale=args.scale,
        workspace_ready_delay_s=args.ready_delay,
        token_lifetime_s=args.token_lifetime,
        latency_ms=args.latency_ms,
        jitter_ms=args.jitter_ms,
        rate_limit=args.rate_limit,
        error_rate=args.error_rate,
        error_statuses=args.error_statuses,
        throttle_rate=args.throttle_rate,
        drop_rate=args.drop_rate,
        lost_response_rate=args.lost_response_rate,
        fault_seed=args.fault_seed,
        workspace_limit=args.workspace_limit,
    )


def bind_loopback(port: int) -> socket.socket:
    """Bind (and listen on) 127.0.0.1:``port`` ourselves so the port is known before we announce it."""
    # Naming TCP explicitly lets asyncio switch Nagle's algorithm off on each accepted connection
    # (it only does so for IPPROTO_TCP sockets); without it every answer on a kept-alive connection
    # waited ~40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _ignore(signum: int, frame: FrameType | None) -> None:
    # uvicorn re-raises the signal it caught once it has stopped; by then there is nothing left to do.
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the sandbox server until SIGINT/SIGTERM; 0 on a clean stop, 2 on bad arguments."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.host not in (LOOPBACK, "localhost"):
        parser.error(f"the sandbox serves on {LOOPBACK} only, not {args.host!r}")
    if args.rate_limit is not None and args.rate_limit <= 0:
        parser.error("--rate-limit must be > 0")
    try:
        sock = bind_loopback(args.port)
    except OSError as exc:
        print(f"cannot bind {LOOPBACK}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    # This process is the sandbox's alone: what it seeds lives as long as the process, so it is
    # frozen out of the garbage collector's full sweeps (never in a notebook's process).
    app = create_app(config_from_args(args), freeze_seeded=True)
    port = sock.getsockname()[1]
    announcement = {"url": f"http://{LOOPBACK}:{port}", **app.state.demo_credentials}
    sys.stdout.write(json.dumps(announcement) + "\n")
    sys.stdout.flush()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _ignore)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    try:
        asyncio.run(server.serve(sockets=[sock]))
    finally:
        sock.close()
    return 0
