"""HS256 tokens and API keys from the standard library."""

from __future__ import annotations

import random

import pytest

from zpro_nb.emulator.tokens import (
    API_KEY_PREFIX,
    InvalidToken,
    decode_jwt,
    encode_jwt,
    key_digest,
    looks_like_jwt,
    new_api_key,
)

SECRET = bytes(range(32))


def test_round_trip_keeps_the_claims() -> None:
    token = encode_jwt({"sub": "u1", "exp": 200}, SECRET)
    assert decode_jwt(token, SECRET, now=199) == {"sub": "u1", "exp": 200}
    assert looks_like_jwt(token)


def test_expired_tampered_and_foreign_tokens_fail() -> None:
    token = encode_jwt({"sub": "u1", "exp": 200}, SECRET)
    with pytest.raises(InvalidToken, match="expired"):
        decode_jwt(token, SECRET, now=200)
    header, _, signature = token.split(".")
    forged = encode_jwt({"sub": "admin", "exp": 200}, SECRET).split(".")[1]
    with pytest.raises(InvalidToken, match="signature"):
        decode_jwt(f"{header}.{forged}.{signature}", SECRET, now=0)
    with pytest.raises(InvalidToken, match="signature"):
        decode_jwt(token, bytes(32), now=0)
    with pytest.raises(InvalidToken, match="malformed"):
        decode_jwt("not-a-token", SECRET, now=0)


def test_tokens_without_exp_are_refused() -> None:
    with pytest.raises(InvalidToken):
        decode_jwt(encode_jwt({"sub": "u1"}, SECRET), SECRET, now=0)


def test_api_keys_are_deterministic_from_the_rng_and_stored_as_digests() -> None:
    first = new_api_key(random.Random(3))
    assert first == new_api_key(random.Random(3))
    assert first != new_api_key(random.Random(4))
    assert first.startswith(API_KEY_PREFIX)
    assert not looks_like_jwt(first)
    assert first not in key_digest(first)
    assert len(key_digest(first)) == 64
