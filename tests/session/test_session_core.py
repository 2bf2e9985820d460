"""Session and AsyncSession on the request core: credentials, expiry, paste state, sync/async twins."""

from __future__ import annotations

import asyncio
import inspect
import logging
import sys
import types
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from core.pro_fakes import FakePro, assert_no_secret_in_logs, canary_key, canary_token, make_jwt

import zpro_nb
from zpro_nb._core.clock import ManualClock
from zpro_nb.errors import AuthenticationError, TokenExpiryWarning, ZProError
from zpro_nb.models.pro import User
from zpro_nb.notebook_session import DEFAULT_PRO_API_URL, AsyncSession, Session, connect, connect_async


@pytest.fixture(autouse=True)
def no_secrets_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "zpro_nb"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield
    assert_no_secret_in_logs(caplog.records)


@pytest.fixture(autouse=True)
def no_credentials_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ZENML_PRO_API_TOKEN", "ZENML_PRO_API_KEY", "ZENML_PRO_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def pro(clock: ManualClock) -> FakePro:
    return FakePro(clock)


def valid_token(pro: FakePro, exp: float | None = None) -> str:
    token = canary_token(exp)
    pro.valid_tokens.add(token)
    return token


def open_session(pro: FakePro, clock: ManualClock, **kwargs: Any) -> Session:
    kwargs.setdefault("url", "https://pro.example.com")
    return connect(transport=httpx.MockTransport(pro), clock=clock, **kwargs)


def test_connect_with_a_token_shows_who_where_and_when(pro: FakePro, clock: ManualClock) -> None:
    token = valid_token(pro, exp=clock.time() + 45 * 60)
    with open_session(pro, clock, token=token) as s:
        assert s.whoami() == User.model_validate(pro.user)
        assert s.whoami().username == pro.user["username"]
        assert s.api_url == "https://pro.example.com"
        assert s.expires_at is not None
        assert s.expires_at.timestamp() == int(clock.time() + 45 * 60)
        for text in (repr(s), s._repr_html_()):
            assert "ada@example.com" in text
            assert "https://pro.example.com" in text
            assert "expires in 45 min" in text
            assert token not in text
        assert repr(s).startswith("Session(")
        assert repr(s.aio).startswith("AsyncSession(")
    assert [r.url.path for r in pro.requests] == ["/users/me"]  # whoami is cached


def test_connect_with_a_key_exchanges_it(pro: FakePro, clock: ManualClock) -> None:
    key = canary_key()
    pro.keys.add(key)
    with open_session(pro, clock, api_key=key) as s:
        assert s.whoami().username == "ada"
        assert "refreshes automatically" in repr(s)
        assert [r.url.path for r in pro.requests] == ["/auth/login", "/users/me"]


def test_a_wrong_token_fails_at_connect(pro: FakePro, clock: ManualClock) -> None:
    with pytest.raises(AuthenticationError, match="bad token"):
        open_session(pro, clock, token=canary_token())


def test_api_url_precedence(pro: FakePro, clock: ManualClock, monkeypatch: pytest.MonkeyPatch) -> None:
    token = valid_token(pro)
    with open_session(pro, clock, token=token, url=None) as s:
        assert s.api_url == DEFAULT_PRO_API_URL
    monkeypatch.setenv("ZENML_PRO_API_URL", "https://pro.internal.example/api/v1/")
    with open_session(pro, clock, token=token, url=None) as s:
        assert s.api_url == "https://pro.internal.example/api/v1"
        s.whoami(refresh=True)
        assert str(pro.requests[-1].url) == "https://pro.internal.example/api/v1/users/me"
    with open_session(pro, clock, token=token, url="https://arg.example.com") as s:
        assert s.api_url == "https://arg.example.com"


def test_plain_http_is_refused_unless_allowed(pro: FakePro, clock: ManualClock) -> None:
    token = valid_token(pro)
    with pytest.raises(ValueError, match="allow_insecure=True"):
        open_session(pro, clock, token=token, url="http://pro.example.com")
    with open_session(pro, clock, token=token, url="http://pro.example.com", allow_insecure=True) as s:
        assert s.whoami().username == "ada"
    with open_session(pro, clock, token=token, url="http://127.0.0.1:9") as s:
        assert s.api_url == "http://127.0.0.1:9"


