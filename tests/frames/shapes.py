"""Sample records in the shapes the reference documents (pro-api.md §2, oss-server.md §3-§4).

Built by functions so each test gets fresh dicts it may change.
"""

from __future__ import annotations

from typing import Any


def pro_user(i: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"00000000-0000-0000-0000-{i:012d}",
        "username": f"user{i}@acme.example",
        "email": f"user{i}@acme.example",
        "name": f"User {i}",
        "avatar_url": None,
        "company": "Acme",
        "job_title": None,
        "metadata": {},
        "oauth_provider": "google",
        "oauth_id": f"g-{i}",
        "is_active": True,
        "is_superuser": False,
        "is_service_account": False,
        "organization_id": None,
        "is_onboarded": True,
        **extra,
    }


def organization(name: str = "acme-ml") -> dict[str, Any]:
    return {
        "id": "0a000000-0000-0000-0000-000000000001",
        "name": name,
        "description": "the ML org",
        "logo_url": None,
        "owner": pro_user(1),
        "has_active_subscription": True,
        "trial_expiry": None,
        "created": "2026-01-05T10:00:00.123456Z",
        "updated": "2026-02-01T08:30:00",
    }


def workspace(name: str = "prod", status: str = "available", **extra: Any) -> dict[str, Any]:
    # ZenML's ZenMLServiceRead: a service status only while the server is deployed and active.
    service_status = (
        {"server_url": f"http://sandbox.localhost/ws/{name}", "version": "0.98.0", "storage_size": 1024}
        if status == "available"
        else None
    )
    return {
        "id": f"1b000000-0000-0000-0000-{abs(hash(name)) % 10**12:012d}",
        "name": name,
        "display_name": name.title(),
        "description": None,
        "logo_url": None,
        "organization": {
            "id": "0a000000-0000-0000-0000-000000000001",
            "name": "acme-ml",
            "owner": pro_user(1),
        },
        "owner": pro_user(2),
        "is_managed": True,
        "enrollment_key": None,
        "desired_state": "available",
        "state_reason": "",
        "status": status,
        "status_updated": "2026-11-01T00:00:00+00:00",
        "created": "2026-10-01T12:00:00Z",
        "updated": "2026-11-01T00:00:00Z",
        "usage_counts": {"pipeline_run": 12},
        "zenml_service": {
            "configuration": {"version": "0.98.0", "analytics_enabled": False},
            "status": service_status,
        },
        "mlflow_service": None,
        **extra,
    }


def role(name: str = "Workspace Admin", level: str = "workspace") -> dict[str, Any]:
    return {
        "id": f"2c000000-0000-0000-0000-{abs(hash(name)) % 10**12:012d}",
        "name": name,
        "description": None,
        "organization_id": "0a000000-0000-0000-0000-000000000001",
        "level": level,
        "system_managed": True,
        "type": "system",
    }


def role_assignment(**holder: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "3d000000-0000-0000-0000-000000000001",
        "role": role(),
        "user": None,
        "team": None,
        "invitation": None,
        "organization_id": "0a000000-0000-0000-0000-000000000001",
        "workspace_id": "1b000000-0000-0000-0000-000000000001",
        "project_id": None,
        "created": "2026-10-02T00:00:00Z",
    }
    record.update(holder)
    return record


def oss_user(i: int = 1, *, hydrated: bool = True) -> dict[str, Any]:
    return {
        "body": {
            "created": "2026-11-02T09:10:11.654321",
            "updated": "2026-11-02T09:10:11.654321",
            "active": True,
            "activation_token": None,
            "full_name": f"User {i}",
            "email_opted_in": None,
            "is_service_account": False,
            "is_admin": i == 1,
            "default_project_id": None,
            "avatar_url": None,
        },
        "metadata": (
            {
                "email": f"user{i}@acme.example",
                "external_user_id": f"00000000-0000-0000-0000-{i:012d}",
                "user_metadata": {},
                "oidc_claims": None,
                "password_changed_at": None,
            }
            if hydrated
            else None
        ),
        "resources": None,
        "id": f"4e000000-0000-0000-0000-{i:012d}",
        "permission_denied": False,
        "name": f"user{i}",
    }


def oss_run(i: int = 1, status: str = "completed") -> dict[str, Any]:
    return {
        "body": {
            "created": "2026-11-20T10:00:00",
            "updated": "2026-11-20T10:05:00",
            "user_id": "4e000000-0000-0000-0000-000000000001",
            "project_id": "5f000000-0000-0000-0000-000000000001",
            "status": status,
            "in_progress": status == "running",
            "status_reason": None,
            "index": i,
            "pipeline_id": "60000000-0000-0000-0000-000000000001",
            "child_key": None,
            "root_run_id": None,
        },
        "metadata": {"start_time": "2026-11-20T10:00:01", "end_time": None, "run_metadata": {}},
        "resources": {
            "user": {"id": "4e000000-0000-0000-0000-000000000001", "name": "user1"},
            "pipeline": {"id": "60000000-0000-0000-0000-000000000001", "name": "training"},
            "stack": {"id": "70000000-0000-0000-0000-000000000001", "name": "default"},
            "tags": [{"id": "t1", "name": "nightly"}, {"id": "t2", "name": "gpu"}],
        },
        "id": f"81000000-0000-0000-0000-{i:012d}",
        "permission_denied": False,
        "name": f"training-2026_11_20-{i}",
    }


def oss_api_key(name: str = "key1") -> dict[str, Any]:
    return {
        "body": {
            "created": "2026-06-01T00:00:00",
            "updated": "2026-06-01T00:00:00",
            "key": None,
            "active": True,
            "service_account": {"id": "90000000-0000-0000-0000-000000000001", "name": "ci-bot", "body": {}},
        },
        "metadata": {
            "description": "probe",
            "retain_period_minutes": 0,
            "last_login": None,
            "last_rotated": "2026-07-01T00:00:00",
        },
        "id": "91000000-0000-0000-0000-000000000001",
        "permission_denied": False,
        "name": name,
    }


def oss_secret() -> dict[str, Any]:
    return {
        "body": {
            "created": "2026-06-01T00:00:00",
            "updated": "2026-06-01T00:00:00",
            "user_id": "4e000000-0000-0000-0000-000000000001",
            "private": False,
            "values": {"password": None, "username": None},
        },
        "metadata": None,
        "resources": None,
        "id": "a2000000-0000-0000-0000-000000000001",
        "permission_denied": False,
        "name": "db-creds",
    }
