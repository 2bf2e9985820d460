"""The ZenML Pro sign-in that ZenML's own CLI stored (``zenml login --pro``), read and never written.

ZenML keeps its logins in ``credentials.yaml`` in its global config directory: ``ZENML_CONFIG_PATH``
when set, else the per-user application directory of ``zenml`` (``$XDG_CONFIG_HOME/zenml`` or
``~/.config/zenml`` on Linux, ``~/Library/Application Support/zenml`` on macOS, ``%APPDATA%\\zenml``
on Windows). The file maps a server URL to its credentials; a Pro API entry is one whose
``pro_api_url`` is its own URL, holding an ``api_key`` (exchanged like any ``ZENPROKEY_`` key) or an
``api_token`` (``access_token``, ``expires_at``, ``leeway``). An expired token is passed over, as
ZenML's client passes it over. The file is only read: nothing here writes it, and no value read
from it is ever printed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .redaction import Secret

__all__ = ["CONFIG_PATH_ENV", "CREDENTIALS_FILE", "credentials_file", "zenml_login_credential"]

logger = logging.getLogger("zpro_nb")

CONFIG_PATH_ENV = "ZENML_CONFIG_PATH"
CREDENTIALS_FILE = "credentials.yaml"
#: ZenML's own switch for not keeping credentials on disk: then there is nothing to read either
DISABLE_ENV = "ZENML_DISABLE_CREDENTIALS_DISK_CACHING"


def _config_dir(environ: Mapping[str, str]) -> Path:
    explicit = environ.get(CONFIG_PATH_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser().resolve()
    home = Path(environ.get("HOME") or Path.home())
    if sys.platform.startswith("win"):
        return Path(environ.get("APPDATA") or home) / "zenml"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "zenml"
    return Path(environ.get("XDG_CONFIG_HOME") or home / ".config") / "zenml"


def credentials_file(environ: Mapping[str, str] | None = None) -> Path:
    """Where ZenML's CLI keeps its logins (the file need not exist)."""
    return _config_dir(os.environ if environ is None else environ) / CREDENTIALS_FILE


def _same(a: Any, b: str) -> bool:
    return isinstance(a, str) and a.rstrip("/") == b.rstrip("/")


def _expired(token: Mapping[str, Any], now: float) -> bool:
    raw = token.get("expires_at")
    if not raw:
        return False
    try:
        moment = raw if isinstance(raw, dt.datetime) else dt.datetime.fromisoformat(str(raw))
    except ValueError:
        return True  # an expiry that cannot be read is not trusted
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    leeway = token.get("leeway")
    margin = float(leeway) if isinstance(leeway, int | float) and not isinstance(leeway, bool) else 0.0
    return moment.timestamp() - margin <= now


def _entries(path: Path) -> Mapping[str, Any]:
    import yaml  # lazy: yaml, only when ZenML's CLI login is read

    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        # Never the file's text: it holds secrets. Only that it could not be used.
        logger.warning(
            "ignoring ZenML's credentials file %s: it could not be read (%s)", path, type(exc).__name__
        )
        return {}
    return loaded if isinstance(loaded, Mapping) else {}


def zenml_login_credential(
    api_url: str, *, environ: Mapping[str, str] | None = None, now: float | None = None
) -> tuple[str, Secret, str] | None:
    """``(kind, secret, source)`` of the ZenML CLI's Pro login for ``api_url``, or ``None``.

    ``kind`` is ``key`` for a stored API key, ``token`` for a stored, unexpired API token.
    """
    env = os.environ if environ is None else environ
    if env.get(DISABLE_ENV, "").strip().lower() in {"1", "true", "yes", "y", "on"}:
        return None
    path = credentials_file(env)
    if not path.is_file():
        return None
    moment = dt.datetime.now(dt.UTC).timestamp() if now is None else now
    for url, entry in _entries(path).items():
        if not isinstance(entry, Mapping) or not _same(url, api_url):
            continue
        if not _same(entry.get("pro_api_url"), str(url)):
            continue  # a workspace's login stored under the same URL, not a Pro API one
        source = f"ZenML login ({path})"
        key = entry.get("api_key")
        if isinstance(key, str) and key.strip():
            return "key", Secret(key.strip()), source
        token = entry.get("api_token")
        if isinstance(token, Mapping) and isinstance(token.get("access_token"), str):
            if _expired(token, moment):
                logger.info("the ZenML login for %s has expired: run `zenml login --pro` again", api_url)
                return None
            return "token", Secret(token["access_token"]), source
    return None
