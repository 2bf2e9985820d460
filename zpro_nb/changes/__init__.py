"""Bulk changes from a spreadsheet: plan, review, apply, journal, undo.

    plan = s.plan_role_assignments("onboarding.csv")   # user|team, role, workspace[, action, organization]
    plan                                               # the table: to add / to remove / already / error
    str(plan)                                         # "12 to add, 3 to remove, 5 already in place, 0 errors"
    plan.apply()                                       # per-row results: done / already / failed (+ reason)
    s.journal                                          # every change made through the session
    s.journal.to_jsonl("changes.jsonl")
    s.journal.undo(plan=plan)                          # the reverse plan, to review; confirm=True applies it

``plan_team_members`` (team, user[, action add/remove]) and ``plan_invitations`` (email, role[, action
invite/cancel]) work the same way. Sheets are CSV paths, CSV text or bytes, file objects or DataFrames.
Every problem is reported on its spreadsheet row (the header is row 1) with the fix; a plan with errors
cannot be applied. ``apply()`` stops cleanly on an expired token, a lost connection or Ctrl-C, and the
next ``apply()`` does the rest without repeating anything.
"""

# Defined with every other public exception in zpro_nb.errors; kept importable from here.
from ..errors import ApplyInterrupted, PlanHasErrors
from .change import Change
from .journal import AsyncJournal, Journal, JournalEntry
from .plan import AsyncPlan, Plan
from .problems import RowProblem

__all__ = [
    "ApplyInterrupted",
    "AsyncJournal",
    "AsyncPlan",
    "Change",
    "Journal",
    "JournalEntry",
    "Plan",
    "PlanHasErrors",
    "RowProblem",
]
