from datetime import date, datetime

import engine as E
from engine import history as H
from engine.facts import EmployeeFacts, InterviewFact

TODAY = date(2026, 11, 26)
HIRED = date(2015, 3, 2)
RECORD = H.EmployeeRecord(hire_date=HIRED, end_date=None)


def row(sheet, number=2, employee="e1", **cells):
    return H.HistoryRow(sheet, number, cells, employee)


def verdict(sheet, records=None, **cells):
    return H.check_rows([row(sheet, **cells)], records or {"e1": RECORD}, TODAY)[0]


def test_dates_read_as_the_spreadsheet_gives_them():
    assert H.parse_date(datetime(2020, 5, 4, 0, 0)) == (date(2020, 5, 4), "")
    assert H.parse_date("04/05/2020") == (date(2020, 5, 4), "")
    assert H.parse_date("2020-05-04") == (date(2020, 5, 4), "")
    assert H.parse_date("31/02/2020") == (None, H.DATE_INVALID)
    assert H.parse_date("mai 2020") == (None, H.DATE_INVALID)
    assert H.parse_date("  ") == (None, H.DATE_MISSING)


def test_kinds_by_french_label_or_key_whatever_the_case_and_spaces():
    assert verdict(H.INTERVIEW, kind=" entretien  PÉRIODIQUE", date="01/06/2020").fact["kind"] == "periodic"
    assert verdict(H.INTERVIEW, kind="pre60", date="01/06/2020", outcome="refusé").fact["outcome"] == E.REFUSED
    assert verdict(H.ABSENCE, kind="Congé de maternité", date="01/06/2020").fact["kind"] == "maternity"


def test_each_refusal_reason():
    departed = {"e1": H.EmployeeRecord(hire_date=HIRED, end_date=date(2024, 1, 31))}
    cases = [
        (H.INTERVIEW, {"kind": "Entretien annuel", "date": "01/06/2020"}, None, H.KIND_UNKNOWN),
        (H.INTERVIEW, {"kind": "periodic", "date": "01/06/2020", "outcome": "Peut-être"}, None, H.OUTCOME_UNKNOWN),
        (H.INTERVIEW, {"kind": "periodic", "date": "01/06/2027"}, None, H.DATE_FUTURE),
        (H.INTERVIEW, {"kind": "periodic", "date": "01/06/2014"}, None, H.BEFORE_HIRE),
        (H.INTERVIEW, {"kind": "periodic", "date": "01/06/2025"}, departed, H.AFTER_DEPARTURE),
        (H.INTERVIEW, {"kind": "periodic", "date": ""}, None, H.DATE_MISSING),
        (H.TRAINING, {"date": "01/06/2020", "title": ""}, None, H.TITLE_MISSING),
        (H.TRAINING, {"date": "01/06/2020", "title": "CACES", "hours": "beaucoup"}, None, H.HOURS_INVALID),
        (H.TRAINING, {"date": "01/06/2020", "title": "CACES", "mandatory": "peut-être"}, None, H.FLAG_INVALID),
        (H.ABSENCE, {"kind": "maternity", "date": "01/06/2020", "date_to": "01/01/2020"}, None, H.END_BEFORE_START),
        (H.ABSENCE, {"kind": "maladie", "date": "01/06/2020"}, None, H.KIND_UNKNOWN),
    ]
    for sheet, cells, records, reason in cases:
        result = verdict(sheet, records, **cells)
        assert (result.outcome, result.reason) == (H.REFUSED_ROW, reason), (cells, result)


def test_an_unmatched_employee_is_refused_on_its_row():
    unknown = H.HistoryRow(H.INTERVIEW, 3, {"kind": "periodic", "date": "01/06/2020"}, None, H.EMPLOYEE_UNKNOWN)
    ambiguous = H.HistoryRow(H.INTERVIEW, 4, {"kind": "periodic", "date": "01/06/2020"}, None, H.EMPLOYEE_AMBIGUOUS)
    verdicts = H.check_rows([unknown, ambiguous], {}, TODAY)
    assert [(v.row.row, v.reason) for v in verdicts] == [(3, H.EMPLOYEE_UNKNOWN), (4, H.EMPLOYEE_AMBIGUOUS)]


