"""How exposed the employer is, employee by employee (L. 6315-1 II, L. 6323-13).

A bucket for the compliance dashboard, and the next summary review with what
it would cost if nothing is done between today and its due date.
"""

from dataclasses import dataclass, replace
from datetime import timedelta

from .facts import SUMMARY, InterviewFact
from .obligations import DUE_SOON, OVERDUE, compute_obligations
from .summary import CHECKED_CODES, evaluate_summary_review

UP_TO_DATE = "up_to_date"
BUCKET_DUE_SOON = "due_soon"
BUCKET_OVERDUE = "overdue"
DATA_MISSING = "data_missing"
# Problems that leave the calendar incomplete (policy problems do not).
BLOCKING_PROBLEMS = {"missing_hire_date", "missing_birth_date", "implausible_birth_date"}
HORIZON_DAYS = 731  # the summary reviews of the next 24 months


@dataclass(frozen=True)
class Exposure:
    bucket: str
    summary_due_date: object = None
    summary_failing: bool = False
    amount_at_stake: int = 0


def exposure(facts, policy, today, result=None):
    """The employee's bucket and the cost of their next summary review.

    ``result`` is the obligations already computed for ``today``, if any.
    """
    result = result or compute_obligations(facts, policy, today)
    statuses = {o.status for o in result.obligations if o.is_open}
    if BLOCKING_PROBLEMS & {p.code for p in result.problems}:
        bucket = DATA_MISSING
    elif OVERDUE in statuses:
        bucket = BUCKET_OVERDUE
    elif DUE_SOON in statuses:
        bucket = BUCKET_DUE_SOON
    else:
        bucket = UP_TO_DATE
    summary = next((o for o in result.obligations if o.code == "O4" and o.is_open), None)
    if not summary or summary.due_date > today + timedelta(days=HORIZON_DAYS):
        return Exposure(bucket)
    # "If nothing else is done": the facts of today and the review held on
    # its due date, whose meeting answers the interview due by then.
    with_review = _with_review(facts, result, summary)
    computed = result if with_review is facts else None  # today's result does not know that meeting
    evaluation = evaluate_summary_review(with_review, policy, summary.due_date, computed)
    failing = not all(c.met for c in evaluation.criteria)
    return Exposure(bucket, summary.due_date, failing, evaluation.amount)


def _with_review(facts, result, summary):
    """The facts with the review held on its due date, when its meeting
    would answer an interview still open before then; else the facts as
    they are (the meeting would change nothing the review checks)."""
    answers = any(o.is_open and o.code in CHECKED_CODES and o.due_date < summary.due_date for o in result.obligations)
    if not answers:
        return facts
    review = InterviewFact(SUMMARY, summary.due_date)
    return replace(facts, interviews=(*facts.interviews, review))
