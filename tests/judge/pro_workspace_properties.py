"""Judge script (runs in the ZenML venv): what ZenML's ``WorkspaceRead`` makes of workspace answers.

stdin: {"bodies": ["<raw JSON of one workspace>", ...]}
stdout: {"<workspace id>": {"url", "version", "organization_id", "organization_name", "status"}}
"""

import json
import sys

from zenml.login.pro.workspace.models import WorkspaceRead

answer = {}
for body in json.load(sys.stdin)["bodies"]:
    ws = WorkspaceRead.model_validate_json(body)
    answer[str(ws.id)] = {
        "url": ws.url,
        "version": ws.version,
        "organization_id": str(ws.organization_id),
        "organization_name": ws.organization_name,
        "status": ws.status,
    }
print(json.dumps(answer))
