"""The law in time: each transition rule, on both sides of its date.

7 March 2014 (loi 2014-288), 30 June 2021 (the 2020 ordonnances), 31 March
2022 (the mid-career visit, L. 4624-2-2), 26 October 2025 (loi 2025-989) and
1 October 2026 (the latest end of a company agreement's previous rhythm).
"""

from datetime import date

import engine as E
from engine import regimes as R
from engine.facts import EmployeeFacts, InterviewFact, LeaveFact

TODAY = date(2026, 11, 29)
PLAIN = E.Policy()
AGREEMENT = E.Policy(agreement_until=date(2026, 10, 1))


def run(facts, today=TODAY, policy=PLAIN):
    return E.compute_obligations(facts, policy, today)


def of(result, code):
    return [o for o in result.obligations if o.code == code]


def held(kind, day):
    return InterviewFact(kind, day, E.HELD)


def first_periodic_link(hire):
    result = run(EmployeeFacts(hire_date=hire))
    return (of(result, "O2") + of(result, "O3"))[0]


def next_periodic_due(held_on, policy=PLAIN):
    facts = EmployeeFacts(hire_date=date(2014, 3, 7), interviews=(held("periodic", held_on),))
    result = run(facts, max(TODAY, held_on), policy)
    return next(o.due_date for o in of(result, "O3") if o.met_by is None and o.window_start == held_on)


def first_summary_due(hire, policy=PLAIN):
    return of(run(EmployeeFacts(hire_date=hire), date(2014, 3, 7), policy), "O4")[0]


# -- the table of regimes ---------------------------------------------------------


def test_regime_table_dates_and_articles():
    assert [(r.key, r.start, r.end) for r in R.REGIMES] == [
        ("law_2014", date(2014, 3, 7), date(2025, 10, 25)),
        ("visit_2021", date(2022, 3, 31), None),
        ("law_2025", date(2025, 10, 26), None),
    ]
    assert R.regime_for("O3", date(2014, 3, 6)) is None
    assert R.regime_for("O3", date(2014, 3, 7)) is R.LAW_2014
    assert R.regime_for("O3", date(2025, 10, 25)) is R.LAW_2014
    assert R.regime_for("O3", date(2025, 10, 26)) is R.LAW_2025
    assert R.regime_for("O5", date(2025, 10, 25)) is None  # no mid-career interview before the reform
    assert R.regime_for("O6", date(2025, 10, 25)) is None
    assert R.regime_for("O5a", date(2022, 3, 30)) is None
    assert R.regime_for("O5a", date(2022, 3, 31)) is R.VISIT_2021


# -- 7 March 2014 ------------------------------------------------------------------


def test_staff_present_on_7_march_2014_count_two_years_from_that_date():
    link = first_periodic_link(date(2014, 3, 6))
    assert (link.code, link.window_start, link.due_date, link.regime) == (
        "O3",
        date(2014, 3, 7),
        date(2016, 3, 7),
        "law_2014",
    )
    assert link.text[0][0] == "O3_staff_2014" and "counted from 07/03/2014" in E.render(link.text)


def test_hired_from_7_march_2014_first_interview_two_years_after_hiring():
    link = first_periodic_link(date(2014, 3, 7))
    assert (link.code, link.due_date, link.regime) == ("O2", date(2016, 3, 7), "law_2014")


def test_information_at_hiring_exists_from_7_march_2014():
    assert not of(run(EmployeeFacts(hire_date=date(2014, 3, 6))), "O1")
    information = of(run(EmployeeFacts(hire_date=date(2014, 3, 7))), "O1")[0]
    assert information.regime == "law_2014" and information.status == E.OVERDUE


def test_interviews_before_7_march_2014_do_not_anchor_the_chain():
    facts = EmployeeFacts(hire_date=date(2005, 1, 3), interviews=(held("periodic", date(2013, 6, 1)),))
    link = (of(run(facts), "O3"))[0]
    assert link.due_date == date(2016, 3, 7) and link.met_by is None


