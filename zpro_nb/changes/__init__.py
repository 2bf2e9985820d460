"""Bulk changes from a spreadsheet: plan, review, apply, journal, undo.

``s.plan_role_assignments(sheet)`` (and ``plan_team_members``, ``plan_invitations``) reads a CSV or a
DataFrame, checks every row against the live state and returns a :class:`Plan` to review;
``plan.apply()`` makes the changes; ``s.journal`` records every change and ``s.journal.undo(...)``
reverses them.
"""

from .applying import ApplyInterrupted
from .change import Change
from .journal import AsyncJournal, Journal, JournalEntry
from .plan import AsyncPlan, Plan
from .problems import PlanHasErrors, RowProblem

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
