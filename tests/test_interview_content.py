import re
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CareerCase

OUR_MODELS = (
    "hr.career.interview",
    "hr.career.obligation",
    "hr.career.training",
    "hr.career.progression",
    "hr.career.preparation",
    "hr.career.action",
    "hr.career.absence",
)


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestInterviewContent(CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee.work_contact_id.email = "salariee@example.com"
        cls.interview.write(
            {
                "theme_skills": "Maîtrise de la paie",
                "theme_wishes": "Souhaite une VAE",
                "conclusion": "Formation Excel à planifier",
                "location": "Salle Vauban",
            }
        )
        cls.env["hr.career.action"].create(
            {
                "interview_id": cls.interview.id,
                "action_type": "training",
                "description": "Excel avancé",
                "planned_date": date(2027, 2, 1),
                "owner_id": cls.user_manager.id,
            }
        )

    def _hold(self, interview=None):
        interview = interview or self.interview
        interview.write({"state": "held", "held_on": date(2026, 11, 20)})
        return interview

    def test_themes_shown_per_kind_and_age(self):
        self.employee.birthday = date(1990, 1, 1)
        self.assertFalse(self.interview.show_midcareer or self.interview.show_pre60)
        self.interview.kind = "midcareer"
        self.assertTrue(self.interview.show_midcareer)
        self.interview.kind = "periodic"
        self.employee.birthday = date(1968, 1, 1)  # 58
        self.interview.invalidate_recordset(["show_midcareer", "show_pre60"])
        self.assertTrue(self.interview.show_midcareer and self.interview.show_pre60)
        self.interview.kind = "summary"
        self.assertTrue(self.interview.show_summary)

    def test_pack_shows_what_was_behind_the_employee_on_the_interview_day(self):
        """Seniority as one says it, counted to the interview; trainings and
        resume lines after the interview are not in its pack."""
        interview = self._hold()  # hired 02/03/2026, held 20/11/2026
        self.assertEqual(interview.seniority, "8 months")
        self.employee.l10n_fr_career_hire_date = date(2025, 10, 20)
        interview.invalidate_recordset(["seniority"])
        self.assertEqual(interview.seniority, "1 year 1 month")
        self.employee.l10n_fr_career_hire_date = date(2026, 11, 2)
        interview.invalidate_recordset(["seniority"])
        self.assertEqual(interview.seniority, "less than a month")
        Training = self.env["hr.career.training"]
        before = Training.create({"employee_id": self.employee.id, "name": "Paie", "date": date(2026, 10, 5)})
        Training.create({"employee_id": self.employee.id, "name": "Après", "date": date(2026, 11, 25)})
        self.env["hr.resume.line"].create(
            {"employee_id": self.employee.id, "name": "Nouveau poste", "date_start": date(2026, 11, 24)}
        )
        interview.invalidate_recordset(["training_ids", "resume_summary"])
        self.assertEqual(interview.training_ids, before)
        self.assertNotIn("Nouveau poste", interview.resume_summary)

    def test_no_rating_or_objective_field_anywhere(self):
        evaluative = re.compile(r"(rating|score|grade|objective|performance|evaluation|appraisal|note_)", re.IGNORECASE)
        for model in OUR_MODELS:
            names = [name for name in self.env[model]._fields if evaluative.search(name)]
            self.assertFalse(names, f"{model} has evaluative fields {names}")

    def test_preparation_is_private_until_submitted(self):
        Preparation = self.env["hr.career.preparation"]
        mine = Preparation.with_user(self.user_employee)._for_interview(self.interview.with_user(self.user_employee))
        mine.write({"wishes": "Devenir responsable paie", "questions": "Télétravail ?"})
        self.assertFalse(Preparation.with_user(self.user_manager).search([("id", "=", mine.id)]))
        self.assertFalse(Preparation.with_user(self.user_officer).search([("id", "=", mine.id)]))
        with self.assertRaises(AccessError):
            mine.with_user(self.user_manager).read(["wishes"])
        mine.action_submit()
        self.assertEqual(mine.with_user(self.user_manager).wishes, "Devenir responsable paie")
        self.assertIn(mine, self.interview.with_user(self.user_manager).preparation_ids)
        with self.assertRaisesRegex(UserError, "submitted"):
            mine.with_user(self.user_employee).write({"wishes": "Autre chose"})
        with self.assertRaises(UserError):  # AccessError is a UserError
            mine.with_user(self.user_manager).write({"wishes": "Réécrit"})

    def test_training_line_done_becomes_a_training_action(self):
        line = self.interview.action_ids
        line.write({"state": "done", "done_on": date(2027, 1, 15), "is_certifying": True})
        training = line.training_id
        self.assertEqual((training.name, training.date), ("Excel avancé", date(2027, 1, 15)))
        self.assertTrue(training.is_certifying)
        self.assertEqual(training.interview_id, self.interview)
        line.write({"followup": "Suivie avec succès"})
        self.assertEqual(len(self.env["hr.career.training"].search([("interview_id", "=", self.interview.id)])), 1)

    def _html(self, xmlid, record):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(xmlid, record.ids)
        return html.decode()

    def test_reports_render_with_their_required_parts(self):
        self.interview.write({"scheduled_at": "2026-12-10 09:00:00", "state": "convened"})
        convocation = self._html("l10n_fr_hr_career_interview.action_report_career_convocation", self.interview)
        for part in ("Salariée", "Salle Vauban", "L. 6315-1", "CEP", "not an evaluation"):
            self.assertIn(part, convocation)
        self._hold()
        report = self._html("l10n_fr_hr_career_interview.action_report_career_interview", self.interview)
        for part in (
            'name="identity"',
            'name="legal_reason"',
            'name="path_summary"',
            'name="theme_skills"',
            "Maîtrise de la paie",
            'name="action_plan"',
            "Excel avancé",
            'name="cpf_cep"',
            'name="acknowledgement"',
            "manager (base.group_user)",
            "not an evaluation",
            "First career interview within the year",
        ):
            self.assertIn(part, report)
        self.assertNotIn('name="mid_wear"', report)
        summary = self.interview.copy({"kind": "summary", "state": "to_plan"})
        html = self._html("l10n_fr_hr_career_interview.action_report_career_summary", summary)
        for part in ('name="interviews"', 'name="criteria"', 'name="sanction"', "abondement correctif"):
            self.assertIn(part, html)

    def test_delivery_freezes_the_report_for_everyone(self):
        self._hold().action_deliver()
        interview = self.interview
        self.assertEqual((interview.state, interview.report_version), ("delivered", 1))
        self.assertEqual(len(interview.report_attachment_ids), 1)
        message = interview.message_ids.filtered(lambda m: interview.report_attachment_ids & m.attachment_ids)
        self.assertIn(self.employee.work_contact_id, message.partner_ids)
        for user in (self.user_manager, self.user_officer, self.user_admin):
            with self.assertRaisesRegex(UserError, "can no longer change"):
                interview.with_user(user).write({"theme_skills": "Réécrit"})
        with self.assertRaisesRegex(UserError, "can no longer change"):
            interview.sudo().write({"state": "held"})
        with self.assertRaises(UserError):
            interview.action_ids.write({"description": "Autre"})
        interview.action_ids.write({"state": "planned", "followup": "Inscrit à la session de mars"})
        interview.action_record_paper_acknowledgement()
        self.assertTrue(interview.acknowledged_on)

    def test_reopen_by_hr_only_with_a_reason_and_versions_kept(self):
        self._hold().action_deliver()
        interview = self.interview
        with self.assertRaises(AccessError):
            interview.with_user(self.user_manager)._reopen("Erreur de date")
        with self.assertRaisesRegex(UserError, "reason"):
            interview.with_user(self.user_officer)._reopen("  ")
        self.env["hr.career.interview.reopen"].with_user(self.user_officer).create(
            {"interview_id": interview.id, "reason": "Erreur sur le plan d'action"}
        ).action_reopen()
        self.assertEqual(interview.state, "held")
        self.assertIn("Erreur sur le plan d'action", interview.message_ids[0].body)
        interview.theme_skills = "Corrigé"
        interview.action_deliver()
        self.assertEqual(interview.report_version, 2)
        names = sorted(interview.report_attachment_ids.mapped("name"))
        self.assertEqual(len(names), 2)
        self.assertTrue(names[0].endswith("_v1.pdf") and names[1].endswith("_v2.pdf"))

    def test_refusal_is_offered_never_held_and_counted(self):
        wizard = self.env["hr.career.interview.refuse"].create(
            {
                "interview_id": self.interview.id,
                "refused_on": date(2026, 11, 20),
                "mode": "email",
                "note": "Ne souhaite pas d'entretien",
            }
        )
        wizard.action_record()
        self.assertEqual((self.interview.state, self.interview.refusal_mode), ("refused", "email"))
        first = self.employee.l10n_fr_career_obligation_ids.filtered(lambda o: o.code == "O2")
        self.assertEqual(first.fulfilment, "offered")
        self.assertNotEqual(first.status, "met")
        self.assertEqual(self.employee.l10n_fr_career_refusal_count, 1)
        with self.assertRaises(UserError):
            self.interview.action_deliver()
