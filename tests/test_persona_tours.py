"""Each persona's main path, in French, in a headless browser.

The HR officer, a manager without HR rights, an employee on the portal on a
phone, and a staff representative (CSE) each walk what they come for and
check what a French user must read there. The data is built here, with
dates relative to today, so that the tours run with and without the demo.
"""

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

MODULE = "l10n_fr_hr_career_interview"
OFFICER = f"{MODULE}.group_career_officer"
CSE = f"{MODULE}.group_career_cse"


@tagged("post_install", "-at_install")
class TestPersonaTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)

    def setUp(self):
        super().setUp()
        today = fields.Date.context_today(self.env["hr.employee"])
        self.company = self.env.company
        # A company of 50 or more owes the corrective top-up: the dashboard
        # then shows euros at stake.
        self.company.l10n_fr_career_headcount = 60
        user = new_test_user
        french = {"lang": "fr_FR", "tz": "Europe/Paris"}
        self.user_hr = user(self.env, "persona_hr", groups=f"base.group_user,{OFFICER}", **french)
        self.user_manager = user(self.env, "persona_manager", groups="base.group_user", **french)
        self.user_portal = user(self.env, "persona_portal", groups="base.group_portal", **french)
        self.user_cse = user(self.env, "persona_cse", groups=CSE, **french)
        Employee = self.env["hr.employee"]
        Calendar = self.env["hr.career.calendar"]

        # HR: hired in 2019 under the previous law, never interviewed: the
        # état des lieux (6 years after hiring then) and the periodic
        # interview fell due the same day, 29/01/2025; the daily scheduler
        # plans one meeting for both.
        self.double = Employee.create(
            {
                "name": "Gisèle Double",
                "l10n_fr_career_hire_date": date(2019, 1, 29),
                "l10n_fr_career_information_date": date(2019, 1, 29),
                "birthday": date(1984, 6, 12),
            }
        )
        Calendar._sync(self.double)
        self.double_interview = self.env["hr.career.interview"].search([("employee_id", "=", self.double.id)])

        # Manager: a team member whose first interview falls due in 45 days,
        # planned today with an activity for the manager, to convene them
        # with 8 days' notice at the latest: not late.
        manager = Employee.create(
            {
                "name": "Bernadette Chef",
                "user_id": self.user_manager.id,
                "l10n_fr_career_hire_date": today - relativedelta(years=3),
                "l10n_fr_career_information_date": today - relativedelta(years=3),
                "birthday": date(1980, 3, 3),
            }
        )
        hired = today + timedelta(days=45) - relativedelta(years=1)
        self.team_member = Employee.create(
            {
                "name": "Théo Équipe",
                "parent_id": manager.id,
                "l10n_fr_career_hire_date": hired,
                "l10n_fr_career_information_date": hired,
                "birthday": date(1995, 9, 1),
            }
        )
        Calendar._sync(self.team_member)

        # Portal: an employee without a computer, convened in 10 days.
        portal_employee = Employee.create(
            {
                "name": "Sandra Portail",
                "l10n_fr_career_portal_user_id": self.user_portal.id,
                "l10n_fr_career_hire_date": hired,
                "l10n_fr_career_information_date": hired,
                "birthday": date(1996, 5, 4),
            }
        )
        self.portal_interview = self.env["hr.career.interview"].create(
            {
                "employee_id": portal_employee.id,
                "kind": "first",
                "state": "convened",
                "interviewer_id": self.user_hr.id,
                "scheduled_at": datetime.combine(today + timedelta(days=10), time(9, 0)),
                "mode": "onsite",
                "location": "Salle Vauban",
            }
        )

        # CSE: interviews held this year by people they may not see.
        for name in ("Alice Tenue", "Bruno Tenu", "Chloé Tenue"):
            held = Employee.create(
                {
                    "name": name,
                    "l10n_fr_career_hire_date": hired - relativedelta(years=1),
                    "l10n_fr_career_information_date": hired - relativedelta(years=1),
                    "birthday": date(1990, 1, 1),
                }
            )
            self.env["hr.career.interview"].create(
                {"employee_id": held.id, "kind": "first", "state": "held", "held_on": today}
            )

    def test_hr_officer(self):
        """Dashboard, overdue list, the career tab and its French sentence,
        the evidence file, one interview answering two obligations."""
        self.assertEqual(self.double.l10n_fr_career_bucket, "overdue")
        self.assertEqual(len(self.double_interview), 1, "one meeting for both obligations")
        self.assertEqual(
            sorted(self.double_interview.answered_obligation_ids.mapped("code")), ["O3", "O4"], "it answers both"
        )
        self.start_tour(
            f"/odoo/action-{MODULE}.action_career_dashboard", "l10n_fr_career_persona_hr_tour", login="persona_hr"
        )

    def test_manager(self):
        """Their activity on the planned interview, not late, then convening."""
        interview = self.env["hr.career.interview"].search([("employee_id", "=", self.team_member.id)])
        activity = interview.activity_ids
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertGreater(activity.date_deadline, fields.Date.context_today(activity), "not late: nothing at risk")
        self.start_tour("/odoo", "l10n_fr_career_persona_manager_tour", login="persona_manager")

    def test_employee_on_the_portal_on_a_phone(self):
        """/my, the interviews card, the interview, the preparation form."""
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour("/my", "l10n_fr_career_persona_portal_tour", login="persona_portal")
        self.assertEqual(self.portal_interview.preparation_ids.wishes, "Devenir cheffe d'équipe")
        self.assertEqual(self.portal_interview.preparation_ids.state, "draft", "saved, not submitted")

    def test_cse_member(self):
        """The aggregate figures open; no individual interview is shown."""
        self.start_tour(
            "/odoo/action-hr.hr_employee_public_action", "l10n_fr_career_persona_cse_tour", login="persona_cse"
        )
        self.assertFalse(self.env["hr.career.interview"].with_user(self.user_cse).search([]))
