from odoo import fields, models

from ..engine import TrainingFact


class HrCareerTraining(models.Model):
    """A training action followed by an employee: what the summary review
    counts (L. 6315-1 II), mandatory trainings apart."""

    _name = "hr.career.training"
    _description = "Career training action"
    _inherit = ["hr.career.employee.mixin"]
    _order = "date desc, id desc"
    _l10n_fr_career_is_fact = True

    name = fields.Char("Title", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    hours = fields.Float()
    is_mandatory = fields.Boolean(
        "Mandatory",
        help="A training that conditions the exercise of an activity or a function "
        "(safety, habilitation...). It does not avoid the corrective CPF top-up.",
    )
    is_certifying = fields.Boolean("Certifying", help="Leads to a certification, a diploma or a block of skills.")
    is_vae = fields.Boolean("VAE", help="Validation des acquis de l'expérience.")
    interview_id = fields.Many2one(
        "hr.career.interview",
        "Origin interview",
        ondelete="set null",
        domain="[('employee_id', '=', employee_id)]",
        check_company=True,
    )
    note = fields.Text()

    def _engine_fact(self):
        return TrainingFact(self.date, self.name, self.is_mandatory, self.is_certifying, self.is_vae, self.id)
