"""The calendar O1-O7 (L. 6315-1, L. 4624-2-2), its conventions and its boundaries."""

from datetime import date, timedelta

import engine as E
from engine.facts import EmployeeFacts, InterviewFact, LeaveFact

TODAY = date(2026, 11, 26)
POLICY = E.Policy(headcount=60)


def run(facts, today=TODAY, policy=POLICY):
    return E.compute_obligations(facts, policy, today)


def of(result, code):
    return [o for o in result.obligations if o.code == code]


def one(result, code):
    found = of(result, code)
    assert len(found) == 1, (code, found)
    return found[0]


def says(obligation):
    """The obligation's explanation in English (the Odoo layer translates it)."""
    return E.render(obligation.text)


def keys(obligation):
    return [key for key, _values in obligation.text]


def held(kind, day):
    return InterviewFact(kind, day, E.HELD)


def refused(kind, day):
    return InterviewFact(kind, day, E.REFUSED)


# -- O1 information at hiring ----------------------------------------------


def test_o1_information_due_at_hiring_and_met_when_given():
    facts = EmployeeFacts(hire_date=date(2026, 9, 1), birth_date=date(1990, 1, 1))
    info = one(run(facts), "O1")
    assert (info.window_start, info.due_date) == (date(2026, 9, 1), date(2026, 9, 1))
    assert info.status == E.OVERDUE
    assert info.article == "L. 6315-1 I al. 1"
    informed = run(EmployeeFacts(hire_date=date(2026, 9, 1), information_date=date(2026, 9, 1)))
    assert one(informed, "O1").status == "met"
    late = run(EmployeeFacts(hire_date=date(2026, 9, 1), information_date=date(2026, 9, 20)))
    assert one(late, "O1").fulfilment == E.MET_LATE


# -- O2 first interview -----------------------------------------------------


def test_o2_first_interview_due_one_year_after_hiring():
    facts = EmployeeFacts(hire_date=date(2026, 3, 15), birth_date=date(1990, 1, 1))
    first = one(run(facts), "O2")
    assert first.window_start == date(2026, 3, 15)
    assert first.due_date == date(2027, 3, 15)
    assert first.status == E.UPCOMING
    assert keys(first) == ["O2", "regime_law_2025"]
    assert dict(first.text[0][1]) == {"hire": date(2026, 3, 15), "due": date(2027, 3, 15)}
    assert "by 2027-03-15" in says(first)


def test_o2_status_due_soon_then_overdue():
    facts = EmployeeFacts(hire_date=date(2026, 1, 10), birth_date=date(1990, 1, 1))
    assert one(run(facts, date(2026, 11, 26)), "O2").status == E.DUE_SOON
    assert one(run(facts, date(2027, 1, 11)), "O2").status == E.OVERDUE
    assert one(run(facts, date(2027, 1, 10)), "O2").status == E.DUE_SOON


def test_o2_met_on_the_due_date_and_late_after_it():
    hire = date(2025, 11, 3)
    on_time = run(EmployeeFacts(hire_date=hire, interviews=(held("first", date(2026, 11, 3)),)))
    assert one(on_time, "O2").fulfilment == E.MET
    late = run(EmployeeFacts(hire_date=hire, interviews=(held("first", date(2026, 11, 4)),)))
    assert one(late, "O2").fulfilment == E.MET_LATE
    assert one(late, "O2").status == "met"
    assert "met_late" in keys(one(late, "O2"))
    assert "Done late on 2026-11-04." in says(one(late, "O2"))


def test_hiring_on_29_february():
    facts = EmployeeFacts(hire_date=date(2028, 2, 29), birth_date=date(1990, 1, 1))
    result = run(facts, date(2028, 3, 1))
    assert one(result, "O2").due_date == date(2029, 2, 28)
    assert one(result, "O4").due_date == date(2036, 2, 29)
    before_the_reform = run(EmployeeFacts(hire_date=date(2024, 2, 29)), date(2024, 3, 1))
    assert one(before_the_reform, "O2").due_date == date(2026, 2, 28)  # previous law: 2 years


def test_o3_counts_from_the_last_interview_of_any_kind():
    facts = EmployeeFacts(
        hire_date=date(2025, 11, 3),
        interviews=(held("first", date(2026, 1, 5)), held("request", date(2026, 6, 1))),
    )
    periodic = of(run(facts), "O3")
    assert [p.due_date for p in periodic] == [date(2030, 1, 5), date(2030, 6, 1)]
    assert periodic[0].fulfilment == E.MET and periodic[0].met_on == date(2026, 6, 1)
    assert periodic[1].status == E.UPCOMING
    assert "(held on 2026-06-01)" in says(periodic[1])


