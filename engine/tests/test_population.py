"""A generated company that did, at each date, what the law then in force
required: the engine must never call it overdue.

The employer below is written from the laws' texts as a diligent HR team
would apply them, one event after another (it shares no code with the
engine): loi 2014-288 from 7 March 2014 (an interview every 2 years, an
état des lieux at 6, 12, 18 years of seniority, what fell due in 2020 and
until June 2021 postponed to 30 June 2021 by the 2020 ordonnances, a return
interview at every return), a 3-year periodicity agreed in 2019 (former
L. 6315-1 III) in half the companies, the mid-career visit from 31 March
2022, loi 2025-989 from 26 October 2025 (reviews at 8, 16, 24 years), an
agreement that kept the previous rhythm until 1 October 2026 in half the
companies, and one company that crosses 50 employees in 2027. Reviews are
planned 90 days ahead, and a review falling due close to a periodic
interview is held as one meeting.

Each employee is then checked on many days from 7 March 2014 to 31 December
2032: nobody is overdue, nothing is missed, and no review held owes the
top-up. Taking one interview or one review away makes exactly
the obligation it answered overdue, and the top-up is owed exactly when
both of the sanction's conditions fail.
"""

import random
import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

import engine as E
from engine.facts import EmployeeFacts, InterviewFact, LeaveFact, TrainingFact

SEED = 20251026
EMPLOYEES = 2000
LAW_2014 = date(2014, 3, 7)
VISIT_LAW = date(2022, 3, 31)
REFORM = date(2025, 10, 26)
AGREEMENT_END = date(2026, 10, 1)
POSTPONED_FROM, POSTPONED_TO = date(2020, 1, 1), date(2021, 6, 30)
FIRST_DAY, LAST_DAY = LAW_2014, date(2032, 12, 31)
RETURN_KINDS = ("maternity", "parental", "sabbatical", "long_illness", "caregiver")


@dataclass(frozen=True)
class Company:
    """How the company counts: the law's rhythm, a 3-year agreement made in
    2019 (former L. 6315-1 III), an agreement kept until 1 October 2026,
    and a headcount that crosses 50 in 2027 or always above it."""

    name: str
    policy: E.Policy
    prior_months: int = 24
    prior_from: date | None = None
    transition_months: int | None = None  # the rhythm an agreement kept after the reform


GROWING = ((date(1980, 1, 1), 35), (date(2027, 6, 1), 62))
COMPANIES = (
    Company("plain", E.Policy(headcount=120)),
    Company("transition", E.Policy(headcount=120, agreement_until=AGREEMENT_END), transition_months=24),
    Company(
        "three years since 2019",
        E.Policy(headcount_history=GROWING, prior_agreement_months=36, prior_agreement_from=date(2019, 3, 1)),
        prior_months=36,
        prior_from=date(2019, 3, 1),
    ),
    Company(
        "three years kept until 2026",
        E.Policy(
            headcount=80,
            prior_agreement_months=36,
            prior_agreement_from=date(2019, 3, 1),
            agreement_until=AGREEMENT_END,
            agreement_periodicity_months=36,
        ),
        prior_months=36,
        prior_from=date(2019, 3, 1),
        transition_months=36,
    ),
)


def months(day, count):
    return day + relativedelta(months=count)


def postponed(due):
    """Ordonnances 2020-387 and 2020-1501: due in 2020 or until 30 June 2021,
    to hold by 30 June 2021."""
    return POSTPONED_TO if POSTPONED_FROM <= due < POSTPONED_TO else due


# -- the diligent employer ----------------------------------------------------------


def periodic_due_after(anchor, company):
    """Next interview counted from the last one: every 2 years (or the 2019
    agreement's 3) while that is before the reform; within an agreement
    kept after it, at its rhythm until 1 October 2026; else 4 years, not
    before the reform."""
    rhythm = company.prior_months if company.prior_from and anchor >= company.prior_from else 24
    previous = months(anchor, rhythm)
    if previous < REFORM:
        return postponed(previous)
    if company.transition_months and months(anchor, company.transition_months) <= AGREEMENT_END:
        return max(months(anchor, company.transition_months), REFORM)
    return max(months(anchor, 48), REFORM)


