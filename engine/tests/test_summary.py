"""The summary review's four criteria and the 3 000 EUR sanction (L. 6315-1 II)."""

from dataclasses import replace
from datetime import date

import engine as E
from engine.facts import EmployeeFacts, InterviewFact, ProgressionFact, TrainingFact

REVIEW = date(2026, 3, 2)
HIRE = date(2018, 3, 2)
# Every two years before the reform (loi 2014-288), then four.
ALL_HELD = (
    InterviewFact("first", date(2019, 2, 1)),
    InterviewFact("periodic", date(2021, 1, 15)),
    InterviewFact("periodic", date(2023, 1, 10)),
    InterviewFact("periodic", date(2025, 1, 5)),
)
BIG = E.Policy(headcount=50)
SMALL = E.Policy(headcount=49)


def evaluate(policy=BIG, review=REVIEW, **values):
    values.setdefault("hire_date", HIRE)
    return E.evaluate_summary_review(EmployeeFacts(**values), policy, review)


def test_all_four_criteria_met():
    result = evaluate(
        interviews=ALL_HELD,
        trainings=(TrainingFact(date(2021, 5, 1), "Excel", certifying=True),),
        progressions=(ProgressionFact(date(2022, 1, 1), "salary"),),
    )
    assert [c.met for c in result.criteria] == [True, True, True, True]
    assert not result.topup_owed and result.amount == 0
    assert result.period_start == HIRE


def test_each_criterion_fails_alone():
    no_interview = evaluate(interviews=ALL_HELD[:1], trainings=(TrainingFact(date(2021, 5, 1)),))
    assert not no_interview.criterion(E.summary.INTERVIEWS).met
    missed = [o for o in no_interview.criterion(E.summary.INTERVIEWS).evidence if o.fulfilment != E.MET]
    assert missed and missed[0].due_date == date(2021, 6, 30)  # 01/02/2021, postponed by the 2020 ordonnances
    no_training = evaluate(interviews=ALL_HELD)
    assert not no_training.criterion(E.summary.TRAINING).met
    not_certifying = evaluate(interviews=ALL_HELD, trainings=(TrainingFact(date(2021, 5, 1)),))
    assert not not_certifying.criterion(E.summary.CERTIFICATION).met
    vae = evaluate(interviews=ALL_HELD, trainings=(TrainingFact(date(2021, 5, 1), vae=True),))
    assert vae.criterion(E.summary.CERTIFICATION).met
    no_progression = evaluate(interviews=ALL_HELD)
    assert not no_progression.criterion(E.summary.PROGRESSION).met
    professional = evaluate(progressions=(ProgressionFact(date(2020, 1, 1), "professional"),))
    assert professional.criterion(E.summary.PROGRESSION).met


def test_sanction_owed_when_interviews_missing_and_no_non_mandatory_training():
    result = evaluate(trainings=(TrainingFact(date(2020, 1, 1), "Habilitation électrique", mandatory=True),))
    assert result.criterion(E.summary.TRAINING).met  # a mandatory training is still a training
    assert result.topup_owed and result.amount == 3000
    assert result.text[0] == ("topup_owed", (("amount", 3000),))
    assert result.text[1] == ("headcount_on", (("day", REVIEW), ("headcount", 50)))
    assert "Cass. soc. 21/01/2026, n° 24-12.972" in result.explanation
    assert "A 3,000 EUR corrective CPF top-up is owed" in result.explanation


def test_no_sanction_when_only_one_failure():
    trained = evaluate(trainings=(TrainingFact(date(2020, 1, 1), "Anglais"),))
    assert not trained.criterion(E.summary.INTERVIEWS).met and not trained.topup_owed
    interviewed = evaluate(interviews=ALL_HELD)
    assert not interviewed.criterion(E.summary.TRAINING).met and not interviewed.topup_owed
    # Each case says which of the two failures is missing.
    assert trained.text[0][0] == "topup_not_owed_training"
    assert interviewed.text[0][0] == "topup_not_owed_interviews"
    both = evaluate(interviews=ALL_HELD, trainings=(TrainingFact(date(2020, 1, 1), "Anglais"),))
    assert both.text[0][0] == "topup_not_owed_both"


def test_under_50_employees_no_amount_but_same_criteria():
    result = evaluate(policy=SMALL)
    assert not result.criterion(E.summary.INTERVIEWS).met
    assert not result.subject_to_sanction and not result.topup_owed and result.amount == 0
    assert result.text[0][0] == "topup_small_company" and "damages" in result.explanation


def test_refusals_count_as_offered_for_the_interview_criterion():
    interviews = tuple(replace(interview, outcome=E.REFUSED) for interview in ALL_HELD)
    result = evaluate(interviews=interviews)
    assert result.criterion(E.summary.INTERVIEWS).met
    assert not result.topup_owed


def test_period_is_the_8_years_before_the_review():
    result = evaluate(
        hire_date=date(2010, 1, 4),
        review=date(2026, 1, 5),
        interviews=(
            InterviewFact("first", date(2010, 12, 1)),
            InterviewFact("periodic", date(2014, 11, 1)),
            InterviewFact("summary", date(2018, 1, 2)),
            InterviewFact("periodic", date(2021, 12, 1)),
            InterviewFact("periodic", date(2023, 11, 1)),
        ),
        trainings=(TrainingFact(date(2017, 12, 31), "Old"),),
    )
    assert result.period_start == date(2018, 1, 5)
    assert result.criterion(E.summary.INTERVIEWS).met
    assert not result.criterion(E.summary.TRAINING).met  # the training is before the period


def test_late_interview_after_the_review_does_not_save_it():
    result = evaluate(interviews=(ALL_HELD[0], InterviewFact("periodic", date(2026, 6, 1))))
    assert not result.criterion(E.summary.INTERVIEWS).met


def test_the_review_itself_does_not_make_good_a_missing_interview():
    review = InterviewFact("summary", REVIEW)
    result = evaluate(interviews=(ALL_HELD[0], review))
    assert not result.criterion(E.summary.INTERVIEWS).met
