"""The few places the core catches broadly, and why each must never raise.

Each guard sits where an error would hide the real one (reporting an error, redacting a log line) or
where code outside zpro_nb runs (IPython). The tests here are what the ``except`` clauses name.
"""

from __future__ import annotations

import logging
import sys
import types
from typing import Any

import pytest

from zpro_nb._core import notice
from zpro_nb._core.error_bodies import _as_text, parse_error_body
from zpro_nb._core.redaction import RedactingFilter, redact_url
from zpro_nb.notebook_errors import install_notebook_errors


def test_a_malformed_url_is_redacted_not_raised() -> None:
    # urlsplit raises ValueError on a broken IPv6 host; reporting the error must not fail on it
    assert "://" in redact_url("http://[::1/x?token=abc")


def test_a_log_line_with_bad_arguments_passes_the_filter() -> None:
    # "%d" % "x" raises TypeError in getMessage(); the filter must not turn it into a lost record
    record = logging.LogRecord("zpro_nb", logging.INFO, __file__, 1, "%d items", ("x",), None)
    assert RedactingFilter().filter(record) is True


def test_an_unserializable_value_in_an_error_body_becomes_text() -> None:
    looped: list[Any] = []
    looped.append(looped)  # json.dumps: ValueError (circular reference)
    assert _as_text(looped) == "[[...]]"


def test_the_error_parser_survives_a_body_nested_too_deep() -> None:
    # json.loads raises RecursionError here: the parser's broad guard is what keeps the HTTP error
    body = b"[" * 100_000 + b"]" * 100_000
    assert parse_error_body(body, "application/json", "Bad Gateway") == (None, "Bad Gateway")


def _ipython(monkeypatch: pytest.MonkeyPatch, get_ipython: Any, display: Any = None) -> None:
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = get_ipython  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    if display is not None:
        module = types.ModuleType("IPython.display")
        module.display = display  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "IPython.display", module)


def _raises(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("IPython is half torn down")


def test_an_ipython_that_raises_is_no_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    # get_ipython is IPython's code, not ours: whatever it raises, zpro_nb is simply not in a notebook
    _ipython(monkeypatch, _raises)
    assert notice.in_notebook_kernel() is False
    assert install_notebook_errors() is False


def test_a_notice_that_cannot_be_shown_never_breaks_the_request(monkeypatch: pytest.MonkeyPatch) -> None:
    _ipython(monkeypatch, lambda: types.SimpleNamespace(kernel=object()), display=_raises)
    notice.announce("waiting 4 s")  # logged; the display's failure is swallowed
