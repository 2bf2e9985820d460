"""The published schema of the sandbox's 422 answers: both shapes it really sends.

FastAPI documents every 422 as its request-validation body, ``{"detail": [{loc, msg, type}]}``.
The sandbox (like ZenML Pro and the OSS server) also answers a refused *value* with 422
``{"detail": ["ValueError", "<message>"]}``, and the workspace half answers as the OSS server does,
with the bare list ``["ValueError", "<message>"]``. Without this, the published OpenAPI contradicts the
answers, and a schema-driven client or fuzzer rightly reports every such 422 as a violation.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ERROR_BODY = "ErrorBody"
ERROR_BODY_SCHEMA: dict[str, Any] = {
    "title": ERROR_BODY,
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "title": "Detail",
            "description": '`["<ExceptionName>", "<message>"]`, or a plain message',
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        }
    },
}


#: the workspace half's (OSS) error body: ``["<ExceptionName>", "<message>"]`` without a wrapper
BARE_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


def document_error_bodies(app: FastAPI) -> None:
    """Make ``app.openapi()`` declare every 422 as either FastAPI's validation body or an ``ErrorBody``."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        spec = build()
        spec.setdefault("components", {}).setdefault("schemas", {})[ERROR_BODY] = ERROR_BODY_SCHEMA
        ours = {"$ref": f"#/components/schemas/{ERROR_BODY}"}
        for operations in spec.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict):
                    continue
                answer = operation.get("responses", {}).get("422")
                if not answer:
                    continue
                for media in answer.get("content", {}).values():
                    given = media.get("schema")
                    if given and "anyOf" not in given:
                        media["schema"] = {"anyOf": [given, ours, BARE_LIST]}
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
