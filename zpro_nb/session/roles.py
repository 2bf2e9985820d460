"""Roles and role assignments: lists (read concurrently, workspace roles per workspace), single
roles, and assigning and revoking them. Every change is journaled with its inverse."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from ..api import lookup
from ..api.pro import roles as roles_api
from ..api.pro import workspaces as ws_api
from ..errors import InvalidArgument
from ..models.pro import ROLE_LEVELS, Role, RoleAssignment
from ..progress import gather_with_progress
from .lookups import Lookups, frame_schema, no_lookup

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RoleMethods", "assignment_queries"]


class RoleMethods(Lookups):
    """``roles()``, ``role_assignments()``, ``assign_role()`` and ``revoke_role()``."""

    async def roles(self, organization: str | None = None, level: str | None = None) -> pd.DataFrame:
        """Roles of an organization (all of yours when ``None``); ``level``: organization, workspace
        or project."""
        return await self._per_organization(
            organization, lambda org_id: roles_api.list_roles(self.pro, org_id, level=level), "roles"
        )

    async def role_assignments(
        self,
        organization: str | None = None,
        workspace: str | None = None,
        user: str | None = None,
        *,
        level: str | None = None,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Every role assignment, with workspace names filled in, read concurrently: organization
        and project roles once each, workspace roles once per workspace (scoped by ``workspace_id``,
        as ZenML's own examples ask, rather than trusting an unscoped list to hold every workspace).

        ``workspace`` (name or id) keeps the assignments scoped to it (asked of the server);
        ``user`` (username, email or id) keeps that user's direct assignments; ``level``
        (``"organization"``, ``"workspace"`` or ``"project"``) reads only the roles of that level -
        in a large organization the organization roles' lists (every member) are most of the pages.
        """
        if level is not None and level not in ROLE_LEVELS:
            raise InvalidArgument(
                f"level={level!r} is not a role level: pass one of {', '.join(ROLE_LEVELS)}"
            )
        orgs = await self._organizations_for(organization)
        records, ws_records = await self._assignment_records(
            orgs, organization is not None, workspace=workspace, user=user, level=level, progress=progress
        )
        ws_names = {w.get("id"): w.get("name") for w in ws_records}
        names = [ws_names.get(a.get("workspace_id")) for a in records]
        return frame_schema("role_assignments").build(records, values={"workspace_name": names})

    async def _assignment_records(
        self,
        orgs: list[dict[str, Any]],
        one_organization: bool,
        *,
        workspace: str | None = None,
        user: str | None = None,
        level: str | None = None,
        progress: bool = True,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The assignment records of ``orgs`` (already resolved), and the workspaces listed to read
        them: the access views build on both, without a frame in between or a second listing."""
        # Workspaces, roles and the user are independent: one round trip for all of them.
        ws_records, per_org, user_record = await asyncio.gather(
            ws_api.list_workspaces(self.pro, organization_id=orgs[0]["id"] if one_organization else None),
            asyncio.gather(*(roles_api.list_roles(self.pro, o["id"]) for o in orgs)),
            self._user_record(user) if user else no_lookup(),
        )
        ws_id = dict(lookup.resolve(ws_records, workspace, "workspace"))["id"] if workspace else None
        user_id = user_record["id"] if user_record else None
        roles = [r for rs in per_org for r in rs if level is None or r.get("level") == level]
        queries = assignment_queries(roles, ws_records, ws_id)
        # Organization-wide lists first: one holds every member (tens of pages in a large
        # organization); asked for last, its later pages would trail the fan-out alone. Results keep
        # the queries' order.
        order = sorted(range(len(queries)), key=lambda i: queries[i][1] is not None)
        started = await gather_with_progress(
            [
                roles_api.list_role_assignments(self.pro, role, workspace_id=w)
                for role, w in (queries[i] for i in order)
            ],
            desc="Reading role assignments",
            show=progress,
            window=self.transport.limits.calls_at_once(),
        )
        per_query: list[list[dict[str, Any]]] = [[] for _ in queries]
        for i, assignments in zip(order, started, strict=True):
            per_query[i] = assignments
        records = [a for assignments in per_query for a in assignments]
        if ws_id:
            records = [a for a in records if a.get("workspace_id") == ws_id]
        if user_id:
            records = [
                a
                for a in records
                if (a.get("user") or {}).get("id") == user_id or a.get("user_id") == user_id
            ]
        return records, ws_records

    async def get_role(self, role: str, organization: str | None = None) -> Role:
        """One role by name or id."""
        return Role.model_validate(await self._role_record(role, organization))

    async def _principal(
        self, user: str | None, team: str | None, organization: str | None
    ) -> dict[str, str]:
        if (user is None) == (team is None):
            raise InvalidArgument("pass exactly one of user= or team=")
        if user is not None:
            return {"user_id": (await self._user_record(user))["id"]}
        return {"team_id": (await self._team_record(team or "", organization))["id"]}

    async def _assignment_target(
        self, role: str, user: str | None, team: str | None, workspace: str | None, organization: str | None
    ) -> tuple[str, dict[str, str], str | None]:
        ws = await self._workspace_record(workspace, organization) if workspace else None
        org_id = (ws.get("organization") or {}).get("id") if ws else None
        level = "workspace" if ws else "organization"
        found = await self._role_record(role, org_id or organization, level=level)
        principal = await self._principal(user, team, org_id or organization)
        return found["id"], principal, ws["id"] if ws else None

    async def assign_role(
        self,
        role: str,
        user: str | None = None,
        team: str | None = None,
        workspace: str | None = None,
        organization: str | None = None,
    ) -> RoleAssignment | None:
        """Give a user or team a role: a workspace role when ``workspace`` is given, else an
        organization role."""
        role_id, principal, ws_id = await self._assignment_target(role, user, team, workspace, organization)
        assignment = await roles_api.assign_role(self.pro, role_id, workspace_id=ws_id, **principal)
        await self._journal_assignment(
            "assign_role", role, role_id, principal, user, team, workspace, ws_id, organization
        )
        return assignment

    async def revoke_role(
        self,
        role: str,
        user: str | None = None,
        team: str | None = None,
        workspace: str | None = None,
        organization: str | None = None,
    ) -> None:
        """Take a role away (same arguments as :meth:`assign_role`)."""
        role_id, principal, ws_id = await self._assignment_target(role, user, team, workspace, organization)
        await roles_api.revoke_role(self.pro, role_id, workspace_id=ws_id, **principal)
        await self._journal_assignment(
            "revoke_role", role, role_id, principal, user, team, workspace, ws_id, organization
        )

    async def _journal_assignment(
        self,
        kind: str,
        role: str,
        role_id: str,
        principal: dict[str, str],
        user: str | None,
        team: str | None,
        workspace: str | None,
        workspace_id: str | None,
        organization: str | None,
    ) -> None:
        # Recorded only after the server accepted the change, with the inverse the journal derives.
        await self._changed(
            kind,
            role_id=role_id,
            role=role,
            workspace_id=workspace_id or "",
            workspace=workspace or "",
            organization=organization or "",
            user=user or "",
            team=team or "",
            **principal,
        )


def assignment_queries(
    roles: list[dict[str, Any]], workspaces: list[dict[str, Any]], workspace_id: str | None
) -> list[tuple[str, str | None]]:
    """(role id, workspace id or None) for every assignment list to read."""
    queries: list[tuple[str, str | None]] = []
    for role in roles:
        if role.get("level") == "workspace":
            org_id = role.get("organization_id")
            targets = (
                [workspace_id]
                if workspace_id
                else [
                    str(w["id"])
                    for w in workspaces
                    if not org_id or (w.get("organization") or {}).get("id") in (None, org_id)
                ]
            )
            queries += [(str(role["id"]), target) for target in targets]
        elif not workspace_id:
            queries.append((str(role["id"]), None))
    return queries
