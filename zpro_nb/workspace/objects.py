"""Single objects of a workspace by name or id, and the changes a workspace session makes:
service accounts, their API keys, deactivating users."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .._core.errors import NotFound, PermissionDenied
from ..api import lookup
from ..api.workspace import api_keys as keys_api
from ..api.workspace import named
from ..api.workspace import resources as resources_api
from ..api.workspace import service_accounts as accounts_api
from ..api.workspace import users as users_api
from ..arguments import require_name, require_number
from ..errors import InvalidArgument
from ..models.workspace import ApiKey, NewApiKey, ServiceAccount, WorkspaceObject, WorkspaceUser
from .core import UUID, WorkspaceCore

__all__ = ["PROJECT_SCOPED", "WorkspaceObjects"]

#: The resources that live in one project: without ``project=`` the server answers for the
#: signed-in user's default project (else the server's default one), as ZenML's ``Client`` does
#: for its active project.
PROJECT_SCOPED = frozenset(
    {"pipelines", "runs", "run_templates", "artifacts", "artifact_versions", "models", "model_versions",
     "steps", "schedules"}
)  # fmt: skip


def _one_path_segment(name: str) -> bool:
    """Whether ``name`` reads the same as one URL path segment, so ``/projects/{name}`` asks for it
    (a name with a slash, a space or ``..`` is looked for in the list instead)."""
    return bool(name) and name not in (".", "..") and quote(name, safe="") == name


class WorkspaceObjects(WorkspaceCore):
    """``get_user()``, ``get_service_account()``, ``get_api_key()``, ``get()`` and the changes."""

    async def get_user(self, user: str) -> WorkspaceUser:
        """One user by name or id (a name in another case is found through the server's name filter)."""
        try:
            return await users_api.get_user(self.client, user)
        except NotFound:
            pass  # outside the except block, so the server's 404 does not trail the lookup's error
        found = await named.find_named(self.client, "/users", user, "user", where=self._where)
        return await users_api.get_user(self.client, str(found["id"]))

    async def get_service_account(self, service_account: str) -> ServiceAccount:
        """One service account by name or id."""
        try:
            return await accounts_api.get_service_account(self.client, service_account)
        except NotFound:
            pass
        found = await named.find_named(
            self.client, "/service_accounts", service_account, "service account", where=self._where
        )
        return await accounts_api.get_service_account(self.client, str(found["id"]))

    async def _account_and_key(self, service_account: str, key: str) -> tuple[str, ApiKey]:
        account = await self.get_service_account(service_account)
        try:
            return account.id, await keys_api.get_api_key(self.client, account.id, key)
        except NotFound:
            pass
        path = f"/service_accounts/{account.id}/api_keys"
        found = await named.find_named(
            self.client, path, key, f"API key of {account.name}", where=self._where
        )
        return account.id, await keys_api.get_api_key(self.client, account.id, str(found["id"]))

    async def get_api_key(self, service_account: str, key: str) -> ApiKey:
        """One API key (name or id) of a service account (name or id)."""
        return (await self._account_and_key(service_account, key))[1]

    async def _listed(
        self,
        resource: str,
        filters: Mapping[str, Any] | None = None,
        *,
        sort_by: str | None = None,
        max_items: int | None = None,
    ) -> list[dict[str, Any]]:
        """``resource``'s records; an unknown ``project`` filter is an ``InvalidArgument``."""
        try:
            return await resources_api.list_resource(
                self.client, resource, filters=filters, sort_by=sort_by, max_items=max_items
            )
        except NotFound:
            project = (filters or {}).get("project")
            if project is None:
                raise
        await self._refuse_unknown_project(str(project))
        # The project exists, so the 404 had another cause: ask again and let it raise.
        return await resources_api.list_resource(
            self.client, resource, filters=filters, sort_by=sort_by, max_items=max_items
        )

    async def _refuse_unknown_project(self, project: str) -> dict[str, Any]:
        """The project named (name or id) by ``project``; an unknown one is an ``InvalidArgument``.

        The project is asked for by itself (one small read); only a miss lists them all, for the
        error to name the known ones. A workspace may hold many projects, and a known one is the
        common case.
        """
        wanted = project.strip()
        if _one_path_segment(wanted):
            try:
                record = await self.client.get(f"/projects/{wanted}", params={"hydrate": False})
            except (NotFound, PermissionDenied):
                # Outside the except block, so the server's answer does not trail the refusal. A
                # project the caller may not read is left out of the list too: the same refusal.
                pass
            else:
                # The same exact match as on the list, whatever name matching the server does.
                if isinstance(record, dict) and wanted in (record.get("name"), record.get("id")):
                    return record
        projects = await resources_api.list_resource(self.client, "projects")
        for record in projects:
            if wanted in (record.get("name"), record.get("id")):
                return record
        known = ", ".join(sorted(str(p.get("name")) for p in projects))
        raise InvalidArgument(f"project must be a project{self._where} (one of: {known}), not {project!r}")

    async def _in_project(self, found: WorkspaceObject, noun: str, project: str) -> WorkspaceObject:
        """``found`` (read by its id) if it is in ``project``: the server reads an id in any project,
        so without this check ``project=`` would be ignored for an id."""
        wanted = await self._refuse_unknown_project(project)
        actual = getattr(found, "project_id", None)
        if actual is None or actual == wanted.get("id"):
            return found
        raise lookup.NameNotFound(
            f"no {noun} with id {found.id!r}{self._where}, project {wanted.get('name')}: "
            f"it is in another project (project_id {actual}); leave out project= or name that one"
        )

    async def get(self, resource: str, name_or_id: str, *, project: str | None = None) -> WorkspaceObject:
        """One object by name or id: a project, pipeline, run, run template, stack, component, tag,
        secret, artifact, artifact version (id), model, model version, step or schedule (the
        resource is the list's name: ``"runs"``, ``"artifact_versions"``, ...).

        An id is read directly; a name is found with the server's ``name`` filter (never by
        listing every object), case-insensitively, then read by its id. A name of a pipeline, run,
        artifact, model, ... is looked for in ``project`` (name or id; default: the signed-in
        user's default project, as the server decides); with ``project``, an object read by its id
        must be in that project.
        """
        if resource not in resources_api.ENDPOINTS:
            known = ", ".join(sorted(resources_api.ENDPOINTS))
            raise InvalidArgument(f"resource must be one of {known}, not {resource!r}")
        if project is not None and resource not in PROJECT_SCOPED:
            scoped = ", ".join(sorted(PROJECT_SCOPED))
            raise InvalidArgument(f"project applies only to {scoped}; {resource} belong to no project")
        path, _ = resources_api.ENDPOINTS[resource]
        noun = resource.rstrip("s").replace("_", " ")
        by_id = bool(UUID.match(name_or_id.strip()))
        if by_id or resource in resources_api.NAME_IN_PATH:
            try:
                found_by_id = await resources_api.get_resource(self.client, resource, name_or_id.strip())
            except NotFound:
                pass  # outside the except block, so the server's 404 does not trail the lookup's error
            else:
                return found_by_id if project is None else await self._in_project(found_by_id, noun, project)
            if by_id:
                if project is not None:
                    await self._refuse_unknown_project(project)
                raise lookup.NameNotFound(f"no {noun} with id {name_or_id!r}{self._where}")
        if project is not None:
            where = f"{self._where}, project {project}"
        elif resource in PROJECT_SCOPED:
            # The server looked in one project only: say so, or a run elsewhere seems not to exist.
            where = f"{self._where} (its default project; project= looks in another)"
        else:
            where = self._where
        try:
            found = await named.find_named(
                self.client, path, name_or_id, noun, where=where, filters={"project": project}
            )
        except NotFound:
            if project is None:
                raise
            await self._refuse_unknown_project(project)
            raise
        return await resources_api.get_resource(self.client, resource, str(found["id"]))

    # --- changes -------------------------------------------------------------------------------

    async def create_service_account(self, name: str, description: str | None = None) -> ServiceAccount:
        """Create a service account (admin only)."""
        require_name("name", name)
        return await accounts_api.create_service_account(self.client, name=name, description=description)

    async def create_api_key(
        self, service_account: str, name: str, description: str | None = None
    ) -> NewApiKey:
        """Create an API key for a service account. The value is shown masked; ``.show_key()`` reveals it."""
        require_name("name", name)
        account = await self.get_service_account(service_account)
        return await keys_api.create_api_key(self.client, account.id, name=name, description=description)

    async def rotate_api_key(self, service_account: str, key: str, retain_minutes: int = 0) -> NewApiKey:
        """Rotate a key: a new value (masked) now, the old one valid for ``retain_minutes`` more."""
        require_number("retain_minutes", retain_minutes)
        account_id, current = await self._account_and_key(service_account, key)
        return await keys_api.rotate_api_key(
            self.client, account_id, current.id, retain_minutes=retain_minutes
        )

    async def deactivate_api_key(self, service_account: str, key: str) -> ApiKey:
        """Deactivate a key: it stops working at once (it can be reactivated)."""
        account_id, current = await self._account_and_key(service_account, key)
        return await keys_api.deactivate_api_key(self.client, account_id, current.id)

    async def deactivate_service_account(self, service_account: str) -> ServiceAccount:
        """Deactivate a service account: none of its keys work any more."""
        account = await self.get_service_account(service_account)
        return await accounts_api.deactivate_service_account(self.client, account.id)

    async def deactivate_user(self, user: str) -> WorkspaceUser:
        """Deactivate a workspace user (admin only)."""
        found = await self.get_user(user)
        return await users_api.deactivate_user(self.client, found.id)
