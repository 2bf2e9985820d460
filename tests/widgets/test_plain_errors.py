"""Server errors shown in plain words, secrets never."""

from __future__ import annotations

from zpro_nb._core.errors import Conflict, ConnectionFailed, PermissionDenied, ValidationFailed
from zpro_nb.widgets.plain_errors import plain_error


def test_server_words_without_status_codes_or_urls() -> None:
    exc = Conflict(
        "A workspace named 'ml' already exists.",
        status=409,
        method="POST",
        url="http://127.0.0.1/workspaces",
        exception_name="EntityExistsError",
    )
    text = plain_error(exc)
    assert text == "Already exists: A workspace named 'ml' already exists."
    assert "409" not in text
    assert "127.0.0.1" not in text


def test_each_kind_gets_its_lead() -> None:
    assert plain_error(PermissionDenied("no", status=403)).startswith("Not allowed: no")
    assert plain_error(ValidationFailed("bad name", status=422)).startswith("Not accepted: bad name")
    assert plain_error(ConnectionFailed("connection refused")).startswith("Could not reach the server")
    assert plain_error(ValueError("no user matches 'bob'")) == "no user matches 'bob'"


def test_a_secret_in_a_message_is_masked() -> None:
    key = "ZENPROKEY_" + "Q" * 24  # built at run time: no key-shaped literal in the repo
    assert key not in plain_error(ValueError(f"bad key {key}"))


def test_a_panel_gives_panel_advice_never_code() -> None:
    from zpro_nb._core.credentials import ProTokenAuth, headless_error
    from zpro_nb._core.errors import AuthenticationError

    expired = AuthenticationError("Your ZenML Pro API token expired at 2026-11-28 12:00 UTC (5 min ago)")
    text = plain_error(expired)
    assert text.startswith("Sign-in needed: Your ZenML Pro API token expired")
    assert "Paste a new token or API key and press Sign in." in text
    refused = AuthenticationError(ProTokenAuth("opaque-" + "t" * 20).refused_advice())
    for exc in (expired, refused, headless_error()):
        assert "s.login" not in plain_error(exc)
        assert "connect()" not in plain_error(exc)
