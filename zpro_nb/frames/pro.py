"""Frame schemas for the ZenML Pro management API (shapes as docs/sandbox.md and docs/contract.md say)."""

from __future__ import annotations

from .categories import INVITATION_STATUS, MEMBER_TYPE, ROLE_LEVEL, WORKSPACE_STATUS
from .schema import TS, FrameSchema, col

ORGANIZATIONS = FrameSchema(
    "organizations",
    (
        col("id", "string"),
        col("name", "string"),
        col("description", "string"),
        col("owner_id", "string", "owner.id", "owner_id"),
        col("owner_username", "string", "owner.username"),
        col("owner_email", "string", "owner.email"),
        col("has_active_subscription", "boolean"),
        col("trial_expiry", "Int64", doc="seconds until the trial ends; NA outside a trial"),
        col("created", TS),
        col("updated", TS),
    ),
    row="one organization the caller can see",
)

WORKSPACES = FrameSchema(
    "workspaces",
    (
        col("id", "string"),
        col("name", "string"),
        col("display_name", "string"),
        col("description", "string"),
        col("organization_id", "string", "organization.id", "organization_id"),
        col("organization_name", "string", "organization.name"),
        col("status", WORKSPACE_STATUS),
        col("desired_state", WORKSPACE_STATUS),
        col("state_reason", "string"),
        col("url", "string", "zenml_service.status.server_url", "url", doc="the workspace server URL"),
        col(
            "version",
            "string",
            "zenml_service.status.version",
            "zenml_service.configuration.version",
            doc="the ZenML server version",
        ),
        col("is_managed", "boolean"),
        col("owner_id", "string", "owner.id", "owner_id"),
        col("owner_username", "string", "owner.username"),
        col("created", TS),
        col("updated", TS),
        col("status_updated", TS),
    ),
    row="one workspace (formerly tenant)",
)

USERS = FrameSchema(
    "users",
    (
        col("id", "string"),
        col("username", "string"),
        col("email", "string"),
        col("name", "string"),
        col("is_active", "boolean"),
        col("is_superuser", "boolean"),
        col("is_service_account", "boolean"),
        col("is_onboarded", "boolean"),
        col("organization_id", "string", doc="set for service accounts only"),
        col("company", "string"),
        col("job_title", "string"),
        col("oauth_provider", "string"),
        col("created", TS),
        col("updated", TS),
        col("last_login", TS, "last_login", "last_login_at", "last_active"),
    ),
    row="one Pro user or service account",
)

MEMBERS = FrameSchema(
    "members",
    (
        col("organization_id", "string", doc="filled in by the Session from the organization asked for"),
        col("organization_name", "string", doc="filled in by the Session"),
        col("type", MEMBER_TYPE, "", rule="member_type"),
        col("id", "string", "user.id", "team.id", "invitation.id", "id"),
        col(
            "name",
            "string",
            "user.username",
            "team.name",
            "invitation.email",
            "name",
            doc="username, team name, or the invited email",
        ),
        col("email", "string", "user.email", "invitation.email"),
        col("is_active", "boolean", "user.is_active"),
        col("roles", "string", "roles", rule="names", doc="comma-separated role names"),
        col("role_count", "Int64", "roles", rule="count"),
    ),
    row="one member of an organization: a user, service account, team or pending invitation",
)

TEAMS = FrameSchema(
    "teams",
    (
        col("id", "string"),
        col("name", "string"),
        col("description", "string"),
        col("organization_id", "string", "organization_id", "organization.id"),
        col("member_count", "Int64"),
        col("created", TS),
        col("updated", TS),
    ),
    row="one team",
)

TEAM_MEMBERS = FrameSchema(
    "team_members",
    (
        col("team_id", "string", doc="filled in by the Session"),
        col("team_name", "string", doc="filled in by the Session"),
        col("user_id", "string", "id"),
        col("username", "string"),
        col("email", "string"),
        col("name", "string"),
        col("is_active", "boolean"),
        col("is_service_account", "boolean"),
    ),
    row="one user in one team (the API returns User objects)",
)

ROLES = FrameSchema(
    "roles",
    (
        col("id", "string"),
        col("name", "string"),
        col("description", "string"),
        col("level", ROLE_LEVEL),
        col("organization_id", "string", "organization_id", "organization.id"),
        col("system_managed", "boolean"),
        col("type", "string"),
    ),
    row="one role an organization defines",
)

ROLE_ASSIGNMENTS = FrameSchema(
    "role_assignments",
    (
        col("id", "string"),
        col("role_id", "string", "role.id", "role_id"),
        col("role_name", "string", "role.name"),
        col("role_level", ROLE_LEVEL, "role.level"),
        col(
            "scope",
            ROLE_LEVEL,
            "",
            rule="scope",
            doc="project if a project is set, else workspace, else organization",
        ),
        col(
            "principal_type",
            MEMBER_TYPE,
            "",
            rule="member_type",
            doc="user, service_account, team or invitation",
        ),
        col("user_id", "string", "user.id", "user_id"),
        col("username", "string", "user.username"),
        col("user_email", "string", "user.email"),
        col("team_id", "string", "team.id", "team_id"),
        col("team_name", "string", "team.name"),
        col("invitation_id", "string", "invitation.id", "invitation_id"),
        col("invitation_email", "string", "invitation.email"),
        col("organization_id", "string", "organization_id", "organization.id"),
        col("workspace_id", "string", "workspace_id", "workspace.id"),
        col(
            "workspace_name",
            "string",
            "workspace.name",
            "workspace_name",
            doc="looked up by the Session when known",
        ),
        col("project_id", "string", "project_id", "project.id"),
        col("created", TS),
    ),
    row="one role held by one user, team or invitation, at organization, workspace or project scope",
)

INVITATIONS = FrameSchema(
    "invitations",
    (
        col("id", "string"),
        col("email", "string"),
        col("organization_id", "string", "organization_id", "organization.id"),
        col("role_id", "string", "role.id", "role_id"),
        col("role_name", "string", "role.name"),
        col("status", INVITATION_STATUS),
        col("inviter_id", "string", "inviter.id", "inviter_id"),
        col("inviter_username", "string", "inviter.username"),
        col("created", TS),
        col("expires", TS, "expires", "expires_at"),
    ),
    row="one invitation to an organization",
)

PRO_SCHEMAS: tuple[FrameSchema, ...] = (
    ORGANIZATIONS,
    WORKSPACES,
    USERS,
    MEMBERS,
    TEAMS,
    TEAM_MEMBERS,
    ROLES,
    ROLE_ASSIGNMENTS,
    INVITATIONS,
)