def summary_dues(employee):
    """Every état des lieux, by seniority (from 7 March 2014 for staff
    employed then): 6, 12, 18 years while before the reform (or within an
    agreement kept after it), 8, 16, 24 years once the new law governs.
    Returns (due, nominal, first review after hiring under the new law?)."""
    basis = max(employee.hire, LAW_2014)
    switch = AGREEMENT_END + timedelta(days=1) if employee.company.transition_months else REFORM
    dues = []
    for count in range(1, 8):
        six = months(basis, 72 * count)
        if six < REFORM:
            dues.append((postponed(six), six))
        elif six < switch:
            dues.append((six, six))
        eight = months(basis, 96 * count)
        if eight >= switch:
            dues.append((eight, eight))
    dues.sort()
    first_new = dues[0][1] >= switch and basis == employee.hire
    return [(due, nominal, index == 0 and first_new) for index, (due, nominal) in enumerate(dues)]


@dataclass
class Employee:
    hire: date
    birth: date
    end: date | None
    company: Company
    leaves: list
    interviews: list = field(default_factory=list)  # InterviewFact
    visit: date | None = None
    information: date | None = None
    dues: list = field(default_factory=list)  # every due date the employer worked to
    reviews: list = field(default_factory=list)  # (review held, its due date, with the periodic one?)

    @property
    def last_day(self):
        return min(self.end, LAST_DAY) if self.end else LAST_DAY

    @property
    def policy(self):
        return self.company.policy

    def hold(self, kind, day, outcome=E.HELD):
        self.interviews.append(InterviewFact(kind, day, outcome))

    def facts(self, today):
        return EmployeeFacts(
            hire_date=self.hire,
            birth_date=self.birth,
            end_date=self.end,
            information_date=self.information if self.information and self.information <= today else None,
            midcareer_visit_date=self.visit if self.visit and self.visit <= today else None,
            interviews=tuple(i for i in self.interviews if i.date <= today),
            leaves=tuple(self.leaves),
        )


def random_employee(rng):
    hire = date(1985, 1, 1) + timedelta(days=rng.randint(0, (date(2026, 11, 29) - date(1985, 1, 1)).days))
    birth = hire - timedelta(days=rng.randint(18 * 365, 50 * 365))
    end = None
    if rng.random() < 0.3:
        end = hire + timedelta(days=rng.randint(200, 16 * 365))
    leaves, day = [], hire + timedelta(days=rng.randint(100, 3000))
    while day < LAST_DAY and rng.random() < 0.6:
        length = rng.randint(30, 400)
        leaves.append(LeaveFact(rng.choice(RETURN_KINDS), day, day + timedelta(days=length)))
        day += timedelta(days=length + rng.randint(60, 2500))
    return Employee(hire, birth, end, rng.choice(COMPANIES), leaves)


def review_window(employee, due, nominal, first_new):
    """From when a review may be held: 7 years after the first interview for
    the first one after hiring under the new law, else 12 months before;
    never after 90 days before its due date, when it is planned."""
    window = months(nominal, -12)
    if first_new:
        first = next((i.date for i in employee.interviews if i.kind != "summary" and i.date >= employee.hire), None)
        if first:
            window = months(first, 84)
    return min(window, due - timedelta(days=90))


