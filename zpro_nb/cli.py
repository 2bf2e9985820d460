"""The ``zpro-nb`` command: ``demo``, ``sandbox``, ``whoami``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__


def _demo(args: argparse.Namespace) -> int:
    import zpro_nb

    with zpro_nb.sandbox(seed=args.seed) as s:
        print("zpro_nb demo - everything below comes from the in-process sandbox; nothing leaves this machine.\n")
        print(repr(s))
        print("\nOrganizations")
        print(s.organizations()[["name", "id"]].to_string(index=False))
        print("\nWorkspaces")
        print(s.workspaces()[["organization_name", "name", "status", "url"]].to_string(index=False))
    return 0


def _whoami(args: argparse.Namespace) -> int:
    import zpro_nb

    with zpro_nb.connect(url=args.url) as s:
        print(repr(s))
    return 0


def _sandbox(argv: Sequence[str]) -> int:
    from .sandbox.server import main as sandbox_main

    return sandbox_main(list(argv))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zpro-nb",
        description="Run ZenML Pro from notebooks: a local sandbox, headless runbooks, and who-am-I.",
    )
    parser.add_argument("--version", action="version", version=f"zpro-nb {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser(
        "demo", help="show who you are, the organizations and workspaces of an in-process sandbox"
    )
    demo.add_argument("--seed", type=int, default=7, help="seed of the sandbox's demo data (default 7)")
    demo.set_defaults(handler=_demo)

    whoami = sub.add_parser(
        "whoami",
        help="sign in (ZENML_PRO_API_TOKEN or ZENML_PRO_API_KEY, else a prompt) and show who you are",
    )
    whoami.add_argument("--url", default=None, help="Pro API URL (default: ZENML_PRO_API_URL or ZenML's cloud)")
    whoami.set_defaults(handler=_whoami)

    sub.add_parser(
        "sandbox",
        help="serve the sandbox on 127.0.0.1 (see `zpro-nb sandbox --help`)",
        add_help=False,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``zpro-nb`` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The sandbox parses its own options, so `python -m zpro_nb.sandbox` and `zpro-nb sandbox` agree.
    if args_list and args_list[0] == "sandbox":
        return _sandbox(args_list[1:])
    args = build_parser().parse_args(args_list)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
