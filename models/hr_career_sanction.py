from odoo import api, fields, models

from ..tools.xlsx import register_action


class HrCareerSanction(models.Model):
    """The corrective CPF top-up (abondement correctif, L. 6323-13) owed after
    a summary review, until it is declared and paid."""

    _name = "hr.career.sanction"
    _description = "Corrective CPF top-up owed"
    _inherit = ["hr.career.employee.mixin", "mail.thread"]
    _order = "review_date desc, id desc"

    interview_id = fields.Many2one("hr.career.interview", "Summary review", required=True, ondelete="restrict")
    review_date = fields.Date(required=True)
    amount = fields.Integer("Amount (EUR)", required=True)
    explanation = fields.Text(readonly=True)
    state = fields.Selection(
        [("to_declare", "To declare"), ("declared", "Declared"), ("paid", "Paid")],
        default="to_declare",
        required=True,
        tracking=True,
    )
    declared_on = fields.Date(tracking=True)
    declaration_reference = fields.Char(tracking=True)
    paid_on = fields.Date(tracking=True)

    _sql_constraints = [
        ("unique_interview", "unique(interview_id)", "A summary review owes the top-up once."),
    ]

    @api.depends("employee_id", "review_date")
    def _compute_display_name(self):
        for sanction in self:
            sanction.display_name = f"{sanction.employee_id.name} - {sanction.review_date or ''}"

    def action_declare(self):
        self.filtered(lambda s: s.state == "to_declare").write(
            {"state": "declared", "declared_on": fields.Date.context_today(self)}
        )

    def action_paid(self):
        self.filtered(lambda s: s.state == "declared").write(
            {"state": "paid", "paid_on": fields.Date.context_today(self)}
        )

    def action_export_xlsx(self):
        """What the declaration needs, and nothing more."""
        _ = self.env._
        columns = [
            (_("Name"), lambda s: s.employee_id.name),
            (_("Social security number"), lambda s: s.employee_id.ssnid),
            (_("Birth date"), lambda s: s.employee_id.birthday),
            (_("Summary review date"), "review_date"),
            (_("Amount (EUR)"), "amount"),
        ]
        return register_action(self, _("Corrective top-ups"), "abondements_correctifs.xlsx", columns)
