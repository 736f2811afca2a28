from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

OFFICER = "l10n_fr_hr_career_interview.group_career_officer"


@tagged("post_install", "-at_install")
class TestEmployeeCareerTab(HttpCase):
    def test_career_tab_and_full_calendar_in_the_browser(self):
        new_test_user(self.env, "tour_officer", groups=f"base.group_user,{OFFICER}")
        with freeze_time("2026-11-26"):
            employee = self.env["hr.employee"].create(
                {"name": "Jeune recrue", "l10n_fr_career_hire_date": date(2026, 9, 1), "birthday": date(1996, 4, 2)}
            )
        # The pre-60 interview (2056) is not stored: only the computed calendar shows it.
        self.assertNotIn("O6", employee.l10n_fr_career_obligation_ids.mapped("code"))
        self.start_tour(f"/odoo/hr.employee/{employee.id}", "l10n_fr_career_employee_tour", login="tour_officer")
