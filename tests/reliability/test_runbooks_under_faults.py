"""Every runbook completes under faults with the results it gives without them.

The runbooks run headless (nbclient) against a sandbox *server* started with latency, a rate
limit, random 429s, 5 % gateway errors and dropped connections, signed in with the run's canary
credentials. Each executed copy gets one extra cell that dumps the frames it built to JSON; the
test compares them with the same calls made on a fault-free in-process sandbox of the same seed
(same ids, names and roles). The runbooks that change things run applied too (03 onboards from
the sample sheets, 04 offboards a user, 05 rotates keys): every row must end ``done``, and a
read-back through the API (faults still on) shows nothing left to do. Nothing is scrubbed from
the executed copies (``secrets=[]``), so a canary in any output would show.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
from canary_plugin import CanaryCredentials
from fixtures_sandbox import start_sandbox_server as start_server

import zpro_nb
from zpro_nb.runbooks import KEY_ENV, SANDBOX_URL_ENV, TOKEN_ENV, URL_ENV, SandboxServer, execute_notebook

from .faulty_server import FAULT_FLAGS, admin_get

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"

#: per runbook: the frames to dump and the columns compared (``None``: the whole frame)
DUMPS: dict[str, dict[str, list[str] | None]] = {
    "00-quick-start": {"workspaces": ["organization_name", "name", "status"], "orgs": ["name"]},
    "01-workspace-inventory": {"inventory": ["organization", "workspace", "status", "runs_last_30_days"]},
    "02-access-audit": {"matrix": None, "inactive_admins": ["username"], "stale": ["email", "role_name"]},
    "05-rotate-api-keys": {"due": ["service_account_name", "name"]},
    # Applied for real (after 02 has read the state): every row of every plan must end done.
    "03-onboard-team@apply": {"outcomes": None},
    "04-offboard-user@apply": {"outcomes": None, "left": None},
    # Last (sorted after the dry run): rotates for real, and its own last cell checks the read-back.
    "05-rotate-api-keys@wet": {"due": ["service_account_name", "name"], "rotated": None},
}


def dump_cell(path: Path, wanted: dict[str, list[str] | None]) -> str:
    return (
        "import json as _json\n"
        f"_wanted = {wanted!r}\n"
        "_out = {}\n"
        "for _name, _cols in _wanted.items():\n"
        "    _frame = globals()[_name]\n"
        "    _frame = _frame if _cols is None else _frame[_cols]\n"
        "    _out[_name] = _frame.astype(str).reset_index().to_dict(orient='records')\n"
        f"open({str(path)!r}, 'w').write(_json.dumps(_out))\n"
    )


def records(frame: pd.DataFrame, cols: list[str] | None) -> list[dict[str, str]]:
    picked = frame if cols is None else frame[cols]
    found: list[dict[str, str]] = picked.astype(str).reset_index().to_dict(orient="records")
    return found


def canonical(rows: list[dict[str, Any]]) -> list[str]:
    # Row order may follow completion order under faults: compare as sorted rows (the index kept in).
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


@pytest.fixture(scope="module")
def faulty() -> Iterator[SandboxServer]:
    with start_server(*FAULT_FLAGS) as server:
        yield server


@pytest.fixture(scope="module")
def baseline() -> Iterator[zpro_nb.Session]:
    s = zpro_nb.sandbox()
    yield s
    s.close()


def expected(s: zpro_nb.Session, stem: str) -> dict[str, list[dict[str, str]]]:
    """The frames each runbook builds, made directly on the fault-free baseline."""
    if stem == "00-quick-start":
        return {
            "workspaces": records(s.workspaces(), DUMPS[stem]["workspaces"]),
            "orgs": records(s.organizations(), ["name"]),
        }
    if stem == "01-workspace-inventory":
        return {"inventory": records(s.workspace_inventory(None, progress=False), DUMPS[stem]["inventory"])}
    if stem == "02-access-audit":
        matrix = s.access_matrix(progress=False)
        stale = s.stale_invitations(days=30)
        return {"matrix": records(matrix, None), "stale": records(stale, ["email", "role_name"])}
    ws = s.workspace(s.workspaces(status="available")["name"].iloc[0])
    keys = ws.api_keys()
    since = keys["last_rotated"].fillna(keys["created"])
    age = (pd.Timestamp.now(tz="UTC") - since).dt.days
    due = keys[keys["active"].fillna(False).astype(bool) & (age >= 30)]
    found = {"due": records(due, ["service_account_name", "name"])}
    if stem.endswith("@wet"):
        # every due key rotated once (the notebook's last cell checks each is young again)
        rotated = due[["service_account_name", "name"]].sort_values(["service_account_name", "name"])
        found["rotated"] = records(rotated.reset_index(drop=True), None)
    return found


SHEET = NOTEBOOKS / "data" / "onboard-team.csv"
MEMBERS_SHEET = NOTEBOOKS / "data" / "onboard-team-members.csv"
LEAVER = "noah.romero@acme.example"  # the offboarding runbook's default user
OUTCOMES_CELL = """
import pandas as pd
if "offboarding" in globals():  # 04: its plans and its read-back live on s.offboarding_plan()'s objects
    plans, after = offboarding.plans, outcome.after
outcomes = pd.concat(
    [p.results.assign(plan=n)[["plan", "row", "outcome"]] for n, p in plans.items()], ignore_index=True
)
if "after" in globals():
    kinds = ("direct roles", "teams", "pending invitations")
    left = pd.DataFrame([{"kind": k, "count": len(after[k])} for k in kinds])
