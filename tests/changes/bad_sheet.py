"""A role-assignment sheet with 30 kinds of bad row (and two good ones), built from names that exist."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Names:
    """Real names in the target (sandbox or frames) to make the bad rows near-misses of."""

    org: str
    other_org: str
    user: str  # an email
    username: str  # the same user's username
    other_user: str  # another user's email
    team: str  # in org
    other_team: str  # in other_org
    workspace: str  # in org
    other_workspace: str  # in other_org
    other_workspace_id: str
    ambiguous_workspace: str  # a workspace name used in both organizations
    org_role: str
    ws_role: str
    project_role: str
    other_org_role_id: str  # a role id of other_org


HEADER = "user,team,role,workspace,action,organization"


def bad_sheet(n: Names) -> tuple[bytes, dict[int, str], list[int]]:
    """``(csv bytes, {row: what is wrong}, good rows)``; the header is row 1."""
    rows: list[tuple[str, str | None]] = [
        (f"{n.user},,{n.ws_role},{n.workspace},assign,{n.org}", None),
        (f"{n.other_user},,{n.org_role},,,{n.org}", None),
        (f"{n.user[:-2]},,{n.ws_role},{n.workspace},,{n.org}", "user misspelt"),
        (f"nobody-at-all@elsewhere.test,,{n.ws_role},{n.workspace},,{n.org}", "unknown user"),
        (f",{n.team}zz,{n.ws_role},{n.workspace},,{n.org}", "unknown team"),
        (f"{n.user},,{n.ws_role[:-1]},{n.workspace},,{n.org}", "role misspelt"),
        (f"{n.user},,Supreme Overlord,{n.workspace},,{n.org}", "unknown role"),
        (f"{n.user},,{n.ws_role},{n.workspace}q,,{n.org}", "workspace misspelt"),
        (f"{n.user},,{n.ws_role},{n.workspace},,{n.org}x", "unknown organization"),
        (f"{n.user},,{n.org_role},{n.workspace},,{n.org}", "organization role in a workspace"),
        (f"{n.user},,{n.ws_role},,,{n.org}", "workspace role without a workspace"),
        (f"{n.user},,{n.project_role},{n.workspace},,{n.org}", "project role"),
        (f"{n.user},{n.team},{n.ws_role},{n.workspace},,{n.org}", "both user and team"),
        (f",,{n.ws_role},{n.workspace},,{n.org}", "neither user nor team"),
        (f"{n.user},,,{n.workspace},,{n.org}", "empty role"),
        (f"{n.user},,{n.ws_role},{n.workspace},asign,{n.org}", "unknown action"),
        (f"{n.user},,{n.ws_role},{n.workspace},assign,{n.org}", "duplicate row"),
        (f"{n.user},,{n.ws_role},{n.workspace},revoke,{n.org}", "row undoing another"),
        (f"{n.user},,{n.ws_role},{n.other_workspace},,{n.org}", "workspace of another organization"),
        (f"{n.user},,{n.ws_role},{n.ambiguous_workspace},,", "workspace name in two organizations"),
        (f",{n.other_team},{n.ws_role},{n.workspace},,{n.org}", "team of another organization"),
        (f"{n.user},,{n.ws_role},{n.workspace},,{n.org},surplus", "extra cell"),
        (f"00000000-0000-0000-0000-000000000000,,{n.ws_role},{n.workspace},,{n.org}", "unknown user id"),
        (f'{n.user},,"   ",{n.workspace},,{n.org}', "blank role"),
        (f"{n.user},,{n.ws_role},{n.workspace},?,{n.org}", "unknown action symbol"),
        (f"{n.username},,{n.ws_role},{n.workspace},,{n.org}", "same change written differently"),
        (f",{n.team},{n.ws_role},{n.other_workspace},,", "team and workspace in different organizations"),
        ("ren\udce9@acme.example" + f",,{n.ws_role},{n.workspace},,{n.org}", "not UTF-8"),
        (f'"{n.user}; {n.other_user}",,{n.ws_role},{n.workspace},,{n.org}', "two users in one cell"),
        (f"{n.user},,{n.other_org_role_id},,,{n.org}", "role of another organization"),
        (f"{n.user},,{n.ws_role},{n.other_workspace_id},,{n.org}", "workspace id of another organization"),
        (f'{n.user},,{n.ws_role},"{n.workspace},,{n.org}', "broken quoting"),
    ]
    lines = [HEADER] + [text for text, _ in rows]
    data = "\n".join(lines).encode("utf-8", errors="surrogateescape") + b"\n"
    bad = {number: why for number, (_, why) in enumerate(rows, start=2) if why is not None}
    good = [number for number, (_, why) in enumerate(rows, start=2) if why is None]
    assert len(bad) == 30
    return data, bad, good