def act(employee, rng):
    """The employer's whole history, event after event, as the laws of each
    date required: interviews held on or a little before their due dates,
    reviews planned 90 days ahead, one meeting for a review and a periodic
    interview falling due close together."""
    if employee.hire >= LAW_2014:
        employee.information = employee.hire
    for _ in range(rng.randint(0, 2)):  # appraisals of the years without a duty: no effect
        day = employee.hire + timedelta(days=rng.randint(0, 2000))
        if day < LAW_2014:
            employee.hold("periodic", day)
    events = one_off_interviews(employee, rng)
    returns = sorted(employee.leaves, key=lambda leave: leave.start)
    reviews = summary_dues(employee)
    periodic_due = first_periodic_due(employee)
    periodic_action = periodic_due - timedelta(days=rng.randint(0, 120))
    review_early = timedelta(days=rng.choice((90, rng.randint(0, 90))))
    while True:
        summary_due = reviews[0][0]
        summary_action, combined = review_day(employee, reviews[0], review_early, periodic_action)
        next_return = returns[0].end + timedelta(days=1) if returns else None
        candidates = [
            *([] if combined else [(periodic_action, "periodic")]),
            (summary_action, "summary"),
            *[(day, "one-off") for day, _k, _d in events[:1]],
            *([(next_return, "return")] if next_return else []),
        ]
        day, what = min(candidates)
        if day > employee.last_day:
            return
        if what == "periodic":
            employee.dues.append(periodic_due)
            refused = rng.random() < 0.05
            employee.hold("periodic", periodic_action, E.REFUSED if refused else E.HELD)
        elif what == "summary":
            employee.dues.append(summary_due)
            if combined:
                employee.dues.append(periodic_due)
            employee.hold("summary", summary_action)
            employee.reviews.append((summary_action, summary_due, combined))
            reviews.pop(0)
            review_early = timedelta(days=rng.choice((90, rng.randint(0, 90))))
        elif what == "one-off":
            day, kind, due = events.pop(0)
            employee.dues.append(due)
            employee.hold(kind, day)
        else:
            returns.pop(0)
            if not hold_return(employee, next_return, periodic_due, rng):
                continue
        # Every interview held or refused restarts the periodic count.
        last = max(i.date for i in employee.interviews)
        if last >= LAW_2014:
            periodic_due = periodic_due_after(last, employee.company)
            periodic_action = max(last + timedelta(days=1), periodic_due - timedelta(days=rng.randint(0, 120)))


def review_day(employee, review, early, periodic_action):
    """The day the review is held: planned ``early`` before its due date, or
    the periodic interview's day when that falls in the review's window and
    within 180 days of its due date (one meeting for both). Returns (day,
    one meeting for both?)."""
    due, nominal, first_new = review
    window = review_window(employee, due, nominal, first_new)
    combined = window <= periodic_action < due - early and due - periodic_action <= timedelta(days=180)
    return (periodic_action if combined else due - early), combined


def hold_return(employee, back, periodic_due, rng):
    """The return interview, where the law of the day of the return asks for it."""
    due = back + timedelta(days=30)
    if not return_owed(employee, back, due):
        return False
    employee.dues.append(due)
    day = back + timedelta(days=rng.randint(0, 30))
    if periodic_due >= back:
        day = min(day, periodic_due)  # it answers the periodic one falling due meanwhile
    employee.hold("return", day)
    return True


def first_periodic_due(employee):
    """Staff of 7 March 2014: 2 years from then; a hire before the reform:
    the previous law's 2 years, or the new year counted from the reform if
    that ends first; a later hire: within the year."""
    if employee.hire < LAW_2014:
        return months(LAW_2014, 24)
    two_years = months(employee.hire, 24)
    if two_years < REFORM:
        return postponed(two_years)
    if employee.hire < REFORM:
        return min(two_years, months(REFORM, 12))
    return months(employee.hire, 12)


def one_off_interviews(employee, rng):
    """(day held, kind, due) of the mid-career visit's interview and the
    pre-60 interview, where the law of their due date asks for them."""
    events = []
    year = employee.birth.year + 45
    year_end = date(year, 12, 31)
    if VISIT_LAW <= year_end <= employee.last_day and year_end >= employee.hire:
        start = max(employee.hire, date(year, 1, 1))
        employee.visit = start + timedelta(days=rng.randint(0, (year_end - start).days))
        due = months(employee.visit, 2)
        if REFORM <= due <= employee.last_day:
            events.append(
                (employee.visit + timedelta(days=rng.randint(0, (due - employee.visit).days)), "midcareer", due)
            )
    sixty, fifty_eight = months(employee.birth, 720), months(employee.birth, 696)
    # Owed when the window (until the eve of the 60th birthday) was open under the new law.
    if REFORM < sixty <= employee.last_day and sixty >= employee.hire:
        start = max(fifty_eight, employee.hire)
        events.append((start + timedelta(days=rng.randint(0, (sixty - start).days)), "pre60", sixty))
    return sorted(events)


