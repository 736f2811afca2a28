"""The company's questions on an interview: taken once, in the version in
use for its kind, and shown by the sections the interview covers."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import engine
from ..tools.trust import trusted
from .hr_career_interview import OPEN_STATES
from .hr_career_question import SECTION_BLOCK


class HrCareerInterviewQuestions(models.Model):
    # The interview is split by concern on purpose (one file each), so the
    # merge suggestion of pylint-odoo does not apply.
    _inherit = "hr.career.interview"  # pylint: disable=consider-merging-classes-inherited

    has_company_questions = fields.Boolean(
        compute="_compute_has_company_questions",
        export_string_translation=False,
        help="Technical: the company has questions in use for this kind of interview, which the "
        "interview has not taken yet (the button to load them is shown only then).",
    )

    @api.depends("company_id", "kind", "question_template_id")
    def _compute_has_company_questions(self):
        Template = self.env["hr.career.question.template"]
        for interview in self:
            interview.has_company_questions = bool(
                not interview.question_template_id
                and interview.company_id
                and Template._published_for(interview.company_id, interview.kind)
            )

    def action_load_company_questions(self):
        """Take the company's questions now, to prepare an interview still
        to plan (they come by themselves once it is convened)."""
        self.check_access("write")
        for interview in self:
            if interview.state not in OPEN_STATES + ("held",):
                raise UserError(self.env._("Only an interview still to hold, or held, takes the company's questions."))
            interview._l10n_fr_career_attach_questions()
            if not interview.question_template_id:
                raise UserError(
                    self.env._(
                        "%(company)s has no questions in use for this kind of interview (%(kind)s). "
                        "A career administrator publishes them in Configuration > Interview question templates.",
                        company=interview.company_id.name,
                        kind=interview.kind_label,
                    )
                )
        return True

    def _l10n_fr_career_attach_questions(self):
        """Take, once, the version of the company's questions in use for the
        interview's kind: one answer per question, the question copied on
        it. Callers check the user's rights; the interview keeps this version
        whatever the company publishes afterwards."""
        Template = self.env["hr.career.question.template"]
        Answer = trusted(self.env["hr.career.interview.answer"])
        for interview in self.sudo():
            if interview.question_template_id or interview.state not in OPEN_STATES + ("held",):
                continue
            template = Template._published_for(interview.company_id, interview.kind)
            if not template:
                continue
            trusted(interview).write({"question_template_id": template.id})
            Answer.create(
                [
                    {**Answer._snapshot(question), "interview_id": interview.id}
                    for question in template.question_ids.sorted(lambda q: (q.sequence, q.id))
                ]
            )

    def _l10n_fr_career_drop_questions_of_other_kind(self):
        """A change of kind takes the new kind's questions, as long as nobody
        answered the old ones (an answer given is kept, with its question)."""
        for interview in self.sudo().filtered("question_template_id"):
            template = interview.question_template_id
            answers = self.env["hr.career.interview.answer"].sudo().search([("interview_id", "=", interview.id)])
            if template.kind == interview.kind or any(
                a.value_text or a.value_yes_no or a.value_option_id for a in answers
            ):
                continue
            trusted(answers).unlink()
            trusted(interview).write({"question_template_id": False})

    def _l10n_fr_career_shown_answers(self):
        """The answers of the sections this interview covers (the mid-career
        and end-of-career themes only when they apply)."""
        self.ensure_one()
        blocks = engine.sections_for(self.kind, self._employee_age())
        return self.sudo().answer_ids.filtered(lambda a: SECTION_BLOCK[a.section] in blocks)