def test_return_interviews_exist_from_7_march_2014():
    # Judged by the law in force on the day of the return.
    before = LeaveFact("maternity", date(2013, 6, 1), date(2014, 3, 5))  # back 06/03/2014
    after = LeaveFact("maternity", date(2013, 6, 1), date(2014, 3, 6))  # back 07/03/2014
    assert not of(run(EmployeeFacts(hire_date=date(2010, 1, 4), leaves=(before,))), "O7")
    assert of(run(EmployeeFacts(hire_date=date(2010, 1, 4), leaves=(after,))), "O7")[0].regime == "law_2014"


# -- 30 June 2021: the postponed états des lieux -------------------------------------


def test_first_summary_reviews_of_staff_present_in_2014_postponed_to_30_june_2021():
    summary = first_summary_due(date(2010, 1, 4))
    assert (summary.due_date, summary.regime, summary.window_start) == (
        date(2021, 6, 30),
        "law_2014",
        date(2019, 3, 7),
    )
    assert ("postponed", (("nominal", date(2020, 3, 7)),)) in summary.text
    assert "2020-03-07 postponed to 30/06/2021 by ordonnances 2020-387" in E.render(summary.text)


def test_postponement_covers_due_dates_until_30_june_2021_only():
    assert first_summary_due(date(2015, 6, 29)).due_date == date(2021, 6, 30)
    assert first_summary_due(date(2015, 6, 30)).due_date == date(2021, 6, 30)
    assert first_summary_due(date(2015, 7, 1)).due_date == date(2021, 7, 1)
    assert "postponed" not in [key for key, _values in first_summary_due(date(2015, 7, 1)).text]


# -- 31 March 2022: the mid-career visit ----------------------------------------------


def test_midcareer_visit_owed_from_its_law_only():
    turned_45_in_2021 = run(EmployeeFacts(hire_date=date(2000, 1, 3), birth_date=date(1976, 5, 1)))
    assert not of(turned_45_in_2021, "O5a") and not of(turned_45_in_2021, "O5")
    turned_45_in_2022 = run(EmployeeFacts(hire_date=date(2000, 1, 3), birth_date=date(1977, 5, 1)))
    visit = of(turned_45_in_2022, "O5a")[0]
    assert (visit.due_date, visit.regime, visit.article) == (date(2022, 12, 31), "visit_2021", "L. 4624-2-2")
    assert not of(turned_45_in_2022, "O5")  # due 28/02/2023, before the reform


def test_turned_45_in_2011_owes_neither_visit_nor_interview():
    result = run(EmployeeFacts(hire_date=date(1995, 9, 4), birth_date=date(1966, 3, 10)))
    assert not of(result, "O5a") and not of(result, "O5")


# -- 26 October 2025: loi 2025-989 ---------------------------------------------------


def test_periodic_rhythm_two_years_then_four_from_the_same_interview():
    assert next_periodic_due(date(2023, 10, 25)) == date(2025, 10, 25)
    assert next_periodic_due(date(2023, 10, 26)) == date(2027, 10, 26)


def test_first_interview_of_a_hire_before_the_reform_the_earlier_of_two_delays():
    # The previous law's 2 years, or the new year counted from the reform
    # (26/10/2026), whichever ends first (Ministry's method, art. 2222 C. civ.).
    ended_before = first_periodic_link(date(2024, 10, 25))  # first year ended 25/10/2025
    assert (ended_before.due_date, ended_before.regime) == (date(2026, 10, 25), "law_2014")
    assert ended_before.text[0][0] == "O2_transition" and "previous law" in E.render(ended_before.text)
    ended_at = first_periodic_link(date(2024, 10, 26))  # both delays end on 26/10/2026
    assert (ended_at.due_date, ended_at.regime) == (date(2026, 10, 26), "law_2014")
    ended_after = first_periodic_link(date(2024, 10, 27))  # the reform's year ends first
    assert (ended_after.due_date, ended_after.regime) == (date(2026, 10, 26), "law_2025")
    assert ended_after.text[0][0] == "O2_shortened" and "art. 2222" in E.render(ended_after.text)
    eve_of_reform = first_periodic_link(date(2025, 10, 25))
    assert (eve_of_reform.due_date, eve_of_reform.regime) == (date(2026, 10, 26), "law_2025")
    day_of_reform = first_periodic_link(date(2025, 10, 26))
    assert (day_of_reform.due_date, day_of_reform.text[0][0]) == (date(2026, 10, 26), "O2")
    hired_march_2024 = first_periodic_link(date(2024, 3, 15))
    assert hired_march_2024.due_date == date(2026, 3, 15)