def return_owed(employee, back, due):
    """At every return before the reform; since, unless an interview was held
    in the 12 months before the return (the law of the day of the return)."""
    if back < LAW_2014 or back <= employee.hire or due > employee.last_day:
        return False
    if back < REFORM:
        return True
    since = months(back, -12)
    return not any(i.outcome == E.HELD and since <= i.date < back for i in employee.interviews)


def population():
    rng = random.Random(SEED)
    employees = []
    for _ in range(EMPLOYEES):
        employee = random_employee(rng)
        act(employee, rng)
        employees.append(employee)
    return employees


def days_to_check(employee, rng):
    """The day after each due date the employer worked to, around each
    interview, the start of every quarter, around the end of the contract."""
    days = {d + timedelta(days=1) for d in employee.dues}
    days |= {i.date + timedelta(days=delta) for i in employee.interviews for delta in (-1, 0)}
    days |= {date(year, month, 1) for year in range(2014, 2033) for month in (1, 4, 7, 10)}
    days |= {FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days)) for _ in range(8)}
    if employee.end:
        days |= {employee.end, employee.end + timedelta(days=1), employee.end + timedelta(days=400)}
    start = max(FIRST_DAY, employee.hire)
    return sorted(d for d in days if start <= d <= LAST_DAY)


# -- the tests -------------------------------------------------------------------------


def test_a_company_that_followed_every_law_shows_nobody_overdue(capsys):
    started = time.perf_counter()
    employees = population()
    rng = random.Random(SEED + 1)
    checked, findings = 0, []
    for index, employee in enumerate(employees):
        policy = employee.policy
        for day in days_to_check(employee, rng):
            result = E.compute_obligations(employee.facts(day), policy, day)
            checked += 1
            wrong = [
                (o.code, o.due_date, o.status) for o in result.obligations if o.status in (E.OVERDUE, E.STATUS_MISSED)
            ]
            if employee.end and employee.end < day:
                wrong += [(o.code, o.due_date, o.status) for o in result.obligations if o.is_open]
            if wrong:
                findings.append((index, day, wrong))
        for held_on, _due, _combined in employee.reviews:
            review = E.evaluate_summary_review(employee.facts(held_on), policy, held_on)
            if not review.criterion(E.summary.INTERVIEWS).met:
                findings.append((index, held_on, "review: interviews not all held"))
    elapsed = time.perf_counter() - started
    reviews = sum(len(e.reviews) for e in employees)
    combined = sum(1 for e in employees for _held_on, _due, combined in e.reviews if combined)
    with capsys.disabled():
        print(
            f"\npopulation: {len(employees)} employees hired {min(e.hire for e in employees)}"
            f"..{max(e.hire for e in employees)}, {sum(len(e.interviews) for e in employees)} interviews, "
            f"{reviews} reviews ({combined} held as a periodic interview's meeting), "
            f"{checked} employee-days checked from {FIRST_DAY} to {LAST_DAY} in {elapsed:.1f} s"
        )
    assert not findings, f"{len(findings)} employee-days wrong, first: {findings[:5]}"
    assert checked > 80 * EMPLOYEES
    assert reviews > EMPLOYEES // 2
    assert sum(1 for e in employees if e.hire < LAW_2014) > EMPLOYEES // 4
    assert sum(1 for e in employees if e.end and e.end < date(2026, 11, 29)) > EMPLOYEES // 10
    assert {e.company.name for e in employees} == {c.name for c in COMPANIES}
    assert combined > 50  # reviews held early as the periodic interview's meeting


def removable(employee):
    """Periodic-chain interviews whose absence touches nothing but the
    obligation they answered (no return exempted by them, due by then)."""
    found = []
    for interview in employee.interviews:
        if interview.kind != "periodic" or interview.outcome != E.HELD or interview.date < LAW_2014:
            continue
        if sum(1 for other in employee.interviews if other.date == interview.date) > 1:
            continue  # held with another one the same day, which answers as well
        exempting = [
            leave
            for leave in employee.leaves
            if interview.date < leave.end + timedelta(days=1) <= months(interview.date, 12)
        ]
        if not exempting:
            found.append(interview)
    return found


