from odoo import api, fields, models

ACTION_TYPES = [
    ("training", "Training"),
    ("mobility", "Mobility"),
    ("skills_assessment", "Skills assessment (bilan de compétences)"),
    ("vae", "VAE"),
    ("cpf", "CPF use"),
    ("cep", "Career guidance (CEP)"),
    ("workstation", "Workstation adaptation"),
    ("other", "Other"),
]
# What was agreed at the interview: frozen with the report once delivered.
# The follow-up (status, notes, date done) goes on afterwards.
AGREED_FIELDS = {
    "interview_id",
    "action_type",
    "description",
    "owner_id",
    "planned_date",
    "is_mandatory",
    "is_certifying",
}


class HrCareerAction(models.Model):
    """A line of the action plan decided at the interview (L. 6315-1 I)."""

    _name = "hr.career.action"
    _description = "Career interview action plan line"
    _inherit = ["hr.career.employee.mixin"]
    _order = "planned_date, id"

    interview_id = fields.Many2one("hr.career.interview", required=True, ondelete="cascade", index=True)
    employee_id = fields.Many2one(related="interview_id.employee_id", store=True, readonly=True, precompute=True)
    action_type = fields.Selection(ACTION_TYPES, "Type", required=True, default="training")
    description = fields.Char(required=True)
    owner_id = fields.Many2one("res.users", "Owner", domain="[('share', '=', False)]")
    planned_date = fields.Date("Planned for")
    state = fields.Selection(
        [("requested", "Requested"), ("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="requested",
        required=True,
    )
    done_on = fields.Date()
    followup = fields.Text("Follow-up")
    is_mandatory = fields.Boolean(
        "Mandatory training",
        help="A training that conditions an activity or function: it does not count against the corrective CPF top-up.",
    )
    is_certifying = fields.Boolean("Certifying")
    training_id = fields.Many2one("hr.career.training", readonly=True, ondelete="set null")

    @api.model_create_multi
    def create(self, vals_list):
        interviews = self.env["hr.career.interview"].browse([v.get("interview_id") for v in vals_list])
        interviews._check_not_delivered()
        actions = super().create(vals_list)
        actions._sync_trainings()
        return actions

    def write(self, vals):
        if AGREED_FIELDS & set(vals):
            self.interview_id._check_not_delivered()
        if vals.get("interview_id"):
            self.env["hr.career.interview"].browse(vals["interview_id"])._check_not_delivered()
        result = super().write(vals)
        if {"state", "done_on"} & set(vals):
            self._sync_trainings()
        return result

    def unlink(self):
        self.interview_id._check_not_delivered()
        return super().unlink()

    def _sync_trainings(self):
        """A training line carried out becomes a training action, so that the
        summary review counts it."""
        Training = self.env["hr.career.training"].sudo()
        for action in self.filtered(lambda a: a.action_type == "training" and a.state == "done" and not a.training_id):
            action.training_id = Training.create(
                {
                    "employee_id": action.employee_id.id,
                    "name": action.description,
                    "date": action.done_on or fields.Date.context_today(self),
                    "is_mandatory": action.is_mandatory,
                    "is_certifying": action.is_certifying,
                    "interview_id": action.interview_id.id,
                }
            )
