from odoo import api, models


class HrLeave(models.Model):
    _inherit = "hr.leave"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._l10n_fr_career_recompute_returns()
        return leaves

    def write(self, vals):
        result = super().write(vals)
        if {"state", "request_date_from", "request_date_to", "holiday_status_id"} & set(vals):
            self._l10n_fr_career_recompute_returns()
        return result

    def _l10n_fr_career_recompute_returns(self):
        """A flagged leave changes the return interviews of its employee."""
        flagged = self.sudo().filtered("holiday_status_id.l10n_fr_career_return_kind")
        self.env["hr.career.calendar"]._facts_changed(flagged.employee_id)
