from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .. import engine
from ..engine.disclosure import MIN_THRESHOLD
from ..engine.facts import RETURN_LEAVE_KINDS
from ..tools import groups

POLICY_FIELDS = (
    "l10n_fr_career_periodicity_months",
    "l10n_fr_career_notice_days",
    "l10n_fr_career_return_grace_days",
    "l10n_fr_career_due_soon_days",
    "l10n_fr_career_headcount",
    "l10n_fr_career_agreement_until",
    "l10n_fr_career_agreement_periodicity_months",
    "l10n_fr_career_agreement_summary_months",
    "l10n_fr_career_lead_days",
    "l10n_fr_career_summary_lead_days",
    "l10n_fr_career_prior_agreement_months",
    "l10n_fr_career_prior_agreement_from",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_career_periodicity_months = fields.Integer(
        "Interview periodicity (months)",
        default=48,
        help="48 months by law; a company, else branch, agreement may set a shorter period.",
    )
    l10n_fr_career_notice_days = fields.Integer("Convocation notice (days)", default=8)
    l10n_fr_career_return_grace_days = fields.Integer(
        "Return interview within (days)",
        default=30,
        help="Days after the return from leave by which the interview must be offered.",
    )
    l10n_fr_career_due_soon_days = fields.Integer(
        "Due soon within (days)", default=90, help="Obligations due within this many days are shown as due soon."
    )
    l10n_fr_career_headcount = fields.Integer(
        "Headcount for the CPF sanction",
        help="Headcount that decides whether the 3 000 EUR corrective top-up applies "
        "(50 or more). Leave 0 to count the company's active employees.",
    )
    l10n_fr_career_agreement_until = fields.Date(
        "Previous rules kept until",
        help="A company, else branch, agreement that adapted the previous rules may "
        "keep applying them until 1 October 2026 at the latest.",
    )
    l10n_fr_career_agreement_periodicity_months = fields.Integer("Agreement periodicity (months)", default=24)
    l10n_fr_career_agreement_summary_months = fields.Integer("Agreement summary review (months)", default=72)
    l10n_fr_career_prior_agreement_months = fields.Integer(
        "Periodicity agreed before the reform (months)",
        help="From 1 January 2019 a company, else branch, agreement could set another periodicity of the "
        "interviews (former L. 6315-1 III): the previous law's interviews follow it from the date below until "
        "the reform. 0: the law's 24 months.",
    )
    l10n_fr_career_prior_agreement_from = fields.Date(
        "Agreed periodicity applied from", help="The day the agreement applied from, 1 January 2019 at the earliest."
    )
    l10n_fr_career_lead_days = fields.Integer(
        "Plan interviews (days before due)",
        default=60,
        help="The interviewer's activity falls this many days before the legal due date.",
    )
    l10n_fr_career_summary_lead_days = fields.Integer(
        "Plan summary reviews (days before due)",
        default=90,
        help="The summary review needs the 8-year file: its activity falls earlier.",
    )
    l10n_fr_career_cse_threshold = fields.Integer(
        "CSE figures: privacy threshold",
        default=MIN_THRESHOLD,
        groups="l10n_fr_hr_career_interview.group_career_admin",
        help="In the figures for the staff representatives (CSE), counts from 1 to this number minus one "
        "are masked, and so are the figures they could be deduced from. At least 3.",
    )
    # The headcount the last daily pass counted, when it is counted (the
    # setting is 0): crossing 50 moves everyone's summary review exposure.
    l10n_fr_career_counted_headcount = fields.Integer(readonly=True, export_string_translation=False)
    # The day the overdue digest was last sent: once per company and day.
    l10n_fr_career_digest_date = fields.Date(readonly=True, export_string_translation=False)
    l10n_fr_career_responsible_id = fields.Many2one(
        "res.users",
        "Career interviews HR responsible",
        domain="[('share', '=', False)]",
        help="Receives the activities nobody else can take (no manager) and the "
        "daily digest of overdue obligations. Empty: the first HR officer of the company.",
    )

    @api.constrains(*POLICY_FIELDS)
    def _check_l10n_fr_career_policy(self):
        for company in self:
            problems = company._l10n_fr_career_policy().problems()
            if problems:
                raise ValidationError("\n".join(message for _code, message in problems))

    @api.constrains("l10n_fr_career_cse_threshold")
    def _check_l10n_fr_career_cse_threshold(self):
        for company in self.sudo():
            if company.l10n_fr_career_cse_threshold < MIN_THRESHOLD:
                raise ValidationError(
                    self.env._(
                        "The privacy threshold of the CSE figures is at least %(minimum)s.", minimum=MIN_THRESHOLD
                    )
                )

    def write(self, vals):
        names = [name for name in POLICY_FIELDS if name in vals]
        before = {company.id: [company[name] for name in names] for company in self} if names else {}
        result = super().write(vals)
        if names:
            # The calendar of everyone in these companies may move: the next
            # daily pass looks at them all (not now: settings must save at once).
            changed = self.filtered(lambda company: [company[name] for name in names] != before[company.id])
            self.env["hr.career.calendar"]._mark_companies_changed(changed)
        return result

    def _l10n_fr_career_policy(self):
        """The company's settings as the engine's policy."""
        self.ensure_one()
        return engine.Policy(
            periodicity_months=self.l10n_fr_career_periodicity_months,
            notice_days=self.l10n_fr_career_notice_days,
            return_grace_days=self.l10n_fr_career_return_grace_days,
            due_soon_days=self.l10n_fr_career_due_soon_days,
            headcount=self._l10n_fr_career_headcount(),
            agreement_until=self.l10n_fr_career_agreement_until or None,
            agreement_periodicity_months=self.l10n_fr_career_agreement_periodicity_months,
            agreement_summary_months=self.l10n_fr_career_agreement_summary_months,
            # Leaves reach the engine only from flagged types (see hr.leave.type),
            # so every kind the engine knows is accepted here.
            return_leave_kinds=frozenset(RETURN_LEAVE_KINDS),
            lead_days=self.l10n_fr_career_lead_days,
            summary_lead_days=self.l10n_fr_career_summary_lead_days,
            prior_agreement_months=self.l10n_fr_career_prior_agreement_months,
            prior_agreement_from=self.l10n_fr_career_prior_agreement_from or None,
            # Counted: the sanction applies by the headcount on each review's date.
            headcount_history=() if self.l10n_fr_career_headcount else self._l10n_fr_career_headcount_history(),
        )

    def _l10n_fr_career_responsible(self):
        """Who gets HR's share of the work: the setting, else an HR officer."""
        self.ensure_one()
        if self.l10n_fr_career_responsible_id.active:
            return self.l10n_fr_career_responsible_id
        officers = self.env.ref(groups.OFFICER).sudo().users
        in_company = officers.filtered(lambda u: self in u.company_ids and not u.share and not u._is_superuser())
        return in_company.sorted("id")[:1] or self.env.ref("base.user_admin")

    def _l10n_fr_career_cse_threshold(self):
        """The threshold the CSE figures apply: the company's setting, which
        only career administrators may change (never a value from the
        report, its context or its caller)."""
        self.ensure_one()
        return max(MIN_THRESHOLD, self.sudo().l10n_fr_career_cse_threshold)

    def _l10n_fr_career_headcount_history(self):
        """The company's headcount on each day it changed, ((day, count), ...)
        in date order, in one query: each employee from the hiring date (always,
        when unknown) to the departure date included. An archived employee
        without a departure date is not counted: when they left is unknown."""
        self.ensure_one()
        self.env["hr.employee"].flush_model(["company_id", "active", "departure_date", "l10n_fr_career_hire_date"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT day, SUM(delta)
                  FROM (SELECT COALESCE(l10n_fr_career_hire_date, DATE '0001-01-01') AS day, 1 AS delta
                          FROM hr_employee
                         WHERE company_id = %(company)s AND (active OR departure_date IS NOT NULL)
                        UNION ALL
                        SELECT departure_date + 1, -1
                          FROM hr_employee
                         WHERE company_id = %(company)s AND departure_date IS NOT NULL) AS changes
                 GROUP BY day
                 ORDER BY day
                """,
                company=self.id,
            )
        )
        history, count = [], 0
        for day, delta in rows:
            count += delta
            history.append((day, count))
        return tuple(history)

    def _l10n_fr_career_headcount(self):
        if self.l10n_fr_career_headcount:
            return self.l10n_fr_career_headcount
        # The employees in post: whatever the caller's context (the daily
        # pass reads archived employees too), departed ones do not count.
        return (
            self.env["hr.employee"].sudo().with_context(active_test=True).search_count([("company_id", "=", self.id)])
        )
