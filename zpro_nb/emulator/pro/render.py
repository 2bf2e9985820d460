"""Records -> the JSON shapes of the Pro API.

Server URLs are derived from the request at answer time, never stored, so they are right both
in-process (``http://sandbox.localhost``) and over HTTP (``http://127.0.0.1:PORT``).
"""

from __future__ import annotations

from typing import Any

from ..clock import isoformat
from .lifecycle import settle
from .state import Invitation, Organization, ProStore, Role, RoleAssignment, Team, User, Workspace

Json = dict[str, Any]


class Renderer:
    """Turns records into response bodies for one request (its base URL and its moment)."""

    def __init__(self, store: ProStore, base_url: str, now: float) -> None:
        self.store = store
        self.base_url = base_url.rstrip("/") + "/"
        self.now = now

    def user(self, user: User) -> Json:
        # Never a password: the sandbox keeps none, and the real service does not return it either.
        return {
            "id": user.id,
            "username": user.username,
            "email": user.email,
            "name": user.name,
            "avatar_url": user.avatar_url,
            "company": user.company,
            "job_title": user.job_title,
            "metadata": dict(user.metadata),
            "oauth_provider": user.oauth_provider,
            "oauth_id": user.oauth_id,
            "password_expired": user.password_expired,
            "is_active": user.is_active,
            "is_superuser": user.is_superuser,
            "is_service_account": user.is_service_account,
            "organization_id": user.organization_id,
            "is_onboarded": user.is_onboarded,
            "created": isoformat(user.created),
            "updated": isoformat(user.updated),
            "last_login": isoformat(user.last_login),
        }

    def organization(self, org: Organization) -> Json:
        return {
            "id": org.id,
            "name": org.name,
            "description": org.description,
            "logo_url": org.logo_url,
            "owner": self.user(self.store.users[org.owner_id]) if org.owner_id in self.store.users else None,
            "has_active_subscription": org.has_active_subscription,
            "trial_expiry": org.trial_expiry,
            "created": isoformat(org.created),
            "updated": isoformat(org.updated),
        }

    def server_url(self, ws: Workspace) -> str | None:
        return f"{self.base_url}ws/{ws.id}" if ws.status == "available" else None

    def service_status(self, ws: Workspace) -> Json | None:
        # ZenML's ``ZenMLServiceRead.status`` is set only while the server is deployed and active,
        # and then ``server_url`` is a required string: any other state has no status at all.
        url = self.server_url(ws)
        if url is None:
            return None
        return {"server_url": url, "version": ws.version, "storage_size": ws.storage_size}

    def workspace(self, ws: Workspace) -> Json:
        settle(ws, self.now)
        org = self.store.organizations[ws.organization_id]
        owner = self.store.users.get(ws.owner_id)
        return {
            "id": ws.id,
            "name": ws.name,
            "display_name": ws.display_name,
            "description": ws.description,
            "logo_url": ws.logo_url,
            "organization": self.organization(org),
            "owner": self.user(owner) if owner else None,
            "is_managed": ws.is_managed,
            "enrollment_key": None,
            "desired_state": ws.desired_state,
            "state_reason": ws.state_reason,
            "status": ws.status,
            "status_updated": isoformat(ws.status_updated),
            "created": isoformat(ws.created),
            "updated": isoformat(ws.updated),
            "usage_counts": dict(ws.usage_counts),
            "zenml_service": {
                "configuration": {"version": ws.version, "analytics_enabled": True},
                "status": self.service_status(ws),
            },
            "mlflow_service": None,
        }

    def role(self, role: Role) -> Json:
        return {
            "id": role.id,
            "name": role.name,
            "description": role.description,
            "organization_id": role.organization_id,
            "level": role.level,
            "system_managed": role.system_managed,
            "type": role.type,
        }

    def team(self, team: Team) -> Json:
        return {
            "id": team.id,
            "name": team.name,
            "description": team.description,
            "organization_id": team.organization_id,
            "created": isoformat(team.created),
            "updated": isoformat(team.updated),
            "member_count": len(team.user_ids) + len(team.invitation_ids),
        }

    def invitation_status(self, invitation: Invitation) -> str:
        if invitation.accepted:
            return "accepted"
        return "expired" if self.now >= invitation.expires else "pending"

    def invitation(self, invitation: Invitation) -> Json:
        inviter = self.store.users.get(invitation.inviter_id)
        return {
            "id": invitation.id,
            "email": invitation.email,
            "organization_id": invitation.organization_id,
            "role": self.role(self.store.roles[invitation.role_id]),
            "inviter": self.user(inviter) if inviter else None,
            "status": self.invitation_status(invitation),
            "created": isoformat(invitation.created),
            "expires": isoformat(invitation.expires),
        }

    def assignment(self, ra: RoleAssignment) -> Json:
        store = self.store
        user = store.users.get(ra.principal_id) if ra.kind == "user" else None
        team = store.teams.get(ra.principal_id) if ra.kind == "team" else None
        invitation = store.invitations.get(ra.principal_id) if ra.kind == "invitation" else None
        return {
            "id": ra.id,
            "role": self.role(store.roles[ra.role_id]),
            "user": self.user(user) if user else None,
            "team": self.team(team) if team else None,
            "invitation": self.invitation(invitation) if invitation else None,
            "organization_id": ra.organization_id,
            "workspace_id": ra.workspace_id,
            "project_id": ra.project_id,
            "created": isoformat(ra.created),
        }
