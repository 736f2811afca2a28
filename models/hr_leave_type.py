from odoo import fields, models

RETURN_KINDS = [
    ("maternity", "Maternity leave"),
    ("parental", "Parental education leave"),
    ("adoption", "Adoption leave"),
    ("sabbatical", "Sabbatical leave"),
    ("secured_mobility", "Secured voluntary mobility"),
    ("long_illness", "Long illness"),
    ("union_mandate", "Trade-union mandate"),
    ("caregiver", "Caregiver leave"),
]


class HrLeaveType(models.Model):
    _inherit = "hr.leave.type"

    l10n_fr_career_return_kind = fields.Selection(
        RETURN_KINDS,
        "Return interview",
        help="When set, returning from a validated time off of this type calls "
        "for a career interview if none was held in the 12 months before "
        "(L. 6315-1).",
    )

    def write(self, vals):
        result = super().write(vals)
        if "l10n_fr_career_return_kind" in vals:
            # Their leaves call, or no longer call, for return interviews:
            # the next daily pass looks at the employees who took them.
            leaves = self.env["hr.leave"].sudo().search([("holiday_status_id", "in", self.ids)])
            self.env["hr.career.calendar"]._facts_changed(leaves.employee_id, later=True)
        return result
