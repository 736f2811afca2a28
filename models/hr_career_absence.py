from odoo import fields, models

from ..engine import LeaveFact
from .hr_leave_type import RETURN_KINDS


class HrCareerAbsence(models.Model):
    """An absence not managed as time off (a union mandate, a sabbatical
    recorded by hand...) that calls for an interview on return (L. 6315-1)."""

    _name = "hr.career.absence"
    _description = "Absence calling for a return interview"
    _inherit = ["hr.career.employee.mixin"]
    _order = "date_from desc, id desc"
    _l10n_fr_career_is_fact = True

    kind = fields.Selection(RETURN_KINDS, required=True)
    date_from = fields.Date("From", required=True)
    date_to = fields.Date("To", help="Last day of absence; empty while it lasts.")
    note = fields.Char()

    def _engine_fact(self):
        return LeaveFact(self.kind, self.date_from, self.date_to or None, f"absence:{self.id}")
