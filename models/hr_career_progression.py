from odoo import fields, models

from ..engine import ProgressionFact


class HrCareerProgression(models.Model):
    """A salary or professional progression, the fourth criterion of the
    summary review (L. 6315-1 II)."""

    _name = "hr.career.progression"
    _description = "Career progression"
    _inherit = ["hr.career.employee.mixin"]
    _order = "date desc, id desc"
    _l10n_fr_career_is_fact = True

    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [("salary", "Salary"), ("professional", "Professional")],
        required=True,
        default="salary",
    )
    note = fields.Char()

    def _engine_fact(self):
        return ProgressionFact(self.date, self.kind, self.note or "", self.id)