def test_environment_precedence(pro: FakePro, clock: ManualClock, monkeypatch: pytest.MonkeyPatch) -> None:
    key = canary_key()
    pro.keys.add(key)
    token = valid_token(pro)
    monkeypatch.setenv("ZENML_PRO_API_KEY", key)
    monkeypatch.setenv("ZENML_PRO_API_TOKEN", token)
    with open_session(pro, clock) as s:
        assert "ZENML_PRO_API_TOKEN" in repr(s)
        assert pro.issued == []  # the token won; the key was not exchanged
    monkeypatch.delenv("ZENML_PRO_API_TOKEN")
    with open_session(pro, clock) as s:
        assert "ZENML_PRO_API_KEY" in repr(s)
        assert len(pro.issued) == 1


def test_headless_connect_names_the_variables(pro: FakePro, clock: ManualClock) -> None:
    with pytest.raises(AuthenticationError) as caught:
        open_session(pro, clock)
    assert "ZENML_PRO_API_TOKEN" in str(caught.value)
    assert "ZENML_PRO_API_KEY" in str(caught.value)
    assert pro.requests == []


def test_expiry_warns_once_then_explains_how_to_go_on(pro: FakePro, clock: ManualClock) -> None:
    token = valid_token(pro, exp=clock.time() + 3600)
    s = open_session(pro, clock, token=token)
    clock.advance(3600 - 8 * 60)
    assert "expires in 8 min" in repr(s)
    with pytest.warns(TokenExpiryWarning, match="expires in 8 min"):
        s.whoami(refresh=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s.whoami(refresh=True)
    clock.advance(20 * 60)
    assert "expired 12 min ago" in repr(s)
    with pytest.raises(AuthenticationError) as caught:
        s.whoami(refresh=True)
    assert "expired at" in str(caught.value)
    assert "s.login(" in str(caught.value)

    new_token = valid_token(pro, exp=clock.time() + 3600)
    s.login(token=new_token)  # the same session goes on
    assert s.whoami(refresh=True).username == "ada"
    assert "expires in 1 h" in repr(s)  # one duration format everywhere
    s.close()


def test_a_week_long_token_reads_in_days(pro: FakePro, clock: ManualClock) -> None:
    s = open_session(pro, clock, token=valid_token(pro, exp=clock.time() + 10077 * 60))
    assert "expires in 7 days" in repr(s)
    assert "min" not in repr(s)
    s.close()


def test_login_swaps_to_a_key(pro: FakePro, clock: ManualClock) -> None:
    s = open_session(pro, clock, token=valid_token(pro))
    key = canary_key()
    pro.keys.add(key)
    s.login(api_key=key)
    assert "API key (argument)" in repr(s)
    assert len(pro.issued) == 1
    s.close()


def test_closed_session_refuses_calls(pro: FakePro, clock: ManualClock) -> None:
    with open_session(pro, clock, token=valid_token(pro)) as s:
        pass
    with pytest.raises(ZProError, match="closed"):
        s.whoami(refresh=True)


def test_sync_api_inside_a_running_loop_and_aio_from_it(pro: FakePro, clock: ManualClock) -> None:
    s = open_session(pro, clock, token=valid_token(pro))

    async def notebook_cell() -> tuple[dict[str, Any], dict[str, Any]]:
        sync_result = s.whoami(refresh=True)  # the sync twin, with this thread's loop running
        async_result = await s.aio.whoami(refresh=True)  # hops to the session's loop
        return sync_result, async_result

    me = User.model_validate(pro.user)
    assert asyncio.run(notebook_cell()) == (me, me)
    s.close()


def test_sync_and_async_have_the_same_public_methods() -> None:
    def public(cls: type) -> set[str]:  # inherited too: both classes are composed of area mixins
        return {n for n in dir(cls) if not n.startswith("_") and inspect.isfunction(getattr(cls, n))}

    # sync-only: the panels, and offboarding (its plan applies through the sync methods)
    sync_only = {"login_panel", "workspace_panel", "role_panel", "close_panels"}
    sync_only |= {"offboarding_plan", "offboarding_picker"}
    assert public(Session) - {"close"} - sync_only <= public(AsyncSession)
    assert {"whoami", "login", "close"} <= public(AsyncSession)
    for name in public(Session):
        assert not inspect.iscoroutinefunction(getattr(Session, name))


@pytest.mark.anyio
async def test_connect_async(pro: FakePro, clock: ManualClock) -> None:
    key = canary_key()
    pro.keys.add(key)
    async with await connect_async(
        api_key=key, url="https://pro.example.com", transport=httpx.MockTransport(pro), clock=clock
    ) as s:
        assert isinstance(s, AsyncSession)
        assert (await s.whoami()).username == "ada"
        assert await s.pro.get("/anything") == {"path": "/anything"}
        await s.login(token=valid_token(pro))
        assert "API token (argument)" in repr(s)


# --- the notebook paste state ---------------------------------------------------------------------


@pytest.fixture
def interactive_notebook(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Looks like a JupyterLab kernel: IPython loaded, a kernel that accepts input, display captured."""
    import ipywidgets  # noqa: F401  (loaded before IPython is faked below: it imports the real one)

    shown: list[Any] = []
    ipython = types.ModuleType("IPython")
    shell = types.SimpleNamespace(kernel=types.SimpleNamespace(_allow_stdin=True))
    ipython.get_ipython = lambda: shell  # type: ignore[attr-defined]
    display = types.ModuleType("IPython.display")
    display.display = lambda obj, **kw: shown.append(obj)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display)
    return shown


def test_notebook_without_credentials_awaits_a_pasted_token(
    pro: FakePro, clock: ManualClock, interactive_notebook: list[Any]
) -> None:
    s = open_session(pro, clock)
    assert s.awaiting_token
    assert len(interactive_notebook) == 1  # the paste field is shown at once
    assert "awaiting token" in repr(s)
    # `s = connect(); s` in one cell: the field shown by connect() is the only one
    assert s._repr_mimebundle_() is None
    assert "paste it in the field above" in s._repr_html_()
    with pytest.raises(AuthenticationError, match="paste your ZenML Pro API token"):
        s.whoami()
    assert pro.requests == []

    paste = s.aio._paste
    assert paste is not None
    token = valid_token(pro, exp=clock.time() + 50 * 60)
    paste.field.value = token  # what the browser sends when the user presses Enter
    assert paste.field.value == ""  # cleared at once
    assert token not in str(paste.field.get_state())
    assert token not in str(paste.box.get_state())
    assert not s.awaiting_token
    assert s.whoami().username == "ada"
    assert "expires in 50 min" in repr(s)
    assert s._repr_mimebundle_() is None
    assert paste.field.layout.display == "none"  # the field is gone after sign-in
    assert "signed in" in paste.status.value
    s.close()


def test_a_pasted_key_is_exchanged(pro: FakePro, clock: ManualClock, interactive_notebook: list[Any]) -> None:
    s = open_session(pro, clock)
    key = canary_key()
    pro.keys.add(key)
    assert s.aio._paste is not None
    s.aio._paste.field.value = key
    assert s.aio._paste.field.value == ""
    assert s.whoami().username == "ada"
    assert len(pro.issued) == 1
    s.close()


def test_headless_notebook_does_not_wait(
    pro: FakePro, clock: ManualClock, monkeypatch: pytest.MonkeyPatch, interactive_notebook: list[Any]
) -> None:
    # nbclient executes with allow_stdin=False: nobody is there to paste.
    sys.modules["IPython"].get_ipython().kernel._allow_stdin = False  # type: ignore[attr-defined]
    with pytest.raises(AuthenticationError, match="ZENML_PRO_API_KEY"):
        open_session(pro, clock)
    assert interactive_notebook == []


def test_login_without_arguments_in_a_notebook_shows_the_field_again(
    pro: FakePro, clock: ManualClock, interactive_notebook: list[Any]
) -> None:
    s = open_session(pro, clock, token=valid_token(pro))
    s.login()
    assert s.awaiting_token
    assert len(interactive_notebook) == 1
    first = s.aio._paste
    assert first is not None
    s.login()  # asked again: the new field takes over, the old one hides
    assert len(interactive_notebook) == 2
    assert first.field.layout.display == "none"
    assert s.aio._paste is not first
    s.close()


# --- the package face ------------------------------------------------------------------------------


def test_package_exports() -> None:
    for name in ("connect", "connect_async", "Session", "AsyncSession", "ZProError", "AuthenticationError"):
        assert hasattr(zpro_nb, name)
    with pytest.raises(AttributeError):
        zpro_nb.no_such_thing  # noqa: B018


def test_import_stays_light() -> None:
    import subprocess

    code = (
        "import zpro_nb, sys; print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'ipywidgets','fastapi','jupyterlab','IPython','pandas'} or m == 'zpro_nb.emulator'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_open_sandbox_session() -> None:
    with zpro_nb.sandbox(as_user="viewer") as s:
        assert s.api_url == "http://sandbox.localhost"
        assert s.whoami().username == "viewer"
        assert "expires in" in repr(s)
    with pytest.raises(ValueError, match="as_user"):
        zpro_nb.sandbox(as_user="nobody")


def test_jwt_helper_is_not_a_real_token() -> None:
    assert make_jwt({"a": 1}).count(".") == 2
