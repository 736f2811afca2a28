"""The facts the engine reasons on, and the company policy.

Plain frozen dataclasses: the Odoo layer fills them from records, the tests
write them by hand.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from .texts import SENTENCES

# Outcome of an interview, as far as the law is concerned (L. 6315-1): either
# it was held, or it was offered and refused by the employee.
HELD = "held"
REFUSED = "refused"

# Interview kinds (the same keys as the Odoo selection).
FIRST = "first"
PERIODIC = "periodic"
SUMMARY = "summary"
MIDCAREER = "midcareer"
PRE60 = "pre60"
RETURN = "return"
REQUEST = "request"
INTERVIEW_KINDS = (FIRST, PERIODIC, SUMMARY, MIDCAREER, PRE60, RETURN, REQUEST)

# Leaves after which an interview must be offered (L. 6315-1 I as rewritten
# by loi n° 2025-989, which names the caregiver leave too).
RETURN_LEAVE_KINDS = (
    "maternity",
    "parental",
    "adoption",
    "sabbatical",
    "secured_mobility",
    "long_illness",
    "union_mandate",
    "caregiver",
)
DEFAULT_RETURN_LEAVE_KINDS = frozenset(RETURN_LEAVE_KINDS)

# L. 6315-1 as rewritten by loi n° 2025-989: the legal maximum periodicity,
# and the last day a company agreement may keep the previous rhythm.
MAX_PERIODICITY_MONTHS = 48
AGREEMENT_REGIME_LATEST_END = date(2026, 10, 1)
# Former L. 6315-1 III (loi n° 2018-771): from 1 January 2019 an agreement
# could set another periodicity; no longer than the 6-year summary review.
PRIOR_AGREEMENT_EARLIEST = date(2019, 1, 1)
PRIOR_AGREEMENT_MAX_MONTHS = 72
PREVIOUS_PERIODICITY_MONTHS = 24


@dataclass(frozen=True)
class InterviewFact:
    """An interview that took place (held) or was offered and refused."""

    kind: str
    date: date
    outcome: str = HELD
    ref: object = None  # opaque reference for the caller (a record id)
    # Other kinds this one meeting answered: it was planned for several
    # obligations at once (planning.plan_interviews), a summary review that
    # was also the mid-career interview, say.
    also: frozenset = frozenset()


@dataclass(frozen=True)
class LeaveFact:
    """A leave period; ``end`` is the last day of absence (None: not known)."""

    kind: str
    start: date
    end: date | None = None
    ref: object = None


@dataclass(frozen=True)
class TrainingFact:
    date: date
    title: str = ""
    mandatory: bool = False
    certifying: bool = False
    vae: bool = False
    ref: object = None


@dataclass(frozen=True)
class ProgressionFact:
    date: date
    kind: str = "salary"  # "salary" or "professional"
    note: str = ""
    ref: object = None


@dataclass(frozen=True)
class EmployeeFacts:
    hire_date: date | None
    birth_date: date | None = None
    end_date: date | None = None  # end of a fixed-term contract, or departure
    information_date: date | None = None  # O1 proof
    midcareer_visit_date: date | None = None
    interviews: tuple = ()
    leaves: tuple = ()
    trainings: tuple = ()
    progressions: tuple = ()


@dataclass(frozen=True)
class Policy:
    """Company settings for the legal rules: what the law leaves to the
    employer or to a collective agreement."""

    periodicity_months: int = MAX_PERIODICITY_MONTHS
    summary_period_years: int = 8
    notice_days: int = 8
    return_grace_days: int = 30
    due_soon_days: int = 90
    headcount: int = 0
    # Transition (loi n° 2025-989): an agreement that kept the previous rules,
    # until 1 October 2026 at the latest.
    agreement_until: date | None = None
    agreement_periodicity_months: int = 24
    agreement_summary_months: int = 72
    return_leave_kinds: frozenset = field(default=DEFAULT_RETURN_LEAVE_KINDS)
    midcareer_visit_age: int = 45
    # Practice, not law: how many days before the due date managers act.
    lead_days: int = 60
    summary_lead_days: int = 90
    # Before the reform: the periodicity a company agreement set under the
    # former L. 6315-1 III, from its date (0: none, the law's 24 months).
    prior_agreement_months: int = 0
    prior_agreement_from: date | None = None
    # The headcount on each day it changed, ((day, count), ...) in date
    # order: the sanction applies by the headcount on the review's date.
    # Empty: ``headcount`` on every date (a figure set by hand).
    headcount_history: tuple = ()

    def problems(self):
        """Settings the law does not allow, as (code, English message) pairs;
        the code is also the key of the message's sentence (texts.py)."""
        codes = []
        if not 1 <= self.periodicity_months <= MAX_PERIODICITY_MONTHS:
            codes.append("policy_periodicity")
        if self.agreement_until and self.agreement_until > AGREEMENT_REGIME_LATEST_END:
            codes.append("policy_agreement_end")
        if self.prior_agreement_months and not 1 <= self.prior_agreement_months <= PRIOR_AGREEMENT_MAX_MONTHS:
            codes.append("policy_prior_agreement_months")
        if self.prior_agreement_months and not self.prior_agreement_from:
            codes.append("policy_prior_agreement_start")
        return [(code, SENTENCES[code]) for code in codes]

    def previous_periodicity(self, anchor):
        """The previous law's periodicity for an interview counted from
        ``anchor``: a company agreement's from its date (never before
        1 January 2019), else 24 months."""
        months, start = self.prior_agreement_months, self.prior_agreement_from
        if not start or not 1 <= months <= PRIOR_AGREEMENT_MAX_MONTHS:
            return PREVIOUS_PERIODICITY_MONTHS
        if anchor >= max(start, PRIOR_AGREEMENT_EARLIEST):
            return months
        return PREVIOUS_PERIODICITY_MONTHS

    def headcount_at(self, day):
        """The headcount on ``day``: from the history when there is one (the
        last change on or before that day), else the figure of the policy."""
        if not self.headcount_history:
            return self.headcount
        index = bisect_right(self.headcount_history, (day, float("inf")))
        return self.headcount_history[index - 1][1] if index else 0

    def effective_periodicity(self):
        if 1 <= self.periodicity_months <= MAX_PERIODICITY_MONTHS:
            return self.periodicity_months
        return MAX_PERIODICITY_MONTHS

    def effective_agreement_until(self):
        if not self.agreement_until:
            return None
        return min(self.agreement_until, AGREEMENT_REGIME_LATEST_END)
