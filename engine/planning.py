"""When to plan an interview for an open obligation, and who escalates.

Not law but practice: the law gives due dates, the company decides how early
managers are asked to act. Kept here so the Odoo layer only applies it.
"""

from dataclasses import dataclass
from datetime import timedelta

from .obligations import INTERVIEW_CODES, KINDS, OPEN

# Obligation code -> the interview kind that answers it, and back. O1
# (information) and O5a (medical visit) are not interviews: HR handles them
# otherwise.
INTERVIEW_KIND_OF = {code: KINDS[code] for code in INTERVIEW_CODES}
CODE_OF_KIND = {kind: code for code, kind in INTERVIEW_KIND_OF.items()}


def lead_days(obligation, policy):
    if obligation.code == "O4":
        return policy.summary_lead_days
    return policy.lead_days


def planning_date(obligation, policy):
    """The planning date: a lead time before due, the day the interview is
    planned and its interviewer asked to act."""
    return obligation.due_date - timedelta(days=lead_days(obligation, policy))


def convene_by(obligation, policy):
    """The last day to convene the employee and still give the notice the
    policy asks before the interview is held, at the latest on its due date."""
    return obligation.due_date - timedelta(days=policy.notice_days)


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
        return min(planning_date(o, policy) for o in self.obligations)

    def convene_by(self, policy):
        """The activity's deadline: convene by then, or the earliest
        obligation is at risk (its due date comes before the notice ends)."""
        return min(convene_by(o, policy) for o in self.obligations)

    def answered_by(self, kind):
        """(obligations an interview of ``kind`` answers, the rest).

        A meeting answers the obligations of its own kind and of the kinds
        that ask less of it (``KIND_RANK``): a periodic interview already
        convened does not become the summary review, which is then planned
        apart.
        """
        rank = KIND_RANK.get(kind, len(KIND_RANK))
        covered = tuple(o for o in self.obligations if KIND_RANK[INTERVIEW_KIND_OF[o.code]] >= rank)
        rest = tuple(o for o in self.obligations if o not in covered)
        return covered, (_planned(rest) if rest else None)


def plan_interviews(result, policy, today, ahead_days=0, due_by=None):
    """The interviews to plan on ``today``: the open obligations answered by
    an interview, grouped where their planning windows (from the planning
    date to the due date) overlap, each group planned once its earliest
    planning date has come (``ahead_days`` earlier, if given).

    ``due_by``: the company plans ahead (a campaign over a period): a group
    whose earliest obligation is due by that day is planned now as well.

    Every open obligation counts for the grouping, planned yet or not, so
    that a meeting planned now already answers one due a little later.
    """
    open_ones = sorted(
        (o for o in result.obligations if o.fulfilment == OPEN and o.code in INTERVIEW_KIND_OF),
        key=lambda o: (planning_date(o, policy), o.due_date),
    )
    groups = []
    for obligation in open_ones:
        # An overdue obligation is still to do: its window runs until today.
        if groups and planning_date(obligation, policy) <= max(max(o.due_date, today) for o in groups[-1]):
            groups[-1].append(obligation)
        else:
            groups.append([obligation])
    horizon = today + timedelta(days=ahead_days)
    planned = (_planned(group) for group in groups)
    return tuple(
        interview
        for interview in planned
        if interview.planning_date(policy) <= horizon or (due_by and interview.due_date <= due_by)
    )


def _planned(obligations):
    """One interview for ``obligations``, of the kind that asks the most."""
    ordered = tuple(sorted(obligations, key=lambda o: (o.due_date, o.code)))
    kind = min((INTERVIEW_KIND_OF[o.code] for o in ordered), key=lambda k: KIND_RANK[k])
    return PlannedInterview(kind, ordered)


def midcareer_visit_to_organise(result, today):
    """The open mid-career visit obligation (O5a) whose year has begun."""
    for obligation in result.obligations:
        if obligation.code == "O5a" and obligation.fulfilment == OPEN and obligation.window_start <= today:
            return obligation
    return None


def short_notice(sent_on, interview_on, policy):
    """True when the convocation gives less notice than the policy asks."""
    return (interview_on - sent_on).days < policy.notice_days


def answered_obligation_of(result):
    """{interview ref: the obligation it answered}, for the interviews held
    or refused of an engine result: the earliest it met (of the interview's
    own kind on the same day), as a planned meeting is filed under the
    earliest obligation it answers. Its due date is the interview's, in
    every screen and document: one meeting has one due date."""
    best = {}
    for obligation in result.obligations:
        fact = obligation.met_by
        if fact is None or fact.ref is None:
            continue
        rank = (obligation.due_date, INTERVIEW_KIND_OF.get(obligation.code) != fact.kind)
        if fact.ref not in best or rank < best[fact.ref][0]:
            best[fact.ref] = (rank, obligation)
    return {ref: obligation for ref, (_rank, obligation) in best.items()}
