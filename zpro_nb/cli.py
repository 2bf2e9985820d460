"""The ``zpro-nb`` command: ``demo``, ``lab``, ``run``, ``sandbox``, ``whoami``."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from . import __version__
from ._core.error_block import error_block
from ._core.errors import ZProError
from .notebook_errors import DEBUG_ENV
from .notebook_session import connect, open_sandbox_session
from .runbooks import (
    KEY_ENV,
    SANDBOX_URL_ENV,
    TOKEN_ENV,
    URL_ENV,
    die_with_parent,
    execute_notebook,
    notebook_to_html,
    parse_parameter,
    start_sandbox_server,
    write_notebook,
)


def _demo(args: argparse.Namespace) -> int:
    with open_sandbox_session(seed=args.seed) as s:
        print(
            "zpro_nb demo - everything below comes from the in-process sandbox; "
            "nothing leaves this machine.\n"
        )
        print(repr(s))
        print("\nOrganizations")
        print(s.organizations()[["name", "id"]].to_string(index=False))
        print("\nWorkspaces")
        print(s.workspaces()[["organization_name", "name", "status", "url"]].to_string(index=False))
    return 0


def _whoami(args: argparse.Namespace) -> int:
    with connect(url=args.url) as s:
        print(repr(s))
    return 0


LAB_EXTRA_HINT = "this command needs the lab extra: pip install 'zpro-nb[lab]'"


def _default_notebook_dir() -> Path:
    # An editable install (the clone) serves its own notebooks/; otherwise the current folder.
    repo_notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    return repo_notebooks if repo_notebooks.is_dir() else Path.cwd()


def _lab_command(args: argparse.Namespace, root: Path) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={args.port}",
        f"--ServerApp.root_dir={root}",
        # No calls home from a tool that runs next to an admin's credentials.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and Binder-like images often run as root
    return [*cmd, *args.jupyter_args]


def _announce_lab_url(lab: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Print JupyterLab's URL as the last, prominent line once the server is up.

    Jupyter announces its URL among many log lines; the server also writes it to a runtime file
    named after its process id, which is read here.
    """
    from jupyter_core.paths import jupyter_runtime_dir  # lazy: jupyter (the lab extra)

    info = Path(jupyter_runtime_dir()) / f"jpserver-{lab.pid}.json"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and lab.poll() is None:
        try:
            server = json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            time.sleep(0.25)
            continue
        url = f"{server['url'].rstrip('/')}/lab"
        if server.get("token"):
            url += f"?token={server['token']}"
        time.sleep(1.0)  # let Jupyter's own start-up lines go first
        print(f"\n    JupyterLab is ready: {url}\n", flush=True)
        return


