"""What a change of the company policy would do, before it is saved.

The settings page compares the calendars the daily pass would store under
the saved policy and under the one being edited: the same facts of today,
two policies, nothing written. What counts is what HR would see change in
the register (the stored calendar, obligations.stored_calendar), in the
"overdue" and "due soon" lists, and in the euros at stake at the summary
reviews of the next 24 months (exposure.py, L. 6315-1 II and L. 6323-13).
"""

from collections import Counter
from dataclasses import dataclass

from .exposure import exposure
from .obligations import DUE_SOON, OVERDUE, STATUS_MET, compute_obligations, stored_calendar


@dataclass(frozen=True)
class Figures:
    """What one policy leaves in the register of a set of employees."""

    keys: frozenset  # (employee, code, due date) of each stored obligation
    overdue: int
    due_soon: int
    amount_at_stake: int  # euros, summed over the employees
    met: int = 0  # obligations met (on time or late) kept in the register


@dataclass(frozen=True)
class WhatIf:
    """The register under the saved policy (before) and the edited one (after)."""

    employees: int
    moved: int  # obligations whose due date or presence changes
    overdue_before: int
    overdue_after: int
    due_soon_before: int
    due_soon_after: int
    exposure_before: int
    exposure_after: int

    @property
    def changes_anything(self):
        return bool(
            self.moved
            or self.overdue_before != self.overdue_after
            or self.due_soon_before != self.due_soon_after
            or self.exposure_before != self.exposure_after
        )


def figures(facts_by_employee, policy, today):
    """The register ``policy`` gives the employees of ``facts_by_employee``
    ({employee: EmployeeFacts}) on ``today``, counted as the stored rows
    would be."""
    keys, statuses, amount = set(), Counter(), 0
    for employee, facts in facts_by_employee.items():
        result = compute_obligations(facts, policy, today)
        for obligation in stored_calendar(result, policy):
            keys.add((employee, *obligation.key))
            statuses[obligation.status] += 1
        amount += exposure(facts, policy, today, result).amount_at_stake
    return Figures(frozenset(keys), statuses[OVERDUE], statuses[DUE_SOON], amount, statuses[STATUS_MET])


def moved(before_keys, after_keys):
    """How many obligations move, appear or disappear between two registers
    of (employee, code, due date) keys.

    An obligation whose due date moves counts once, not as one removed and
    one added: per employee and code, the larger of the two counts.
    """
    gone = Counter((employee, code) for employee, code, _due in before_keys - after_keys)
    new = Counter((employee, code) for employee, code, _due in after_keys - before_keys)
    return sum(max(gone[key], new[key]) for key in gone.keys() | new.keys())


def compare(facts_by_employee, before_policy, after_policy, today):
    """What replacing ``before_policy`` by ``after_policy`` does to the
    register of the employees of ``facts_by_employee`` on ``today``.

    Costs two engine runs per employee (one when the policies are equal).
    """
    before = figures(facts_by_employee, before_policy, today)
    after = before if after_policy == before_policy else figures(facts_by_employee, after_policy, today)
    return WhatIf(
        employees=len(facts_by_employee),
        moved=moved(before.keys, after.keys),
        overdue_before=before.overdue,
        overdue_after=after.overdue,
        due_soon_before=before.due_soon,
        due_soon_after=after.due_soon,
        exposure_before=before.amount_at_stake,
        exposure_after=after.amount_at_stake,
    )
