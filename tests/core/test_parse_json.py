"""Large JSON bodies are parsed with the collector paused, and it is always switched back on."""

from __future__ import annotations

import gc
import json

import pytest

from zpro_nb._core.decoding import LARGE_BODY, parse_json


def big_page() -> bytes:
    items = [{"id": f"run-{i}", "body": {"status": "done", "tags": [i, None, True]}} for i in range(6000)]
    content = json.dumps({"index": 1, "total": 6000, "items": items}).encode()
    assert len(content) >= LARGE_BODY
    return content


def test_a_large_body_parses_like_the_standard_library_and_leaves_gc_on() -> None:
    content = big_page()
    assert parse_json(content) == json.loads(content)
    assert gc.isenabled()


def test_gc_is_paused_only_while_a_large_body_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    import pydantic_core

    real = pydantic_core.from_json

    def spy(content: bytes) -> object:
        seen.append(gc.isenabled())
        return real(content)

    monkeypatch.setattr("zpro_nb._core.decoding.pydantic_core.from_json", spy)
    parse_json(big_page())
    parse_json(b'{"small": true}')
    assert seen == [False, True]
    assert gc.isenabled()


def test_gc_is_switched_back_on_when_parsing_fails() -> None:
    broken = b'{"items": [' + b'"x",' * (LARGE_BODY // 4) + b"oops"
    with pytest.raises(ValueError, match="expected"):
        parse_json(broken)
    assert gc.isenabled()


def test_a_caller_that_disabled_gc_keeps_it_disabled() -> None:
    gc.disable()
    try:
        parse_json(big_page())
        assert not gc.isenabled()
    finally:
        gc.enable()