def test_o3_before_the_reform_every_two_years_then_four_from_the_last_one_held():
    facts = EmployeeFacts(
        hire_date=date(2018, 1, 8),
        interviews=(held("first", date(2018, 12, 1)), held("request", date(2021, 6, 30))),
    )
    periodic = of(run(facts), "O3")
    assert [(p.due_date, p.fulfilment, p.regime) for p in periodic] == [
        (date(2021, 6, 30), E.MET, "law_2014"),  # 01/12/2020, postponed by the 2020 ordonnances
        (date(2023, 6, 30), E.MISSED, "law_2014"),
        (date(2025, 6, 30), E.MISSED, "law_2014"),  # lapsed before the reform
        (date(2025, 10, 26), E.OPEN, "law_2025"),  # 48 months after the last one held, not before the reform
    ]
    assert keys(periodic[2])[-2:] == ["missed_lapsed", "regime_law_2014"]
    assert "previous law" in says(periodic[2]) and "25/10/2025" in says(periodic[2])
    assert periodic[-1].status == E.OVERDUE and keys(periodic[-1])[0] == "O3_lapsed"
    assert "held on 2021-06-30" in says(periodic[-1]) and "n° 2" in says(periodic[-1])


def test_o3_periodicity_setting_shortens_the_period():
    facts = EmployeeFacts(hire_date=date(2023, 1, 2), interviews=(held("first", date(2023, 11, 2)),))
    periodic = one(run(facts, policy=E.Policy(periodicity_months=24)), "O3")
    assert periodic.due_date == date(2025, 11, 2)


def test_o3_periodicity_above_48_months_is_refused_and_capped():
    facts = EmployeeFacts(hire_date=date(2023, 1, 2), interviews=(held("first", date(2023, 11, 2)),))
    result = run(facts, policy=E.Policy(periodicity_months=60))
    assert one(result, "O3").due_date == date(2027, 11, 2)
    assert "policy_periodicity" in [p.code for p in result.problems]


def test_o3_missed_periods_are_counted_on_and_only_the_last_is_overdue():
    facts = EmployeeFacts(hire_date=date(2015, 3, 1))
    result = run(facts)
    chain = of(result, "O2") + of(result, "O3")
    assert [(o.due_date, o.status) for o in chain] == [
        (date(2017, 3, 1), E.STATUS_MISSED),
        (date(2019, 3, 1), E.STATUS_MISSED),
        (date(2021, 6, 30), E.STATUS_MISSED),  # 01/03/2021, postponed by the 2020 ordonnances
        (date(2023, 6, 30), E.STATUS_MISSED),
        (date(2025, 6, 30), E.STATUS_MISSED),  # lapsed before the reform
        (date(2025, 10, 26), E.OVERDUE),
    ]
    assert "missed due date of 2023-06-30" in says(chain[-2])
    assert keys(chain[-1])[0] == "O3_lapsed_none" and "2015-03-01" in says(chain[-1])


def test_late_interview_meets_the_current_obligation_not_the_missed_ones():
    facts = EmployeeFacts(hire_date=date(2015, 3, 1), interviews=(held("periodic", date(2019, 6, 10)),))
    chain = of(run(facts), "O2") + of(run(facts), "O3")
    assert [o.fulfilment for o in chain] == [E.MISSED, E.MET_LATE, E.MISSED, E.MISSED, E.MISSED, E.OPEN]
    assert chain[1].met_on == date(2019, 6, 10)
    assert chain[-1].due_date == date(2025, 10, 26)  # 48 months after 10/06/2019, not before the reform


def test_refusal_counts_as_offered_never_held_and_restarts_the_count():
    facts = EmployeeFacts(hire_date=date(2023, 1, 6), interviews=(refused("first", date(2023, 12, 1)),))
    result = run(facts)
    first = one(result, "O2")
    assert first.fulfilment == E.OFFERED and first.status == E.STATUS_REFUSED
    assert "offered" in keys(first) and "refused by the employee" in says(first)
    assert one(result, "O3").due_date == date(2027, 12, 1)


# -- O4 summary review ------------------------------------------------------


