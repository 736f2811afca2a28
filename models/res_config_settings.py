from odoo import fields, models


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