def test_first_interview_lapsed_before_the_reform_is_missed_the_next_counts_from_hiring():
    facts = EmployeeFacts(hire_date=date(2022, 6, 1))
    on_the_eve = of(run(facts, date(2025, 10, 25)), "O2")[0]
    assert (on_the_eve.due_date, on_the_eve.regime, on_the_eve.status) == (date(2024, 6, 1), "law_2014", E.OVERDUE)
    result = run(facts, date(2025, 10, 26))
    first, following = of(result, "O2")[0], of(result, "O3")[0]
    assert (first.due_date, first.status) == (date(2024, 6, 1), E.STATUS_MISSED)
    assert (following.due_date, following.status) == (date(2026, 6, 1), E.UPCOMING)


def test_a_link_due_on_19_october_2025_lapses_the_next_counts_from_the_last_held():
    facts = EmployeeFacts(hire_date=date(2019, 1, 7), interviews=(held("periodic", date(2023, 10, 19)),))
    links = [(o.due_date, o.status) for o in of(run(facts), "O3")]
    assert links[-2:] == [(date(2025, 10, 19), E.STATUS_MISSED), (date(2027, 10, 19), E.UPCOMING)]
    before = [(o.due_date, o.status) for o in of(run(facts, date(2025, 10, 25)), "O3")]
    assert before[-1] == (date(2025, 10, 19), E.OVERDUE)


def test_periodic_interviews_due_in_2020_and_until_june_2021_postponed():
    assert next_periodic_due(date(2017, 12, 31)) == date(2019, 12, 31)
    assert next_periodic_due(date(2018, 1, 1)) == date(2021, 6, 30)
    assert next_periodic_due(date(2019, 6, 29)) == date(2021, 6, 30)
    assert next_periodic_due(date(2019, 6, 30)) == date(2021, 6, 30)
    assert next_periodic_due(date(2019, 7, 1)) == date(2021, 7, 1)


def test_periodicity_agreed_before_the_reform_from_1_january_2019():
    agreed = E.Policy(prior_agreement_months=36, prior_agreement_from=date(2019, 1, 1))
    assert next_periodic_due(date(2018, 12, 31), agreed) == date(2021, 6, 30)  # 24 months, postponed
    assert next_periodic_due(date(2019, 1, 1), agreed) == date(2022, 1, 1)
    assert next_periodic_due(date(2022, 10, 25), agreed) == date(2025, 10, 25)
    assert next_periodic_due(date(2022, 10, 26), agreed) == date(2026, 10, 26)  # the new law's 48 months
    too_early = E.Policy(prior_agreement_months=36, prior_agreement_from=date(2018, 1, 1))
    assert next_periodic_due(date(2018, 6, 1), too_early) == date(2021, 6, 30)  # not before 01/01/2019
    facts = EmployeeFacts(hire_date=date(2014, 3, 7), interviews=(held("periodic", date(2022, 3, 1)),))
    lapsed, following = of(run(facts, policy=agreed), "O3")[-2:]
    assert following.due_date == date(2026, 3, 1)  # 48 months after the last one held
    link = lapsed
    assert link.due_date == date(2025, 3, 1) and "prior_agreement" in [key for key, _values in link.text]
    assert "former L. 6315-1 III" in E.render(link.text)
    assert [p.code for p in run(facts, policy=E.Policy(prior_agreement_months=36)).problems][:1] == [
        "policy_prior_agreement_start"
    ]