def test_o4_first_summary_eight_years_after_hiring_window_seven_after_first():
    facts = EmployeeFacts(hire_date=date(2020, 1, 6), interviews=(held("first", date(2020, 6, 1)),))
    summary = one(run(facts), "O4")
    assert summary.due_date == date(2028, 1, 6)
    assert summary.window_start == date(2027, 6, 1)
    assert summary.article == "L. 6315-1 II"


def test_o4_first_summary_six_years_after_hiring_while_that_is_before_the_reform():
    facts = EmployeeFacts(hire_date=date(2019, 9, 2), interviews=(held("first", date(2020, 6, 1)),))
    summary = one(run(facts), "O4")
    assert (summary.window_start, summary.due_date, summary.regime) == (date(2024, 9, 2), date(2025, 9, 2), "law_2014")
    assert summary.article == "L. 6315-1 II (loi 2014-288)"


def test_o4_summary_review_restarts_periodic_and_reviews_follow_seniority():
    facts = EmployeeFacts(
        hire_date=date(2010, 1, 4),
        interviews=(
            held("periodic", date(2015, 11, 1)),
            held("periodic", date(2017, 10, 1)),
            held("summary", date(2019, 9, 20)),
            held("periodic", date(2021, 9, 1)),
            held("periodic", date(2023, 8, 1)),
            held("periodic", date(2025, 7, 1)),
        ),
    )
    result = run(facts)
    summaries = of(result, "O4")
    assert [(s.due_date, s.fulfilment) for s in summaries] == [
        (date(2021, 6, 30), E.MET),  # 07/03/2020 postponed by the 2020 ordonnances
        (date(2030, 3, 7), E.OPEN),  # 16 years counted from 07/03/2014, under the new law
    ]
    assert "postponed" in keys(summaries[0]) and "postponed to 30/06/2021" in says(summaries[0])
    assert summaries[1].status == E.UPCOMING and keys(summaries[1])[0] == "O4_staff_seniority"
    periodic = of(result, "O3")
    assert periodic[2].met_by.kind == "summary"
    assert one_open(result, "O3").due_date == date(2029, 7, 1)


def one_open(result, code):
    return next(o for o in of(result, code) if o.is_open)


def test_o4_a_summary_held_too_early_does_not_count_as_summary():
    facts = EmployeeFacts(
        hire_date=date(2020, 1, 6),
        interviews=(held("first", date(2020, 12, 1)), held("summary", date(2022, 1, 1))),
    )
    summary = one(run(facts), "O4")
    assert summary.is_open


# -- O5a / O5 mid-career ----------------------------------------------------


def test_o5a_visit_in_the_year_of_the_45th_birthday():
    facts = EmployeeFacts(hire_date=date(2010, 1, 4), birth_date=date(1981, 7, 14))
    visit = one(run(facts), "O5a")
    assert (visit.window_start, visit.due_date) == (date(2026, 1, 1), date(2026, 12, 31))
    assert visit.article == "L. 4624-2-2"
    interview = one(run(facts), "O5")
    assert interview.due_date == date(2027, 2, 28)
    assert keys(interview)[0] == "O5_default" and "Organise the visit first" in says(interview)


def test_o5_interview_within_two_months_of_the_visit():
    facts = EmployeeFacts(
        hire_date=date(2010, 1, 4), birth_date=date(1981, 7, 14), midcareer_visit_date=date(2026, 10, 31)
    )
    result = run(facts)
    assert one(result, "O5a").fulfilment == E.MET
    interview = one(result, "O5")
    assert (interview.window_start, interview.due_date) == (date(2026, 10, 31), date(2026, 12, 31))
    assert interview.status == E.DUE_SOON


def test_o5_met_only_by_a_midcareer_interview():
    facts = EmployeeFacts(
        hire_date=date(2010, 1, 4),
        birth_date=date(1981, 7, 14),
        midcareer_visit_date=date(2026, 9, 1),
        interviews=(held("periodic", date(2026, 9, 15)),),
    )
    assert one(run(facts), "O5").is_open
    facts = EmployeeFacts(
        hire_date=date(2010, 1, 4),
        birth_date=date(1981, 7, 14),
        midcareer_visit_date=date(2026, 9, 1),
        interviews=(held("midcareer", date(2026, 9, 15)),),
    )
    assert one(run(facts), "O5").fulfilment == E.MET


def test_o5_not_raised_for_someone_hired_after_45():
    facts = EmployeeFacts(hire_date=date(2024, 1, 4), birth_date=date(1970, 7, 14))
    assert not of(run(facts), "O5a") and not of(run(facts), "O5")


