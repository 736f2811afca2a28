from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import get_lang

from ..tools.trust import trusted


class HrCareerPreparation(models.Model):
    """What the employee writes to prepare the interview. Theirs alone until
    they submit it; then the interviewer, the manager chain and HR read it
    (record rules), and it no longer changes."""

    _name = "hr.career.preparation"
    _description = "Career interview preparation by the employee"
    _inherit = ["hr.career.employee.mixin"]
    _rec_name = "interview_id"

    interview_id = fields.Many2one("hr.career.interview", required=True, ondelete="cascade", index=True)
    employee_id = fields.Many2one(related="interview_id.employee_id", store=True, readonly=True, precompute=True)
    wishes = fields.Text("My career wishes")
    training_needs = fields.Text("My training needs")
    questions = fields.Text("My questions")
    state = fields.Selection([("draft", "Draft"), ("submitted", "Submitted")], default="draft", required=True)
    submitted_on = fields.Datetime(readonly=True)
    answer_ids = fields.One2many(
        "hr.career.interview.answer", "preparation_id", "My answers to the company's questions"
    )

    _sql_constraints = [
        ("unique_interview", "unique(interview_id)", "An interview has one preparation."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        preparations = super().create(vals_list)
        preparations._check_can_change()
        return preparations

    def write(self, vals):
        # No context opens a submitted preparation: once submitted,
        # or once the report is delivered, it is what the employee wrote.
        self._check_can_change()
        if "interview_id" in vals:
            raise UserError(self.env._("A preparation belongs to its interview for good."))
        return super().write(vals)

    def unlink(self):
        self._check_can_change()
        return super().unlink()

    def _can_change(self):
        """The employee may still write it: a draft, the report not delivered."""
        self.ensure_one()
        return self.state == "draft" and self.interview_id.sudo().state != "delivered"

    def _check_can_change(self):
        for preparation in self:
            if preparation.state == "submitted":
                raise UserError(
                    self.env._("The preparation was submitted to the interviewer: it can no longer change.")
                )
            if not preparation._can_change():
                raise UserError(
                    self.env._("The report of the interview was handed over: the preparation can no longer change.")
                )

    def action_submit(self):
        for preparation in self:
            answered = preparation.answer_ids.filtered(lambda a: a.value_text or a.value_yes_no or a.value_option_id)
            if not any((preparation.wishes, preparation.training_needs, preparation.questions, answered)):
                raise UserError(self.env._("Write at least one line before submitting your preparation."))
        self.write({"state": "submitted", "submitted_on": fields.Datetime.now()})
        for preparation in self:
            preparation.interview_id.sudo().message_post(
                body=self.env._("The employee submitted their preparation."),
                subtype_xmlid="mail.mt_note",
                partner_ids=preparation.interview_id.interviewer_id.partner_id.ids,
            )

    def _l10n_fr_career_write_answers(self, values):
        """Save the employee's answers to the questions to prepare:
        ``values`` maps an interview's answer row (the question as asked at
        the interview) to the text, "yes"/"no" or option id typed. Anything
        that is not one of those questions or not a valid answer is refused."""
        self.ensure_one()
        self._check_can_change()
        Answer = self.env["hr.career.interview.answer"]
        asked = self.interview_id.sudo()._l10n_fr_career_shown_answers().filtered("to_prepare")
        mine = {answer.question_id: answer for answer in self.sudo().answer_ids}
        for question_row in asked:
            if question_row.id not in values:
                continue
            vals = question_row._l10n_fr_career_answer_vals(values[question_row.id])
            answer = mine.get(question_row.question_id)
            if answer:
                answer.write(vals)
            elif any(vals.values()):
                trusted(Answer).create({**question_row._prepared_copy_vals(self), **vals})

    def _l10n_fr_career_demo_answer(self, answers_by_label, submit=False):
        """Demo data: answers given by question wording (a choice by the
        wording of its option), saved as the portal saves them, then
        submitted if asked (in the database's language, as the employee's
        portal would write it in the chatter)."""
        rows = self.interview_id.sudo()._l10n_fr_career_shown_answers()
        values = {}
        for row in rows.filtered(lambda r: r.label in answers_by_label):
            answer = answers_by_label[row.label]
            if row.answer_type == "choice":
                answer = str(row.question_id.option_ids.filtered(lambda o, name=answer: o.name == name).id)
            values[row.id] = answer
        self._l10n_fr_career_write_answers(values)
        if submit:
            self.with_context(lang=get_lang(self.env).code).action_submit()

    @api.model
    def _for_interview(self, interview):
        """The employee's preparation of ``interview``, created on first use."""
        preparation = self.search([("interview_id", "=", interview.id)], limit=1)
        return preparation or self.create({"interview_id": interview.id})
