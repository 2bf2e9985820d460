"""Judge script (runs in the ZenML venv): the JSON schemas of ZenML's Pro models and its enum values.

stdin: {"models": ["<dotted class>", ...], "enums": ["<dotted enum>", ...]}
stdout: {"models": {"<dotted>": <model_json_schema() in validation mode>},
         "enums": {"<dotted>": [values in ZenML's order]},
         "declared": {"models": [...], "enums": [...]}}

``declared`` lists every pydantic model and enum defined in a ``zenml.login.pro`` module, found by
walking the installed package, so a model ZenML adds cannot go unjudged.

The schema is pydantic's own description of what ``model_validate`` accepts, so the caller compares
field names, required fields, types and nested models without copying any of them by hand.
"""

import enum
import importlib
import inspect
import json
import pkgutil
import sys

import zenml.login.pro
from pydantic import BaseModel

payload = json.load(sys.stdin)


def load(dotted):
    module_name, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def declared():
    models, enums = [], []
    for info in pkgutil.walk_packages(zenml.login.pro.__path__, "zenml.login.pro."):
        module = importlib.import_module(info.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ != module.__name__:
                continue
            if issubclass(obj, BaseModel):
                models.append(f"{module.__name__}.{name}")
            elif issubclass(obj, enum.Enum):
                enums.append(f"{module.__name__}.{name}")
    return {"models": sorted(models), "enums": sorted(enums)}


answer = {
    "models": {dotted: load(dotted).model_json_schema(mode="validation") for dotted in payload["models"]},
    "enums": {dotted: [member.value for member in load(dotted)] for dotted in payload["enums"]},
    "declared": declared(),
}
print(json.dumps(answer))
