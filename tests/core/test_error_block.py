"""The short block for a zpro_nb error: what failed, why, what to do; advice fit for where it is shown."""

from __future__ import annotations

import pickle

import pytest

from zpro_nb._core.error_block import MAX_MESSAGE_LINES, advice, error_block
from zpro_nb._core.errors import AuthenticationError, NotFound, ServerError, ZProError


def test_a_server_error_says_what_failed_why_and_what_to_do() -> None:
    exc = ServerError(
        "database is down",
        status=503,
        method="GET",
        url="http://127.0.0.1:8080/workspaces?token=abc",
        exception_name="RuntimeError",
        request_id="req-1",
        attempts=4,
        fix="try again in a minute",
    )
    lines = error_block(exc, "notebook", full_story="the full traceback: %tb")
    assert lines[0] == "ServerError: database is down"
    assert "answered 503 to GET http://127.0.0.1:8080/workspaces" in lines[1]
    assert "after 4 attempts" in lines[1]
    assert "request id req-1" in lines[1]
    assert "abc" not in "\n".join(lines)
    assert lines[2] == "  what to do: try again in a minute"
    assert lines[3] == "  (the full traceback: %tb)"


def test_advice_fits_where_the_error_is_shown() -> None:
    exc = AuthenticationError("token expired")
    assert "s.login(" in (advice(exc, "notebook") or "")
    for surface in ("cli", "panel"):
        said = advice(exc, surface) or ""  # type: ignore[arg-type]
        assert said
        assert "s.login" not in said
        assert "=..." not in said
    assert "ZENML_PRO_API_TOKEN" in (advice(exc, "cli") or "")
    assert "Sign in" in (advice(exc, "panel") or "")
    assert "s.login(" in str(exc)


def test_given_advice_overrides_the_class_default_and_survives_pickling() -> None:
    exc = AuthenticationError("no workspace credentials", fix="pass api_key=...", cli_fix="set X")
    copy = pickle.loads(pickle.dumps(exc))
    assert (copy.fix, copy.cli_fix, copy.panel_fix) == ("pass api_key=...", "set X", exc.panel_fix)
    assert str(copy) == str(exc)


def test_a_local_error_has_no_server_line_and_long_messages_are_cut() -> None:
    assert error_block(NotFound("no workspace called 'x'"), "cli") == ["NotFound: no workspace called 'x'"]
    long = ZProError("\n".join(f"line {i}" for i in range(40)))
    lines = error_block(long, "cli")
    assert len(lines) == MAX_MESSAGE_LINES
    assert "more lines" in lines[-1]


def test_redaction_leaves_our_own_advice_alone_and_still_masks_values() -> None:
    from zpro_nb.workspace_session import workspace_auth

    with pytest.raises(AuthenticationError) as caught:
        workspace_auth(None, environ={})  # type: ignore[arg-type]
    said = str(caught.value)
    assert "pass api_key=, token= or username=/password= to connect_workspace()" in said
    assert "****" not in said
    assert "ZENML_STORE_API_KEY" in (caught.value.cli_fix or "")
    value = "hunter" + "2" * 12  # built at run time
    assert value not in str(ZProError(f"login failed for password={value}"))
    assert value not in str(ZProError(f"sent api_key={value}&x=1"))
