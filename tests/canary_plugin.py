"""Canary secrets for the whole test run: built at start, used by the tests, searched for at the end.

At configure time the plugin builds a canary Pro token (JWT-shaped, with a real ``exp`` claim) and
a canary ``ZENPROKEY_`` key from ``secrets``, and exports them as ``ZPRO_NB_SANDBOX_CANARIES``:
every sandbox the run creates (in-process, or a server process inheriting the environment)
accepts them as the demo admin and counts their uses (``GET /_sandbox/canaries``). Tests that pass
credentials take them from :func:`canary_credentials`.

While the run goes on, a root log handler at DEBUG sees every record (``zpro_nb``, httpx,
httpcore, asyncio, ...), and every test report's captured output, captured logs and failure text
is read. At the end, every file under pytest's temporary directory (journals, executed
notebooks, HTML reports) is read too. Any canary found fails the run (exit status 1); the report
names where, never the value.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CANARIES_ENV = "ZPRO_NB_SANDBOX_CANARIES"
#: files larger than this are not read (none of ours come near it)
MAX_FILE_BYTES = 50_000_000


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def build_canaries() -> dict[str, str]:
    """A fresh canary token (a JWT shape with ``exp`` a week ahead) and a fresh ``ZENPROKEY_`` key."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = _b64(json.dumps({"sub": "canary", "exp": int(time.time()) + 7 * 86400}).encode())
    token = f"{header}.{claims}.{_b64(secrets.token_bytes(32))}"
    return {"token": token, "api_key": "ZENPROKEY_" + _b64(secrets.token_bytes(36))}


@dataclass(frozen=True)
class CanaryCredentials:
    """The canaries of this run; the repr hides them (pytest prints fixture values in failure reports)."""

    token: str = field(repr=False)
    api_key: str = field(repr=False)

    def __getitem__(self, name: str) -> str:
        value: str = getattr(self, name)
        return value


def canary_credentials() -> CanaryCredentials:
    """The canaries of this run (``token`` and ``api_key``), as exported to the environment."""
    found = json.loads(os.environ[CANARIES_ENV])
    return CanaryCredentials(token=found["token"], api_key=found["api_key"])


@dataclass
class LeakWatch:
    """What was searched and where a canary turned up (places only, never values)."""

    canaries: list[str] = field(repr=False)
    records: int = 0
    sections: int = 0
    files: int = 0
    leaks: list[str] = field(default_factory=list)

    def check(self, text: str, where: str) -> None:
        # A place is named once (a test's later reports repeat its earlier captured sections).
        if where not in self.leaks and any(c in text for c in self.canaries):
            self.leaks.append(where)


class _CanaryLogHandler(logging.Handler):
    def __init__(self, watch: LeakWatch) -> None:
        super().__init__(level=logging.DEBUG)
        self.watch = watch

    def emit(self, record: logging.LogRecord) -> None:
        self.watch.records += 1
        try:
            text = record.getMessage()
        except Exception:  # a malformed record is the logger's bug, not a leak
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += " " + repr(record.exc_info[1]) + " " + str(record.exc_info[1])
        self.watch.check(text, f"log record {record.name}:{record.lineno}")


_WATCH_KEY = pytest.StashKey[LeakWatch]()


def pytest_configure(config: pytest.Config) -> None:
    if CANARIES_ENV not in os.environ:
        os.environ[CANARIES_ENV] = json.dumps(build_canaries())
    canaries = canary_credentials()
    watch = LeakWatch(canaries=[canaries["token"], canaries["api_key"]])
    config.stash[_WATCH_KEY] = watch
    root = logging.getLogger()
    root.addHandler(_CanaryLogHandler(watch))
    # DEBUG everywhere, so a secret logged "only at debug level" is caught too.
    root.setLevel(logging.DEBUG)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    watch = _watch()
    if watch is None:
        return
    for title, content in report.sections:
        watch.sections += 1
        watch.check(content, f"{report.nodeid}: {title}")
    if report.longrepr is not None:
        watch.sections += 1
        watch.check(report.longreprtext, f"{report.nodeid}: failure report")


_CONFIG: list[pytest.Config] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    _CONFIG.append(session.config)


def _watch() -> LeakWatch | None:
    return _CONFIG[-1].stash.get(_WATCH_KEY, None) if _CONFIG else None


def scan_files(root: Path, watch: LeakWatch) -> None:
    """Read every file under ``root`` (journals, notebooks, reports ...) for the canaries."""
    needles = [c.encode() for c in watch.canaries]
    for path in root.rglob("*"):
        try:
            if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_FILE_BYTES:
                continue
            content = path.read_bytes()
        except OSError:
            continue
        watch.files += 1
        if any(n in content for n in needles):
            watch.leaks.append(f"file {path}")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    watch = session.config.stash.get(_WATCH_KEY, None)
    if watch is None:
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        with contextlib.suppress(OSError, ValueError):
            scan_files(factory.getbasetemp(), watch)
    if watch.leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    watch = config.stash.get(_WATCH_KEY, None)
    if watch is None:
        return
    terminalreporter.write_line(
        f"canary secrets: searched {watch.records} log records, {watch.sections} captured outputs and "
        f"{watch.files} files; {len(watch.leaks)} leak(s)"
    )
    for where in watch.leaks[:50]:
        terminalreporter.write_line(f"  CANARY LEAKED in {where}", red=True)
