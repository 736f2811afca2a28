from odoo import api, fields, models
from odoo.tools import formatLang

from .hr_career_what_if import ADMIN, LIVE_LIMIT
from .res_company import POLICY_FIELDS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_career_periodicity_months = fields.Integer(
        related="company_id.l10n_fr_career_periodicity_months", readonly=False
    )
    l10n_fr_career_notice_days = fields.Integer(related="company_id.l10n_fr_career_notice_days", readonly=False)
    l10n_fr_career_return_grace_days = fields.Integer(
        related="company_id.l10n_fr_career_return_grace_days", readonly=False
    )
    l10n_fr_career_due_soon_days = fields.Integer(related="company_id.l10n_fr_career_due_soon_days", readonly=False)
    l10n_fr_career_headcount = fields.Integer(related="company_id.l10n_fr_career_headcount", readonly=False)
    l10n_fr_career_agreement_until = fields.Date(related="company_id.l10n_fr_career_agreement_until", readonly=False)
    l10n_fr_career_agreement_periodicity_months = fields.Integer(
        related="company_id.l10n_fr_career_agreement_periodicity_months", readonly=False
    )
    l10n_fr_career_agreement_summary_months = fields.Integer(
        related="company_id.l10n_fr_career_agreement_summary_months", readonly=False
    )
    l10n_fr_career_prior_agreement_months = fields.Integer(
        related="company_id.l10n_fr_career_prior_agreement_months", readonly=False
    )
    l10n_fr_career_prior_agreement_from = fields.Date(
        related="company_id.l10n_fr_career_prior_agreement_from", readonly=False
    )
    l10n_fr_career_lead_days = fields.Integer(related="company_id.l10n_fr_career_lead_days", readonly=False)
    l10n_fr_career_summary_lead_days = fields.Integer(
        related="company_id.l10n_fr_career_summary_lead_days", readonly=False
    )
    l10n_fr_career_responsible_id = fields.Many2one(related="company_id.l10n_fr_career_responsible_id", readonly=False)
    l10n_fr_career_cse_threshold = fields.Integer(
        related="company_id.l10n_fr_career_cse_threshold",
        readonly=False,
        groups="l10n_fr_hr_career_interview.group_career_admin",
    )

    # What the edited career settings would do, before they are saved
    # (hr.career.what.if): computed as the form changes, nothing written.
    l10n_fr_career_what_if_asked = fields.Boolean(
        "Compute the effect of the change",
        compute="_compute_l10n_fr_career_what_if_asked",
        readonly=False,
        groups=ADMIN,
        help="Computed at each change up to 2 000 employees; above, in the background when asked.",
    )
    l10n_fr_career_what_if_background = fields.Boolean(
        compute="_compute_l10n_fr_career_what_if_background", groups=ADMIN, export_string_translation=False
    )
    l10n_fr_career_what_if_differs = fields.Boolean(
        compute="_compute_l10n_fr_career_what_if", groups=ADMIN, export_string_translation=False
    )
    l10n_fr_career_what_if = fields.Text(
        compute="_compute_l10n_fr_career_what_if", groups=ADMIN, export_string_translation=False
    )

    @api.depends("l10n_fr_career_what_if_background")
    def _compute_l10n_fr_career_what_if_asked(self):
        """Live for most companies; a large one computes it on demand, as each
        change would otherwise wait for the whole company's calendars."""
        for settings in self:
            settings.l10n_fr_career_what_if_asked = not settings.l10n_fr_career_what_if_background

    @api.depends("company_id")
    def _compute_l10n_fr_career_what_if_background(self):
        WhatIf = self.env["hr.career.what.if"]
        for settings in self:
            settings.l10n_fr_career_what_if_background = WhatIf._employee_count(settings.company_id) > LIVE_LIMIT

    @api.depends("company_id", "l10n_fr_career_what_if_asked", *POLICY_FIELDS)
    def _compute_l10n_fr_career_what_if(self):
        WhatIf = self.env["hr.career.what.if"]
        may_preview = self.env.su or self.env.user.has_group(ADMIN)
        for settings in self:
            company = settings.company_id
            values = {name: settings[name] for name in POLICY_FIELDS}
            differs = bool(may_preview and company) and WhatIf._differs(company.sudo(), values)
            settings.l10n_fr_career_what_if_differs = differs
            if not differs:
                settings.l10n_fr_career_what_if = False
            elif not settings.l10n_fr_career_what_if_asked:
                settings.l10n_fr_career_what_if = self.env._(
                    "%(count)s employees: the effect of the change is computed in the background when asked.",
                    count=formatLang(self.env, WhatIf._employee_count(company), digits=0),
                )
            elif not settings.l10n_fr_career_what_if_background:
                settings.l10n_fr_career_what_if = WhatIf._preview_text(company, values)
            else:
                settings.l10n_fr_career_what_if = settings._l10n_fr_career_what_if_in_background(company, values)

    def _l10n_fr_career_what_if_in_background(self, company, values):
        """A large company's effect, from its background run (queued if none):
        the answer when done, else how far it is."""
        WhatIf = self.env["hr.career.what.if"]
        WhatIf._check_may_preview(company)
        run = self.env["hr.career.what.if.run"]._for(company, values)
        if run.is_done:
            before = company.sudo()._l10n_fr_career_policy()
            after = WhatIf._policy(company.sudo(), before, values)
            return WhatIf._describe(before, after, run._what_if())
        return self.env._(
            "Being computed in the background: %(done)s of %(total)s employees. You will be notified when it is "
            "ready; untick and tick the box again to read it here. The answer is kept for these settings today.",
            done=formatLang(self.env, run.done, digits=0),
            total=formatLang(self.env, run.total, digits=0),
        )
