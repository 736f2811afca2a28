"""Which open obligations get a planned interview, and when managers act."""

from datetime import date

import engine as E
from engine.facts import EmployeeFacts, InterviewFact, LeaveFact

TODAY = date(2026, 11, 26)


def plan(facts, policy=None, today=TODAY):
    """{kind: the interview planned on ``today``} (one per kind in these cases)."""
    policy = policy or E.Policy()
    planned = E.plan_interviews(E.compute_obligations(facts, policy, today), policy, today)
    return {interview.kind: interview for interview in planned}


def test_first_interview_planned_on_its_planning_date_not_before():
    # Due 24/02/2027: planned 60 days before, on 26/12/2026.
    facts = EmployeeFacts(hire_date=date(2026, 2, 24), birth_date=date(1990, 1, 1))
    assert plan(facts) == {}
    assert plan(facts, today=date(2026, 12, 25)) == {}
    planned = plan(facts, today=date(2026, 12, 26))
    assert list(planned) == ["first"]
    assert planned["first"].planning_date(E.Policy()) == date(2026, 12, 26)


def test_the_activity_deadline_is_the_last_day_to_convene_with_notice():
    facts = EmployeeFacts(hire_date=date(2026, 2, 24), birth_date=date(1990, 1, 1))
    (interview,) = plan(facts, today=date(2027, 1, 5)).values()
    assert interview.convene_by(E.Policy()) == date(2027, 2, 16)  # 8 days before 24/02/2027
    assert interview.convene_by(E.Policy(notice_days=15)) == date(2027, 2, 9)


def test_summary_review_has_a_longer_lead_time():
    facts = EmployeeFacts(
        hire_date=date(2020, 3, 2),
        birth_date=date(1990, 1, 1),
        interviews=(InterviewFact("first", date(2022, 1, 10)), InterviewFact("periodic", date(2025, 12, 5))),
    )
    today = date(2027, 12, 3)
    planned = plan(facts, today=today)
    assert list(planned) == ["summary"]
    assert planned["summary"].planning_date(E.Policy()) == today  # 90 days before 02/03/2028
    assert plan(facts, E.Policy(summary_lead_days=60), today) == {}


def test_overdue_obligations_are_planned_as_one_meeting():
    facts = EmployeeFacts(hire_date=date(2015, 3, 1), birth_date=date(1990, 1, 1))
    (interview,) = plan(facts).values()
    # The overdue summary review (01/03/2021, postponed to 30/06/2021) and
    # periodic interview (the previous rhythm lapsed: from the reform): one
    # summary review answers both.
    assert interview.kind == "summary"
    assert [(o.code, o.due_date) for o in interview.obligations] == [
        ("O4", date(2021, 6, 30)),
        ("O3", date(2025, 10, 26)),
    ]
    assert interview.convene_by(E.Policy()) < TODAY


def test_met_and_non_interview_obligations_are_not_planned():
    facts = EmployeeFacts(
        hire_date=date(2026, 2, 24),
        birth_date=date(1981, 2, 1),
        interviews=(InterviewFact("first", date(2026, 11, 1)),),
    )
    planned = plan(facts)
    assert "first" not in planned
    assert set(planned) <= {"midcareer"}


def test_return_interview_planned_at_once():
    facts = EmployeeFacts(
        hire_date=date(2018, 1, 8),
        birth_date=date(1990, 1, 1),
        interviews=(InterviewFact("first", date(2018, 12, 1)), InterviewFact("periodic", date(2022, 10, 1))),
        leaves=(LeaveFact("maternity", date(2026, 3, 1), date(2026, 11, 20)),),
    )
    policy = E.Policy()
    planned = E.plan_interviews(E.compute_obligations(facts, policy, TODAY), policy, TODAY)
    # Back on 21/11/2026: due a month later, planned at once, and one meeting
    # with what was already overdue (the summary review and a periodic one).
    (interview,) = planned
    assert ("O7", date(2026, 12, 21)) in [o.key for o in interview.obligations]
    assert interview.kind == "summary"


def test_a_convened_interview_answers_what_asks_no_more_of_it():
    facts = EmployeeFacts(
        hire_date=date(2020, 3, 2),
        birth_date=date(1990, 1, 1),
        interviews=(InterviewFact("first", date(2022, 1, 10)), InterviewFact("periodic", date(2024, 3, 1))),
    )
    today = date(2027, 12, 10)
    (interview,) = E.plan_interviews(E.compute_obligations(facts, E.Policy(), today), E.Policy(), today)
    assert interview.kind == "summary"
    covered, rest = interview.answered_by("summary")
    assert covered == interview.obligations and rest is None
    covered, rest = interview.answered_by("periodic")
    assert [o.code for o in covered] == ["O3"]
    assert rest.kind == "summary" and [o.code for o in rest.obligations] == ["O4"]


