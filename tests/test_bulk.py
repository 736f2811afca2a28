from datetime import date

from odoo.tests import tagged

from .. import bulk
from .common import CareerCase


@tagged("post_install", "-at_install")
class TestBulkWrites(CareerCase):
    """The scheduler's set-based writes read back exactly as written."""

    def test_copied_rows_read_back_as_written(self):
        awkward = "Tab\there, back\\slash, new\nline, NULL \\N and 'quotes'"
        Obligation = self.env["hr.career.obligation"].sudo()
        rows = [
            {
                "employee_id": self.employee.id,
                "company_id": self.company.id,
                "department_id": False,
                "code": code,
                "window_start": date(2030, 1, 1),
                "due_date": due,
                "fulfilment": "open",
                "met_on": False,
                "interview_id": False,
                "article": awkward,
                "signature": f"sig-{code}",
            }
            for code, due in (("O3", date(2031, 1, 1)), ("O4", date(2032, 1, 1)))
        ]
        ids = bulk.insert_rows(Obligation, rows)
        obligations = Obligation.browse(ids)
        self.assertEqual(obligations.mapped("code"), ["O3", "O4"], "ids come back in the rows' order")
        self.assertEqual(obligations.mapped("article"), [awkward, awkward])
        self.assertEqual(obligations[0].due_date, date(2031, 1, 1))
        self.assertFalse(obligations[0].met_on)
        self.assertFalse(obligations[0].department_id)

    def test_activity_rows_keep_names_and_audit_columns(self):
        interview = self.interview
        interview.employee_id.name = "Anne\tMarie \\ O'Neil"
        plan_type = self.env.ref("l10n_fr_hr_career_interview.mail_activity_type_career_interview")
        values = self.env["hr.career.scheduler"]._activity_values(
            interview, plan_type.id, self.user_manager, date(2026, 12, 1), _Explained("À <planifier> & tenir")
        )
        activity = self.env["hr.career.scheduler"]._create_activities([values])
        self.assertEqual(activity.res_name, interview.display_name)
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertIn("&lt;planifier&gt; &amp; tenir", str(activity.note), "plain text is escaped, never markup")
        self.assertEqual(activity.create_uid, self.env.user)
        self.assertTrue(activity.create_date)
        self.assertIn(activity, interview.activity_ids)

    def test_updated_rows_convert_json_and_invalidate(self):
        employee = self.employee.sudo()
        problems = [{"code": "x", "en": "Tab\tand 'quote'", "fr": "é"}]
        bulk.update_rows(
            employee,
            {employee.id: {"l10n_fr_career_problems": problems, "l10n_fr_career_has_problem": True}},
        )
        self.assertEqual(employee.l10n_fr_career_problems, problems)
        self.assertTrue(employee.l10n_fr_career_has_problem)
        self.env.invalidate_all()
        self.assertEqual(employee.l10n_fr_career_problems, problems)


class _Explained:
    """An obligation as _activity_values reads it: its explanation only."""

    def __init__(self, text):
        self.explanation = {"fr": text, "en": text}