def test_summary_reviews_by_seniority_whatever_the_day_the_last_was_held():
    def next_summary(held_on):
        facts = EmployeeFacts(hire_date=date(2010, 1, 4), interviews=(held("summary", held_on),))
        return of(run(facts, date(2021, 7, 1)), "O4")[1].due_date

    # 6 years from 07/03/2014 (postponed to 30/06/2021), then 16: 12 years
    # fell after the reform, 8 before it.
    assert next_summary(date(2019, 10, 25)) == date(2030, 3, 7)
    assert next_summary(date(2021, 6, 30)) == date(2030, 3, 7)


def test_summary_reviews_at_6_12_18_years_before_the_reform_8_16_24_after():
    def dues(hire):
        result = run(EmployeeFacts(hire_date=hire), date(2050, 1, 1))
        return [o.due_date for o in of(result, "O4")]

    assert dues(date(2014, 3, 7))[:4] == [date(2021, 6, 30), date(2030, 3, 7), date(2038, 3, 7), date(2046, 3, 7)]
    assert dues(date(2013, 10, 25))[:2] == [date(2021, 6, 30), date(2030, 3, 7)]  # counted from 07/03/2014
    assert dues(date(2019, 10, 25))[:3] == [date(2025, 10, 25), date(2027, 10, 25), date(2035, 10, 25)]
    assert dues(date(2019, 10, 26))[:2] == [date(2027, 10, 26), date(2035, 10, 26)]
    assert dues(date(2013, 10, 27))[:2] == [date(2021, 6, 30), date(2030, 3, 7)]


def test_summary_held_in_february_2021_next_one_at_16_years():
    facts = EmployeeFacts(
        hire_date=date(1998, 5, 4),
        interviews=(held("periodic", date(2019, 2, 1)), held("summary", date(2021, 2, 15))),
    )
    summaries = of(run(facts), "O4")
    assert [(s.due_date, s.fulfilment) for s in summaries] == [
        (date(2021, 6, 30), E.MET),
        (date(2030, 3, 7), E.OPEN),
    ]
    assert summaries[1].status == E.UPCOMING


def test_first_summary_eight_years_after_hiring_from_the_reform():
    assert first_summary_due(date(2019, 10, 25)).due_date == date(2025, 10, 25)
    assert first_summary_due(date(2019, 10, 26)).due_date == date(2027, 10, 26)


def test_pre60_interview_from_the_reform_only():
    # The window runs until the eve of the 60th birthday: 60 on 26/10/2025
    # means a window that closed on 25/10/2025, before the law existed.
    born = (date(1965, 10, 26), date(1965, 10, 27))  # 60 on 26/10/2025 and 27/10/2025
    assert not of(run(EmployeeFacts(hire_date=date(2000, 1, 3), birth_date=born[0])), "O6")
    assert of(run(EmployeeFacts(hire_date=date(2000, 1, 3), birth_date=born[1])), "O6")[0].regime == "law_2025"


def test_midcareer_interview_from_the_reform_only():
    def midcareer(visit):
        facts = EmployeeFacts(hire_date=date(2000, 1, 3), birth_date=date(1980, 5, 1), midcareer_visit_date=visit)
        return of(run(facts), "O5")

    assert not midcareer(date(2025, 8, 25))  # due 25/10/2025
    assert midcareer(date(2025, 8, 26))[0].due_date == date(2025, 10, 26)


def test_return_interview_offered_every_time_before_the_reform_only():
    def returns(leave_end):
        facts = EmployeeFacts(
            hire_date=date(2010, 1, 4),
            interviews=(held("periodic", date(2025, 5, 1)),),
            leaves=(LeaveFact("sabbatical", date(2025, 6, 1), leave_end),),
        )
        return of(run(facts), "O7")

    # Judged by the law in force on the day of the return.
    before = returns(date(2025, 10, 24))  # back 25/10/2025, due 24/11/2025
    assert before and before[0].regime == "law_2014" and before[0].text[0][0] == "O7_law_2014"
    assert "at every return" in E.render(before[0].text)
    assert not returns(date(2025, 10, 25))  # back 26/10/2025: an interview within 12 months exempts


# -- 1 October 2026: the end of a company agreement's previous rhythm ----------------