def test_what_is_recorded_is_skipped_and_a_repeated_row_refused():
    recorded = H.EmployeeRecord(hire_date=HIRED, keys=frozenset({("interview", "periodic", date(2019, 6, 1))}))
    rows = [
        row(H.INTERVIEW, 2, kind="periodic", date="01/06/2019"),
        row(H.INTERVIEW, 3, kind="periodic", date="01/06/2021"),
        row(H.INTERVIEW, 4, kind="Entretien périodique", date=date(2021, 6, 1)),
        row(H.INTERVIEW, 5, employee="e2", kind="periodic", date="01/06/2021"),
    ]
    verdicts = H.check_rows(rows, {"e1": recorded, "e2": RECORD}, TODAY)
    assert [v.outcome for v in verdicts] == [H.ALREADY, H.ACCEPTED, H.REFUSED_ROW, H.ACCEPTED]
    assert (verdicts[2].reason, verdicts[2].other_row) == (H.DUPLICATE_IN_FILE, 3)


def test_a_fact_held_once_conflicts_with_another_date():
    visited = {"e1": H.EmployeeRecord(hire_date=HIRED, midcareer_visit_date=date(2024, 3, 1))}
    assert verdict(H.MIDCAREER_VISIT, visited, date="01/03/2024").outcome == H.ALREADY
    assert verdict(H.MIDCAREER_VISIT, visited, date="02/03/2024").reason == H.CONFLICT_RECORDED
    rows = [row(H.INFORMATION, 2, date="02/03/2015"), row(H.INFORMATION, 3, date="03/03/2015")]
    assert [v.reason for v in H.check_rows(rows, {"e1": RECORD}, TODAY)] == ["", H.DUPLICATE_IN_FILE]


def test_accepted_rows_become_facts_and_the_effect_is_the_settings_preview_figures():
    policy = E.Policy(headcount=80)
    before = EmployeeFacts(hire_date=date(2017, 3, 6), birth_date=date(1985, 1, 1))
    rows = [
        row(H.INFORMATION, 2, date="06/03/2017"),
        row(H.INTERVIEW, 2, kind="Premier entretien", date="01/02/2019"),
        row(H.INTERVIEW, 3, kind="Entretien périodique", date="15/01/2021"),
        row(H.INTERVIEW, 4, kind="Entretien périodique", date="10/01/2023"),
        row(H.SUMMARY_REVIEW, 2, date="03/03/2025", outcome="Tenu"),
        row(H.TRAINING, 2, date="01/06/2022", title="Anglais", hours="35", mandatory="Non"),
    ]
    verdicts = H.check_rows(rows, {"e1": H.EmployeeRecord(hire_date=before.hire_date)}, TODAY)
    assert all(v.outcome == H.ACCEPTED for v in verdicts)
    after = H.with_rows(before, verdicts)
    assert after.information_date == date(2017, 3, 6)
    assert [i.kind for i in after.interviews] == ["first", "periodic", "periodic", "summary"]
    assert (after.trainings[0].title, after.trainings[0].mandatory) == ("Anglais", False)
    effect = H.effect([(policy, {"e1": before}, {"e1": after})], TODAY)
    figures_before = E.what_if.figures({"e1": before}, policy, TODAY)
    figures_after = E.what_if.figures({"e1": after}, policy, TODAY)
    assert (effect.overdue_before, effect.overdue_after) == (figures_before.overdue, figures_after.overdue)
    assert (effect.met_before, effect.met_after) == (figures_before.met, figures_after.met)
    assert effect.overdue_before > 0 and effect.overdue_after == 0
    assert effect.met_after > effect.met_before
    assert effect.exposure_before == 3000 and effect.exposure_after == 0


def test_met_counts_obligations_met_in_the_register():
    facts = EmployeeFacts(
        hire_date=date(2024, 1, 8), birth_date=date(1990, 1, 1), interviews=(InterviewFact("first", date(2025, 1, 6)),)
    )
    assert E.what_if.figures({"e": facts}, E.Policy(), TODAY).met == 1
