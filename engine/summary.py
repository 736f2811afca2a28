"""The summary review (état des lieux récapitulatif) and its sanction.

At the review the employer checks, over the previous 8 years (6 under the
previous law), four criteria (L. 6315-1 II).
The corrective CPF top-up (abondement correctif, L. 6323-13) of 3 000 EUR is
owed by a company of 50 or more when the interviews due were not all held
**and** no training other than a mandatory one was followed: the two
failures are cumulative, as the text reads and as Cass. soc. 21 January
2026 n° 24-12.972 confirmed. The review is itself a periodic interview
(L. 6315-1 II): its own meeting answers the interview due at its date, for
its own criterion too. The headcount is the company's on the review's date.
Each criterion is reported with its evidence so HR can see why.
"""

from dataclasses import dataclass, replace

from dateutil.relativedelta import relativedelta

from .obligations import MET, MET_LATE, OFFERED, OPEN, compute_obligations
from .regimes import LAW_2014, REFORM_2025
from .texts import part, render

CORRECTIVE_TOPUP_EUR = 3000
SANCTION_HEADCOUNT = 50
# Interviews the review checks; earlier summary reviews are excluded because
# the one under evaluation would otherwise judge itself.
CHECKED_CODES = ("O2", "O3", "O5", "O6", "O7")

INTERVIEWS = "interviews"
TRAINING = "training"
CERTIFICATION = "certification"
PROGRESSION = "progression"


@dataclass(frozen=True)
class Criterion:
    code: str
    met: bool
    evidence: tuple  # obligations, trainings or progressions

    @property
    def text(self):
        """Its label, as a text (parts) like Obligation.text."""
        return part(f"criterion_{self.code}")

    @property
    def label(self):
        """Its label in English (the engine's tests and tools)."""
        return render(self.text)


@dataclass(frozen=True)
class SummaryEvaluation:
    review_date: object
    period_start: object
    criteria: tuple
    non_mandatory_trainings: tuple
    subject_to_sanction: bool  # company of 50 employees or more
    topup_owed: bool
    amount: int
    text: tuple  # the explanation's parts, rendered by texts.render or sentences.render
    problems: tuple

    @property
    def explanation(self):
        """The explanation in English (the engine's tests and tools)."""
        return render(self.text)

    def criterion(self, code):
        return next(c for c in self.criteria if c.code == code)


def evaluate_summary_review(facts, policy, review_date, result=None):
    """Evaluate the summary review held (or to hold) on ``review_date``.

    ``result``: the obligations already computed on an earlier day from the
    same facts. When they answer the same (see :func:`_result_answers`), they
    are judged as they are; else the calendar is computed again as it stands
    on the review date.
    """
    period_start = _period_start(facts, policy, review_date)
    if result is None or not _result_answers(facts, result, period_start, review_date):
        # What was held up to the review, its own meeting included: the
        # review is the periodic interview due at its date (L. 6315-1 II).
        known_then = tuple(i for i in facts.interviews if not i.date or i.date <= review_date)
        result = compute_obligations(replace(facts, interviews=known_then), policy, review_date)
    due = [o for o in result.obligations if o.code in CHECKED_CODES and period_start <= o.due_date < review_date]
    trainings = tuple(t for t in facts.trainings if period_start <= t.date <= review_date)
    progressions = tuple(p for p in facts.progressions if period_start <= p.date <= review_date)
    interviews_met = all(o.fulfilment in (MET, MET_LATE, OFFERED) for o in due)
    criteria = (
        Criterion(INTERVIEWS, interviews_met, tuple(due)),
        Criterion(TRAINING, bool(trainings), trainings),
        Criterion(
            CERTIFICATION,
            any(t.certifying or t.vae for t in trainings),
            tuple(t for t in trainings if t.certifying or t.vae),
        ),
        Criterion(PROGRESSION, bool(progressions), progressions),
    )
    non_mandatory = tuple(t for t in trainings if not t.mandatory)
    headcount = policy.headcount_at(review_date)
    subject = headcount >= SANCTION_HEADCOUNT
    owed = subject and not interviews_met and not non_mandatory
    return SummaryEvaluation(
        review_date=review_date,
        period_start=period_start,
        criteria=criteria,
        non_mandatory_trainings=non_mandatory,
        subject_to_sanction=subject,
        topup_owed=owed,
        amount=CORRECTIVE_TOPUP_EUR if owed else 0,
        text=_explain(interviews_met, bool(non_mandatory), subject, owed)
        + part("headcount_on", day=review_date, headcount=headcount),
        problems=result.problems,
    )


def _result_answers(facts, result, period_start, review_date):
    """Whether obligations computed on another day judge the review as a
    computation on the review date would.

    They do when every interview is behind both days, and no open
    obligation lies before the reviewed period. Between the two days,
    open obligations can only turn missed (not met either way) and chains
    only grow past their open link, with links due after it: inside the
    period the criterion already fails on that open link, and a review
    already past sees the same links up to its own date.
    """
    computed_on = result.today
    if computed_on is None:
        return False
    if any(not i.date or i.date > review_date or i.date > computed_on for i in facts.interviews):
        return False
    return all(
        o.due_date >= period_start for o in result.obligations if o.fulfilment == OPEN and o.code in CHECKED_CODES
    )


def _period_start(facts, policy, review_date):
    """The look-back of the review held on ``review_date``, under the law of
    that date: 6 years before the reform (or under a company agreement that
    kept the previous rules), 8 years after it (L. 6315-1 II)."""
    until = policy.effective_agreement_until()
    if review_date < REFORM_2025:
        months = LAW_2014.summary_months
    elif until and review_date <= until:
        months = policy.agreement_summary_months
    else:
        months = 12 * policy.summary_period_years
    start = review_date - relativedelta(months=months)
    if facts.hire_date and facts.hire_date > start:
        return facts.hire_date
    return start


def _explain(interviews_met, trained, subject, owed):
    """Why the top-up is owed or not (L. 6315-1 II, L. 6323-13)."""
    if owed:
        return part("topup_owed", amount=CORRECTIVE_TOPUP_EUR)
    if not subject:
        return part("topup_small_company")
    if interviews_met and trained:
        return part("topup_not_owed_both")
    # Not owed in a company of 50 or more: one of the two failures is missing.
    return part("topup_not_owed_interviews" if interviews_met else "topup_not_owed_training")