# -- O6 pre-60 ----------------------------------------------------------------


def test_o6_window_between_58th_and_60th_birthday():
    facts = EmployeeFacts(hire_date=date(2000, 1, 3), birth_date=date(1968, 4, 20))
    pre60 = one(run(facts), "O6")
    assert (pre60.window_start, pre60.due_date) == (date(2026, 4, 20), date(2028, 4, 20))


def test_o6_met_when_held_on_the_60th_birthday_itself():
    facts = EmployeeFacts(
        hire_date=date(2000, 1, 3),
        birth_date=date(1966, 11, 26),
        interviews=(held("pre60", date(2026, 11, 26)),),
    )
    assert one(run(facts), "O6").fulfilment == E.MET


def test_o6_missed_once_the_60th_birthday_has_passed():
    facts = EmployeeFacts(hire_date=date(2000, 1, 3), birth_date=date(1966, 5, 1))
    assert one(run(facts), "O6").status == E.STATUS_MISSED


def test_o6_born_29_february():
    facts = EmployeeFacts(hire_date=date(2000, 1, 3), birth_date=date(1968, 2, 29))
    pre60 = one(run(facts), "O6")
    assert (pre60.window_start, pre60.due_date) == (date(2026, 2, 28), date(2028, 2, 29))


# -- O7 return from leave -----------------------------------------------------


def test_o7_raised_when_no_interview_in_the_12_months_before_return():
    facts = EmployeeFacts(
        hire_date=date(2018, 1, 8),
        interviews=(held("first", date(2018, 12, 1)), held("periodic", date(2022, 10, 1))),
        leaves=(LeaveFact("maternity", date(2026, 3, 1), date(2026, 10, 31)),),
    )
    back = one(run(facts), "O7")
    assert (back.window_start, back.due_date) == (date(2026, 11, 1), date(2026, 12, 1))
    assert back.status == E.DUE_SOON
    assert dict(back.text[0][1])["leave"] == "maternity" and "after a maternity leave" in says(back)


def test_o7_not_raised_after_an_interview_in_the_previous_12_months():
    facts = EmployeeFacts(
        hire_date=date(2018, 1, 8),
        interviews=(held("periodic", date(2026, 1, 15)),),
        leaves=(LeaveFact("parental", date(2026, 3, 1), date(2026, 10, 31)),),
    )
    result = run(facts)
    assert not of(result, "O7")
    assert result.notes[0][0][0] == "return_not_due"
    assert "held on 2026-01-15" in E.render(result.notes[0])


def test_o7_interview_exactly_12_months_before_return_counts():
    leave = LeaveFact("sabbatical", date(2025, 11, 1), date(2026, 10, 31))  # back 2026-11-01
    on_limit = EmployeeFacts(
        hire_date=date(2018, 1, 8), interviews=(held("periodic", date(2025, 11, 1)),), leaves=(leave,)
    )
    assert not of(run(on_limit), "O7")
    before = EmployeeFacts(
        hire_date=date(2018, 1, 8), interviews=(held("periodic", date(2025, 10, 31)),), leaves=(leave,)
    )
    assert one(run(before), "O7").due_date == date(2026, 12, 1)


def test_o7_only_for_configured_leave_kinds_and_grace_days():
    leave = LeaveFact("caregiver", date(2026, 6, 1), date(2026, 9, 30))
    facts = EmployeeFacts(hire_date=date(2018, 1, 8), leaves=(leave,))
    assert "caregiver" in E.Policy().return_leave_kinds  # named by L. 6315-1 as rewritten
    assert not of(run(facts, policy=E.Policy(return_leave_kinds=frozenset({"maternity"}))), "O7")
    policy = E.Policy(return_leave_kinds=frozenset({"caregiver"}), return_grace_days=15)
    assert one(run(facts, policy=policy), "O7").due_date == date(2026, 10, 16)


def test_o7_consecutive_leaves_make_one_return():
    facts = EmployeeFacts(
        hire_date=date(2018, 1, 8),
        leaves=(
            LeaveFact("maternity", date(2025, 9, 1), date(2026, 1, 9)),
            LeaveFact("parental", date(2026, 1, 12), date(2026, 9, 30)),
        ),
    )
    assert [o.window_start for o in of(run(facts), "O7")] == [date(2026, 10, 1)]


