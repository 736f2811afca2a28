import dataclasses

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import formatLang

from .. import engine
from ..tools import groups, sentences
from .res_company import POLICY_FIELDS

ADMIN = groups.ADMIN
# The company setting behind each attribute of the engine's Policy
# (res.company._l10n_fr_career_policy); the headcount apart: 0 means counted.
POLICY_ATTRIBUTES = {
    "l10n_fr_career_periodicity_months": "periodicity_months",
    "l10n_fr_career_notice_days": "notice_days",
    "l10n_fr_career_return_grace_days": "return_grace_days",
    "l10n_fr_career_due_soon_days": "due_soon_days",
    "l10n_fr_career_agreement_periodicity_months": "agreement_periodicity_months",
    "l10n_fr_career_agreement_summary_months": "agreement_summary_months",
    "l10n_fr_career_lead_days": "lead_days",
    "l10n_fr_career_summary_lead_days": "summary_lead_days",
    "l10n_fr_career_prior_agreement_months": "prior_agreement_months",
}
# Date settings, empty standing for None.
POLICY_DATES = {
    "l10n_fr_career_agreement_until": "agreement_until",
    "l10n_fr_career_prior_agreement_from": "prior_agreement_from",
}
# Above this many employees the effect is computed when asked, not at each
# edit: about 1.5 ms an employee (facts read, two engine runs), 3 s here.
LIVE_LIMIT = 2000


class HrCareerWhatIf(models.AbstractModel):
    """What a change of the career settings would do, before it is saved.

    The engine compares the register the daily pass would store for the
    company's employees under the saved policy and under the edited one, on
    a copy of today's facts (engine/what_if.py): nothing is written, not
    even the mark that makes the daily pass look at them again, which only
    saving the settings sets.

    Cost: the facts of every employee the daily pass looks at (a few
    batched queries, history included), then two engine runs each: about
    1.5 ms an employee in all (1 to 1.5 s measured for 1 000 employees and
    3 000 interviews). Nothing when the form holds the saved settings.
    """

    _name = "hr.career.what.if"
    _description = "Career settings what-if"

    @api.model
    def _preview(self, company, values):
        """The engine's what-if (engine.WhatIf) of giving ``company`` the
        career settings ``values`` ({company field: value}, the others kept),
        or None when ``values`` change none of them. Career administrators only."""
        compared = self._compare(company, values)
        return compared and compared[2]

    @api.model
    def _preview_text(self, company, values):
        """The same what-if in the user's language, one line per figure, or ""."""
        compared = self._compare(company, values)
        return self._describe(*compared) if compared else ""

    @api.model
    def _compare(self, company, values):
        """(saved policy, edited policy, engine.WhatIf), or None if nothing differs."""
        self._check_may_preview(company)
        company = company.sudo()
        if not self._differs(company, values):
            return None
        before = company._l10n_fr_career_policy()
        after = self._policy(company, before, values)
        # Read with sudo (facts of every employee), written nowhere.
        facts = self.env["hr.career.calendar"]._facts(self._employees(company), with_history=True)
        return before, after, engine.compare(facts, before, after, fields.Date.context_today(self))

    @api.model
    def _check_may_preview(self, company):
        """The figures tell about every employee: only for who sets the policy."""
        if self.env.su:
            return
        if not self.env.user.has_group(ADMIN) or company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("Only a career interviews administrator of the company previews a change of its settings.")
            )

    @api.model
    def _differs(self, company, values):
        return any(name in values and (values[name] or False) != (company[name] or False) for name in POLICY_FIELDS)

    @api.model
    def _policy(self, company, before, values):
        """The policy ``values`` would give ``company``: its saved policy with
        those settings replaced, as res.company._l10n_fr_career_policy reads them."""
        changes = {attribute: values[name] for name, attribute in POLICY_ATTRIBUTES.items() if name in values}
        changes.update({attribute: values[name] or None for name, attribute in POLICY_DATES.items() if name in values})
        if "l10n_fr_career_headcount" in values:
            if values["l10n_fr_career_headcount"]:
                changes.update(headcount=values["l10n_fr_career_headcount"], headcount_history=())
            else:
                changes.update(
                    headcount=self._counted_headcount(company, before),
                    headcount_history=company._l10n_fr_career_headcount_history(),
                )
        return dataclasses.replace(before, **changes)

    @api.model
    def _counted_headcount(self, company, before):
        """The headcount 0 stands for, as res.company._l10n_fr_career_headcount counts it."""
        if not company.l10n_fr_career_headcount:
            return before.headcount  # counted already
        return self.env["hr.employee"].sudo().search_count([("company_id", "=", company.id)])

    @api.model
    def _employees(self, company):
        """The company's employees the daily pass stores a calendar for."""
        return self._scope_employees().search(self._scope(company), order="id")

    @api.model
    def _employee_count(self, company):
        return self._scope_employees().search_count(self._scope(company))

    @api.model
    def _scope(self, company):
        return [("company_id", "=", company.id), *self.env["hr.career.scheduler"]._scope_domain()]

    @api.model
    def _scope_employees(self):
        return self.env["hr.employee"].sudo().with_context(active_test=False)

    # -- in words --------------------------------------------------------------

    @api.model
    def _describe(self, before, after, what_if):
        """The what-if in the user's language, one line per figure."""

        def number(value):
            return formatLang(self.env, value, digits=0)

        if not what_if.moved:
            moved = self.env._("No obligation moved, added or removed")
        elif what_if.moved == 1:
            moved = self.env._("%(count)s obligation moved, added or removed", count=number(what_if.moved))
        else:
            moved = self.env._("%(count)s obligations moved, added or removed", count=number(what_if.moved))
        overdue = self.env._(
            "Obligations overdue: %(before)s → %(after)s",
            before=number(what_if.overdue_before),
            after=number(what_if.overdue_after),
        )
        counts = {"before": number(what_if.due_soon_before), "after": number(what_if.due_soon_after)}
        if before.due_soon_days == after.due_soon_days:
            due_soon = self.env._(
                "Obligations due within %(days)s days: %(before)s → %(after)s", days=after.due_soon_days, **counts
            )
        else:
            due_soon = self.env._(
                "Obligations due soon (within %(days_before)s → %(days_after)s days): %(before)s → %(after)s",
                days_before=before.due_soon_days,
                days_after=after.due_soon_days,
                **counts,
            )
        exposure = self.env._(
            "At stake at the summary reviews of the next 24 months: %(before)s EUR → %(after)s EUR",
            before=number(what_if.exposure_before),
            after=number(what_if.exposure_after),
        )
        lines = [moved, overdue, due_soon, exposure]
        lines += [sentences.render(self.env, ((code, ()),)) for code, _message in after.problems()]
        return "\n".join(lines)
