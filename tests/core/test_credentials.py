"""The credential chain, key exchange and refresh, token expiry, and the workspace logins."""

from __future__ import annotations

import io
import pickle
import warnings
from urllib.parse import parse_qsl

import httpx
import pytest

from core.pro_fakes import FakePro, canary_key, canary_token, make_jwt, make_transport
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.credentials import (
    HEADLESS_MESSAGE,
    PendingAuth,
    ProKeyAuth,
    ProTokenAuth,
    StaticBearerAuth,
    TokenExpiryWarning,
    WorkspaceLoginAuth,
    jwt_expiry,
    resolve_pro_credentials,
)
from zpro_nb._core.errors import AuthenticationError
from zpro_nb._core.redaction import Secret

pytestmark = pytest.mark.anyio


def never_asked(prompt: str) -> str:
    raise AssertionError("must not prompt")


# --- the chain -----------------------------------------------------------------------------------


def resolve(**kwargs: object) -> object:
    defaults: dict[str, object] = {
        "environ": {},
        "stdin_is_tty": lambda: False,
        "ask": never_asked,
        "notebook": lambda: False,
        "notebook_accepts_input": lambda: False,
    }
    defaults.update(kwargs)
    return resolve_pro_credentials(**defaults)  # type: ignore[arg-type]


def test_arguments_come_first() -> None:
    env = {"ZENML_PRO_API_TOKEN": canary_token(), "ZENML_PRO_API_KEY": canary_key()}
    token = canary_token()
    cred = resolve(token=token, environ=env)
    assert (cred.kind, cred.source, cred.secret.reveal()) == ("token", "argument", token)  # type: ignore[attr-defined]
    key = canary_key()
    cred = resolve(api_key=key, environ=env)
    assert (cred.kind, cred.source, cred.secret.reveal()) == ("key", "argument", key)  # type: ignore[attr-defined]


def test_a_key_passed_as_token_is_treated_as_a_key() -> None:
    cred = resolve(token=canary_key())
    assert cred.kind == "key"  # type: ignore[attr-defined]


def test_both_arguments_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="not both"):
        resolve(token="a" * 20, api_key=canary_key())


def test_token_variable_beats_key_variable() -> None:
    token, key = canary_token(), canary_key()
    cred = resolve(environ={"ZENML_PRO_API_TOKEN": token, "ZENML_PRO_API_KEY": key})
    assert (cred.kind, cred.source, cred.secret.reveal()) == ("token", "ZENML_PRO_API_TOKEN", token)  # type: ignore[attr-defined]
    cred = resolve(environ={"ZENML_PRO_API_TOKEN": "  ", "ZENML_PRO_API_KEY": key})
    assert (cred.kind, cred.source, cred.secret.reveal()) == ("key", "ZENML_PRO_API_KEY", key)  # type: ignore[attr-defined]


def test_real_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    key = canary_key()
    monkeypatch.delenv("ZENML_PRO_API_TOKEN", raising=False)
    monkeypatch.setenv("ZENML_PRO_API_KEY", key)
    cred = resolve_pro_credentials(interactive=False)
    assert cred is not None
    assert cred.secret.reveal() == key


def test_terminal_prompts_with_getpass() -> None:
    key = canary_key()
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return key + "\n"

    cred = resolve(stdin_is_tty=lambda: True, ask=ask)
    assert cred.kind == "key"  # type: ignore[attr-defined]
    assert cred.source == "prompt"  # type: ignore[attr-defined]
    assert cred.secret.reveal() == key  # type: ignore[attr-defined]
    assert len(prompts) == 1


def test_empty_terminal_answer_is_an_error_that_does_not_blame_the_terminal() -> None:
    with pytest.raises(AuthenticationError, match="Nothing was entered at the prompt") as caught:
        resolve(stdin_is_tty=lambda: True, ask=lambda prompt: "")
    assert "no terminal" not in str(caught.value)
    assert "at the prompt" in (caught.value.cli_fix or "")
    assert "ZENML_PRO_API_TOKEN" in (caught.value.cli_fix or "")


def test_headless_without_variables_fails_clearly_and_never_prompts() -> None:
    with pytest.raises(AuthenticationError) as caught:
        resolve()
    assert "ZENML_PRO_API_TOKEN" in str(caught.value)
    assert "ZENML_PRO_API_KEY" in str(caught.value)


