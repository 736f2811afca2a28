from collections import Counter

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.hr_career_action import ACTION_TYPES
from ..models.hr_career_interview import INTERVIEW_KINDS
from ..xlsx import download_action, workbook_bytes

# Interview kinds that answer an obligation, and the obligation's code.
CODE_OF_KIND = {"first": "O2", "periodic": "O3", "summary": "O4", "midcareer": "O5", "pre60": "O6", "return": "O7"}
ACTION_STATES = ("requested", "planned", "done")


class HrCareerCseReport(models.TransientModel):
    """Figures for the staff representatives (CSE) and the BDESE (brief §7):
    counts only, computed here with sudo for one company and period; the CSE
    group reads this report and no individual record. Counts under the
    privacy threshold are shown as "< N" so that nobody can be recognised."""

    _name = "hr.career.cse.report"
    _description = "Career interviews: figures for the staff representatives"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    date_from = fields.Date(
        "From", required=True, default=lambda self: fields.Date.context_today(self) - relativedelta(years=1)
    )
    date_to = fields.Date("To", required=True, default=fields.Date.context_today)
    privacy_threshold = fields.Integer(
        default=3, help="Counts from 1 to this number minus one are shown as '< threshold'. 0 shows every count."
    )

    def _check_reader(self):
        user = self.env.user
        allowed = user.has_group("l10n_fr_hr_career_interview.group_career_cse") or user.has_group(
            "l10n_fr_hr_career_interview.group_career_officer"
        )
        if not allowed or self.company_id not in user.company_ids:
            raise AccessError(self.env._("These figures are for HR and the staff representatives of the company."))

    def _figures(self):
        """Raw counts (no threshold applied), for the report and the tests."""
        self.ensure_one()
        self._check_reader()
        env = self.env(su=True)
        company, start, end = self.company_id, self.date_from, self.date_to
        obligations = env["hr.career.obligation"].search(
            [
                ("company_id", "=", company.id),
                ("due_date", ">=", start),
                ("due_date", "<=", end),
                ("code", "in", list(CODE_OF_KIND.values())),
            ]
        )
        interviews = env["hr.career.interview"].search([("company_id", "=", company.id)])
        held = interviews.filtered(
            lambda i: i.state in ("held", "delivered") and i.held_on and start <= i.held_on <= end
        )
        refused = interviews.filtered(lambda i: i.state == "refused" and i.refused_on and start <= i.refused_on <= end)
        by_kind = {}
        for kind, _label in INTERVIEW_KINDS:
            code = CODE_OF_KIND.get(kind)
            due = obligations.filtered(lambda o, c=code: o.code == c)
            by_kind[kind] = {
                "due": len(due),
                "held": len(held.filtered(lambda i, k=kind: i.kind == k)),
                "refused": len(refused.filtered(lambda i, k=kind: i.kind == k)),
                "overdue": len(due.filtered(lambda o: o.status in ("overdue", "missed"))),
            }
        actions = env["hr.career.action"].search([("interview_id", "in", held.ids)])
        by_type = {
            action_type: dict(Counter(a.state for a in actions if a.action_type == action_type))
            for action_type, _label in ACTION_TYPES
        }
        trainings = env["hr.career.training"].search(
            [("company_id", "=", company.id), ("interview_id", "!=", False), ("date", ">=", start), ("date", "<=", end)]
        )
        return {
            "interviews": by_kind,
            "actions": by_type,
            "trainings_after_interviews": len(trainings),
            "training_hours": sum(trainings.mapped("hours")),
        }

    def _shown(self, count):
        if 0 < count < self.privacy_threshold:
            return f"< {self.privacy_threshold}"
        return count

    def _report_rows(self):
        """The figures as rows, threshold applied, labels translated."""
        figures = self._figures()
        kinds = dict(self.env["hr.career.interview"]._fields["kind"]._description_selection(self.env))
        types = dict(self.env["hr.career.action"]._fields["action_type"]._description_selection(self.env))
        interviews = [
            [kinds[kind]] + [self._shown(counts[name]) for name in ("due", "held", "refused", "overdue")]
            for kind, counts in figures["interviews"].items()
        ]
        actions = [
            [types[action_type]] + [self._shown(counts.get(state, 0)) for state in ACTION_STATES]
            for action_type, counts in figures["actions"].items()
        ]
        return {
            "interviews": interviews,
            "actions": actions,
            "trainings": self._shown(figures["trainings_after_interviews"]),
            "training_hours": figures["training_hours"],
        }

    def action_print_pdf(self):
        self._check_reader()
        return self.env.ref("l10n_fr_hr_career_interview.action_report_career_cse").report_action(self)

    def action_export_xlsx(self):
        rows = self._report_rows()
        _ = self.env._
        content = workbook_bytes(
            [
                (_("Interviews"), [_("Kind"), _("Due"), _("Held"), _("Refused"), _("Overdue")], rows["interviews"]),
                (_("Action plans"), [_("Type"), _("Requested"), _("Planned"), _("Done")], rows["actions"]),
                (
                    _("Trainings"),
                    [_("Training actions after an interview"), _("Hours")],
                    [[rows["trainings"], rows["training_hours"]]],
                ),
            ]
        )
        return download_action(self.env, f"bdese_entretiens_{self.date_from}_{self.date_to}.xlsx", content)

    @api.model
    def _report_lang(self):
        return self.env.user.lang or "fr_FR"