def test_o7_refused_return_interview_is_offered():
    facts = EmployeeFacts(
        hire_date=date(2018, 1, 8),
        leaves=(LeaveFact("adoption", date(2026, 2, 1), date(2026, 8, 31)),),
        interviews=(refused("return", date(2026, 9, 10)),),
    )
    assert one(run(facts), "O7").fulfilment == E.OFFERED


# -- transition (loi n° 2025-989) ------------------------------------------------------


def test_agreement_regime_keeps_two_year_rhythm_until_its_end():
    facts = EmployeeFacts(hire_date=date(2020, 1, 6), interviews=(held("first", date(2024, 6, 1)),))
    policy = E.Policy(agreement_until=date(2026, 10, 1))
    periodic = one_open(run(facts, date(2026, 10, 1), policy=policy), "O3")
    assert periodic.due_date == date(2026, 6, 1) and periodic.status == E.OVERDUE
    assert "agreement" in keys(periodic) and "collective agreement" in says(periodic)
    # Once the agreement has ended, that link lapsed: the new 48 months count
    # from the last interview held (Q&A of 12/02/2026, n° 2).
    after = of(run(facts, date(2026, 10, 2), policy=policy), "O3")
    assert [(o.due_date, o.fulfilment) for o in after[-2:]] == [
        (date(2026, 6, 1), E.MISSED),
        (date(2028, 6, 1), E.OPEN),
    ]


def test_agreement_regime_ends_so_later_periods_follow_the_new_law():
    facts = EmployeeFacts(hire_date=date(2020, 1, 6), interviews=(held("first", date(2025, 3, 1)),))
    policy = E.Policy(agreement_until=date(2026, 10, 1))
    assert one_open(run(facts, policy=policy), "O3").due_date == date(2029, 3, 1)


def test_agreement_end_after_1_october_2026_is_capped():
    policy = E.Policy(agreement_until=date(2027, 6, 30))
    facts = EmployeeFacts(hire_date=date(2020, 1, 6), interviews=(held("first", date(2024, 12, 1)),))
    result = run(facts, policy=policy)
    assert "policy_agreement_end" in [p.code for p in result.problems]
    assert one_open(result, "O3").due_date == date(2028, 12, 1)


def test_agreement_summary_every_six_years():
    facts = EmployeeFacts(hire_date=date(2020, 5, 4), interviews=(held("first", date(2021, 1, 5)),))
    policy = E.Policy(agreement_until=date(2026, 10, 1))
    assert one(run(facts, date(2026, 1, 1), policy), "O4").due_date == date(2026, 5, 4)


def test_interviews_held_before_the_reform_count():
    facts = EmployeeFacts(hire_date=date(2019, 1, 7), interviews=(held("periodic", date(2025, 3, 3)),))
    assert one_open(run(facts), "O3").due_date == date(2029, 3, 3)


# -- end of contract, departure ---------------------------------------------------


def test_fixed_term_contract_ending_before_the_first_due_date():
    facts = EmployeeFacts(hire_date=date(2026, 3, 2), end_date=date(2026, 12, 31), birth_date=date(1990, 1, 1))
    codes = [o.code for o in run(facts).obligations]
    assert codes == ["O1"]


def test_departed_employee_gets_nothing_new():
    facts = EmployeeFacts(
        hire_date=date(2015, 1, 5),
        end_date=date(2025, 6, 30),
        birth_date=date(1967, 1, 1),
        interviews=(held("first", date(2015, 12, 1)), held("periodic", date(2019, 11, 1))),
    )
    result = run(facts)
    assert all(o.due_date <= date(2025, 6, 30) for o in result.obligations)
    assert not of(result, "O6")  # 60th birthday in 2027, after departure


# -- bad input -------------------------------------------------------------------


def test_no_hiring_date_is_a_data_problem_not_an_exception():
    result = run(EmployeeFacts(hire_date=None, birth_date=date(1970, 3, 1)))
    assert "missing_hire_date" in [p.code for p in result.problems]
    assert {o.code for o in result.obligations} <= {"O5a", "O5", "O6"}


def test_no_birth_date_is_a_data_problem():
    result = run(EmployeeFacts(hire_date=date(2026, 1, 5)))
    assert [p.code for p in result.problems] == ["missing_birth_date"]
    assert not of(result, "O6")


def test_nothing_at_all_still_answers():
    result = run(EmployeeFacts(hire_date=None))
    assert result.obligations == ()
    assert {p.code for p in result.problems} == {"missing_hire_date", "missing_birth_date"}


