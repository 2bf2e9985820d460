"""Property tests that widen what tests/frames and tests/core check.

* Every schema in ``zpro_nb.frames.SCHEMAS`` on its own (the frames test samples schemas, so a
  given run may skip one): records built from that schema's own key paths with values that are
  missing, null, of the wrong type, extra, or odd timestamps (epoch numbers, offsets, no zone,
  junk). The frame always has the declared columns and dtypes, and timestamps stay tz-aware UTC.
* The error parser on any status, content type and body (random bytes, random JSON, HTML) never
  raises, picks the class by status, and never repeats a secret the body echoes back.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zpro_nb._core.errors import ZProError, error_for_status, error_from_response
from zpro_nb.frames import SCHEMAS

ODD_TIMES = st.one_of(
    st.integers(min_value=-(2**40), max_value=2**40),  # epoch seconds (or nonsense)
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
    st.sampled_from(
        [
            "",
            "now",
            "2026-02-30T00:00:00",
            "2026-11-28T14:00:00+14:00",
            "2026-11-28T14:00:00-12:00",
            "1970-01-01T00:00:00Z",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59.999999Z",
            "2026-11-28",
            "28/11/2026",
        ]
    ),
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    ODD_TIMES,
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.sampled_from(["id", "name", "email", "x"]), st.text(max_size=5), max_size=3),
)


def record_for(schema_name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Nested records along the schema's own key paths, each path present or not, with any value."""
    paths = [p for column in SCHEMAS[schema_name].columns for p in column.paths if p]

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for path in paths:
            if not draw(st.booleans()):
                continue  # missing field
            node = record
            for key in path[:-1]:
                child = node.get(key)
                if not isinstance(child, dict):
                    child = node[key] = {}
                node = child
            node[path[-1]] = draw(VALUES)
        if draw(st.booleans()):
            record["unexpected_extra"] = draw(VALUES)
        return record

    return build()


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_every_schema_holds_on_random_payloads(schema_name: str) -> None:
    schema = SCHEMAS[schema_name]

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.lists(record_for(schema_name), max_size=6))
    def check(records: list[dict[str, Any]]) -> None:
        frame = schema.build(records)
        assert list(frame.columns) == schema.names
        assert len(frame) == len(records)
        for column in schema.columns:
            dtype = frame[column.name].dtype
            assert dtype == column.pandas_dtype(), column.name
            if isinstance(dtype, pd.DatetimeTZDtype):
                assert str(dtype.tz) == "UTC", column.name

    check()


STATUSES = st.integers(min_value=100, max_value=599)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "text/html",
        "text/plain",
        "",
        "application/problem+json",
        "application/json; charset=latin-1",
    ]
)
RANDOM_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["detail", "message", "error", "loc", "msg", "type", "x"]), inner, max_size=4
        ),
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    STATUSES,
    CONTENT_TYPES,
    st.one_of(st.binary(max_size=400), RANDOM_JSON.map(lambda v: json.dumps(v).encode())),
)
def test_the_error_parser_never_raises_and_picks_the_class_by_status(
    status: int, ctype: str, body: bytes
) -> None:
    error = error_from_response(
        status=status, method="GET", url="http://127.0.0.1/x", headers={"content-type": ctype}, content=body
    )
    assert isinstance(error, error_for_status(status))
    assert isinstance(error, ZProError)
    assert str(error)  # renders


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    STATUSES,
    st.sampled_from(["{}", '{{"detail": "{}"}}', '{{"detail": ["KeyError", "bad {}"]}}', "<p>{}</p>"]),
)
def test_a_secret_echoed_in_an_error_body_is_not_repeated(status: int, shape: str) -> None:
    from canary_plugin import canary_credentials

    canaries = canary_credentials()
    for echoed in (f"Bearer {canaries.token}", canaries.token, canaries.api_key, f"key={canaries.api_key}"):
        body = shape.format(echoed).encode()
        error = error_from_response(
            status=status,
            method="POST",
            url="http://127.0.0.1/x",
            headers={"content-type": "application/json"},
            content=body,
        )
        shown = str(error) + repr(error)
        assert canaries.token not in shown
        assert canaries.api_key not in shown
