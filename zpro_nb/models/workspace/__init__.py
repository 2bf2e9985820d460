"""Models of a workspace's API (the ZenML OSS server API)."""

from __future__ import annotations

from .api_keys import ApiKey, NewApiKey
from .base import WorkspaceObject
from .lineage import Artifact, ArtifactVersion, Model, ModelVersion, Schedule, StepRun
from .resources import Component, Pipeline, PipelineRun, Project, RunTemplate, Secret, Stack, Tag
from .users import ServiceAccount, WorkspaceUser

__all__ = [
    "ApiKey",
    "Artifact",
    "ArtifactVersion",
    "Component",
    "Model",
    "ModelVersion",
    "NewApiKey",
    "Pipeline",
    "PipelineRun",
    "Project",
    "RunTemplate",
    "Schedule",
    "Secret",
    "ServiceAccount",
    "Stack",
    "StepRun",
    "Tag",
    "WorkspaceObject",
    "WorkspaceUser",
]