def test_end_before_start_is_reported_and_ignored():
    facts = EmployeeFacts(hire_date=date(2026, 3, 2), end_date=date(2025, 1, 1), birth_date=date(1990, 1, 1))
    result = run(facts)
    assert "end_before_hire" in [p.code for p in result.problems]
    assert one(result, "O2").due_date == date(2027, 3, 2)


def test_leave_ending_before_it_starts_is_reported_and_ignored():
    facts = EmployeeFacts(
        hire_date=date(2018, 1, 8),
        birth_date=date(1990, 1, 1),
        leaves=(LeaveFact("maternity", date(2026, 5, 1), date(2026, 1, 1)),),
    )
    result = run(facts)
    assert "leave_end_before_start" in [p.code for p in result.problems]
    assert not of(result, "O7")


def test_implausible_birth_date_and_future_interview_are_reported():
    facts = EmployeeFacts(
        hire_date=date(2018, 1, 8),
        birth_date=date(2010, 1, 1),
        interviews=(held("first", date(2027, 1, 1)),),
    )
    codes = [p.code for p in run(facts).problems]
    assert codes == ["implausible_birth_date", "interview_in_future"]


def test_interview_without_date_is_reported():
    facts = EmployeeFacts(
        hire_date=date(2018, 1, 8), birth_date=date(1990, 1, 1), interviews=(InterviewFact("first", None),)
    )
    assert [p.code for p in run(facts).problems] == ["interview_without_date"]


# -- outputs ---------------------------------------------------------------------------


def test_every_obligation_explains_itself_in_both_languages():
    facts = EmployeeFacts(
        hire_date=date(2015, 1, 5),
        birth_date=date(1968, 7, 14),
        interviews=(held("first", date(2015, 12, 1)),),
        leaves=(LeaveFact("long_illness", date(2026, 1, 1), date(2026, 6, 30)),),
    )
    result = run(facts)
    assert {o.code for o in result.obligations} >= {"O1", "O2", "O3", "O4", "O6", "O7"}
    for obligation in result.obligations:
        assert says(obligation)
        assert obligation.window_start <= obligation.due_date
        assert obligation.article.startswith("L.")
        assert keys(obligation)[-1].startswith("regime_") and "Rule" in says(obligation)


def test_next_open_is_the_earliest_open_due_date():
    facts = EmployeeFacts(hire_date=date(2026, 9, 1), birth_date=date(1990, 1, 1), information_date=date(2026, 9, 1))
    assert run(facts).next_open().code == "O2"
    assert E.due_soon_limit(TODAY, POLICY) == date(2027, 2, 24)


def test_stored_calendar_keeps_what_hr_acts_on_or_checks():
    """Open obligations within 24 months or whose window opened, the next one,
    and closed ones within the 8-year look-back; the rest stays computed."""
    facts = E.EmployeeFacts(
        hire_date=date(2015, 3, 2),
        birth_date=date(1985, 6, 1),
        interviews=(E.InterviewFact("first", date(2017, 2, 1)), E.InterviewFact("periodic", date(2024, 5, 1))),
    )
    result = run(facts)
    stored = E.stored_calendar(result, E.Policy())
    codes = {(o.code, o.due_date.year) for o in stored}
    assert ("O2", 2017) in {(o.code, o.due_date.year) for o in result.obligations}
    assert ("O2", 2017) not in codes  # met nine years ago: history, computed
    assert ("O3", 2028) in codes  # the next periodic interview, within 24 months
    assert ("O1", 2015) in codes  # never informed: open, its window long open
    assert all(o in result.obligations for o in stored)
    later = [o for o in result.obligations if o.is_open and o.due_date > TODAY + timedelta(days=731)]
    assert later and all(o.window_start > TODAY for o in later if o not in stored)
    young = run(
        E.EmployeeFacts(hire_date=date(2026, 9, 1), birth_date=date(2000, 1, 1), information_date=date(2026, 9, 1))
    )
    # Nothing within 24 months but the first interview: the next open one is always kept.
    assert result.next_open() in stored and young.next_open() in E.stored_calendar(young, E.Policy())


def test_language_of_a_user():
    assert [E.lang_of(code) for code in ("fr_FR", "fr_BE", "en_US", "de_DE", None, False)] == [
        "fr",
        "fr",
        "en",
        "en",
        "en",
        "en",
    ]
