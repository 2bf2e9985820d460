"""Deterministic seed data: the same ``config.seed`` gives the same ids, names and shape.

Times are offsets (drawn from the seeded RNG) before an anchor: the sandbox clock at app creation,
so "last login 3 days ago" stays true whenever the sandbox starts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..tokens import key_digest, new_api_key
from .rbac import (
    BILLING_ADMIN,
    ORG_ADMIN,
    ORG_MANAGER,
    ORG_MEMBER,
    ORG_VIEWER,
    ORGANIZATION_ROLES,
    PROJECT_ROLES,
    STACK_ADMIN,
    WORKSPACE_ROLES,
    WS_ADMIN,
    WS_CONTRIBUTOR,
    WS_DEVELOPER,
    WS_VIEWER,
)
from .seed_names import FIRST_NAMES, JOB_TITLES, LAST_NAMES
from .state import (
    INVITATION_LIFETIME_S,
    ApiKey,
    Invitation,
    Level,
    Organization,
    ProStore,
    Role,
    RoleAssignment,
    Team,
    User,
    Workspace,
)

DAY = 24 * 3600.0
DOMAIN = "acme.example"
#: the seeded ``pending`` workspace stays pending this long after app creation (a slow deployment)
SEEDED_PENDING_S = 600.0

DEMO_USERS = (("admin", "Avery Admin"), ("manager", "Morgan Manager"), ("viewer", "Vic Viewer"))


@dataclass
class Scale:
    users: int
    ml_workspaces: int
    research_workspaces: int
    teams: int
    extra_workspace_assignments: int
    invitations: int
    max_workspaces_ml: int


SCALES = {
    "demo": Scale(
        users=40,
        ml_workspaces=6,
        research_workspaces=2,
        teams=5,
        extra_workspace_assignments=45,
        invitations=7,
        max_workspaces_ml=25,
    ),
    "large": Scale(
        users=5000,
        ml_workspaces=296,
        research_workspaces=4,
        teams=60,
        extra_workspace_assignments=15_500,
        invitations=300,
        max_workspaces_ml=500,
    ),
}

#: the demo organization's workspaces, in the mixed states the notebooks show
DEMO_ML_WORKSPACES = (
    ("production", "Production", "available"),
    ("staging", "Staging", "available"),
    ("ml-platform-dev", "ML Platform Dev", "available"),
    ("forecasting", "Forecasting", "pending"),
    ("legacy-batch", "Legacy Batch", "deactivated"),
    ("gpu-fail-test", "GPU Fail Test", "failed"),
)
DEMO_RESEARCH_WORKSPACES = (
    ("research-main", "Research Main", "available"),
    ("vision-lab", "Vision Lab", "available"),
)
WORKSPACE_WORDS = (
    "churn",
    "fraud",
    "vision",
    "nlp",
    "recsys",
    "forecasting",
    "pricing",
    "search",
    "speech",
    "ranking",
    "ads",
    "risk",
    "ocr",
    "genomics",
    "supply",
    "demand",
)


@dataclass
class SeedResult:
    """What the app needs from the seed beyond the store: who the demo users are, and their keys."""

    demo_user_ids: dict[str, str] = field(default_factory=dict)
    api_keys: dict[str, str] = field(default_factory=dict)


def add_system_roles(store: ProStore, org_id: str, created: float) -> None:
    """The predefined roles every organization has."""
    groups: tuple[tuple[Level, dict[str, str]], ...] = (
        ("organization", ORGANIZATION_ROLES),
        ("workspace", WORKSPACE_ROLES),
        ("project", PROJECT_ROLES),
    )
    for level, roles in groups:
        for name, description in roles.items():
            store.add_role(
                Role(
                    id=store.new_id(),
                    name=name,
                    description=description,
                    organization_id=org_id,
                    level=level,
                    system_managed=True,
                    type="system",
                    created=created,
                )
            )


class _Seeder:
    def __init__(self, store: ProStore, rng: random.Random, anchor: float, scale: Scale) -> None:
        self.store = store
        self.rng = rng
        self.anchor = anchor
        self.scale = scale
        self.result = SeedResult()

    def ago(self, low_days: float, high_days: float) -> float:
        return self.anchor - self.rng.uniform(low_days, high_days) * DAY

    def assign(
        self, org_id: str, role_name: str, kind: str, principal_id: str, ws_id: str | None = None
    ) -> None:
        role = self.store.role_named(org_id, role_name)
        assert role is not None
        key = (role.id, kind, principal_id, ws_id, None)
        if key in self.store.assignments_by_key:
            return
        self.store.add_assignment(
            RoleAssignment(
                id=self.store.new_id(),
                role_id=role.id,
                kind=kind,  # type: ignore[arg-type]
                principal_id=principal_id,
                organization_id=org_id,
                workspace_id=ws_id,
                project_id=None,
                created=self.ago(1, 120),
            )
        )

    def user(self, username: str, name: str, email: str, **extra: object) -> User:
        created = self.ago(60, 500)
        roll = self.rng.random()
        if roll < 0.08:
            last_login = None
        elif roll < 0.18:
            last_login = self.ago(60, 200)
        else:
            last_login = self.ago(0, 30)
        user = User(
            id=self.store.new_id(),
            username=username,
            email=email,
            name=name,
            created=created,
            updated=created,
            job_title=self.rng.choice(JOB_TITLES),
            company="Acme",
            last_login=last_login,
            oauth_provider="google" if "@" in username else None,
            **extra,  # type: ignore[arg-type]
        )
        return self.store.add_user(user)

    def api_key(self, user: User, label: str) -> None:
        key = new_api_key(self.rng)
        self.store.api_keys[key_digest(key)] = ApiKey(
            user_id=user.id, name=f"{label}-key", created=user.created
        )
        self.result.api_keys[label] = key

    def people(self) -> list[User]:
        users: list[User] = []
        for username, name in DEMO_USERS:
            user = self.user(username, name, f"{username}@{DOMAIN}")
            user.last_login = self.ago(0, 2)
            self.result.demo_user_ids[username] = user.id
            self.api_key(user, username)
            users.append(user)
        seen: set[str] = set()
        for index in range(self.scale.users - len(DEMO_USERS)):
            first = self.rng.choice(FIRST_NAMES)
            last = self.rng.choice(LAST_NAMES)
            handle = f"{first}.{last}".lower()
            if handle in seen:
                handle = f"{handle}{index}"
            seen.add(handle)
            email = f"{handle}@{DOMAIN}"
            users.append(self.user(email, f"{first} {last}", email))
        for user in self.rng.sample(users[len(DEMO_USERS) :], k=max(1, len(users) // 20)):
            user.is_active = False
        return users

    def organization(self, name: str, description: str, owner: User, max_workspaces: int) -> Organization:
        created = self.ago(400, 700)
        org = self.store.add_organization(
            Organization(
                id=self.store.new_id(),
                name=name,
                description=description,
                owner_id=owner.id,
                created=created,
                updated=created,
                max_workspaces=max_workspaces,
            )
        )
        add_system_roles(self.store, org.id, created)
        return org

    def workspace(self, org: Organization, name: str, display: str, status: str, owner: User) -> Workspace:
        created = self.ago(20, 380)
        ws = Workspace(
            id=self.store.new_id(),
            name=name,
            display_name=display,
            description=f"{display} workspace of {org.name}.",
            organization_id=org.id,
            owner_id=owner.id,
            created=created,
            updated=created,
            status=status,
            desired_state="deactivated" if status == "deactivated" else "available",
            status_updated=self.ago(0, 20),
            storage_size=self.rng.randint(10, 4000) * 1024 * 1024,
            usage_counts={
                "pipelines": self.rng.randint(0, 40),
                "pipeline_runs": self.rng.randint(0, 2500),
                "users": self.rng.randint(1, 30),
            },
        )
        if status == "pending":
            ws.status_updated = self.anchor
            ws.ready_at = self.anchor + SEEDED_PENDING_S
            ws.state_reason = "Deploying the workspace."
        elif status == "failed":
            ws.state_reason = "Deployment failed: the database migration did not finish in time."
        elif status == "deactivated":
            ws.state_reason = "Deactivated on request."
        return self.store.add_workspace(ws)

    def teams(self, org: Organization, members: list[User], names: list[str]) -> list[Team]:
        teams = []
        for name in names:
            created = self.ago(30, 300)
            team = self.store.add_team(
                Team(
                    id=self.store.new_id(),
                    name=name,
                    description=f"The {name.replace('-', ' ')} team.",
                    organization_id=org.id,
                    created=created,
                    updated=created,
                )
            )
            for user in self.rng.sample(members, k=min(len(members), self.rng.randint(3, 8))):
                self.store.add_team_member(team.id, "user", user.id)
            teams.append(team)
        return teams

    def invitations(self, org: Organization, inviter: User, count: int, teams: list[Team]) -> None:
        for index in range(count):
            if index == 0:
                created = self.anchor - (INVITATION_LIFETIME_S + 10 * DAY)  # already expired
            elif index % 3 == 1:
                created = self.ago(35, 80)  # stale: pending for more than 30 days
            else:
                created = self.ago(0, 20)
            first = self.rng.choice(FIRST_NAMES).lower()
            invitation = self.store.add_invitation(
                Invitation(
                    id=self.store.new_id(),
                    email=f"{first}.new{index}@{DOMAIN}",
                    organization_id=org.id,
                    role_id=self.store.roles_by_org_name[(org.id, ORG_MEMBER)],
                    inviter_id=inviter.id,
                    created=created,
                    expires=created + INVITATION_LIFETIME_S,
                )
            )
            self.assign(org.id, ORG_MEMBER, "invitation", invitation.id)
            if teams and index % 2 == 0:
                self.store.add_team_member(self.rng.choice(teams).id, "invitation", invitation.id)

    def service_account(self, org: Organization, name: str) -> User:
        sa = self.user(name, name, f"{name}@{DOMAIN}", is_service_account=True, organization_id=org.id)
        sa.oauth_provider = None
        self.api_key(sa, name)
        self.assign(org.id, ORG_MEMBER, "user", sa.id)
        return sa

    def run(self) -> SeedResult:
        scale = self.scale
        people = self.people()
        admin, manager, viewer = people[:3]
        others = people[3:]
        research_owner = others[0]
        ml = self.organization(
            "acme-ml", "Acme's machine-learning organization.", admin, scale.max_workspaces_ml
        )
        research = self.organization("acme-research", "Acme Research Labs.", research_owner, 3)

        ml_people = others[: max(3, len(others) * 3 // 4)]
        # Everyone outside acme-ml works in acme-research, plus a few who belong to both.
        research_people = [research_owner, *others[len(ml_people) :], *self.rng.sample(ml_people[1:], k=3)]
        for org in (ml, research):
            self.assign(org.id, ORG_ADMIN, "user", admin.id)
        self.assign(ml.id, ORG_MANAGER, "user", manager.id)
        self.assign(ml.id, ORG_VIEWER, "user", viewer.id)
        self.assign(research.id, ORG_ADMIN, "user", research_owner.id)
        for index, user in enumerate(ml_people):
            role = ORG_VIEWER if index % 13 == 5 else BILLING_ADMIN if index == 7 else ORG_MEMBER
            self.assign(ml.id, role, "user", user.id)
        for user in research_people[1:]:
            self.assign(research.id, ORG_MEMBER, "user", user.id)

        ml_workspaces = [self.workspace(ml, n, d, s, admin) for n, d, s in DEMO_ML_WORKSPACES]
        for index in range(scale.ml_workspaces - len(DEMO_ML_WORKSPACES)):
            word = self.rng.choice(WORKSPACE_WORDS)
            status = "deactivated" if index % 25 == 24 else "available"
            ml_workspaces.append(
                self.workspace(ml, f"{word}-{index:03d}", f"{word.title()} {index}", status, admin)
            )
        research_workspaces = [
            self.workspace(research, n, d, s, research_owner) for n, d, s in DEMO_RESEARCH_WORKSPACES
        ]
        for index in range(scale.research_workspaces - len(DEMO_RESEARCH_WORKSPACES)):
            research_workspaces.append(
                self.workspace(research, f"lab-{index:02d}", f"Lab {index}", "available", research_owner)
            )

        base_team_names = ["data-science", "ml-platform", "analytics", "mlops-oncall"]
        extra = [f"squad-{i:02d}" for i in range(max(0, scale.teams - 5))]
        ml_teams = self.teams(ml, ml_people, base_team_names + extra)
        research_teams = self.teams(research, research_people, ["research-core"])
        ws_roles = [WS_ADMIN, WS_DEVELOPER, WS_CONTRIBUTOR, WS_VIEWER, STACK_ADMIN]
        for index, team in enumerate(ml_teams):
            for ws in self.rng.sample(ml_workspaces, k=min(2, len(ml_workspaces))):
                self.assign(ml.id, ws_roles[(index + 1) % len(ws_roles)], "team", team.id, ws.id)
        # One team holds an organization role too, so member lists show a team entry.
        self.assign(ml.id, ORG_MEMBER, "team", ml_teams[2].id)
        for team in research_teams:
            self.assign(research.id, WS_DEVELOPER, "team", team.id, research_workspaces[0].id)

        self.service_account(ml, "ci-pipeline-bot")
        self.service_account(ml, "airflow-sync")
        weights = [1, 4, 4, 6, 1]
        for _ in range(scale.extra_workspace_assignments):
            if self.rng.random() < 0.85:
                org, pool, spaces = ml, ml_people, ml_workspaces
            else:
                org, pool, spaces = research, research_people, research_workspaces
            role = self.rng.choices(ws_roles, weights=weights)[0]
            self.assign(org.id, role, "user", self.rng.choice(pool).id, self.rng.choice(spaces).id)

        self.invitations(ml, manager, scale.invitations - 1, ml_teams)
        self.invitations(research, research_owner, 1, research_teams)
        return self.result


def seed_store(store: ProStore, rng: random.Random, anchor: float, scale_name: str) -> SeedResult:
    """Fill ``store`` for ``scale_name`` ("demo" or "large")."""
    return _Seeder(store, rng, anchor, SCALES[scale_name]).run()
