from datetime import date

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
    facts = EmployeeFacts(hire_date=date(2019, 3, 4), birth_date=date(1985, 1, 1), information_date=date(2019, 3, 4))
    result = E.exposure(facts, BIG, TODAY)
    assert result.summary_due_date == date(2027, 3, 4)
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
