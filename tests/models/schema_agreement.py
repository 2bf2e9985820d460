"""Compare one of our models with one of ZenML's through their pydantic JSON schemas.

A field agrees when we declare it and accept every kind of value ZenML's model accepts there. We
may accept more on purpose (documented in docs/contract.md): every field but ``id`` is optional in
our models, so one missing or odd value never makes a whole object unreadable; and ids stay plain
strings (ZenML reads them as UUIDs). We must never refuse what ZenML accepts: a field ZenML leaves
optional is optional in ours, and a nested model agrees with its counterpart, field by field.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def _resolve(prop: Schema, root: Schema) -> Schema:
    ref = prop.get("$ref")
    if ref is None:
        return prop
    resolved: Schema = root["$defs"][ref.rsplit("/", 1)[-1]]
    return resolved


def kinds(prop: Schema) -> set[str]:
    """The kinds of JSON value a property schema accepts: ``string``, ``string:uuid``, ``ref:Name``..."""
    if "$ref" in prop:
        return {"ref:" + prop["$ref"].rsplit("/", 1)[-1]}
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in prop:
            return set().union(*(kinds(p) for p in prop[combinator]))
    kind = prop.get("type")
    if kind is None:
        return {"any"}
    if isinstance(kind, list):
        return set(kind)
    fmt = prop.get("format")
    return {f"{kind}:{fmt}"} if kind == "string" and fmt else {str(kind)}


def _accepts(ours: set[str], kind: str) -> bool:
    if "any" in ours or kind in ours:
        return True
    if kind.startswith("string:"):
        return "string" in ours  # a plain string accepts every formatted one
    return kind == "integer" and "number" in ours


def disagreements(
    zenml: Schema,
    ours: Schema,
    counterparts: dict[str, str],
    *,
    zenml_root: Schema,
    our_root: Schema,
    path: str,
) -> list[str]:
    """Every way ``ours`` refuses or lacks what ``zenml`` accepts, as readable lines."""
    problems: list[str] = []
    zenml_required = set(zenml.get("required", ()))
    our_required = set(ours.get("required", ()))
    our_props: dict[str, Schema] = ours.get("properties", {})
    for name, zprop in zenml.get("properties", {}).items():
        where = f"{path}.{name}"
        if name not in our_props:
            problems.append(f"{where}: ZenML declares it, we do not")
            continue
        if name in our_required and name not in zenml_required:
            problems.append(f"{where}: we require it, ZenML does not")
        zkinds, okinds = kinds(zprop), kinds(our_props[name])
        for kind in sorted(zkinds):
            if kind.startswith("ref:"):
                problems.extend(_nested(kind, okinds, counterparts, zenml_root, our_root, where))
            elif not _accepts(okinds, kind):
                problems.append(f"{where}: ZenML accepts {kind}, we accept only {sorted(okinds)}")
    return problems


def _nested(
    kind: str,
    okinds: set[str],
    counterparts: dict[str, str],
    zenml_root: Schema,
    our_root: Schema,
    where: str,
) -> list[str]:
    zname = kind.removeprefix("ref:")
    wanted = counterparts.get(zname)
    if wanted is None:
        return [f"{where}: no counterpart of ZenML's {zname} is named"]
    if f"ref:{wanted}" not in okinds:
        return [f"{where}: ZenML nests {zname} here, we do not nest {wanted}"]
    return disagreements(
        _resolve({"$ref": f"#/$defs/{zname}"}, zenml_root),
        _resolve({"$ref": f"#/$defs/{wanted}"}, our_root),
        counterparts,
        zenml_root=zenml_root,
        our_root=our_root,
        path=f"{where}<{wanted}>",
    )


def compare_roots(zenml_root: Schema, our_root: Schema, counterparts: dict[str, str], path: str) -> list[str]:
    """:func:`disagreements` between two top-level schemas (their ``$defs`` resolve nested refs)."""
    return disagreements(
        zenml_root, our_root, counterparts, zenml_root=zenml_root, our_root=our_root, path=path
    )
