from datetime import date

from freezegun import freeze_time

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools import convert_file

from .common import CareerCase

MODULE = "l10n_fr_hr_career_interview"
LONG_SERVING = "demo/career_demo_long_serving.xml"
LONG_SERVING_EMPLOYEES = ("demo_ls_emp_garnier", "demo_ls_emp_morel", "demo_ls_emp_benali", "demo_ls_emp_marchand")
# The demo departments the slice refers to (career_demo_company.xml).
DEMO_DEPARTMENTS = ("demo_co_dep_admin", "demo_co_dep_logistique", "demo_co_dep_commercial", "demo_co_dep_atelier")


@tagged("post_install", "-at_install")
@freeze_time("2026-11-29 09:00:00")
class TestLawInTime(CareerCase):
    """The Odoo layer shows what the engine says of each date's law: a company
    that was compliant under the previous law shows nobody overdue, and
    someone who left has nothing planned."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.l10n_fr_career_responsible_id = cls.user_officer
        cls.Scheduler = cls.env["hr.career.scheduler"]

    def _long_serving_slice(self):
        """The demo's long-serving employees; loaded from the demo file when
        the database has no demo data, so both passes test the same slice."""
        if not self.env.ref(f"{MODULE}.{LONG_SERVING_EMPLOYEES[0]}", raise_if_not_found=False):
            departments = {xmlid: self.env["hr.department"].create({"name": xmlid}).id for xmlid in DEMO_DEPARTMENTS}
            convert_file(
                self.env,
                MODULE,
                LONG_SERVING,
                departments,
                mode="init",
                noupdate=True,
                kind="demo",
                pathname=f"{get_module_path(MODULE)}/{LONG_SERVING}",
            )
        return self.env["hr.employee"].browse(
            [self.env.ref(f"{MODULE}.{xmlid}").id for xmlid in LONG_SERVING_EMPLOYEES]
        )

    def _run_all(self):
        self.env["hr.career.scheduler.state"].search([]).unlink()
        for _round in range(500):
            if not self.Scheduler._cron_run(batch_size=100):
                return
        self.fail("the scheduler domain does not shrink")

    def test_long_serving_staff_compliant_under_the_previous_law_are_up_to_date(self):
        employees = self._long_serving_slice()
        self.env["res.lang"]._activate_lang("fr_FR")
        self._run_all()
        Employee, Obligation = self.env["hr.employee"], self.env["hr.career.obligation"]
        self.assertEqual(set(employees.mapped("l10n_fr_career_bucket")), {"up_to_date"})
        self.assertFalse(Employee.search([("id", "in", employees.ids), ("l10n_fr_career_next_status", "=", "overdue")]))
        self.assertFalse(
            Obligation.search([("employee_id", "in", employees.ids), ("status", "in", ("overdue", "missed"))])
        )
        self.assertFalse(self._activities_on(employees), "nothing is owed before 2027: no activity")
        # The previous law's obligations are kept, met, and named as such.
        previous = Obligation.search([("employee_id", "in", employees.ids), ("regime", "=", "law_2014")])
        self.assertTrue(previous)
        self.assertEqual(set(previous.mapped("status")), {"met"})
        self.assertIn("ancienne loi", previous[0].with_context(lang="fr_FR").explanation)
        self.assertIn("previous law", previous[0].with_context(lang="en_US").explanation)
        # Nobody of the slice in the overdue digest either.
        counts = dict(Obligation._read_group([("status", "=", "overdue")], ["employee_id"], ["__count"]))
        self.assertFalse(set(counts) & set(employees))

    def test_an_employee_who_left_has_nothing_open_and_the_next_run_closes_the_rest(self):
        self.colleague.write({"l10n_fr_career_hire_date": date(2018, 1, 8), "parent_id": self.manager.id})
        self._run_all()
        planned = self.env["hr.career.interview"].search(
            [("employee_id", "=", self.colleague.id), ("state", "=", "to_plan")]
        )
        self.assertTrue(planned and self._activities_on(self.colleague), "an overdue interview is planned")
        # Left yesterday, archived by a bulk import that defers the calendar.
        self.colleague.with_context(l10n_fr_career_defer=True).write(
            {"departure_date": date(2026, 11, 28), "active": False}
        )
        self._run_all()
        self.assertEqual(set(planned.mapped("state")), {"cancelled"})
        self.assertFalse(self._activities_on(self.colleague))
        obligations = self.env["hr.career.obligation"].search([("employee_id", "=", self.colleague.id)])
        self.assertTrue(obligations)
        self.assertNotIn("open", obligations.mapped("fulfilment"))
        self.assertIn("missed", obligations.mapped("status"))
        self.assertEqual(self.colleague.l10n_fr_career_bucket, "up_to_date")

    def test_departure_cancels_the_planned_interviews_at_once(self):
        self.colleague.write({"l10n_fr_career_hire_date": date(2018, 1, 8), "parent_id": self.manager.id})
        self._run_all()
        planned = self.env["hr.career.interview"].search(
            [("employee_id", "=", self.colleague.id), ("state", "=", "to_plan")]
        )
        self.assertTrue(planned)
        self.colleague.write({"departure_date": date(2026, 11, 28)})
        self.assertEqual(set(planned.mapped("state")), {"cancelled"})
        self.assertFalse(self._activities_on(self.colleague))

    def test_a_hire_of_march_2024_owes_the_first_interview_in_march_2026(self):
        self.colleague.l10n_fr_career_hire_date = date(2024, 3, 15)
        first = self.env["hr.career.obligation"].search([("employee_id", "=", self.colleague.id), ("code", "=", "O2")])
        self.assertEqual((first.due_date, first.regime), (date(2026, 3, 15), "law_2014"))
