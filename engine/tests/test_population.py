"""A generated company that did, at each date, what the law then in force
required: the engine must never call it overdue.

The employer below is written from the laws' texts as a diligent HR team
would apply them, one event after another (it shares no code with the
engine): loi 2014-288 from 7 March 2014 (an interview every 2 years, an
état des lieux every 6 years postponed to 30 June 2021 by the 2020
ordonnances, a return interview at every return), the mid-career visit
from 31 March 2022, loi 2025-989 from 26 October 2025, and for half the
companies an agreement that kept the previous rhythm until 1 October 2026.
Each employee is then checked on many days from 7 March 2014 to 31 December
2032: nobody is overdue and nothing is missed. Taking one interview away
makes exactly the obligation it answered overdue.
"""

import random
import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

import engine as E
from engine.facts import EmployeeFacts, InterviewFact, LeaveFact

SEED = 20251026
EMPLOYEES = 2000
LAW_2014 = date(2014, 3, 7)
VISIT_LAW = date(2022, 3, 31)
REFORM = date(2025, 10, 26)
AGREEMENT_END = date(2026, 10, 1)
FIRST_DAY, LAST_DAY = LAW_2014, date(2032, 12, 31)
PLAIN = E.Policy(headcount=120)
AGREEMENT = E.Policy(headcount=120, agreement_until=AGREEMENT_END)
RETURN_KINDS = ("maternity", "parental", "sabbatical", "long_illness")


def months(day, count):
    return day + relativedelta(months=count)


# -- the diligent employer ----------------------------------------------------------


def periodic_due_after(anchor, agreement):
    """Next interview counted from the last one: every 2 years while that is
    before the reform (or within an agreement), else every 4 years."""
    two_years = months(anchor, 24)
    if two_years < REFORM or (agreement and two_years <= AGREEMENT_END):
        return two_years
    return months(anchor, 48)


def summary_due_after(anchor, agreement):
    """Next état des lieux: 6 years on while that is before the reform (or
    within an agreement), postponed to 30/06/2021 during the health crisis;
    else 8 years on. Returns (due, the nominal date, new law?)."""
    six_years = months(anchor, 72)
    if six_years < REFORM:
        postponed = date(2021, 6, 30) if date(2020, 3, 7) <= six_years < date(2021, 6, 30) else six_years
        return postponed, six_years, False
    if agreement and six_years <= AGREEMENT_END:
        return six_years, six_years, False
    return months(anchor, 96), months(anchor, 96), True


@dataclass
class Employee:
    hire: date
    birth: date
    end: date | None
    agreement: bool
    leaves: list
    interviews: list = field(default_factory=list)  # InterviewFact
    visit: date | None = None
    information: date | None = None
    dues: list = field(default_factory=list)  # every due date the employer worked to

    @property
    def last_day(self):
        return min(self.end, LAST_DAY) if self.end else LAST_DAY

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
    return Employee(hire, birth, end, rng.random() < 0.5, leaves)


