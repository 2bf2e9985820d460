"""Judge script (runs in the ZenML venv): the values of ZenML enums named in the payload.

stdin: {"enums": ["zenml.enums.ExecutionStatus", ...]}; stdout: {"<dotted name>": [values...]}.
"""

import importlib
import json
import sys

payload = json.load(sys.stdin)
answer = {}
for dotted in payload["enums"]:
    module_name, _, attr = dotted.rpartition(".")
    enum_cls = getattr(importlib.import_module(module_name), attr)
    answer[dotted] = [member.value for member in enum_cls]
print(json.dumps(answer))
