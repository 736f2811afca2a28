"""The next-change date: with the same facts, nothing the engine answers
moves before it (statuses, chains, stored calendar, planning, exposure)."""

import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine as E
from engine.changes import next_change
from engine.facts import EmployeeFacts, InterviewFact, LeaveFact

POLICIES = (
    E.Policy(headcount=80),
    E.Policy(headcount=80, periodicity_months=24, due_soon_days=30),
    E.Policy(headcount=20, agreement_until=date(2026, 10, 1), lead_days=45),
)
KINDS = ("first", "periodic", "periodic", "summary", "midcareer", "pre60", "return", "request")


def answers(facts, policy, day):
    """Everything the Odoo layer reads from the engine on ``day``."""
    result = E.compute_obligations(facts, policy, day)
    planned = E.plan_interviews(result, policy, day)
    visit = E.midcareer_visit_to_organise(result, day)
    return (
        tuple(
            (o.code, o.window_start, o.due_date, o.fulfilment, o.status, o.met_on, o.regime, o.text)
            for o in result.obligations
        ),
        tuple(o.key for o in E.stored_calendar(result, policy)),
        tuple((p.kind, tuple(o.key for o in p.obligations), p.convene_by(policy)) for p in planned),
        visit.key if visit else None,
        E.exposure(facts, policy, day, result),
        tuple(p.code for p in result.problems),
    )


def random_facts(rng):
    hire = date(1990, 1, 1) + timedelta(days=rng.randint(0, 13500))
    birth = hire - timedelta(days=rng.randint(16 * 365, 55 * 365))
    interviews, day = [], hire + timedelta(days=rng.randint(30, 900))
    while day < date(2031, 1, 1):
        if rng.random() < 0.75:
            outcome = E.REFUSED if rng.random() < 0.1 else E.HELD
            interviews.append(InterviewFact(rng.choice(KINDS), day, outcome))
        day += timedelta(days=rng.randint(60, 4 * 365))
    leaves = []
    if rng.random() < 0.4:
        start = hire + timedelta(days=rng.randint(100, 9000))
        leaves.append(
            LeaveFact(rng.choice(("maternity", "parental", "sabbatical")), start, start + timedelta(days=200))
        )
    end = hire + timedelta(days=rng.randint(100, 12000)) if rng.random() < 0.25 else None
    visit = date(birth.year + 45, rng.randint(1, 12), 10) if rng.random() < 0.4 else None
    return EmployeeFacts(
        hire_date=hire,
        birth_date=birth,
        end_date=end,
        information_date=hire if rng.random() < 0.7 else None,
        midcareer_visit_date=visit,
        interviews=tuple(interviews),
        leaves=tuple(leaves),
    )


def days_before(today, change, rng, dense=45, sampled=25):
    """Every day of the first weeks, then a sample, and the eve of the change."""
    last = (change - timedelta(days=1)) if change else today + timedelta(days=3000)
    span = (last - today).days
    days = {today + timedelta(days=n) for n in range(1, min(dense, span) + 1)}
    days |= {today + timedelta(days=rng.randint(1, span)) for _ in range(sampled) if span > 0}
    if span > 0:
        days.add(last)
    return sorted(days)


def test_nothing_changes_before_the_next_change_date():
    rng = random.Random(15)
    checked, tight = 0, 0
    for index in range(700):
        facts, policy = random_facts(rng), POLICIES[index % len(POLICIES)]
        today = date(2014, 1, 1) + timedelta(days=rng.randint(0, 6200))
        change = next_change(E.compute_obligations(facts, policy, today), policy)
        assert change is None or change > today
        expected = answers(facts, policy, today)
        for day in days_before(today, change, rng):
            assert answers(facts, policy, day) == expected, (facts, policy, today, change, day)
            checked += 1
        if change and answers(facts, policy, change) != expected:
            tight += 1
    assert checked > 20_000
    # Most next-change dates are the day something does change: the daily
    # pass looks at an employee again when it must, not every day.
    assert tight > 300, tight


@st.composite
def employees(draw):
    hire = draw(st.dates(date(1995, 1, 1), date(2027, 12, 31)))
    birth = hire - timedelta(days=draw(st.integers(16 * 365, 50 * 365)))
    gaps = draw(st.lists(st.integers(1, 1700), max_size=6))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=len(gaps), max_size=len(gaps)))
    interviews, day = [], hire
    for gap, kind in zip(gaps, kinds, strict=True):
        day += timedelta(days=gap)
        interviews.append(InterviewFact(kind, day, E.HELD))
    end = draw(st.none() | st.dates(hire, date(2035, 1, 1)))
    return EmployeeFacts(hire_date=hire, birth_date=birth, end_date=end, interviews=tuple(interviews))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=employees(), today=st.dates(date(2014, 1, 1), date(2032, 12, 31)), policy=st.sampled_from(POLICIES))
def test_property_same_answers_until_the_next_change(facts, today, policy):
    change = next_change(E.compute_obligations(facts, policy, today), policy)
    expected = answers(facts, policy, today)
    for day in days_before(today, change, random.Random(today.toordinal()), dense=20, sampled=10):
        assert answers(facts, policy, day) == expected, (today, change, day)
