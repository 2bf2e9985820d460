"""Judge script (runs in the ZenML venv): validate Pro answers with ZenML's own pydantic models.

stdin: {"answers": [{"label": str, "model": "<dotted class>", "many": bool, "body": "<raw JSON>"}]}
stdout: {"checked": <objects validated>, "failures": [{"label", "model", "mode", "errors"}]}

Each body is validated twice, and every failure is reported (none stops the others):
- "zenml": ``model_validate`` on the decoded JSON, exactly what ``ZenMLProClient`` does with it;
- "strict": ``model_validate_json(..., strict=True)``, so no value passes only by coercion.
A list answer (``many``) must be a JSON array; each element is validated on its own.
"""

import importlib
import json
import sys

from pydantic import ValidationError

payload = json.load(sys.stdin)
failures = []
checked = 0


def model_class(dotted):
    module_name, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def errors_of(exc):
    # Locations and messages only: never the offending input, which may carry a credential.
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]


def validate(label, cls, text):
    global checked
    checked += 1
    for mode in ("zenml", "strict"):
        try:
            if mode == "zenml":
                cls.model_validate(json.loads(text))
            else:
                cls.model_validate_json(text, strict=True)
        except ValidationError as exc:
            failures.append({"label": label, "model": cls.__name__, "mode": mode, "errors": errors_of(exc)})


for answer in payload["answers"]:
    cls = model_class(answer["model"])
    decoded = json.loads(answer["body"])
    if not answer["many"]:
        validate(answer["label"], cls, answer["body"])
        continue
    if not isinstance(decoded, list):
        failures.append(
            {
                "label": answer["label"],
                "model": cls.__name__,
                "mode": "zenml",
                "errors": [
                    {"loc": [], "msg": f"expected a JSON array, got {type(decoded).__name__}", "type": "list"}
                ],
            }
        )
        continue
    for index, item in enumerate(decoded):
        validate(f"{answer['label']}[{index}]", cls, json.dumps(item))

print(json.dumps({"checked": checked, "failures": failures}))
