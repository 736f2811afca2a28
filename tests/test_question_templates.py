import json
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.hr_career_question import asks_for_a_grade, is_rating_scale
from ..tools.trust import trusted
from .common import CareerCase

TEMPLATE = "hr.career.question.template"
ANSWER = "hr.career.interview.answer"


@tagged("post_install", "-at_install")
class TestQuestionTemplates(CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee.work_contact_id.email = "salariee@example.com"
        # The demo's templates, if any, are replaced by the test's own.
        cls.env[TEMPLATE].search([("state", "=", "published")]).action_withdraw()
        cls.Template = cls.env[TEMPLATE].with_user(cls.user_admin)
        cls.v1 = cls._template("Entretien périodique", "Quelles compétences avez-vous développées ?")
        cls.v1.action_publish()
        cls.interview.kind = "periodic"

    @classmethod
    def _template(cls, name, first_label, kind="periodic", company=None):
        # Another company's template is made by its own administrator.
        Template = cls.env[TEMPLATE] if company else cls.Template
        return Template.create(
            {
                "name": name,
                "kind": kind,
                "company_id": (company or cls.company).id,
                "question_ids": [
                    Command.create({"section": "theme_skills", "label": first_label, "to_prepare": True}),
                    Command.create(
                        {
                            "section": "theme_training",
                            "label": "Souhaitez-vous une formation ?",
                            "answer_type": "yes_no",
                        }
                    ),
                    Command.create(
                        {
                            "section": "company",
                            "label": "Organisation souhaitée",
                            "answer_type": "choice",
                            "option_ids": [
                                Command.create({"name": "Sur site"}),
                                Command.create({"name": "Télétravail"}),
                            ],
                        }
                    ),
                ],
            }
        )

    def _convene(self, interview=None):
        interview = interview or self.interview
        interview.write({"state": "convened", "scheduled_at": "2027-01-10 09:00:00", "location": "Salle Vauban"})
        return interview

    # -- versioning -------------------------------------------------------------------

    def test_versions_are_numbered_and_one_is_in_use(self):
        self.assertEqual(self.v1.state, "published")
        v2_action = self.v1.action_new_version()
        v2 = self.env[TEMPLATE].browse(v2_action["res_id"])
        self.assertEqual((v2.version, v2.state, v2.previous_id), (self.v1.version + 1, "draft", self.v1))
        self.assertEqual(v2.question_ids.mapped("label"), self.v1.question_ids.mapped("label"))
        self.assertEqual(v2.question_ids.option_ids.mapped("name"), ["Sur site", "Télétravail"])
        v2.with_user(self.user_admin).action_publish()
        self.assertEqual((self.v1.state, v2.state), ("archived", "published"))
        # Another kind, another company: their own numbering.
        before = self.env[TEMPLATE].search([("kind", "=", "midcareer"), ("company_id", "=", self.company.id)])
        midcareer = self._template("Mi-carrière", "Aménagement du poste ?", kind="midcareer")
        self.assertEqual(midcareer.version, max(before.mapped("version"), default=0) + 1)
        first_b = self._template("Filiale B", "Compétences ?", kind="midcareer", company=self.company_b)
        self.assertEqual(first_b.version, 1)
        self.assertEqual(
            self._template("Filiale B", "Compétences ?", kind="midcareer", company=self.company_b).version, 2
        )
        with self.assertRaisesRegex(UserError, "buttons"):
            midcareer.write({"state": "published"})
        with self.assertRaisesRegex(UserError, "buttons"):
            self.Template.create({"name": "x", "kind": "first", "version": 7})
        # Two versions in use for one kind are refused, even forced.
        with self.assertRaises(ValidationError):
            trusted(self.v1).write({"state": "published"})

    def test_interview_keeps_the_version_it_took(self):
        self._convene()
        self.assertEqual(self.interview.question_template_id, self.v1)
        self.assertEqual(len(self.interview.answer_ids), 3)
        v2 = self.env[TEMPLATE].browse(self.v1.action_new_version()["res_id"])
        v2.question_ids[0].label = "Compétences acquises depuis deux ans ?"
        v2.action_publish()
        self.interview.invalidate_recordset()
        self.assertEqual(self.interview.question_template_id, self.v1)
        self.assertEqual(self.interview.answer_ids[0].label, "Quelles compétences avez-vous développées ?")
        later = self._convene(
            self.env["hr.career.interview"].create({"employee_id": self.colleague.id, "kind": "periodic"})
        )
        self.assertEqual(later.question_template_id, v2)
        self.assertEqual(later.answer_ids[0].label, "Compétences acquises depuis deux ans ?")

    def test_a_version_in_use_is_read_only(self):
        question = self.v1.question_ids[0]
        question.with_user(self.user_admin).label = "Published, not used yet: may still change"
        self._convene()
        for change in (
            lambda: question.with_user(self.user_admin).write({"label": "Autre"}),
            lambda: self.v1.question_ids[2].option_ids.with_user(self.user_admin).write({"name": "Autre"}),
            lambda: self.v1.with_user(self.user_admin).write({"name": "Autre"}),
            lambda: self.v1.with_user(self.user_admin).write({"question_ids": [Command.create({"label": "Ajout"})]}),
            lambda: question.with_user(self.user_admin).unlink(),
            lambda: self.v1.with_user(self.user_admin).unlink(),
        ):
            with self.assertRaisesRegex(UserError, "New version|kept"):
                change()
        self.assertEqual(self.v1.interview_count, 1)

    def test_when_an_interview_takes_its_questions(self):
        Interview = self.env["hr.career.interview"]
        planned = Interview.create({"employee_id": self.colleague.id, "kind": "periodic"})
        self.assertFalse(planned.question_template_id, "only planned: no rows")
        self.assertFalse(self.env[ANSWER].search_count([("interview_id", "=", planned.id)]))
        planned.with_user(self.user_officer).action_load_company_questions()
        self.assertEqual(planned.question_template_id, self.v1)
        # A change of kind before anyone answered takes that kind's questions.
        planned.kind = "first"
        self.assertFalse(planned.question_template_id)
        with self.assertRaisesRegex(UserError, "no questions in use"):
            planned.with_user(self.user_officer).action_load_company_questions()
        self.assertEqual(
            Interview.create(
                {"employee_id": self.colleague.id, "kind": "periodic", "state": "held", "held_on": date(2026, 11, 2)}
            ).question_template_id,
            self.v1,
        )
        cancelled = Interview.create({"employee_id": self.colleague.id, "kind": "periodic", "state": "cancelled"})
        cancelled._l10n_fr_career_attach_questions()
        self.assertFalse(cancelled.question_template_id)
        with self.assertRaisesRegex(UserError, "button"):
            planned.write({"question_template_id": self.v1.id})

    def test_the_scheduler_adds_no_rows(self):
        before = self.env[ANSWER].search_count([])
        self.env["hr.career.scheduler"]._run(self.env["hr.employee"].search([]), date(2027, 2, 20))
        self.assertTrue(self.env["hr.career.interview"].search_count([("is_automatic", "=", True)]))
        self.assertEqual(self.env[ANSWER].search_count([]), before)

    # -- not an evaluation ------------------------------------------------------------

    def test_rating_types_are_refused(self):
        question = self.env[TEMPLATE].browse(self.v1.action_new_version()["res_id"]).question_ids[0]
        with mute_logger("odoo.models"), self.assertRaises(ValueError):
            question.answer_type = "rating"
        for options in (
            ["1", "2", "3", "4", "5"],
            ["0/10", "5/10", "10/10"],
            ["★", "★★", "★★★"],
            ["Excellent", "Bien", "Insuffisant"],
            ["Très satisfaisant", "Satisfaisant", "Peu satisfaisant"],
            ["Acquis", "En cours d'acquisition", "Non acquis"],
            ["Meets expectations", "Below expectations"],
            ["A", "B", "C", "D"],
            ["Niveau 1", "Niveau 2", "Niveau 3"],
        ):
            with self.subTest(options=options), self.assertRaisesRegex(ValidationError, "not an evaluation"):
                question.write(
                    {
                        "answer_type": "choice",
                        "option_ids": [Command.clear(), *(Command.create({"name": o}) for o in options)],
                    }
                )
        for label in ("Notez votre performance", "Sur une échelle de 1 à 5, votre autonomie", "Note sur 20"):
            with self.subTest(label=label), self.assertRaisesRegex(ValidationError, "not an evaluation"):
                question.write({"answer_type": "text", "label": label})
        with self.assertRaisesRegex(ValidationError, "two options"):
            question.write(
                {
                    "answer_type": "choice",
                    "label": "Quelle évolution envisagez-vous ?",
                    "option_ids": [Command.clear(), Command.create({"name": "Oui"})],
                }
            )
        # A legitimate list is kept; an option renamed into a grade is not.
        question.write(
            {
                "answer_type": "choice",
                "label": "Quelle évolution envisagez-vous ?",
                "option_ids": [Command.clear(), Command.create({"name": "Bien"}), Command.create({"name": "Mobilité"})],
            }
        )
        with self.assertRaisesRegex(ValidationError, "not an evaluation"):
            question.option_ids[1].name = "Excellent"

    def test_rating_detection(self):
        self.assertTrue(is_rating_scale(["1", "2,5", "5"]))
        self.assertFalse(is_rating_scale(["Oui", "Non", "Je ne sais pas"]))
        self.assertFalse(is_rating_scale(["Sur site", "Télétravail partiel"]))
        self.assertFalse(is_rating_scale(["CAP", "BTS", "Licence"]))
        self.assertTrue(asks_for_a_grade("Votre autonomie (de 1 à 5)"))
        self.assertFalse(asks_for_a_grade("Formations suivies de 2020 à 2024"))
        self.assertFalse(asks_for_a_grade("Quelles compétences souhaitez-vous développer ?"))

    # -- the report -------------------------------------------------------------------

    def test_delivered_report_unchanged_after_a_template_edit(self):
        self._convene()
        skills, training, organisation = self.interview.answer_ids
        skills.with_user(self.user_manager).value_text = "Paie, DSN"
        training.with_user(self.user_manager).value_yes_no = "yes"
        organisation.with_user(self.user_manager).value_option_id = organisation.question_id.option_ids[1]
        self.interview.write({"state": "held", "held_on": date(2026, 11, 20)})
        self.interview.with_user(self.user_manager).action_deliver()
        version = self.interview.report_version_id
        stored = version.attachment_id.raw
        content = json.loads(version.content_json)
        self.assertEqual(content["questions_version"], self.v1.version)
        self.assertIn(
            {
                "section": "company",
                "question": "Organisation souhaitée",
                "type": "choice",
                "options": "Sur site\nTélétravail",
                "answer": "Télétravail",
            },
            content["questions"],
        )
        self.assertIn(b"Quelles comp", stored)
        self.assertIn("Organisation souhaitée".encode(), stored)

        # The company edits its questions: a new version; the old one, even
        # changed behind the ORM's back, does not reach the interview.
        v2 = self.env[TEMPLATE].browse(self.v1.action_new_version()["res_id"])
        v2.question_ids[0].label = "Nouvelle formulation"
        v2.action_publish()
        self.env.cr.execute(
            "UPDATE hr_career_question SET label = 'Changé en base' WHERE id = %s", [skills.question_id.id]
        )
        self.env.cr.execute(
            "UPDATE hr_career_question_option SET name = 'Renommé' WHERE question_id = %s",
            [organisation.question_id.id],
        )
        self.env.invalidate_all()
        self.assertEqual(version.attachment_id.raw, stored)
        self.assertTrue(version.is_intact)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("l10n_fr_hr_career_interview.action_report_career_interview", self.interview.ids)[0]
            .decode()
        )
        self.assertIn("Quelles compétences avez-vous développées ?", html)
        self.assertIn("Télétravail", html)
        self.assertNotIn("Changé en base", html)
        self.assertNotIn("Nouvelle formulation", html)
        self.assertEqual(self.interview._report_content(1, version.delivered_on, "")["questions"], content["questions"])
        # And its answers are frozen with it.
        with self.assertRaisesRegex(UserError, "handed"):
            skills.with_user(self.user_manager).value_text = "Réécrit"
        with self.assertRaisesRegex(UserError, "handed"):
            self.interview.with_user(self.user_officer).write(
                {"answer_ids": [Command.update(skills.id, {"value_text": "Réécrit"})]}
            )

    def test_answers_only_as_the_question_asks(self):
        self._convene()
        skills, training, organisation = self.interview.answer_ids
        with self.assertRaisesRegex(ValidationError, "as the question asks"):
            training.value_text = "Peut-être"
        with self.assertRaisesRegex(ValidationError, "options"):
            organisation.value_option_id = self.v1.copy().question_ids[2].option_ids[0]
        with self.assertRaisesRegex(UserError, "stays as it was asked"):
            skills.with_user(self.user_manager).write({"label": "Autre question"})

    # -- who reads and writes --------------------------------------------------------

    def test_roles(self):
        self._convene()
        answer = self.interview.answer_ids[0]
        # The manager (team) and the interviewer write; the employee reads.
        answer.with_user(self.user_manager).value_text = "Paie"
        answer.with_user(self.user_director).value_text = "Paie et DSN"
        answer.with_user(self.user_officer).value_text = "Paie, DSN"
        self.assertEqual(answer.with_user(self.user_employee).read(["value_text"])[0]["value_text"], "Paie, DSN")
        with self.assertRaises(AccessError):
            answer.with_user(self.user_employee).write({"value_text": "Moi"})
        for user in (self.user_colleague, self.user_outsider, self.user_cse, self.user_officer_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                answer.with_user(user).read(["value_text"])
        # Nobody creates or deletes a row: the module does.
        for user in (self.user_manager, self.user_officer, self.user_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env[ANSWER].with_user(user).create(
                    {**self.env[ANSWER]._snapshot(answer.question_id), "interview_id": self.interview.id}
                )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                answer.with_user(user).unlink()
        # Templates: every internal user reads those of their companies; the
        # career administrator alone writes them.
        self.v1.with_user(self.user_manager).read(["name"])
        self.v1.question_ids.option_ids.with_user(self.user_employee).read(["name"])
        for user in (self.user_manager, self.user_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.v1.with_user(user).action_new_version()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env[TEMPLATE].with_user(user).create({"name": "x", "kind": "first"})
        with self.assertRaises(AccessError):
            self.v1.with_user(self.user_officer_b).read(["name"])
        template_b = self._template("Filiale B", "Compétences ?", company=self.company_b)
        self.assertFalse(self.env[TEMPLATE].with_user(self.user_officer).search([("id", "=", template_b.id)]))
        self.assertTrue(self.env[TEMPLATE].with_user(self.user_officer_b).search([("id", "=", template_b.id)]))

    def test_prepared_answers_private_until_submitted(self):
        self._convene()
        preparation = (
            self.env["hr.career.preparation"]
            .with_user(self.user_employee)
            ._for_interview(self.interview.with_user(self.user_employee))
        )
        row = self.interview.answer_ids.filtered("to_prepare")
        preparation._l10n_fr_career_write_answers({row.id: "Paie et DSN"})
        mine = preparation.answer_ids
        self.assertEqual(mine.with_user(self.user_employee).value_text, "Paie et DSN")
        mine.with_user(self.user_employee).value_text = "Paie, DSN et formation"
        for user in (self.user_manager, self.user_officer, self.user_director):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                mine.with_user(user).read(["value_text"])
        self.assertFalse(row.with_user(self.user_manager).prepared_display, "not shown before it is submitted")
        preparation.action_submit()
        self.assertEqual(
            mine.with_user(self.user_manager).read(["value_text"])[0]["value_text"], "Paie, DSN et formation"
        )
        mine.with_user(self.user_officer).read(["value_text"])
        self.assertEqual(row.with_user(self.user_manager).prepared_display, "Paie, DSN et formation")
        with self.assertRaises(UserError):  # an AccessError is one too
            mine.with_user(self.user_manager).write({"value_text": "Changé"})
        with self.assertRaisesRegex(UserError, "submitted"):
            mine.with_user(self.user_employee).write({"value_text": "Changé"})
