from odoo import api, fields, models
from odoo.exceptions import UserError


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

    _sql_constraints = [
        ("unique_interview", "unique(interview_id)", "An interview has one preparation."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        preparations = super().create(vals_list)
        preparations._check_can_change()
        return preparations

    def write(self, vals):
        # No context opens a submitted preparation (issue 12): once submitted,
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
            if not any((preparation.wishes, preparation.training_needs, preparation.questions)):
                raise UserError(self.env._("Write at least one line before submitting your preparation."))
        self.write({"state": "submitted", "submitted_on": fields.Datetime.now()})
        for preparation in self:
            preparation.interview_id.sudo().message_post(
                body=self.env._("The employee submitted their preparation."),
                subtype_xmlid="mail.mt_note",
                partner_ids=preparation.interview_id.interviewer_id.partner_id.ids,
            )

    @api.model
    def _for_interview(self, interview):
        """The employee's preparation of ``interview``, created on first use."""
        preparation = self.search([("interview_id", "=", interview.id)], limit=1)
        return preparation or self.create({"interview_id": interview.id})