def overdue_without(employee, taken, code=None, replacement=None):
    """What is overdue or missed the day after the obligation ``taken``
    answered (of ``code``, if given), once it is taken away (or held as
    ``replacement``); (None, None) when something else answers it first."""
    policy = employee.policy
    complete = E.compute_obligations(employee.facts(LAST_DAY), policy, employee.last_day)
    answered = next((o for o in complete.obligations if o.met_by == taken and code in (None, o.code)), None)
    if answered is None:
        return None, None
    day = answered.due_date + timedelta(days=1)
    kinds = {replacement.kind if replacement else None, taken.kind}
    following = [
        i for i in employee.interviews if taken.date < i.date <= day and (replacement is None or i.kind in kinds)
    ]
    if following or day > LAST_DAY or (employee.end and day > employee.end):
        return None, None  # another interview meets it (late) first, or the contract ends
    interviews = [i for i in employee.interviews if i is not taken] + ([replacement] if replacement else [])
    without = replace(employee, interviews=interviews)
    result = E.compute_obligations(without.facts(day), policy, day)
    wrong = {(o.code, o.due_date) for o in result.obligations if o.status in (E.OVERDUE, E.STATUS_MISSED)}
    return answered, wrong


def test_one_interview_less_makes_exactly_that_obligation_overdue():
    employees = population()
    rng = random.Random(SEED + 2)
    tried = 0
    for employee in employees:
        candidates = removable(employee)
        if not candidates:
            continue
        answered, wrong = overdue_without(employee, rng.choice(candidates))
        if answered is None:
            continue
        assert wrong == {(answered.code, answered.due_date)}, employee
        tried += 1
    assert tried > 300


def test_one_review_less_makes_exactly_that_review_overdue():
    # The meeting still takes place, as a periodic interview: the review
    # alone is missing.
    employees = population()
    rng = random.Random(SEED + 3)
    tried = 0
    for employee in employees:
        held = [i for i in employee.interviews if i.kind == "summary"]
        if not held:
            continue
        taken = rng.choice(held)
        answered, wrong = overdue_without(employee, taken, "O4", replace(taken, kind="periodic"))
        if answered is None:
            continue
        assert answered.code == "O4"
        assert wrong == {(answered.code, answered.due_date)}, employee
        tried += 1
    assert tried > 300


def test_the_top_up_is_owed_exactly_when_both_conditions_fail():
    """A review whose period lost its interviews: owed in a company of 50 or
    more on the review's date without a non-mandatory training; not with
    one, nor under 50 (L. 6315-1 II, Cass. soc. 21/01/2026 n° 24-12.972)."""
    employees = population()
    rng = random.Random(SEED + 4)
    outcomes = set()
    for employee in employees:
        for held_on, _due, _combined in employee.reviews:
            policy = employee.policy
            facts = employee.facts(held_on)
            # Nothing held in the 6 years before the review: a link of the period is missed.
            since = held_on - relativedelta(years=6)
            kept = tuple(i for i in facts.interviews if not since < i.date < held_on)
            if len(kept) == len(facts.interviews) or rng.random() < 0.5:
                continue
            lost = replace(facts, interviews=kept)
            review = E.evaluate_summary_review(lost, policy, held_on)
            if review.criterion(E.summary.INTERVIEWS).met:
                continue  # another interview answered it late
            large = policy.headcount_at(held_on) >= E.SANCTION_HEADCOUNT
            assert review.topup_owed == large and review.amount == (3000 if large else 0), (employee, held_on)
            mandatory = TrainingFact(held_on - timedelta(days=200), "Habilitation", mandatory=True)
            assert E.evaluate_summary_review(replace(lost, trainings=(mandatory,)), policy, held_on).topup_owed == large
            chosen = TrainingFact(held_on - timedelta(days=200), "Anglais")
            assert not E.evaluate_summary_review(replace(lost, trainings=(chosen,)), policy, held_on).topup_owed
            outcomes.add((employee.company.name, large))
    assert ("three years since 2019", True) in outcomes and ("three years since 2019", False) in outcomes
    assert ("plain", True) in outcomes
