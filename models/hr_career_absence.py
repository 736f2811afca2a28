from odoo import api, fields, models

from ..engine import LeaveFact
from .hr_leave_type import RETURN_KINDS


class HrCareerAbsence(models.Model):
    """An absence not managed as time off (a union mandate, a sabbatical
    recorded by hand...) that calls for an interview on return (L. 6315-1)."""

    _name = "hr.career.absence"
    _description = "Absence calling for a return interview"
    _inherit = ["hr.career.employee.mixin"]
    _order = "date_from desc, id desc"

    kind = fields.Selection(RETURN_KINDS, required=True)
    date_from = fields.Date("From", required=True)
    date_to = fields.Date("To", help="Last day of absence; empty while it lasts.")
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        absences = super().create(vals_list)
        absences.employee_id._l10n_fr_career_recompute()
        return absences

    def write(self, vals):
        employees = self.employee_id
        result = super().write(vals)
        (employees | self.employee_id)._l10n_fr_career_recompute()
        return result

    def unlink(self):
        employees = self.employee_id
        result = super().unlink()
        employees._l10n_fr_career_recompute()
        return result

    def _engine_fact(self):
        return LeaveFact(self.kind, self.date_from, self.date_to or None, f"absence:{self.id}")