def test_midcareer_visit_to_organise_in_the_year_of_45():
    facts = EmployeeFacts(hire_date=date(2010, 1, 4), birth_date=date(1981, 7, 14))
    result = E.compute_obligations(facts, E.Policy(), TODAY)
    assert E.midcareer_visit_to_organise(result, TODAY).due_date == date(2026, 12, 31)
    assert E.midcareer_visit_to_organise(result, date(2025, 12, 31)) is None
    visited = EmployeeFacts(
        hire_date=date(2010, 1, 4), birth_date=date(1981, 7, 14), midcareer_visit_date=date(2026, 5, 1)
    )
    assert E.midcareer_visit_to_organise(E.compute_obligations(visited, E.Policy(), TODAY), TODAY) is None


def test_short_notice_below_the_policy_days():
    policy = E.Policy(notice_days=8)
    assert E.short_notice(date(2026, 11, 26), date(2026, 12, 3), policy)
    assert not E.short_notice(date(2026, 11, 26), date(2026, 12, 4), policy)


# -- one meeting for obligations whose planning windows overlap -------------------


def test_periodic_and_summary_review_in_the_same_months_make_one_summary_interview():
    facts = EmployeeFacts(
        hire_date=date(2020, 3, 2),
        birth_date=date(1990, 1, 1),
        interviews=(InterviewFact("first", date(2022, 1, 10)), InterviewFact("periodic", date(2024, 3, 1))),
    )
    # Periodic due 01/03/2028 (4 years on), summary review due 02/03/2028.
    today = date(2027, 12, 10)
    (interview,) = E.plan_interviews(E.compute_obligations(facts, E.Policy(), today), E.Policy(), today)
    assert interview.kind == "summary"
    assert [o.code for o in interview.obligations] == ["O3", "O4"]
    assert interview.kinds == {"periodic", "summary"}
    assert interview.due_date == date(2028, 3, 1)


def test_obligations_far_apart_are_planned_apart_and_each_when_its_planning_date_comes():
    facts = EmployeeFacts(
        hire_date=date(2026, 2, 24),
        birth_date=date(1960, 6, 1),  # 60 on 01/06/2020... before hiring: no pre-60 interview
        leaves=(LeaveFact("maternity", date(2026, 6, 1), date(2026, 11, 20)),),
    )
    result = E.compute_obligations(facts, E.Policy(), TODAY)
    # Return due 21/12/2026 (planned from 22/10), first interview due
    # 24/02/2027 (planned from 26/12): apart.
    planned = E.plan_interviews(result, E.Policy(), TODAY)
    assert [(p.kind, [o.code for o in p.obligations]) for p in planned] == [("return", ["O7"])]
    assert (
        E.plan_interviews(E.compute_obligations(facts, E.Policy(), date(2026, 10, 1)), E.Policy(), date(2026, 10, 1))
        == ()
    )
    # Still not held when the first interview's planning date comes: the
    # overdue return interview is one meeting with it.
    later = date(2026, 12, 26)
    planned = E.plan_interviews(E.compute_obligations(facts, E.Policy(), later), E.Policy(), later)
    assert [(p.kind, [o.code for o in p.obligations]) for p in planned] == [("first", ["O7", "O2"])]


def test_holding_the_grouped_interview_meets_every_obligation_it_answers():
    facts = EmployeeFacts(
        hire_date=date(2000, 1, 3),
        birth_date=date(1981, 7, 14),
        midcareer_visit_date=date(2026, 10, 31),  # mid-career interview due 31/12/2026
        interviews=(InterviewFact("summary", date(2021, 2, 1)), InterviewFact("periodic", date(2023, 1, 16))),
    )
    today = date(2026, 11, 26)
    result = E.compute_obligations(facts, E.Policy(), today)
    (interview,) = E.plan_interviews(result, E.Policy(), today)
    assert interview.kind == "midcareer" and {o.code for o in interview.obligations} == {"O5", "O3"}
    held = InterviewFact(interview.kind, date(2026, 12, 10), E.HELD, also=interview.kinds)
    after = E.compute_obligations(
        EmployeeFacts(**{**facts.__dict__, "interviews": (*facts.interviews, held)}), E.Policy(), date(2026, 12, 11)
    )
    answered = {(o.code, o.due_date) for o in after.obligations if o.met_by == held}
    assert answered == {(o.code, o.due_date) for o in interview.obligations}


