from odoo import fields, models


class HrCareerInterviewReopen(models.TransientModel):
    """HR reopens a delivered report, saying why; the reason stays in the chatter."""

    _name = "hr.career.interview.reopen"
    _description = "Reopen a delivered career interview report"

    interview_id = fields.Many2one("hr.career.interview", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_reopen(self):
        self.ensure_one()
        self.interview_id._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
