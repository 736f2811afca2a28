from datetime import date

from odoo.tests import tagged

from .. import engine
from ..tools import bulk
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

    def test_relation_rows_read_back_as_written(self):
        interview = self.interview.sudo()
        obligations = (
            self.env["hr.career.obligation"]
            .sudo()
            .browse(
                bulk.insert_rows(
                    self.env["hr.career.obligation"].sudo(),
                    [
                        {
                            "employee_id": interview.employee_id.id,
                            "company_id": interview.company_id.id,
                            "code": code,
                            "due_date": due,
                            "fulfilment": "open",
                            "signature": code,
                        }
                        for code, due in (("O3", date(2031, 1, 1)), ("O4", date(2031, 2, 1)))
                    ],
                )
            )
        )
        before = interview.answered_obligation_ids  # cached, then made stale by the insert
        bulk.insert_relation(interview, "answered_obligation_ids", [(interview.id, o.id) for o in obligations])
        self.assertEqual(interview.answered_obligation_ids, before | obligations)

    def test_activity_notes_are_escaped_text(self):
        note = self.env["hr.career.planner"]._activity_note([_Explained("À <planifier> & tenir")], self.user_manager)
        self.assertIn("À &lt;planifier&gt; &amp; tenir</p>", note, "plain text is escaped, never markup")

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
    """An obligation as _activity_note reads it: its explanation only."""

    def __init__(self, text):
        self.text = engine.texts.part("recompute_failed", error=text)