def test_a_summary_interview_that_was_also_the_midcareer_one_meets_both():
    facts = EmployeeFacts(
        hire_date=date(2000, 1, 3),
        birth_date=date(1981, 7, 14),
        midcareer_visit_date=date(2026, 10, 31),
        interviews=(InterviewFact("summary", date(2026, 11, 20), also=frozenset({"midcareer"})),),
    )
    result = E.compute_obligations(facts, E.Policy(), date(2026, 11, 26))
    midcareer = next(o for o in result.obligations if o.code == "O5")
    assert midcareer.fulfilment == E.MET


def test_an_interview_held_answers_the_obligation_it_met_not_the_next_one():
    """Held a year after hiring, the first interview's due date is the
    first interview's (hiring + 1 year), never the periodic one due after it;
    a refusal answers the obligation it was offered for."""
    first = InterviewFact("first", date(2027, 2, 10), ref=1)
    refused = InterviewFact("periodic", date(2031, 1, 15), outcome=E.REFUSED, ref=2)
    facts = EmployeeFacts(hire_date=date(2026, 2, 24), birth_date=date(1990, 1, 1), interviews=(first, refused))
    answered = E.answered_obligation_of(E.compute_obligations(facts, E.Policy(), date(2031, 2, 1)))
    assert (answered[1].code, answered[1].due_date) == ("O2", date(2027, 2, 24))
    assert (answered[2].code, answered[2].due_date) == ("O3", date(2031, 2, 10))


def test_a_summary_review_that_also_met_a_periodic_interview_is_filed_under_the_earliest():
    review = InterviewFact("summary", date(2034, 1, 10), ref=7)
    facts = EmployeeFacts(
        hire_date=date(2026, 2, 24),
        birth_date=date(1990, 1, 1),
        interviews=(
            InterviewFact("first", date(2027, 2, 10), ref=6),
            InterviewFact("periodic", date(2030, 2, 1), ref=8),
            review,
        ),
    )
    answered = E.answered_obligation_of(E.compute_obligations(facts, E.Policy(), date(2034, 2, 1)))
    met_by_review = [
        o for o in E.compute_obligations(facts, E.Policy(), date(2034, 2, 1)).obligations if o.met_by is review
    ]
    assert {o.code for o in met_by_review} >= {"O3", "O4"}
    assert answered[7] == min(met_by_review, key=lambda o: o.due_date)


def test_a_campaign_plans_ahead_what_is_due_in_its_period():
    # First interview due 24/02/2027, planned on 26/12/2026 by itself.
    facts = EmployeeFacts(hire_date=date(2026, 2, 24), birth_date=date(1990, 1, 1))
    policy = E.Policy()
    result = E.compute_obligations(facts, policy, TODAY)
    assert E.plan_interviews(result, policy, TODAY, due_by=date(2027, 2, 23)) == ()
    (interview,) = E.plan_interviews(result, policy, TODAY, due_by=date(2027, 3, 31))
    assert interview.kind == "first" and interview.due_date == date(2027, 2, 24)


def test_a_campaign_plans_one_meeting_for_obligations_of_the_same_months():
    facts = EmployeeFacts(
        hire_date=date(2020, 3, 2),
        birth_date=date(1990, 1, 1),
        interviews=(InterviewFact("first", date(2022, 1, 10)), InterviewFact("periodic", date(2024, 3, 1))),
    )
    # Periodic due 01/03/2028 and summary review due 02/03/2028: one meeting,
    # planned a year ahead by a campaign over the first quarter of 2028.
    policy = E.Policy()
    result = E.compute_obligations(facts, policy, TODAY)
    assert E.plan_interviews(result, policy, TODAY) == ()
    (interview,) = E.plan_interviews(result, policy, TODAY, due_by=date(2028, 3, 31))
    assert interview.kind == "summary"
    assert sorted(o.code for o in interview.obligations) == ["O3", "O4"]


def test_a_link_answered_before_the_health_crisis_keeps_its_own_due_date():
    """Answered in 2019, a link due in 2020 was never postponed: the link
    after it, counted from that meeting and postponed, is alone on 30/06/2021."""
    facts = EmployeeFacts(
        hire_date=date(2012, 5, 15),
        birth_date=date(1980, 1, 1),
        interviews=(
            InterviewFact("summary", date(2014, 8, 10)),
            InterviewFact("periodic", date(2016, 6, 30)),
            InterviewFact("periodic", date(2018, 4, 17)),
            InterviewFact("summary", date(2019, 6, 27)),
        ),
    )
    obligations = E.compute_obligations(facts, E.Policy(), date(2026, 12, 5)).obligations
    keys = [o.key for o in obligations]
    assert len(keys) == len(set(keys))
    periodic = {o.due_date: o for o in obligations if o.code == "O3"}
    assert periodic[date(2020, 4, 17)].met_on == date(2019, 6, 27)
    assert periodic[date(2021, 6, 30)].window_start == date(2019, 6, 27)
