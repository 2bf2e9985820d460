"""Models of a workspace's API (the ZenML OSS server API)."""

from __future__ import annotations

from .api_keys import ApiKey, NewApiKey
from .base import WorkspaceObject
from .resources import Component, Pipeline, PipelineRun, Project, RunTemplate, Secret, Stack, Tag
from .users import ServiceAccount, WorkspaceUser

__all__ = [
    "ApiKey",
    "Component",
    "NewApiKey",
    "Pipeline",
    "PipelineRun",
    "Project",
    "RunTemplate",
    "Secret",
    "ServiceAccount",
    "Stack",
    "Tag",
    "WorkspaceObject",
    "WorkspaceUser",
]
