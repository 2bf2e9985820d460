"""Each kind of change goes to the documented Pro endpoint (pro-api.md §1.2, §1.5), with query params."""

from __future__ import annotations

import pytest

from zpro_nb.changes import Change
from zpro_nb.changes.sending import request_for

ORG = {"organization_id": "o1", "organization": "acme"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            Change(kind="assign_role", role_id="r1", user_id="u1", workspace_id="w1", **ORG),
            ("POST", "/roles/r1/assignments", {"user_id": "u1", "workspace_id": "w1"}, None),
        ),
        (
            Change(kind="revoke_role", role_id="r1", team_id="t1", **ORG),
            ("DELETE", "/roles/r1/assignments", {"team_id": "t1"}, None),
        ),
        (
            Change(kind="add_team_member", team_id="t1", user_id="u1", **ORG),
            ("POST", "/teams/t1/members", {"user_id": "u1"}, None),
        ),
        (
            Change(kind="remove_team_member", team_id="t1", user_id="u1", **ORG),
            ("DELETE", "/teams/t1/members", {"user_id": "u1"}, None),
        ),
        (
            Change(kind="invite_user", email="a@b.co", role_id="r9", **ORG),
            ("POST", "/organizations/o1/invitations", None, {"email": "a@b.co", "role_id": "r9"}),
        ),
        (
            Change(kind="cancel_invitation", email="a@b.co", invitation_id="i1", **ORG),
            ("DELETE", "/organizations/o1/invitations/i1", None, None),
        ),
    ],
)
def test_request_for_each_kind(change: Change, expected: tuple[object, ...]) -> None:
    assert request_for(change) == expected


def test_inverse_pairs_and_targets() -> None:
    change = Change(kind="assign_role", role_id="r1", user_id="u1", **ORG)
    assert change.inverse().inverse() == change
    assert change.inverse().target == change.target
    assert change.adds
    assert not change.inverse().adds
    assert Change.from_record(change.to_record()) == change
    with pytest.raises(ValueError, match="unknown change kind"):
        Change.from_record({"kind": "drop_table"})
