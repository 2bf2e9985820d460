"""connect() with no credential of its own uses the Pro sign-in ZenML's CLI stored, read only.

The credentials file is written by ZenML's own credentials store (the judge, in a private config
directory), never by hand and never a real user's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import new_app
from zenml_judge import run_in_zenml

import zpro_nb
from zpro_nb._core.zenml_login import CREDENTIALS_FILE, credentials_file
from zpro_nb.errors import AuthenticationError

pytestmark = pytest.mark.oss

URL = "http://sandbox.localhost"


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "zenml-config"
    monkeypatch.setenv("ZENML_CONFIG_PATH", str(folder))
    for name in ("ZENML_PRO_API_TOKEN", "ZENML_PRO_API_KEY", "ZENML_PRO_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return folder


def _store(config_dir: Path, url: str, **login: Any) -> Path:
    answer = run_in_zenml("store_pro_login.py", {"url": url, **login}, config_dir=config_dir)
    assert answer["type"] == "PRO_API"
    written = Path(answer["file"])
    assert written == config_dir.resolve() / CREDENTIALS_FILE == credentials_file()
    return written


def test_a_key_stored_by_zenml_login_signs_in(app: FastAPI, config_dir: Path) -> None:
    key = app.state.demo_credentials["api_keys"]["manager"]
    written = _store(config_dir, URL, api_key=key)
    before = (written.read_bytes(), os.stat(written).st_mtime_ns)
    with zpro_nb.connect(url=URL, transport=httpx.ASGITransport(app=app)) as s:
        assert s.whoami().username == "manager"
        assert s.aio.credential_source == f"ZenML login ({written})"
        shown = repr(s) + s._repr_html_()
        assert "ZenML login" in shown
        assert key not in shown
    assert (written.read_bytes(), os.stat(written).st_mtime_ns) == before  # read, never written


def test_a_token_stored_by_zenml_login_signs_in_over_http(sandbox_server: Any, config_dir: Path) -> None:
    _store(config_dir, sandbox_server.url, token=sandbox_server.tokens["viewer"], expires_in=3600)
    with zpro_nb.connect(url=sandbox_server.url) as s:
        assert s.whoami().username == "viewer"
        assert str(s.aio.credential_source).startswith("ZenML login (")


def test_the_environment_comes_first(app: FastAPI, config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _store(config_dir, URL, api_key=app.state.demo_credentials["api_keys"]["manager"])
    monkeypatch.setenv("ZENML_PRO_API_KEY", app.state.demo_credentials["api_keys"]["viewer"])
    with zpro_nb.connect(url=URL, transport=httpx.ASGITransport(app=app)) as s:
        assert s.whoami().username == "viewer"
        assert s.aio.credential_source == "ZENML_PRO_API_KEY"


def test_an_expired_or_foreign_login_is_passed_over(app: FastAPI, config_dir: Path) -> None:
    # ZenML's leeway makes a 10-second token expired at once; a login for another URL is not ours.
    _store(config_dir, URL, token=app.state.demo_credentials["tokens"]["admin"], expires_in=10)
    _store(config_dir, "http://other.localhost", api_key=app.state.demo_credentials["api_keys"]["admin"])
    with pytest.raises(AuthenticationError, match="ZENML_PRO_API_TOKEN"):
        zpro_nb.connect(url=URL, transport=httpx.ASGITransport(app=app))


def test_zenmls_own_switch_for_no_credentials_on_disk_is_honoured(
    app: FastAPI, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store(config_dir, URL, api_key=app.state.demo_credentials["api_keys"]["manager"])
    monkeypatch.setenv("ZENML_DISABLE_CREDENTIALS_DISK_CACHING", "true")
    with pytest.raises(AuthenticationError):
        zpro_nb.connect(url=URL, transport=httpx.ASGITransport(app=app))
