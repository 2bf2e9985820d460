"""Judge script (runs in the ZenML venv): store a ZenML Pro sign-in exactly as ``zenml login --pro`` does.

stdin: {"url": <Pro API URL>, "api_key": <ZENPROKEY_...> | null, "token": <JWT> | null,
        "expires_in": <seconds> | null}
stdout: {"file": <the credentials file ZenML wrote>, "type": <ZenML's ServerType of the entry>}
        (never a credential).

The config directory is the private ``ZENML_CONFIG_PATH`` the runner sets; the writing is ZenML's
own credentials store (``set_api_key``/``set_token`` with ``is_zenml_pro=True``).
"""

import json
import sys

from zenml.login.credentials_store import get_credentials_store
from zenml.models import OAuthTokenResponse

payload = json.load(sys.stdin)
url = payload["url"]
store = get_credentials_store()
if payload.get("api_key"):
    store.set_api_key(url, payload["api_key"], is_zenml_pro=True)
else:
    store.set_token(
        url,
        OAuthTokenResponse(
            access_token=payload["token"], token_type="bearer", expires_in=payload.get("expires_in")
        ),
        is_zenml_pro=True,
    )
entry = store.get_pro_credentials(url)
print(json.dumps({"file": store._credentials_file, "type": str(entry.type.value) if entry else None}))