def test_headless_notebook_fails_clearly() -> None:
    # nbclient runs kernels with allow_stdin=False: nobody could paste.
    with pytest.raises(AuthenticationError, match="ZENML_PRO_API_TOKEN"):
        resolve(notebook=lambda: True, notebook_accepts_input=lambda: False)


def test_interactive_notebook_asks_for_the_paste_field() -> None:
    assert resolve(notebook=lambda: True, notebook_accepts_input=lambda: True) is None


def test_real_headless_process_does_not_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest's stdin is not a tty; no IPython kernel: the default detectors must say "headless".
    monkeypatch.delenv("ZENML_PRO_API_TOKEN", raising=False)
    monkeypatch.delenv("ZENML_PRO_API_KEY", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(AuthenticationError) as caught:
        resolve_pro_credentials()
    assert caught.value.message == HEADLESS_MESSAGE
    assert "connect()" in (caught.value.fix or "")  # Python advice in Python ...
    assert "connect()" not in (caught.value.cli_fix or "")  # ... and none at the command line
    assert "ZENML_PRO_API_KEY" in (caught.value.cli_fix or "")


# --- JWT expiry ----------------------------------------------------------------------------------


def test_jwt_expiry() -> None:
    assert jwt_expiry(make_jwt({"exp": 1_900_000_000})) == 1_900_000_000.0
    assert jwt_expiry(make_jwt({"sub": "x"})) is None
    assert jwt_expiry("not-a-jwt") is None
    assert jwt_expiry("a.b.c") is None
    assert jwt_expiry(make_jwt({"exp": True})) is None


# --- a token used as is --------------------------------------------------------------------------


async def test_token_expiry_from_jwt_exp(clock: ManualClock) -> None:
    auth = ProTokenAuth(canary_token(exp=clock.time() + 1800), clock=clock)
    assert auth.expires_at == int(clock.time() + 1800)


async def test_a_token_that_is_not_a_jwt_has_no_made_up_expiry(clock: ManualClock) -> None:
    auth = ProTokenAuth("opaque-token-" + "x" * 20, clock=clock)
    assert auth.expires_at is None
    clock.advance(30 * 24 * 3600)
    await auth.headers()  # never refused on our side: the server says when it has run out
    assert "carries no expiry time" in auth.refused_advice()


async def test_expiry_warns_once_then_refuses(clock: ManualClock) -> None:
    token = canary_token(exp=clock.time() + 3600)
    auth = ProTokenAuth(token, clock=clock)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert await auth.headers() == {"Authorization": f"Bearer {token}"}  # 60 min left: quiet
    clock.advance(3600 - 9 * 60)
    with pytest.warns(TokenExpiryWarning, match="expires in 9 min"):
        await auth.headers()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await auth.headers()  # warned once only
    clock.advance(9 * 60 + 5 * 60)
    with pytest.raises(AuthenticationError) as caught:
        await auth.headers()
    text = str(caught.value)
    assert "expired at" in text
    assert "(5 min ago)" in text
    assert "s.login(token=...)" in text
    assert "ZENML_PRO_API_TOKEN" in (caught.value.cli_fix or "")
    assert token not in text


# --- key exchange --------------------------------------------------------------------------------


async def test_key_is_exchanged_once_and_refreshed_before_expiry(
    clock: ManualClock, fake_pro: FakePro
) -> None:
    key = canary_key()
    fake_pro.keys.add(key)
    transport = make_transport(fake_pro, clock)
    login = transport.client("https://pro", None)
    auth = ProKeyAuth(key, login, clock=clock)
    pro = transport.client("https://pro", auth)

    assert await pro.get("/users/me") == fake_pro.user
    assert await pro.get("/users/me") == fake_pro.user
    assert len(fake_pro.issued) == 1
    exchange = fake_pro.requests[0]
    assert exchange.url.path == "/auth/login"
    assert dict(parse_qsl(exchange.content.decode())) == {"password": key}
    assert exchange.headers["authorization"] == f"Bearer {key}"
    assert fake_pro.requests[1].headers["authorization"] == f"Bearer {fake_pro.issued[0]}"
    assert auth.expires_at == clock.time() + 3600

    clock.advance(3600 - 60)  # inside the refresh margin: a new token before the old one lapses
    await pro.get("/users/me")
    assert len(fake_pro.issued) == 2
    assert fake_pro.requests[-1].headers["authorization"] == f"Bearer {fake_pro.issued[1]}"


async def test_key_refreshes_once_on_401(clock: ManualClock, fake_pro: FakePro) -> None:
    key = canary_key()
    fake_pro.keys.add(key)
    transport = make_transport(fake_pro, clock)
    pro = transport.client("https://pro", ProKeyAuth(key, transport.client("https://pro", None), clock=clock))
    await pro.get("/users/me")
    fake_pro.revoke_all()  # the server forgot our token (restart, revocation)
    assert await pro.get("/users/me") == fake_pro.user
    assert len(fake_pro.issued) == 2


async def test_a_second_401_is_final(clock: ManualClock, fake_pro: FakePro) -> None:
    key = canary_key()
    fake_pro.keys.add(key)
    fake_pro.routes[("GET", "/users/me")] = lambda r: httpx.Response(
        401, json={"detail": ["CredentialsNotValid", "nope"]}
    )
    transport = make_transport(fake_pro, clock)
    pro = transport.client("https://pro", ProKeyAuth(key, transport.client("https://pro", None), clock=clock))
    with pytest.raises(AuthenticationError, match="nope"):
        await pro.get("/users/me")
    assert len(fake_pro.issued) == 2  # the first login and exactly one re-login
    assert [r.url.path for r in fake_pro.requests].count("/users/me") == 2


async def test_a_wrong_key_fails_with_an_authentication_error(clock: ManualClock, fake_pro: FakePro) -> None:
    key = canary_key()
    transport = make_transport(fake_pro, clock)
    pro = transport.client("https://pro", ProKeyAuth(key, transport.client("https://pro", None), clock=clock))
    with pytest.raises(AuthenticationError) as caught:
        await pro.get("/users/me")
    assert "Exchanging the ZenML Pro API key failed" in str(caught.value)
    assert key not in str(caught.value)
    assert caught.value.__context__ is None
    assert caught.value.__cause__ is None


async def test_key_exchange_works_under_a_cap_of_one(clock: ManualClock, fake_pro: FakePro) -> None:
    # The exchange happens while preparing a request: it must not wait for the slot that request needs.
    key = canary_key()
    fake_pro.keys.add(key)
    transport = make_transport(fake_pro, clock, max_concurrency=1)
    pro = transport.client("https://pro", ProKeyAuth(key, transport.client("https://pro", None), clock=clock))
    assert await pro.get("/users/me") == fake_pro.user


async def test_token_auth_does_not_refresh_on_401(clock: ManualClock, fake_pro: FakePro) -> None:
    transport = make_transport(fake_pro, clock)
    pro = transport.client("https://pro", ProTokenAuth(canary_token(), clock=clock))
    with pytest.raises(AuthenticationError, match="bad token"):
        await pro.get("/users/me")
    assert len(fake_pro.requests) == 1


async def test_pending_auth_explains_itself(clock: ManualClock, fake_pro: FakePro) -> None:
    pro = make_transport(fake_pro, clock).client("https://pro", PendingAuth())
    with pytest.raises(AuthenticationError, match="paste your ZenML Pro API token"):
        await pro.get("/users/me")
    assert fake_pro.requests == []


# --- workspace logins ----------------------------------------------------------------------------


class FakeWorkspace:
    def __init__(self, expires_in: int | None) -> None:
        self.expires_in = expires_in
        self.logins: list[httpx.Request] = []
        self.tokens: list[str] = []
        self.valid: set[str] = set()
        self.calls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ws/api/v1/login":
            self.logins.append(request)
            token = make_jwt({"n": len(self.tokens)})
            self.tokens.append(token)
            self.valid.add(token)
            return httpx.Response(
                200, json={"access_token": token, "token_type": "bearer", "expires_in": self.expires_in}
            )
        self.calls.append(request)
        if request.headers.get("authorization", "")[7:] not in self.valid:
            return httpx.Response(401, json={"detail": ["CredentialsNotValid", "expired"]})
        return httpx.Response(200, json={"name": "me"})


async def test_workspace_external_login_sends_the_pro_bearer_and_no_body(clock: ManualClock) -> None:
    ws = FakeWorkspace(3600)
    transport = make_transport(ws, clock)
    pro_token = canary_token()

    async def pro_headers() -> dict[str, str]:
        return {"Authorization": f"Bearer {pro_token}"}

    auth = WorkspaceLoginAuth.external(
        transport.client("https://h/ws/api/v1", None), pro_headers, clock=clock
    )
    api = transport.client("https://h/ws/api/v1", auth)
    assert await api.get("/current-user") == {"name": "me"}
    (login,) = ws.logins
    assert login.method == "POST"
    assert login.headers["authorization"] == f"Bearer {pro_token}"
    assert login.content == b""
    assert ws.calls[0].headers["authorization"] == f"Bearer {ws.tokens[0]}"
    assert auth.expires_at == clock.time() + 3600


async def test_workspace_api_key_login_and_relogin_on_401(clock: ManualClock) -> None:
    ws = FakeWorkspace(None)  # expires_in null: the token never expires
    transport = make_transport(ws, clock)
    key = "ZENKEY_" + "A" * 12 + canary_key()[-30:]
    auth = WorkspaceLoginAuth.with_api_key(transport.client("https://h/ws/api/v1", None), key, clock=clock)
    api = transport.client("https://h/ws/api/v1", auth)
    await api.get("/current-user")
    assert dict(parse_qsl(ws.logins[0].content.decode())) == {"grant_type": "zenml-api-key", "password": key}
    assert auth.expires_at is None
    clock.advance(10 * 365 * 86400)
    await api.get("/current-user")
    assert len(ws.logins) == 1  # no expiry: no refresh
    ws.valid.clear()
    await api.get("/current-user")
    assert len(ws.logins) == 2  # one re-login after the 401


async def test_workspace_password_login(clock: ManualClock) -> None:
    ws = FakeWorkspace(300)
    transport = make_transport(ws, clock)
    auth = WorkspaceLoginAuth.with_password(
        transport.client("https://h/ws/api/v1", None), "default", "pw-" + canary_key()[-8:], clock=clock
    )
    await transport.client("https://h/ws/api/v1", auth).get("/current-user")
    form = dict(parse_qsl(ws.logins[0].content.decode()))
    assert form["grant_type"] == "password"
    assert form["username"] == "default"
    clock.advance(300 - 10)  # within the 30 s margin of a 5 min token
    await transport.client("https://h/ws/api/v1", auth).get("/current-user")
    assert len(ws.logins) == 2


async def test_workspace_login_without_a_token_in_the_answer(clock: ManualClock) -> None:
    handler = lambda r: httpx.Response(200, json={"authorization_url": "https://login"})  # noqa: E731
    transport = make_transport(handler, clock)

    async def pro_headers() -> dict[str, str]:
        return {}

    auth = WorkspaceLoginAuth.external(transport.client("https://h/api/v1", None), pro_headers, clock=clock)
    with pytest.raises(AuthenticationError, match="without an access token"):
        await transport.client("https://h/api/v1", auth).get("/current-user")


def test_workspace_login_checks_its_arguments(clock: ManualClock) -> None:
    transport = make_transport(lambda r: httpx.Response(200), clock)
    login = transport.client("https://h/api/v1", None)
    with pytest.raises(ValueError, match="pro_headers"):
        WorkspaceLoginAuth(login, "zenml-external")
    with pytest.raises(ValueError, match="api_key"):
        WorkspaceLoginAuth(login, "zenml-api-key")
    with pytest.raises(ValueError, match="username"):
        WorkspaceLoginAuth(login, "password")


async def test_static_bearer(clock: ManualClock, monkeypatch: pytest.MonkeyPatch) -> None:
    token = canary_token()
    monkeypatch.setenv("ZENML_STORE_API_TOKEN", token)
    auth = StaticBearerAuth.from_env()
    assert auth is not None
    assert await auth.headers() == {"Authorization": f"Bearer {token}"}
    assert await auth.on_unauthorized() is False
    assert StaticBearerAuth.from_env({}) is None


# --- credential objects keep their secret -------------------------------------------------------


def test_credentials_refuse_to_pickle(clock: ManualClock) -> None:
    token = canary_token()
    transport = make_transport(lambda r: httpx.Response(200), clock)
    objects: list[object] = [
        Secret(token),
        ProTokenAuth(token, clock=clock),
        ProKeyAuth(canary_key(), transport.client("https://h", None), clock=clock),
        StaticBearerAuth(token),
        resolve(token=token),
    ]
    for obj in objects:
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(obj)
        assert token not in repr(obj)


def test_secret_shows_only_a_hint() -> None:
    token = canary_token()
    secret = Secret(token)
    assert repr(secret) == f"Secret('****{token[-4:]}')"
    assert str(secret) == repr(secret)
    assert f"{secret}" == repr(secret)
    assert token not in f"{secret!s} {secret!r} {secret:>40}"
    assert repr(Secret("short")) == "Secret('****')"
    with pytest.raises(ValueError, match="non-empty"):
        Secret("  ")
