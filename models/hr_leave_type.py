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
