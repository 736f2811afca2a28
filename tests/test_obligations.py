from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CareerCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26")
class TestObligations(CareerCase):
    def _obligations(self, employee, code=None):
        obligations = employee.l10n_fr_career_obligation_ids
        return obligations.filtered(lambda o: o.code == code) if code else obligations

    def test_new_employee_gets_the_calendar_with_explanations(self):
        employee = self.env["hr.employee"].create(
            {"name": "Nouvelle", "l10n_fr_career_hire_date": date(2026, 9, 1), "birthday": date(1990, 4, 2)}
        )
        first = self._obligations(employee, "O2")
        self.assertEqual(first.due_date, date(2027, 9, 1))
        self.assertEqual(first.window_start, date(2026, 9, 1))
        self.assertEqual(first.status, "upcoming")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.assertIn("01/09/2027", first.with_context(lang="fr_FR").explanation)
        self.assertEqual(first.article, "L. 6315-1 I al. 1")
        self.assertEqual(self._obligations(employee, "O1").status, "overdue")
        self.assertEqual(employee.l10n_fr_career_next_obligation_id.code, "O1")
        self.assertFalse(employee.l10n_fr_career_has_problem)
        self.assertIn("09/01/2027", first.with_context(lang="en_US").explanation)

    def test_held_interview_moves_the_calendar_on(self):
        self.employee.l10n_fr_career_information_date = date(2026, 3, 2)
        self.interview.write({"state": "held", "held_on": date(2026, 11, 20)})
        first = self._obligations(self.employee, "O2")
        self.assertEqual(first.fulfilment, "met")
        self.assertEqual(first.interview_id, self.interview)
        periodic = self._obligations(self.employee, "O3")
        self.assertEqual(periodic.due_date, date(2030, 11, 20))
        self.assertEqual(self.employee.l10n_fr_career_next_due_date, date(2030, 11, 20))

    def test_refused_interview_is_offered_not_held(self):
        self.interview.write({"state": "refused", "refused_on": date(2026, 11, 20)})
        first = self._obligations(self.employee, "O2")
        self.assertEqual((first.fulfilment, first.status), ("offered", "refused"))

    def test_held_without_date_is_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(ValidationError, "which date"):
            self.interview.write({"state": "held"})

    def test_missing_dates_are_data_problems_not_crashes(self):
        employee = self.env["hr.employee"].create({"name": "Sans dates"})
        self.assertTrue(employee.l10n_fr_career_has_problem)
        self.assertIn("hiring date", employee.with_context(lang="en_US").l10n_fr_career_problem_text)
        self.assertFalse(employee.l10n_fr_career_obligation_ids)
        found = self.env["hr.employee"].search([("l10n_fr_career_has_problem", "=", True)])
        self.assertIn(employee, found)
        employee.l10n_fr_career_hire_date = date(2026, 10, 1)
        self.assertTrue(self._obligations(employee, "O2"))

    def test_hire_date_defaults_from_the_first_contract(self):
        employee = self.env["hr.employee"].create({"name": "Contractuelle", "birthday": date(1990, 1, 1)})
        self.env["hr.contract"].create(
            {
                "name": "CDD",
                "employee_id": employee.id,
                "date_start": date(2026, 6, 1),
                "date_end": date(2026, 12, 31),
                "wage": 2500,
                "state": "open",
            }
        )
        self.assertEqual(employee.l10n_fr_career_hire_date, date(2026, 6, 1))
        # The fixed-term contract ends before the first due date: only O1 stands.
        self.assertEqual(employee.l10n_fr_career_obligation_ids.mapped("code"), ["O1"])

    def test_stored_calendar_and_full_calendar(self):
        """Rows for what HR acts on or checks; the rest of the calendar is computed when shown."""
        employee = self.env["hr.employee"].create(
            {"name": "Jeune", "l10n_fr_career_hire_date": date(2026, 9, 1), "birthday": date(1996, 4, 2)}
        )
        self.assertEqual(set(self._obligations(employee).mapped("code")), {"O1", "O2"})
        calendar = employee.with_context(lang="en_US").l10n_fr_career_calendar_html
        for later in ("Mid-career medical visit", "Pre-60 interview", "04/02/2056"):
            self.assertIn(later, calendar)
        self.assertIn("table-danger", calendar)  # the information at hiring is overdue

    def test_recompute_twice_writes_nothing(self):
        obligations = self.employee.l10n_fr_career_obligation_ids
        tables = ("hr_career_obligation", "hr_employee")
        before = self._rows_written(tables)
        self.env["hr.career.calendar"]._facts_changed(self.employee)
        self.assertEqual(self._rows_written(tables), before)
        self.assertEqual(self.employee.l10n_fr_career_obligation_ids, obligations)

    def test_employee_filters_on_the_next_obligation(self):
        overdue = self.env["hr.employee"].create(
            {
                "name": "En retard",
                "l10n_fr_career_hire_date": date(2020, 1, 6),
                "birthday": date(1990, 1, 1),
                "l10n_fr_career_information_date": date(2020, 1, 6),
            }
        )
        self.employee_b.l10n_fr_career_information_date = date(2026, 3, 2)
        self.assertEqual(self.employee_b.l10n_fr_career_next_status, "upcoming")
        found = self.env["hr.employee"].search([("l10n_fr_career_next_status", "=", "overdue")])
        self.assertIn(overdue, found)
        self.assertNotIn(self.employee_b, found)
        soon = self.env["hr.career.obligation"].search([("status", "=", "due_soon")])
        self.assertTrue(all(o.fulfilment == "open" for o in soon))
        self.assertFalse(soon & self.env["hr.career.obligation"].search([("status", "!=", "due_soon")]))

    def test_return_from_a_flagged_leave_raises_the_return_interview(self):
        leave_type = self.env["hr.leave.type"].create(
            {
                "name": "Maternité",
                "requires_allocation": "no",
                "leave_validation_type": "no_validation",
                "l10n_fr_career_return_kind": "maternity",
            }
        )
        self.env["hr.leave"].with_context(leave_skip_state_check=True).create(
            {
                "employee_id": self.employee.id,
                "holiday_status_id": leave_type.id,
                "request_date_from": date(2026, 9, 1),
                "request_date_to": date(2026, 11, 13),
            }
        )
        back = self._obligations(self.employee, "O7")
        self.assertEqual((back.window_start, back.due_date), (date(2026, 11, 14), date(2026, 12, 14)))
        self.env["res.lang"]._activate_lang("fr_FR")
        self.assertIn("congé de maternité", back.with_context(lang="fr_FR").explanation)

    def test_midcareer_visit_date_dates_the_interview(self):
        employee = self.env["hr.employee"].create(
            {"name": "Quadra", "l10n_fr_career_hire_date": date(2015, 1, 5), "birthday": date(1981, 5, 5)}
        )
        self.assertEqual(self._obligations(employee, "O5").due_date, date(2027, 2, 28))
        employee.l10n_fr_midcareer_visit_date = date(2026, 10, 15)
        self.assertEqual(self._obligations(employee, "O5").due_date, date(2026, 12, 15))
        self.assertEqual(self._obligations(employee, "O5a").fulfilment, "met")

    def test_policy_beyond_the_law_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "48 months"):
            self.company.l10n_fr_career_periodicity_months = 60
        with self.assertRaisesRegex(ValidationError, "1 October 2026"):
            self.company.l10n_fr_career_agreement_until = date(2027, 1, 1)

    def test_shorter_periodicity_setting_applies(self):
        self.company.l10n_fr_career_periodicity_months = 24
        self.interview.write({"state": "held", "held_on": date(2026, 11, 20)})
        self.assertEqual(self._obligations(self.employee, "O3").due_date, date(2028, 11, 20))
