from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.trust import is_trusted
from .hr_career_question import ANSWER_TYPES, SECTIONS, section_selection

# What a user may write on an answer: the answer itself. The question is
# copied from the template when the interview takes it, and stays as asked.
VALUE_FIELDS = {"value_text", "value_yes_no", "value_option_id"}
YES_NO = [("yes", "Answered yes"), ("no", "Answered no")]


class HrCareerInterviewAnswer(models.Model):
    """The answer to a company question, with the question as it was asked
    (section, wording, type, options): the interview keeps the version of
    the template it took, whatever the company edits afterwards.

    Two kinds of rows share this model. Without a preparation, the answer
    recorded at the interview: it is read and written as the interview, and
    frozen with it once the report is delivered. With a preparation, the
    employee's own answer to a question "to prepare": theirs alone until they
    submit the preparation, then read by the interviewer, the manager chain
    and HR, and frozen (record rules and hr.career.preparation)."""

    _name = "hr.career.interview.answer"
    _description = "Answer to a company question of a career interview"
    _inherit = ["hr.career.employee.mixin"]
    _order = "section_sequence, sequence, id"

    interview_id = fields.Many2one("hr.career.interview", required=True, ondelete="cascade", index=True, readonly=True)
    employee_id = fields.Many2one(related="interview_id.employee_id", store=True, readonly=True, precompute=True)
    preparation_id = fields.Many2one("hr.career.preparation", ondelete="cascade", index="btree_not_null", readonly=True)
    question_id = fields.Many2one(
        "hr.career.question", "Question of the template", required=True, ondelete="restrict", readonly=True
    )
    # The question as it was asked.
    section = fields.Selection(section_selection, "Section", required=True, readonly=True)
    section_sequence = fields.Integer(readonly=True, export_string_translation=False)
    sequence = fields.Integer(readonly=True)
    label = fields.Char("Question", required=True, readonly=True)
    help_text = fields.Text("Guidance", readonly=True)
    answer_type = fields.Selection(ANSWER_TYPES, "Answer", required=True, readonly=True)
    choice_options = fields.Text("Options offered", readonly=True)
    to_prepare = fields.Boolean("Prepared by the employee", readonly=True)
    # The answer.
    value_text = fields.Text("Written answer")
    value_yes_no = fields.Selection(YES_NO, "Yes or no answer")
    value_option_id = fields.Many2one(
        "hr.career.question.option",
        "Option chosen",
        ondelete="restrict",
        domain="[('question_id', '=', question_id)]",
    )
    # The option's wording as chosen, kept even if the option were renamed.
    value_choice = fields.Char("Choice", compute="_compute_value_choice", store=True, readonly=True)
    value_display = fields.Char("Answer given", compute="_compute_value_display")
    prepared_display = fields.Char("Employee's answer", compute="_compute_prepared_display")

    # -- compute methods -----------------------------------------------------------------

    @api.depends("value_option_id")
    def _compute_value_choice(self):
        for answer in self:
            answer.value_choice = answer.value_option_id.name or False

    @api.depends("answer_type", "value_text", "value_yes_no", "value_choice")
    @api.depends_context("lang")
    def _compute_value_display(self):
        labels = dict(self._fields["value_yes_no"]._description_selection(self.env))
        for answer in self:
            answer.value_display = answer._value_text(labels)

    @api.depends_context("uid")
    def _compute_prepared_display(self):
        """The employee's answer, once they submitted their preparation:
        read with sudo, and only then, as the record rules would allow."""
        prepared = self.sudo().search(
            [
                ("interview_id", "in", self.interview_id.ids),
                ("preparation_id.state", "=", "submitted"),
            ]
        )
        labels = dict(self._fields["value_yes_no"]._description_selection(self.env))
        by_question = {(a.interview_id.id, a.question_id.id): a._value_text(labels) for a in prepared}
        for answer in self:
            answer.prepared_display = (
                False if answer.preparation_id else by_question.get((answer.interview_id.id, answer.question_id.id))
            )

    def _value_text(self, yes_no_labels):
        if self.answer_type == "yes_no":
            return yes_no_labels.get(self.value_yes_no) or False
        if self.answer_type == "choice":
            return self.value_choice or False
        return self.value_text or False

    # -- constraints ---------------------------------------------------------------------

    def init(self):
        # One answer per question at the interview, one in the preparation.
        for name, where in (("interview", "preparation_id IS NULL"), ("prepared", "preparation_id IS NOT NULL")):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (interview_id, question_id) WHERE %s",
                    SQL.identifier(f"{self._table}_one_{name}"),
                    SQL.identifier(self._table),
                    SQL(where),
                )
            )

    @api.constrains("answer_type", "value_text", "value_yes_no", "value_option_id")
    def _check_value_fits_the_question(self):
        for answer in self:
            given = {
                "text": bool(answer.value_text),
                "yes_no": bool(answer.value_yes_no),
                "choice": bool(answer.value_option_id),
            }
            if any(given[kind] for kind in given if kind != answer.answer_type):
                raise ValidationError(
                    self.env._("“%(question)s” is answered as the question asks only.", question=answer.label)
                )
            if answer.value_option_id and answer.value_option_id.question_id != answer.question_id:
                raise ValidationError(self.env._("Choose one of the options of “%(question)s”.", question=answer.label))

    # -- CRUD ----------------------------------------------------------------------------
    # Rows are created by this module's code only (no create right): when an
    # interview takes its template, and when the employee saves a preparation.

    def write(self, vals):
        if not is_trusted(self.env) and set(vals) - VALUE_FIELDS:
            raise UserError(self.env._("Only the answer changes: the question stays as it was asked."))
        self._check_can_change()
        return super().write(vals)

    def _check_can_change(self):
        for answer in self:
            if answer.preparation_id:
                answer.preparation_id._check_can_change()
            elif answer.interview_id.sudo().state == "delivered":
                raise UserError(
                    self.env._(
                        "The report of this interview was handed to the employee: its answers can no longer "
                        "change. An HR officer may reopen it, giving a reason; a new version is then issued."
                    )
                )

    # -- business methods ----------------------------------------------------------------

    @api.model
    def _snapshot(self, question):
        """The question as asked, copied on the answer."""
        return {
            "question_id": question.id,
            "section": question.section,
            "section_sequence": SECTIONS.index(question.section),
            "sequence": question.sequence,
            "label": question.label,
            "help_text": question.help_text,
            "answer_type": question.answer_type,
            "choice_options": "\n".join(question.option_ids.mapped("name")) or False,
            "to_prepare": question.to_prepare,
        }

    def _prepared_copy_vals(self, preparation):
        """An empty answer of the employee's preparation to this question."""
        self.ensure_one()
        fields_copied = ["question_id", "section", "section_sequence", "sequence", "label", "help_text"]
        fields_copied += ["answer_type", "choice_options", "to_prepare"]
        vals = {name: self[name] for name in fields_copied}
        vals["question_id"] = self.question_id.id
        return {**vals, "interview_id": self.interview_id.id, "preparation_id": preparation.id}

    def _l10n_fr_career_answer_vals(self, raw):
        """The values of an answer typed in a form (the portal's): a text,
        "yes" or "no", or the id of one of the question's options."""
        self.ensure_one()
        raw = (raw or "").strip()
        if self.answer_type == "text":
            return {"value_text": raw or False}
        if self.answer_type == "yes_no":
            if raw not in ("", "yes", "no"):
                raise UserError(self.env._("Answer “%(question)s” with yes or no.", question=self.label))
            return {"value_yes_no": raw or False}
        option = self.question_id.sudo().option_ids.filtered(lambda o: str(o.id) == raw)
        if raw and not option:
            raise UserError(self.env._("Choose one of the options of “%(question)s”.", question=self.label))
        return {"value_option_id": option.id or False}

    def _report_data(self):
        """The answers as the report's content fingerprint covers them."""
        return [
            {
                "section": answer.section,
                "question": answer.label,
                "type": answer.answer_type,
                "options": answer.choice_options or "",
                "answer": answer.value_text or answer.value_yes_no or answer.value_choice or "",
            }
            for answer in self
        ]
