import random
from datetime import date, timedelta

import engine as E
from engine.facts import EmployeeFacts, InterviewFact, TrainingFact

TODAY = date(2026, 11, 26)
BIG = E.Policy(headcount=80)


def test_buckets():
    assert E.exposure(EmployeeFacts(hire_date=None), BIG, TODAY).bucket == "data_missing"
    overdue = EmployeeFacts(hire_date=date(2024, 1, 8), birth_date=date(1990, 1, 1), information_date=date(2024, 1, 8))
    assert E.exposure(overdue, BIG, TODAY).bucket == "overdue"
    soon = EmployeeFacts(hire_date=date(2026, 1, 8), birth_date=date(1990, 1, 1), information_date=date(2026, 1, 8))
    assert E.exposure(soon, BIG, TODAY).bucket == "due_soon"
    fine = EmployeeFacts(hire_date=date(2026, 6, 8), birth_date=date(1990, 1, 1), information_date=date(2026, 6, 8))
    assert E.exposure(fine, BIG, TODAY).bucket == "up_to_date"


def test_summary_review_at_stake_within_24_months():
    facts = EmployeeFacts(hire_date=date(2020, 3, 4), birth_date=date(1985, 1, 1), information_date=date(2020, 3, 4))
    result = E.exposure(facts, BIG, TODAY)
    assert result.summary_due_date == date(2028, 3, 4)
    assert result.summary_failing and result.amount_at_stake == 3000
    assert E.exposure(facts, E.Policy(headcount=20), TODAY).amount_at_stake == 0


def test_nothing_at_stake_when_interviews_held_or_trained():
    facts = EmployeeFacts(
        hire_date=date(2019, 3, 4),
        birth_date=date(1985, 1, 1),
        trainings=(TrainingFact(date(2022, 5, 1), "Anglais"),),
    )
    result = E.exposure(facts, BIG, TODAY)
    assert result.summary_failing and result.amount_at_stake == 0
    held = EmployeeFacts(
        hire_date=date(2019, 3, 4),
        birth_date=date(1985, 1, 1),
        interviews=(InterviewFact("first", date(2020, 2, 1)), InterviewFact("periodic", date(2024, 1, 10))),
    )
    assert E.exposure(held, BIG, TODAY).amount_at_stake == 0


def test_summary_review_beyond_24_months_is_not_counted():
    facts = EmployeeFacts(hire_date=date(2022, 3, 4), birth_date=date(1985, 1, 1))
    assert E.exposure(facts, BIG, TODAY).summary_due_date is None


def _random_history(rng, today):
    """An employee with interviews of every kind, some refused, some missed."""
    hire = today - timedelta(days=rng.randint(0, 25 * 365))
    interviews, day = [], hire + timedelta(days=rng.randint(100, 500))
    while day <= today:
        if rng.random() < 0.8:
            kind = rng.choice(["first", "periodic", "periodic", "summary", "midcareer", "pre60", "return"])
            outcome = "refused" if rng.random() < 0.1 else "held"
            interviews.append(InterviewFact(kind=kind, date=day, outcome=outcome))
        day += timedelta(days=rng.randint(200, 5 * 365))
    trainings = tuple(
        TrainingFact(date=hire + timedelta(days=rng.randint(0, 9000)), mandatory=rng.random() < 0.6)
        for _ in range(rng.randint(0, 2))
    )
    return EmployeeFacts(
        hire_date=hire,
        birth_date=hire - timedelta(days=rng.randint(18 * 365, 45 * 365)),
        interviews=tuple(interviews),
        trainings=trainings,
    )


def test_review_judged_from_todays_calendar_as_if_recomputed():
    """The exposure reuses today's obligations to judge a review, past or to
    come: it must reach the same verdict as a calendar recomputed on the
    review date."""
    rng = random.Random(2026)
    policies = (BIG, E.Policy(headcount=80, periodicity_months=24), E.Policy(headcount=80, summary_period_years=4))
    compared = 0
    for index in range(600):
        facts, policy = _random_history(rng, TODAY), policies[index % len(policies)]
        result = E.compute_obligations(facts, policy, TODAY)
        past, coming = TODAY - timedelta(days=rng.randint(1, 3000)), TODAY + timedelta(days=rng.randint(1, 731))
        for review in (past, TODAY, coming):
            reused = E.evaluate_summary_review(facts, policy, review, result)
            fresh = E.evaluate_summary_review(facts, policy, review)
            assert [c.met for c in reused.criteria] == [c.met for c in fresh.criteria], (facts, review)
            assert reused.amount == fresh.amount
            compared += 1
    assert compared == 1800
