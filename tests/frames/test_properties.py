"""Property tests: whatever the payload (missing fields, nulls, extras, odd values), the schema holds."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zpro_nb.frames import SCHEMAS

from . import shapes

SCHEMA_NAMES = sorted(SCHEMAS)

_times = st.one_of(
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
    st.sampled_from(["", "not a time", "2026-02-30T00:00:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59Z"]),
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    _times,
    st.sampled_from(["available", "failed", "completed", "workspace", "organization", "pending", "user"]),
)
_json = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["id", "name", "username", "email", "status", "x"]), inner, max_size=4
        ),
    ),
    max_leaves=8,
)


def _keys_of(schema_name: str) -> list[str]:
    # The keys the schema reads at any depth, so random records hit real paths as well as junk.
    keys = {key for column in SCHEMAS[schema_name].columns for path in column.paths for key in path}
    return sorted(keys | {"extra", "unexpected"})


@st.composite
def _record(draw: st.DrawFn, schema_name: str) -> Any:
    keys = _keys_of(schema_name)
    key = st.sampled_from(keys)
    nested = st.dictionaries(key, st.one_of(_json, st.dictionaries(key, _json, max_size=4)), max_size=6)
    return draw(st.one_of(nested, _json) if draw(st.booleans()) else nested)


@st.composite
def _payload(draw: st.DrawFn) -> tuple[str, list[Any]]:
    name = draw(st.sampled_from(SCHEMA_NAMES))
    return name, draw(st.lists(_record(name), max_size=8))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_payload())
def test_random_payloads_always_give_the_declared_schema(payload: tuple[str, list[Any]]) -> None:
    name, records = payload
    schema = SCHEMAS[name]
    frame = schema.build(records)
    assert list(frame.columns) == schema.names
    assert len(frame) == len(records)
    for column in schema.columns:
        assert frame[column.name].dtype == column.pandas_dtype(), column.name
    assert frame.zpro.raw == records


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "status": st.one_of(st.sampled_from(["available", "pending", "bogus"]), _json),
                "created": st.one_of(_times, _json),
                "name": _json,
                "organization": st.one_of(st.fixed_dictionaries({"name": _json}), _json),
                "zenml_service": _json,
            },
        ),
        max_size=10,
    )
)
def test_mutated_workspace_records_keep_the_schema(mutations: list[dict[str, Any]]) -> None:
    records = [{**shapes.workspace(f"w{i}"), **m} for i, m in enumerate(mutations)]
    frame = SCHEMAS["workspaces"].build(records)
    assert list(frame.dtypes) == list(SCHEMAS["workspaces"].empty().dtypes)
    declared = set(SCHEMAS["workspaces"].column("status").dtype.values)  # type: ignore[union-attr]
    for record, status in zip(records, frame["status"], strict=True):
        if isinstance(record.get("status"), str) and record["status"] in declared:
            assert status == record["status"]
        else:
            assert pd.isna(status)
