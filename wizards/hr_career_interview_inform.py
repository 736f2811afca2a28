from odoo import api, fields, models
from odoo.exceptions import UserError


class HrCareerInterviewInform(models.TransientModel):
    """Inform employees that the career interview exists (O1): by e-mail from
    the template, or record that a paper letter was handed over. Works for one
    employee or a selection (employees hired before the addon was installed)."""

    _name = "hr.career.interview.inform"
    _description = "Inform employees of the career interview"

    employee_ids = fields.Many2many("hr.employee", string="Employees", required=True)
    mode = fields.Selection(
        [("email", "Send the e-mail"), ("paper", "Record a paper letter handed over")],
        required=True,
        default="email",
    )
    paper_date = fields.Date("Handed over on", default=fields.Date.context_today)
    already_informed_count = fields.Integer("Already informed", compute="_compute_already_informed_count")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hr.employee":
            values["employee_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    @api.depends("employee_ids")
    def _compute_already_informed_count(self):
        for wizard in self:
            wizard.already_informed_count = len(wizard.employee_ids.filtered("l10n_fr_career_information_date"))

    def action_apply(self):
        self.ensure_one()
        if self.mode == "paper":
            if not self.paper_date:
                raise UserError(self.env._("Say when the letter was handed over."))
            self.employee_ids._l10n_fr_career_record_paper_information(self.paper_date)
            return {"type": "ir.actions.act_window_close"}
        without_email = self.employee_ids.filtered(lambda e: not e.work_contact_id.email)
        if without_email:
            raise UserError(
                self.env._(
                    "These employees have no work e-mail; hand them the letter and record it on paper: %(names)s",
                    names=", ".join(without_email.mapped("name")),
                )
            )
        self.employee_ids._l10n_fr_career_send_information()
        return {"type": "ir.actions.act_window_close"}
