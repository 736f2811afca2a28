from odoo import api, models

# Contract fields that move the hiring date or the end of the employment.
CALENDAR_FIELDS = {"date_start", "date_end", "state", "employee_id"}


class HrContract(models.Model):
    _inherit = "hr.contract"

    @api.model_create_multi
    def create(self, vals_list):
        contracts = super().create(vals_list)
        contracts.employee_id._l10n_fr_career_recompute()
        return contracts

    def write(self, vals):
        employees = self.employee_id
        result = super().write(vals)
        if CALENDAR_FIELDS & set(vals):
            (employees | self.employee_id)._l10n_fr_career_recompute()
        return result
