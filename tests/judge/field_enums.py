"""Judge script (runs in the ZenML venv): which fields of ZenML response models are enums.

stdin: {"models": {"<label>": "<dotted response model>", ...}}
stdout: {"<label>": {"<section>.<field>": "<dotted enum class>", ...}, ...} for the sections
``body``, ``metadata`` and ``resources`` (a field typed ``Optional[SomeEnum]`` counts; a list of
enums does not: a column holds one value).
"""

import enum
import importlib
import json
import sys
import typing


def dotted_class(dotted):
    module_name, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def single_enum(annotation):
    """The enum class a field holds one value of, or None."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        found = [e for arg in typing.get_args(annotation) if (e := single_enum(arg)) is not None]
        return found[0] if len(found) == 1 else None
    return None


def section_model(response, section):
    field = response.model_fields.get(section)
    if field is None:
        return None
    annotation = field.annotation
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and hasattr(arg, "model_fields"):
            return arg
    return None


payload = json.load(sys.stdin)
answer = {}
for label, dotted in payload["models"].items():
    response = dotted_class(dotted)
    fields = {}
    for section in ("body", "metadata", "resources"):
        model = section_model(response, section)
        if model is None:
            continue
        for name, info in model.model_fields.items():
            found = single_enum(info.annotation)
            if found is not None:
                fields[f"{section}.{name}"] = f"{found.__module__}.{found.__qualname__}"
    answer[label] = fields
print(json.dumps(answer))
