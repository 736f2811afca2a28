import random
from datetime import date, timedelta

import engine as E
from engine.facts import EmployeeFacts, InterviewFact, TrainingFact
from engine.what_if import figures, moved

TODAY = date(2026, 11, 26)
SAVED = E.Policy(headcount=80)

# A periodic interview held in 2025: the next one in 2029, or 2027 every 24 months.
INTERVIEWED = EmployeeFacts(
    hire_date=date(2021, 3, 1),
    birth_date=date(1980, 5, 5),
    information_date=date(2021, 3, 1),
    interviews=(InterviewFact("first", date(2023, 2, 1)), InterviewFact("periodic", date(2025, 1, 15))),
)
# First interview due 12/01/2027: due soon within 90 days, not within 30.
NEWCOMER = EmployeeFacts(hire_date=date(2026, 1, 12), birth_date=date(1990, 1, 1), information_date=date(2026, 1, 12))
# No interview since 2019: the summary review is overdue and costs 3 000 EUR from 50 employees.
FORGOTTEN = EmployeeFacts(hire_date=date(2019, 3, 4), birth_date=date(1985, 1, 1))
# A periodic interview in September 2024: due again in September 2026 under an
# agreement that kept the 2-year rhythm until 1 October 2026, else in 2028.
UNDER_AGREEMENT = EmployeeFacts(
    hire_date=date(2015, 1, 5),
    birth_date=date(1988, 2, 2),
    information_date=date(2015, 1, 5),
    interviews=(
        InterviewFact("first", date(2016, 12, 1)),
        InterviewFact("periodic", date(2018, 11, 5)),
        InterviewFact("summary", date(2020, 12, 15)),
        InterviewFact("periodic", date(2022, 11, 3)),
        InterviewFact("periodic", date(2024, 9, 15)),
    ),
    trainings=(TrainingFact(date(2022, 5, 1), "Anglais"),),
)
STAFF = {1: INTERVIEWED, 2: NEWCOMER, 3: FORGOTTEN, 4: UNDER_AGREEMENT}


def test_the_same_policy_changes_nothing():
    what_if = E.compare(STAFF, SAVED, SAVED, TODAY)
    assert what_if == E.WhatIf(4, 0, 5, 5, 1, 1, 3000, 3000)
    assert not what_if.changes_anything
    # A setting the calendar does not read (the notice) moves nothing either.
    assert not E.compare(STAFF, SAVED, E.Policy(headcount=80, notice_days=15), TODAY).changes_anything


def test_a_shorter_periodicity_moves_the_next_periodic_interview():
    what_if = E.compare(STAFF, SAVED, E.Policy(headcount=80, periodicity_months=24), TODAY)
    # INTERVIEWED's 15/01/2029 becomes 15/01/2027, within 90 days;
    # UNDER_AGREEMENT's 15/09/2028 becomes 15/09/2026, overdue.
    assert (what_if.moved, what_if.due_soon_before, what_if.due_soon_after) == (2, 1, 2)
    assert (what_if.overdue_before, what_if.overdue_after) == (5, 6)
    assert what_if.changes_anything


def test_a_shorter_due_soon_period_moves_no_obligation():
    what_if = E.compare(STAFF, SAVED, E.Policy(headcount=80, due_soon_days=30), TODAY)
    assert (what_if.moved, what_if.due_soon_before, what_if.due_soon_after) == (0, 1, 0)


def test_the_headcount_decides_the_corrective_top_up():
    what_if = E.compare(STAFF, SAVED, E.Policy(headcount=20), TODAY)
    assert (what_if.moved, what_if.exposure_before, what_if.exposure_after) == (0, 3000, 0)


def test_an_agreement_keeping_the_previous_rhythm():
    agreement = E.Policy(headcount=80, agreement_until=date(2026, 10, 1))
    what_if = E.compare(STAFF, SAVED, agreement, TODAY)
    # UNDER_AGREEMENT's periodic interview due 15/09/2026 under the agreement
    # lapsed when it ended (a breach, missed); the next one stays 15/09/2028,
    # 48 months after the last one held (Q&A of 12/02/2026, n° 2).
    assert what_if.moved == 1
    assert what_if.overdue_after == what_if.overdue_before


def test_a_move_counts_once_an_appearance_or_a_disappearance_once():
    before = {(1, "O3", date(2029, 1, 15)), (2, "O2", date(2027, 1, 12)), (3, "O4", date(2025, 3, 4))}
    after = {(1, "O3", date(2027, 1, 15)), (1, "O3", date(2029, 1, 15)), (2, "O2", date(2027, 1, 12))}
    # 1: one periodic interview added; 3: its summary review gone.
    assert moved(before, after) == 2
    shifted = {(1, "O3", date(2027, 1, 15)), (2, "O2", date(2027, 1, 12)), (3, "O4", date(2025, 3, 4))}
    assert moved(before, shifted) == 1
    assert moved(before, before) == 0


def _random_staff(rng, count):
    staff = {}
    for index in range(count):
        hire = TODAY - timedelta(days=rng.randint(0, 25 * 365))
        interviews, day = [], hire + timedelta(days=rng.randint(100, 900))
        while day <= TODAY:
            if rng.random() < 0.7:
                kind = rng.choice(["first", "periodic", "periodic", "summary", "midcareer", "pre60"])
                interviews.append(InterviewFact(kind, day, "refused" if rng.random() < 0.1 else "held"))
            day += timedelta(days=rng.randint(300, 5 * 365))
        staff[index] = EmployeeFacts(
            hire_date=hire,
            birth_date=hire - timedelta(days=rng.randint(18 * 365, 45 * 365)),
            information_date=hire if rng.random() < 0.8 else None,
            interviews=tuple(interviews),
        )
    return staff


def test_figures_are_those_of_each_policy_alone():
    """Whatever the change, the two sides are each policy's own register."""
    rng = random.Random(16)
    staff = _random_staff(rng, 100)
    policies = (
        SAVED,
        E.Policy(headcount=80, periodicity_months=24),
        E.Policy(headcount=10, due_soon_days=30),
        E.Policy(headcount=80, agreement_until=date(2026, 10, 1), periodicity_months=36),
    )
    alone = {policy: figures(staff, policy, TODAY) for policy in policies}
    for before in policies:
        for after in policies:
            what_if = E.compare(staff, before, after, TODAY)
            assert (what_if.overdue_before, what_if.overdue_after) == (alone[before].overdue, alone[after].overdue)
            assert (what_if.due_soon_before, what_if.due_soon_after) == (alone[before].due_soon, alone[after].due_soon)
            assert (what_if.exposure_before, what_if.exposure_after) == (
                alone[before].amount_at_stake,
                alone[after].amount_at_stake,
            )
            assert what_if.moved == moved(alone[before].keys, alone[after].keys)
            # Back and forth: as many obligations move either way.
            assert what_if.moved == moved(alone[after].keys, alone[before].keys)
            assert (what_if.moved == 0) == (alone[before].keys == alone[after].keys)
    assert E.compare(staff, SAVED, policies[1], TODAY).moved > 10
