"""One sandbox's Pro half at run time: config, clock, store and token secret together."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from ..canaries import Canaries
from ..clock import SandboxClock
from ..contracts import SandboxConfig
from ..tokens import API_KEY_PREFIX, InvalidToken, decode_jwt, encode_jwt, key_digest
from .errors import credentials_not_valid
from .state import ProStore, User


@dataclass
class ProRuntime:
    """What every Pro route reaches through ``request.app.state.pro``."""

    config: SandboxConfig
    clock: SandboxClock
    store: ProStore
    #: per-app signing secret: tokens of one sandbox never open another
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    #: canary credentials accepted as the demo admin (leak tests); ``admin_id`` is who they sign in as
    canaries: Canaries = field(default_factory=Canaries.from_env, repr=False)
    admin_id: str = ""

    def issue_token(self, user: User) -> tuple[str, int]:
        """A fresh access token for ``user`` and its lifetime in seconds."""
        now = self.clock.now()
        lifetime = int(self.config.token_lifetime_s)
        claims = {
            "sub": user.id,
            "iss": "zpro-sandbox",
            "iat": int(now),
            "exp": int(now) + lifetime,
            "jti": secrets.token_hex(8),
        }
        return encode_jwt(claims, self.secret), lifetime

    def user_for_credential(self, credential: str) -> User:
        """The active user behind a token or ``ZENPROKEY_`` key; 401 ``CredentialsNotValid`` otherwise."""
        if self.admin_id and self.canaries.matches(credential):
            user_id = self.admin_id
        elif credential.startswith(API_KEY_PREFIX):
            key = self.store.api_keys.get(key_digest(credential))
            if key is None or not key.active:
                raise credentials_not_valid("The API key is not valid.")
            user_id = key.user_id
        else:
            try:
                claims = decode_jwt(credential, self.secret, self.clock.now())
            except InvalidToken as exc:
                raise credentials_not_valid(f"Authentication failed: {exc}.") from None
            user_id = str(claims.get("sub", ""))
        user = self.store.users.get(user_id)
        if user is None:
            raise credentials_not_valid("The account behind these credentials no longer exists.")
        if not user.is_active:
            raise credentials_not_valid("The account behind these credentials is deactivated.")
        return user
