"""When to plan an interview for an open obligation, and who escalates.

Not law but practice: the law gives due dates, the company decides how early
managers are asked to act. Kept here so the Odoo layer only applies it.
"""

from dataclasses import dataclass
from datetime import timedelta

from .obligations import OPEN

# Obligation code -> the interview kind that answers it. O1 (information)
# and O5a (medical visit) are not interviews: HR handles them otherwise.
INTERVIEW_KIND_OF = {
    "O2": "first",
    "O3": "periodic",
    "O4": "summary",
    "O5": "midcareer",
    "O6": "pre60",
    "O7": "return",
}
# Days before the activity date at which the interview is put on the list,
# so that the manager sees it coming.
VISIBILITY_DAYS = 30


def lead_days(obligation, policy):
    if obligation.code == "O4":
        return policy.summary_lead_days
    return policy.lead_days


def activity_date(obligation, policy):
    """The date the interviewer is asked to act by: a lead time before due."""
    return obligation.due_date - timedelta(days=lead_days(obligation, policy))


def to_plan(result, policy, today):
    """The open obligations that need a planned interview on ``today``.

    One per interview kind at most: the earliest, since holding it moves the
    next one of the same kind.
    """
    horizon = today + timedelta(days=VISIBILITY_DAYS)
    chosen = {}
    for obligation in result.obligations:
        kind = INTERVIEW_KIND_OF.get(obligation.code)
        if not kind or obligation.fulfilment != OPEN:
            continue
        if activity_date(obligation, policy) > horizon:
            continue
        if kind not in chosen or obligation.due_date < chosen[kind].due_date:
            chosen[kind] = obligation
    return chosen


# One meeting answers obligations whose planning windows overlap; it takes
# the kind that asks the most of it (lower first): a summary review is also
# a periodic interview, a mid-career interview also the return one.
KIND_RANK = {"summary": 0, "midcareer": 1, "pre60": 1, "first": 2, "periodic": 2, "return": 3}


@dataclass(frozen=True)
class PlannedInterview:
    """One interview to plan, for one or more open obligations of an employee."""

    kind: str
    obligations: tuple  # the obligations it answers, the earliest due first

    @property
    def due_date(self):
        return self.obligations[0].due_date

    @property
    def key(self):
        """The obligation the interview is filed under (its earliest)."""
        return self.obligations[0].key

    @property
    def kinds(self):
        """Every kind of interview it answers."""
        return frozenset(INTERVIEW_KIND_OF[o.code] for o in self.obligations)

    def planning_date(self, policy):
        return min(activity_date(o, policy) for o in self.obligations)


def plan_interviews(result, policy, today, ahead_days=0):
    """The interviews to plan on ``today``: the open obligations answered by
    an interview, grouped where their planning windows (from the planning
    date to the due date) overlap, each group planned once its earliest
    planning date has come (``ahead_days`` earlier, if given).

    Every open obligation counts for the grouping, planned yet or not, so
    that a meeting planned now already answers one due a little later.
    """
    open_ones = sorted(
        (o for o in result.obligations if o.fulfilment == OPEN and o.code in INTERVIEW_KIND_OF),
        key=lambda o: (activity_date(o, policy), o.due_date),
    )
    groups = []
    for obligation in open_ones:
        # An overdue obligation is still to do: its window runs until today.
        if groups and activity_date(obligation, policy) <= max(max(o.due_date, today) for o in groups[-1]):
            groups[-1].append(obligation)
        else:
            groups.append([obligation])
    horizon = today + timedelta(days=ahead_days)
    planned = []
    for group in groups:
        ordered = tuple(sorted(group, key=lambda o: (o.due_date, o.code)))
        kind = min((INTERVIEW_KIND_OF[o.code] for o in ordered), key=lambda k: KIND_RANK[k])
        interview = PlannedInterview(kind, ordered)
        if interview.planning_date(policy) <= horizon:
            planned.append(interview)
    return tuple(planned)


def midcareer_visit_to_organise(result, today):
    """The open mid-career visit obligation (O5a) whose year has begun."""
    for obligation in result.obligations:
        if obligation.code == "O5a" and obligation.fulfilment == OPEN and obligation.window_start <= today:
            return obligation
    return None


def short_notice(sent_on, interview_on, policy):
    """True when the convocation gives less notice than the policy (brief §4)."""
    return (interview_on - sent_on).days < policy.notice_days
