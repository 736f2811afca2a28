"""When to plan an interview for an open obligation, and who escalates.

Not law but practice: the law gives due dates, the company decides how early
managers are asked to act. Kept here so the Odoo layer only applies it.
"""

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


def midcareer_visit_to_organise(result, today):
    """The open mid-career visit obligation (O5a) whose year has begun."""
    for obligation in result.obligations:
        if obligation.code == "O5a" and obligation.fulfilment == OPEN and obligation.window_start <= today:
            return obligation
    return None


def short_notice(sent_on, interview_on, policy):
    """True when the convocation gives less notice than the policy (brief §4)."""
    return (interview_on - sent_on).days < policy.notice_days
