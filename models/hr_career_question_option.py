from odoo import api, fields, models


class HrCareerQuestionOption(models.Model):
    """One option of a choice-list question. The options of a question
    together must not be a scale (see hr.career.question)."""

    _name = "hr.career.question.option"
    _description = "Option of a career interview choice question"
    _order = "question_id, sequence, id"

    question_id = fields.Many2one("hr.career.question", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="question_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Option", required=True)

    # The question checks its options as a whole; an option written on its
    # own (not through the question's form) is checked with its siblings.
    @api.constrains("name", "question_id")
    def _check_question_not_an_evaluation(self):
        self.question_id._check_not_an_evaluation()

    @api.model_create_multi
    def create(self, vals_list):
        questions = self.env["hr.career.question"].browse([vals.get("question_id") for vals in vals_list])
        questions.template_id._check_questions_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.question_id.template_id._check_questions_editable()
        return super().write(vals)

    def unlink(self):
        self.question_id.template_id._check_questions_editable()
        return super().unlink()