def _lab(args: argparse.Namespace) -> int:
    from .frames.display import INTERACTIVE_ENV  # lazy: frames load pandas

    root = Path(args.dir) if args.dir else _default_notebook_dir()
    if not root.is_dir():
        print(f"zpro-nb lab: no such folder: {root}", file=sys.stderr)
        return 2
    env = dict(os.environ)
    env.setdefault(INTERACTIVE_ENV, "1")  # long frames get sorting, search and paging in the lab
    sandbox = None
    if env.get(TOKEN_ENV) or env.get(KEY_ENV):
        env.pop(SANDBOX_URL_ENV, None)  # credentials of the caller's own: runbooks say "real"
        url = env.get(URL_ENV) or "ZenML's cloud API"
        print(f"Token configured: runbooks run against {url}.", flush=True)
    else:
        try:
            # Long-lived demo tokens: a lab session can outlast the default one hour.
            sandbox = start_sandbox_server("--token-lifetime", str(7 * 24 * 3600))
        except (RuntimeError, ValueError, KeyError) as exc:
            print(f"zpro-nb lab: could not start the sandbox: {exc}", file=sys.stderr)
            return 1
        env.update(sandbox.environment("admin"))
        print(f"No token configured: runbooks run on the sandbox at {sandbox.url}", flush=True)
    try:
        lab = subprocess.Popen(
            _lab_command(args, root), env=env, cwd=root, start_new_session=True, preexec_fn=die_with_parent
        )
    except BaseException:
        if sandbox is not None:
            sandbox.stop()
        raise

    threading.Thread(target=_announce_lab_url, args=(lab,), daemon=True).start()

    def stop_lab(signum: int, frame: FrameType | None) -> None:
        if lab.poll() is None:
            lab.terminate()  # JupyterLab shuts its kernels down on SIGTERM

    previous = {sig: signal.signal(sig, stop_lab) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        code = lab.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if lab.poll() is None:
            lab.terminate()
            try:
                lab.wait(15)
            except subprocess.TimeoutExpired:
                lab.kill()
                lab.wait()
        if sandbox is not None:
            sandbox.stop()
            print("Sandbox stopped.", flush=True)
    # A SIGTERM/SIGINT we asked for is a clean stop, not a failure.
    return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else code


def _run(args: argparse.Namespace) -> int:
    path = Path(args.notebook)
    if not path.is_file():
        print(f"zpro-nb run: no such notebook: {path}", file=sys.stderr)
        return 2
    try:
        parameters = dict(parse_parameter(p) for p in args.parameter)
        result = execute_notebook(path, parameters, timeout=args.timeout)
    except ValueError as exc:
        print(f"zpro-nb run: {exc}", file=sys.stderr)
        return 2
    except ImportError:  # pragma: no cover - depends on the installed extras
        print(f"zpro-nb run: {LAB_EXTRA_HINT}", file=sys.stderr)
        return 2
    # The executed copy and the report are written on failure too: they show what happened.
    if args.output:
        write_notebook(result.notebook, args.output)
    if args.html:
        Path(args.html).write_text(notebook_to_html(result.notebook), encoding="utf-8")
    written = ", ".join(str(p) for p in (args.output, args.html) if p)
    if result.failure is not None:
        print(
            f"zpro-nb run: {path} failed in cell {result.failure.index + 1} after {result.seconds:.1f} s",
            file=sys.stderr,
        )
        print(result.failure.report(), file=sys.stderr)
        if written:
            print(f"wrote {written}", file=sys.stderr)
        return 1
    where = {"sandbox": " on the sandbox", "real": " against the REAL organization", None: ""}[result.mode]
    print(f"{path}: ran in {result.seconds:.1f} s{where}" + (f"; wrote {written}" if written else ""))
    return 0


def _sandbox(argv: Sequence[str]) -> int:
    from .emulator.server import main as sandbox_main  # lazy: the emulator loads FastAPI

    return int(sandbox_main(list(argv)))


def _debug_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help="show the full traceback of an error (also inside the notebooks `run` executes)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``zpro-nb`` parser: one subcommand each (sandbox, run, lab, demo, whoami), with its handler
    set as ``handler`` and its examples in the epilog (``tests/test_cli_examples.py`` runs them)."""
    parser = argparse.ArgumentParser(
        prog="zpro-nb",
        description="Run ZenML Pro from notebooks: a local sandbox, headless runbooks, and who-am-I.",
        epilog=(
            "An error of zpro_nb's (sign-in, network, a refused request) is printed as one short "
            "block saying what to do, and the exit status is 1; --debug shows the full traceback."
        ),
    )
    parser.add_argument("--version", action="version", version=f"zpro-nb {__version__}")
    _debug_option(parser, False)
    # Accepted after the command too (`zpro-nb whoami --debug`); SUPPRESS keeps the top-level value.
    common = argparse.ArgumentParser(add_help=False)
    _debug_option(common, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="show who you are, the organizations and workspaces of an in-process sandbox",
        epilog=textwrap.dedent(
            """\
            examples:
              zpro-nb demo                    the demo data every runbook and the docs use
              zpro-nb demo --seed 3           other names, same shape
            """
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument("--seed", type=int, default=7, help="seed of the sandbox's demo data (default 7)")
    demo.set_defaults(handler=_demo)

    whoami = sub.add_parser(
        "whoami",
        parents=[common],
        help="sign in (ZENML_PRO_API_TOKEN or ZENML_PRO_API_KEY, else a prompt) and show who you are",
        epilog=textwrap.dedent(
            """\
            examples:
              ZENML_PRO_API_TOKEN=... zpro-nb whoami    with a short-lived API token
              ZENML_PRO_API_KEY=... zpro-nb whoami      with a personal access token or a ZENPROKEY_ key
            """
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    whoami.add_argument(
        "--url", default=None, help="Pro API URL (default: ZENML_PRO_API_URL or ZenML's cloud)"
    )
    whoami.set_defaults(handler=_whoami)

    lab = sub.add_parser(
        "lab",
        parents=[common],
        help="open the runbooks in JupyterLab (on the sandbox when no token is configured)",
        description=(
            "Start JupyterLab on 127.0.0.1 with the runbook notebooks. With neither ZENML_PRO_API_TOKEN nor "
            "ZENML_PRO_API_KEY set, a sandbox server is started next to it and the kernels are pointed at it "
            "(ZENML_PRO_API_URL, ZENML_PRO_API_TOKEN, ZPRO_NB_SANDBOX_URL); it stops when JupyterLab stops."
        ),
        epilog=textwrap.dedent(
            """\
            examples:
              zpro-nb lab                              runbooks on the sandbox, opens a browser
              zpro-nb lab --port 8890 --no-browser     on a fixed port, print the URL only
              ZENML_PRO_API_KEY=... zpro-nb lab        runbooks against your organization
              zpro-nb lab -- --ServerApp.terminals_enabled=False   extra options for JupyterLab after --
            """
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lab.add_argument(
        "--port", type=int, default=8888, help="JupyterLab's port (default 8888; 0 picks a free one)"
    )
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("--dir", default=None, help="folder to serve (default: the runbook notebooks)")
    lab.add_argument("jupyter_args", nargs="*", metavar="-- JUPYTER_ARGS", help="passed on to JupyterLab")
    lab.set_defaults(handler=_lab)

    run = sub.add_parser(
        "run",
        parents=[common],
        help="execute a runbook headless (nbclient), optionally with parameters and an HTML report",
        description=(
            "Execute a notebook top to bottom without a browser. Parameters are injected after the cell "
            "tagged 'parameters' (values are Python literals, else strings). Exits 1 at the first failing "
            "cell and prints that cell and its error. With no token configured the runbooks run on the "
            "in-process sandbox."
        ),
        epilog=textwrap.dedent(
            """\
            examples:
              zpro-nb run notebooks/00-quick-start.ipynb
              zpro-nb run notebooks/02-access-audit.ipynb --html audit.html
              zpro-nb run notebooks/05-rotate-api-keys.ipynb -p workspace=production -p older_than_days=30
              ZENML_PRO_API_KEY=... zpro-nb run notebooks/05-rotate-api-keys.ipynb -p workspace=production \\
                  -p dry_run=False --output rotated.ipynb
            """
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("notebook", help="the .ipynb file to run")
    run.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter (repeatable), e.g. -p days=30 -p dry_run=False",
    )
    run.add_argument("--output", metavar="OUT.ipynb", help="write the executed notebook here")
    run.add_argument("--html", metavar="OUT.html", help="write an HTML report here (images embedded)")
    run.add_argument(
        "--timeout", type=float, default=600, metavar="S", help="seconds each cell may run (default 600)"
    )
    run.set_defaults(handler=_run)

    sub.add_parser(
        "sandbox",
        help="serve the sandbox on 127.0.0.1 (see `zpro-nb sandbox --help`)",
        add_help=False,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``zpro-nb`` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The sandbox parses its own options, so `python -m zpro_nb.emulator` and `zpro-nb sandbox` agree.
    if args_list and args_list[0] == "sandbox":
        return _sandbox(args_list[1:])
    args = build_parser().parse_args(args_list)
    if args.debug:
        os.environ[DEBUG_ENV] = "1"  # kernels started by `run` inherit it: full tracebacks there too
    try:
        return int(args.handler(args))
    except ZProError as exc:
        if args.debug:
            raise
        print(error_text(exc, args.command), file=sys.stderr)
        return 1


def error_text(exc: ZProError, command: str) -> str:
    """One short block for a zpro_nb error at the command line: no traceback, no Python advice."""
    lines = error_block(exc, "cli", full_story=f"`zpro-nb --debug {command} ...` shows the full traceback")
    return f"zpro-nb {command}: " + "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