def act(employee, rng):
    """The employer's whole history, event after event, as the laws of each
    date required: interviews held on or a little before their due dates."""
    if employee.hire >= LAW_2014:
        employee.information = employee.hire
    for _ in range(rng.randint(0, 2)):  # appraisals of the years without a duty: no effect
        day = employee.hire + timedelta(days=rng.randint(0, 2000))
        if day < LAW_2014:
            employee.hold("periodic", day)
    events = one_off_interviews(employee, rng)
    returns = sorted(employee.leaves, key=lambda leave: leave.start)
    periodic_due = first_periodic_due(employee)
    summary_due, summary_window, summary_new_law = first_summary(employee)
    periodic_action = periodic_due - timedelta(days=rng.randint(0, 120))
    summary_early = timedelta(days=rng.randint(0, 150))
    while True:
        # Worked out each time: the first review's window hangs on the first interview.
        window = summary_window_of(employee, summary_due, summary_window, summary_new_law)
        summary_action = max(window, summary_due - summary_early)
        next_return = returns[0].end + timedelta(days=1) if returns else None
        candidates = [
            (periodic_action, "periodic"),
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
            employee.hold("summary", summary_action)
            summary_due, nominal, summary_new_law = summary_due_after(summary_action, employee.agreement)
            summary_window, summary_early = months(nominal, -12), timedelta(days=rng.randint(0, 150))
        elif what == "one-off":
            day, kind, due = events.pop(0)
            employee.dues.append(due)
            employee.hold(kind, day)
        else:
            returns.pop(0)
            due = next_return + timedelta(days=30)
            if not return_owed(employee, next_return, due):
                continue
            employee.dues.append(due)
            day = next_return + timedelta(days=rng.randint(0, 30))
            if periodic_due >= next_return:
                day = min(day, periodic_due)  # it answers the periodic one falling due meanwhile
            employee.hold("return", day)
        # Every interview held or refused restarts the periodic count.
        last = max(i.date for i in employee.interviews)
        if last >= LAW_2014:
            periodic_due = periodic_due_after(last, employee.agreement)
            periodic_action = max(last + timedelta(days=1), periodic_due - timedelta(days=rng.randint(0, 120)))


def first_periodic_due(employee):
    if employee.hire < LAW_2014:
        return months(LAW_2014, 24)
    if months(employee.hire, 12) < REFORM:
        return months(employee.hire, 24)
    return months(employee.hire, 12)


def first_summary(employee):
    start = max(employee.hire, LAW_2014)
    due, nominal, new_law = summary_due_after(start, employee.agreement)
    return due, months(nominal, -12), new_law


def summary_window_of(employee, due, window, new_law):
    """The first review after a hiring under the new law may be held from 7
    years after the first interview; any other from 12 months before."""
    if new_law and due == months(max(employee.hire, LAW_2014), 96):
        first = next((i.date for i in employee.interviews if i.kind != "summary" and i.date >= employee.hire), None)
        if first:
            return min(months(first, 84), due)
    return window


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
    if REFORM <= sixty <= employee.last_day and sixty >= employee.hire:
        start = max(fifty_eight, employee.hire)
        events.append((start + timedelta(days=rng.randint(0, (sixty - start).days)), "pre60", sixty))
    return sorted(events)


def return_owed(employee, back, due):
    """At every return before the reform; since, unless an interview was held
    in the 12 months before the return."""
    if due < LAW_2014 or back <= employee.hire or due > employee.last_day:
        return False
    if due < REFORM:
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


def policy_of(employee):
    return AGREEMENT if employee.agreement else PLAIN


# -- the tests -------------------------------------------------------------------------


def test_a_company_that_followed_every_law_shows_nobody_overdue(capsys):
    started = time.perf_counter()
    employees = population()
    rng = random.Random(SEED + 1)
    checked, findings = 0, []
    for index, employee in enumerate(employees):
        policy = policy_of(employee)
        for day in days_to_check(employee, rng):
            result = E.compute_obligations(employee.facts(day), policy, day)
            checked += 1
            wrong = [o for o in result.obligations if o.status in (E.OVERDUE, E.STATUS_MISSED)]
            if employee.end and employee.end < day:
                wrong += [o for o in result.obligations if o.is_open]
            if wrong:
                findings.append((index, day, [(o.code, o.due_date, o.status) for o in wrong]))
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(
            f"\npopulation: {len(employees)} employees hired {min(e.hire for e in employees)}"
            f"..{max(e.hire for e in employees)}, {sum(len(e.interviews) for e in employees)} interviews, "
            f"{checked} employee-days checked from {FIRST_DAY} to {LAST_DAY} in {elapsed:.1f} s"
        )
    assert not findings, f"{len(findings)} employee-days wrong, first: {findings[:5]}"
    assert checked > 80 * EMPLOYEES
    assert sum(1 for e in employees if e.hire < LAW_2014) > EMPLOYEES // 4
    assert sum(1 for e in employees if e.end and e.end < date(2026, 11, 29)) > EMPLOYEES // 10


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


def test_one_interview_less_makes_exactly_that_obligation_overdue():
    employees = population()
    rng = random.Random(SEED + 2)
    tried = 0
    for employee in employees:
        candidates = removable(employee)
        if not candidates:
            continue
        taken = rng.choice(candidates)
        policy = policy_of(employee)
        complete = E.compute_obligations(employee.facts(LAST_DAY), policy, employee.last_day)
        answered = next((o for o in complete.obligations if o.met_by == taken), None)
        if answered is None:
            continue  # held beside another one that answered the same obligation
        day = answered.due_date + timedelta(days=1)
        following = [i for i in employee.interviews if taken.date < i.date <= day]
        if following or day > LAST_DAY or (employee.end and day > employee.end):
            continue  # another interview meets it (late) first, or the contract ends
        without = replace(employee, interviews=[i for i in employee.interviews if i is not taken])
        result = E.compute_obligations(without.facts(day), policy, day)
        wrong = {(o.code, o.due_date) for o in result.obligations if o.status in (E.OVERDUE, E.STATUS_MISSED)}
        assert wrong == {(answered.code, answered.due_date)}, (employee, taken)
        tried += 1
    assert tried > 300