"""


def applied_on_a_fresh_baseline(stem: str) -> dict[str, list[dict[str, str]]]:
    """What the applying runbooks do without faults: the same plans, applied on a fresh sandbox."""
    s = zpro_nb.sandbox()
    try:
        if stem.startswith("03"):
            plans = {
                "role assignments": s.plan_role_assignments(str(SHEET)),
                "team memberships": s.plan_team_members(str(MEMBERS_SHEET)),
            }
            for name in ("team memberships", "role assignments"):
                plans[name].apply()
            frames = [p.results.assign(plan=n)[["plan", "row", "outcome"]] for n, p in plans.items()]
            return {"outcomes": records(pd.concat(frames, ignore_index=True), None)}
        return {}
    finally:
        s.close()


@pytest.mark.parametrize("stem", sorted(DUMPS))
def test_runbook_gives_the_same_results_under_faults(
    stem: str,
    faulty: SandboxServer,
    baseline: zpro_nb.Session,
    canaries: CanaryCredentials,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notebook, _, variant = stem.partition("@")
    nb = nbformat.read(str(NOTEBOOKS / f"{notebook}.ipynb"), as_version=4)
    if variant == "apply":  # every plan's rows and outcomes, and (04) what the person still holds
        nb.cells.append(nbformat.v4.new_code_cell(OUTCOMES_CELL))
    if variant == "wet":  # the rotated keys as a frame the dump can hold (values never, only names)
        nb.cells.append(
            nbformat.v4.new_code_cell(
                "rotated = pd.DataFrame(sorted(new_keys), columns=['service_account_name', 'name'])"
            )
        )
    dump = tmp_path / "dump.json"
    nb.cells.append(nbformat.v4.new_code_cell(dump_cell(dump, DUMPS[stem])))
    copy = tmp_path / f"{stem}.ipynb"
    nbformat.write(nb, str(copy))
    # Half the runbooks sign in with the canary key (exchanged for tokens), half with the canary token.
    monkeypatch.setenv(URL_ENV, faulty.url)
    monkeypatch.setenv(SANDBOX_URL_ENV, faulty.url)
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    monkeypatch.delenv(KEY_ENV, raising=False)
    if stem.startswith(("00", "02")):
        monkeypatch.setenv(KEY_ENV, canaries["api_key"])
    else:
        monkeypatch.setenv(TOKEN_ENV, canaries["token"])
    monkeypatch.setenv("HOME", str(tmp_path))
    parameters: dict[str, object] = {"older_than_days": 30} if stem.startswith("05") else {}
    if variant == "wet":
        parameters["dry_run"] = False
    if variant == "apply":
        parameters |= {"apply": True, "journal_path": str(tmp_path / "journal.jsonl")}
    if notebook.startswith("03"):
        parameters |= {"sheet": str(SHEET), "members_sheet": str(MEMBERS_SHEET)}
    if notebook.startswith("04"):
        parameters["user"] = LEAVER
    result = execute_notebook(copy, parameters, timeout=240, cwd=tmp_path, secrets=[])
    assert result.ok, result.failure.report() if result.failure else ""
    executed = tmp_path / f"{stem}.executed.ipynb"
    nbformat.write(result.notebook, str(executed))  # kept for the canary scan at the end of the run
    got = json.loads(dump.read_text(encoding="utf-8"))
    if variant == "apply":
        check_applied(stem, got, faulty, canaries)
        return
    want = expected(baseline, stem)
    for name, rows in want.items():
        assert canonical(got[name]) == canonical(rows), f"{stem}: {name} differs under faults"
    assert got[name], f"{stem}: {name} is empty, the comparison proves nothing"
    if stem == "02-access-audit":
        assert "inactive_admins" in got


def test_faults_were_really_injected_and_the_canaries_really_used(
    faulty: SandboxServer, canaries: CanaryCredentials
) -> None:
    # Runs after the runbooks (same module, declared later): the server counted what it did to them.
    injected = admin_get(faulty.url, faulty.tokens["admin"], "/_sandbox/faults/injected")
    print(f"faults injected into the runbook runs: {injected}")
    assert injected["server_error"] > 0
    assert injected["dropped"] > 0
    assert injected["throttled"] + injected["rate_limited"] > 0
    assert injected["delayed"] > 100
    uses = admin_get(faulty.url, faulty.tokens["admin"], "/_sandbox/canaries")["uses"]
    print(f"requests authenticated with the canaries: {uses}")
    assert uses >= len(DUMPS)  # every runbook signed in with one (a key is exchanged once for a token)


def check_applied(stem: str, got: dict[str, Any], faulty: SandboxServer, canaries: CanaryCredentials) -> None:
    """Every row done (none failed, none left half-way), and the state read back says so."""
    outcomes = {row["outcome"] for row in got["outcomes"]}
    assert outcomes == {"done"}, f"{stem}: outcomes under faults: {outcomes}"
    s = zpro_nb.connect(url=faulty.url, api_key=canaries.api_key)  # faults still on for the read-back
    try:
        if stem.startswith("03"):
            want = applied_on_a_fresh_baseline(stem)
            assert canonical(got["outcomes"]) == canonical(want["outcomes"])
            again = [s.plan_role_assignments(str(SHEET)), s.plan_team_members(str(MEMBERS_SHEET))]
            assert all(p.counts()["to add"] == 0 and p.counts()["to remove"] == 0 for p in again)
        else:
            assert {row["count"] for row in got["left"]} == {"0"}
            assert len(got["outcomes"]) > 0
            held = s.role_assignments(progress=False)
            leaver = s.users(email=LEAVER)
            if len(leaver):
                assert not held["user_id"].isin(leaver["id"]).any()
            assert LEAVER not in set(s.invitations(pending_only=True)["email"])
        assert len(s.journal) == 0  # the read-back changed nothing
    finally:
        s.close()
