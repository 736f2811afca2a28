"""The preparation pack: what the interviewer should have at hand (L. 6315-1 I),
as it stood on the day of the interview."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date


class HrCareerInterviewPack(models.Model):
    # The interview is split by concern on purpose (one file each), so the
    # merge suggestion of pylint-odoo does not apply.
    _inherit = "hr.career.interview"  # pylint: disable=consider-merging-classes-inherited

    def _pack_day(self):
        """The day the pack is for: the interview's, else today."""
        return self._interview_day() or fields.Date.context_today(self)

    @api.depends_context("lang")
    @api.depends("employee_id", "kind", "held_on", "scheduled_at")
    def _compute_pack(self):
        """What the interviewer should have at hand (L. 6315-1 I), read with sudo:
        the interviewer may not read hr.employee, but this pack is theirs."""
        for interview in self:
            employee = interview.employee_id.sudo()
            hired = employee.l10n_fr_career_hire_date
            interview.job_title = employee.job_title or employee.job_id.name or ""
            interview.seniority = interview._seniority_text(hired)
            # What the employee had behind them on the day of the interview:
            # a report of 2024 lists neither the interviews nor the trainings of 2025.
            day = interview._pack_day()
            interview.previous_interview_ids = employee.l10n_fr_career_interview_ids.filtered(
                lambda i, current=interview, day=day: (
                    i.state in ("held", "delivered", "refused")
                    and i != current
                    and (i.held_on or i.refused_on or day) <= day
                )
            )
            interview.training_ids = employee.env["hr.career.training"].search(
                [("employee_id", "=", employee.id), ("date", "<=", day)]
            )
            interview.skill_summary = "\n".join(
                f"{s.skill_type_id.name}: {s.skill_id.name} ({s.skill_level_id.name})"
                for s in employee.employee_skill_ids
            )
            interview.resume_summary = "\n".join(
                interview._resume_line_text(line)
                for line in employee.resume_line_ids
                if not line.date_start or line.date_start <= day
            )
            interview.obligation_explanation = interview.sudo().obligation_id.explanation or ""

    def _employee_age(self):
        birthday = self.employee_id.sudo().birthday
        if not birthday:
            return None
        return relativedelta(self._pack_day(), birthday).years

    def _seniority_text(self, hired):
        """Seniority on the day of the interview, as one says it: "3 years
        2 months", "1 year", "11 months" (no zero part, singular for one)."""
        if not hired:
            return ""
        delta = relativedelta(self._pack_day(), hired)
        years = self.env._("1 year") if delta.years == 1 else self.env._("%s years", delta.years)
        months = self.env._("1 month") if delta.months == 1 else self.env._("%s months", delta.months)
        parts = [text for count, text in ((delta.years, years), (delta.months, months)) if count]
        return " ".join(parts) or self.env._("less than a month")

    def _resume_line_text(self, line):
        """A resume line with French dates, without a dash left dangling."""
        start = format_date(self.env, line.date_start) if line.date_start else ""
        if line.date_end:
            period = f"{start} - {format_date(self.env, line.date_end)}"
        else:
            period = self.env._("Since %(date)s", date=start) if start else ""
        # The colon is the language's (French puts a space before it).
        return self.env._("%(period)s: %(title)s", period=period, title=line.name or "") if period else line.name or ""