def test_agreement_rhythm_until_1_october_2026_at_the_latest():
    assert next_periodic_due(date(2024, 10, 1), AGREEMENT) == date(2026, 10, 1)
    assert next_periodic_due(date(2024, 10, 2), AGREEMENT) == date(2028, 10, 2)
    late_end = E.Policy(agreement_until=date(2027, 3, 1))
    assert next_periodic_due(date(2024, 10, 2), late_end) == date(2028, 10, 2)


def test_agreement_summary_every_six_years_until_its_end():
    assert first_summary_due(date(2020, 10, 1), AGREEMENT).due_date == date(2026, 10, 1)
    assert first_summary_due(date(2020, 10, 2), AGREEMENT).due_date == date(2028, 10, 2)


# -- the summary review's look-back ----------------------------------------------------


def test_review_before_the_reform_looks_back_six_years_after_it_eight():
    facts = EmployeeFacts(hire_date=date(2005, 1, 3))
    before = E.evaluate_summary_review(facts, E.Policy(), date(2025, 10, 25))
    after = E.evaluate_summary_review(facts, E.Policy(), date(2025, 10, 26))
    assert before.period_start == date(2019, 10, 25)
    assert after.period_start == date(2017, 10, 26)
    under_agreement = E.evaluate_summary_review(facts, AGREEMENT, date(2026, 9, 1))
    assert under_agreement.period_start == date(2020, 9, 1)


def test_review_judges_each_interview_by_the_law_of_its_due_date():
    facts = EmployeeFacts(
        hire_date=date(2012, 1, 2),
        interviews=(
            held("periodic", date(2016, 3, 1)),
            held("periodic", date(2018, 2, 1)),
            held("periodic", date(2020, 1, 15)),
            held("summary", date(2021, 6, 1)),
            held("periodic", date(2023, 5, 1)),
            held("periodic", date(2025, 4, 1)),
        ),
    )
    review = E.evaluate_summary_review(facts, E.Policy(headcount=60), date(2026, 11, 29))
    due = review.criterion("interviews").evidence
    assert review.criterion("interviews").met
    assert {o.regime for o in due} == {"law_2014"}  # the biennial ones, none due under the new law yet


# -- departure ---------------------------------------------------------------------------


def test_departed_employee_has_nothing_open_under_every_regime():
    for hire, end in (
        (date(2010, 1, 4), date(2016, 6, 30)),
        (date(2016, 1, 4), date(2023, 6, 30)),
        (date(2018, 1, 4), date(2026, 6, 30)),
    ):
        facts = EmployeeFacts(hire_date=hire, birth_date=date(1966, 3, 1), end_date=end)
        result = run(facts)
        assert result.obligations
        assert not [o for o in result.obligations if o.is_open], (hire, end)
        assert {o.status for o in result.obligations} == {E.STATUS_MISSED}
        assert all(o.due_date <= end for o in result.obligations)
        last = result.obligations[-1]
        assert {"missed_departed", "missed"} & {key for key, _values in last.text}


def test_before_the_end_date_obligations_stay_open():
    facts = EmployeeFacts(hire_date=date(2018, 1, 4), end_date=date(2026, 6, 30))
    on_the_last_day = run(facts, date(2026, 6, 30))
    assert [o for o in on_the_last_day.obligations if o.status == E.OVERDUE]
    the_day_after = run(facts, date(2026, 7, 1))
    assert not [o for o in the_day_after.obligations if o.is_open]


# -- sources ---------------------------------------------------------------------------


def test_every_transition_rule_names_its_source_in_its_sentences():
    from engine.texts import SENTENCES

    cited = {
        "health_postponement": "2020-387",
        "prior_agreement": "L. 6315-1 III",
        "lapsed_link": "12/02/2026, n° 2",
        "shortened_delay": "art. 2222",
        "seniority": "Summary review at %(years)s years",
        "cumulative_sanction": "24-12.972",
    }
    assert set(R.SOURCES) == set(cited)
    for rule, (_source, keys) in R.SOURCES.items():
        for key in keys:
            assert cited[rule] in SENTENCES[key], (rule, key)
