from odoo import fields, models


class HrCareerInterviewRefuse(models.TransientModel):
    """Record that the employee refused the interview: the date, how it was
    expressed, and a proof if there is one."""

    _name = "hr.career.interview.refuse"
    _description = "Record the refusal of a career interview"

    interview_id = fields.Many2one("hr.career.interview", required=True, ondelete="cascade")
    refused_on = fields.Date("Refused on", required=True, default=fields.Date.context_today)
    mode = fields.Selection(
        [("oral", "Orally"), ("email", "By e-mail"), ("letter", "By letter"), ("other", "Otherwise")],
        "Expressed",
        required=True,
        default="oral",
    )
    note = fields.Text("What the employee said")
    proof = fields.Binary("Proof (e-mail, letter)", attachment=False)
    proof_name = fields.Char("Proof file name")

    def action_record(self):
        self.ensure_one()
        attachment = None
        if self.proof:
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.proof_name or "refus.pdf",
                    "datas": self.proof,
                    "res_model": "hr.career.interview",
                    "res_id": self.interview_id.id,
                }
            )
        self.interview_id._record_refusal(self.refused_on, self.mode, self.note, attachment)
        return {"type": "ir.actions.act_window_close"}
