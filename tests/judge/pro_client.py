"""Judge script (runs in the ZenML venv): ZenML's own Pro client, unchanged, against a Pro API.

stdin: {"url": <Pro API URL>, "api_key": <ZENPROKEY_...>, "workspace_ids": [...], "bad_key": <str>,
        "missing_workspace_id": <uuid>, "page_size": <int>}
stdout: what ZenML's client read, as JSON (ids, names, statuses, URLs; never a credential).

ZenML is only pointed at the URL: ``ZENML_PRO_API_URL`` is set by the caller, and the key is stored
the way ``zenml login --pro-api-url URL --api-key`` stores it (``set_api_key(..., is_zenml_pro=True)``).
Everything else - the key-for-token exchange at ``/auth/login``, the bearer session, the requests,
the response models - is ZenML's code as installed.
"""

import asyncio
import json
import sys
from uuid import UUID

from zenml.login.credentials_store import get_credentials_store
from zenml.login.pro.client import ZenMLProClient
from zenml.login.pro.workspace.models import WorkspaceStatus

payload = json.load(sys.stdin)
url = payload["url"]
page_size = payload["page_size"]

store = get_credentials_store()
store.set_api_key(url, payload["api_key"], is_zenml_pro=True)
client = ZenMLProClient(url)


def workspace_facts(ws):
    return {
        "id": str(ws.id),
        "name": ws.name,
        "status": ws.status,
        "desired_state": ws.desired_state,
        "url": ws.url,
        "version": ws.version,
        "organization_id": str(ws.organization_id),
        "organization_name": ws.organization_name,
    }


def every_workspace(**filters):
    # ZenML's list() reads one page; walking the pages uses only its own offset and limit.
    found, offset = [], 0
    while True:
        chunk = client.workspace.list(offset=offset, limit=page_size, **filters)
        found.extend(chunk)
        if len(chunk) < page_size:
            return found
        offset += page_size


def raised(call):
    try:
        call()
    except Exception as exc:  # the class ZenML chose from the error body is the answer
        return type(exc).__name__
    return None


everything = every_workspace()
answer = {"workspaces": [workspace_facts(ws) for ws in everything]}
answer["by_status"] = {
    status.value: sorted(str(ws.id) for ws in every_workspace(status=status)) for status in WorkspaceStatus
}
available = [ws for ws in everything if ws.url]
answer["by_url"] = {ws.url: [str(w.id) for w in every_workspace(url=ws.url)] for ws in available}
answer["by_name"] = {
    ws.name: [str(w.id) for w in every_workspace(workspace_name=ws.name)] for ws in everything
}
organization_ids = sorted({ws.organization_id for ws in everything}, key=str)
answer["by_organization"] = {
    str(org_id): sorted(str(w.id) for w in every_workspace(organization_id=org_id))
    for org_id in organization_ids
}
answer["member_only"] = sorted(str(w.id) for w in every_workspace(member_only=True))
answer["got"] = {
    ws_id: workspace_facts(client.workspace.get(UUID(ws_id))) for ws_id in payload["workspace_ids"]
}

# ZenML 0.98 declares OrganizationClient.list as ``async def`` (its body is synchronous): awaiting
# the coroutine is how it is called, unchanged.
organizations = asyncio.run(client.organization.list(offset=0, limit=page_size))
answer["organizations"] = [
    {"id": str(o.id), "name": o.name, "created": o.created.isoformat()} for o in organizations
]
answer["organization_by_id"] = {str(o.id): client.organization.get(o.id).name for o in organizations}
answer["organization_by_name"] = {o.name: str(client.organization.get(o.name).id) for o in organizations}

token = store.get_pro_token(url)
answer["token"] = {
    "stored": token is not None,
    "expired": token.expired if token else None,
    "expires_in": token.expires_in if token else None,
}
answer["errors"] = {
    "bad_key": raised(lambda: ZenMLProClient.fetch_api_token(url, payload["bad_key"])),
    "missing_workspace": raised(lambda: client.workspace.get(UUID(payload["missing_workspace_id"]))),
}
print(json.dumps(answer))
