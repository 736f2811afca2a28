from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..engine import INTERVIEW_KIND_OF
from ..engine.disclosure import (
    BELOW,
    MIN_THRESHOLD,
    MONTH,
    QUARTER,
    YEAR,
    add_tables,
    period_bounds,
    period_months,
    periods_given,
    release,
)
from ..models.hr_career_action import ACTION_TYPES
from ..models.hr_career_interview import INTERVIEW_KINDS
from ..tools import groups
from ..tools.sentences import hours_text
from ..tools.xlsx import download_action, workbook_bytes

# Interview kinds that answer an obligation, and the obligation's code.
ACTION_STATES = ("requested", "planned", "done")
KINDS = [kind for kind, _label in INTERVIEW_KINDS]
TYPES = [action_type for action_type, _label in ACTION_TYPES]
# The tables of each displayed table, with their (row totals, column totals):
# "due" is kinds x (overdue, on time), its row totals the obligations due (on
# time is never shown, but due minus overdue gives it, so it is protected
# too); "outcomes" is kinds x (held, refused), totals by column only.
TABLES = {
    "interviews": (("due", (True, True)), ("outcomes", (False, True))),
    "actions": (("actions", (True, True)),),
    "trainings": (("trainings", (False, False)),),
}
PERIOD_TYPES = [(YEAR, "Calendar year"), (QUARTER, "Quarter"), (MONTH, "Month")]
QUARTERS = [
    ("1", "Q1 (January to March)"),
    ("2", "Q2 (April to June)"),
    ("3", "Q3 (July to September)"),
    ("4", "Q4 (October to December)"),
]
MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
FIRST_YEAR = 2000


class HrCareerCseReport(models.TransientModel):
    """Figures for the staff representatives (CSE) and the BDESE (L. 6315-1):
    counts only, computed here with sudo for one company and one calendar
    year, quarter or month; the CSE group reads this report and no individual
    record. The company's privacy threshold, primary and secondary
    suppression and the release of months and quarters are the engine's
    (engine/disclosure.py): nobody can be recognised from the figures, nor
    from their totals, nor from other periods."""

    _name = "hr.career.cse.report"
    _description = "Career interviews: figures for the staff representatives"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    period_type = fields.Selection(PERIOD_TYPES, "Period", required=True, default=YEAR)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    quarter = fields.Selection(QUARTERS, default=lambda self: str((fields.Date.context_today(self).month - 1) // 3 + 1))
    month = fields.Selection(MONTHS, default=lambda self: str(fields.Date.context_today(self).month))
    # Shown only: the server always derives the period from the fields above.
    date_from = fields.Date("From", compute="_compute_dates")
    date_to = fields.Date("To", compute="_compute_dates")
    privacy_threshold = fields.Integer(
        "Privacy Threshold",
        compute="_compute_privacy_threshold",
        help="The company's setting: counts from 1 to this number minus one are shown as '< threshold', "
        "and the figures they could be deduced from are masked.",
    )

    periods_given = fields.Text(
        "Periods given",
        compute="_compute_periods_given",
        help="Which periods of the year the figures can be given for: months and quarters are withheld when "
        "their figures would reveal a count below the privacy threshold.",
    )

    @api.depends("company_id", "year")
    def _compute_periods_given(self):
        for report in self:
            report.periods_given = report._periods_given_text()

    def _periods_given_text(self):
        """In words, before any download: the periods of the year whose
        figures are given, as the engine releases them."""
        user = self.env.user
        if not self.company_id or not (user.has_group(groups.CSE) or user.has_group(groups.OFFICER)):
            return False
        try:
            monthly = self._monthly_figures()
        except (AccessError, ValidationError):
            return False
        threshold = self.company_id._l10n_fr_career_cse_threshold()
        displays = [
            ([monthly[family] for family, _shape in families], [shape for _family, shape in families])
            for families in TABLES.values()
        ]
        given = periods_given(displays, threshold)
        _ = self.env._
        if given[MONTH] == len(displays):
            return _("%(year)s: every period can be given, by month, quarter or year.", year=self.year)
        if given[QUARTER] == len(displays):
            return _(
                "%(year)s: quarters and the year can be given; months are withheld, since a month of the year has "
                "a count below %(threshold)s.",
                year=self.year,
                threshold=threshold,
            )
        if given[QUARTER]:
            return _(
                "%(year)s: only the year is given in full; by quarter, some tables are withheld, since a quarter "
                "of the year has a count below %(threshold)s.",
                year=self.year,
                threshold=threshold,
            )
        return _(
            "%(year)s: only the year can be given; months and quarters are withheld, since a quarter of the year "
            "has a count below %(threshold)s.",
            year=self.year,
            threshold=threshold,
        )

    @api.depends("period_type", "year", "quarter", "month")
    def _compute_dates(self):
        for report in self:
            try:
                report.date_from, report.date_to = report._period_bounds()
            except ValueError:
                report.date_from = report.date_to = False

    @api.depends("company_id")
    def _compute_privacy_threshold(self):
        for report in self:
            company = report.company_id
            report.privacy_threshold = company._l10n_fr_career_cse_threshold() if company else MIN_THRESHOLD

    @api.constrains("period_type", "year", "quarter", "month")
    def _check_period(self):
        last_year = fields.Date.context_today(self).year + 1
        for report in self:
            if not FIRST_YEAR <= report.year <= last_year:
                raise ValidationError(
                    self.env._("Choose a year from %(first)s to %(last)s.", first=FIRST_YEAR, last=last_year)
                )
            if report.period_type == QUARTER and not report.quarter:
                raise ValidationError(self.env._("Choose the quarter."))
            if report.period_type == MONTH and not report.month:
                raise ValidationError(self.env._("Choose the month."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_free_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_free_values(vals)
        return super().write(vals)

    def action_print_pdf(self):
        self._check_reader()
        return self.env.ref("l10n_fr_hr_career_interview.action_report_career_cse").report_action(self)

    def action_export_xlsx(self):
        rows = self._report_rows()
        _ = self.env._

        def sheet(name, headers, table_rows):
            return name, headers, table_rows if table_rows is not None else [[rows["not_given"]]]

        trainings = [rows["trainings"]] if rows["trainings"] is not None else None
        content = workbook_bytes(
            [
                sheet(
                    _("Interviews"),
                    [_("Kind"), _("Interviews due"), _("Held"), _("Refused"), _("Overdue")],
                    rows["interviews"],
                ),
                sheet(
                    _("Action plans"), [_("Type"), _("Requested"), _("Planned"), _("Done"), _("Total")], rows["actions"]
                ),
                sheet(_("Trainings"), [_("Training actions after an interview"), _("Hours")], trainings),
                (_("Notes"), [rows["period"], rows["company"]], [[note] for note in rows["notes"]]),
            ]
        )
        return download_action(self.env, f"bdese_entretiens_{self.date_from}_{self.date_to}.xlsx", content)

    def _refuse_free_values(self, vals):
        """The period and the threshold never come from the caller."""
        if {"date_from", "date_to"} & set(vals):
            raise UserError(
                self.env._(
                    "The figures are given for a calendar year, quarter or month: choose the period by its type "
                    "and year, not by dates."
                )
            )
        if "privacy_threshold" in vals:
            raise AccessError(
                self.env._("The privacy threshold is a setting of the company that only career administrators change.")
            )

    def _period_index(self):
        if self.period_type == QUARTER:
            return int(self.quarter or 0)
        if self.period_type == MONTH:
            return int(self.month or 0)
        return None

    def _period_bounds(self):
        return period_bounds(self.period_type, self.year, self._period_index())

    def _period_label(self):
        if self.period_type == QUARTER:
            return self.env._("Quarter %(quarter)s of %(year)s", quarter=self.quarter, year=self.year)
        if self.period_type == MONTH:
            month = dict(self._fields["month"]._description_selection(self.env))[self.month]
            return self.env._("%(month)s %(year)s", month=month, year=self.year)
        return self.env._("Year %(year)s", year=self.year)

    def _check_reader(self):
        user = self.env.user
        allowed = user.has_group(groups.CSE) or user.has_group(groups.OFFICER)
        if not allowed or self.company_id not in user.company_ids:
            raise AccessError(self.env._("These figures are for HR and the staff representatives of the company."))

    def _monthly_figures(self):
        """The raw counts of the period's year, month by month, as the
        engine's tables (cells only). Never shown nor returned to a client."""
        self.ensure_one()
        self._check_reader()
        self._check_period()
        env = self.env(su=True)
        company = self.company_id
        start, end = period_bounds(YEAR, self.year)
        due = [[[0, 0] for _kind in KINDS] for _month in range(12)]
        outcomes = [[[0, 0] for _kind in KINDS] for _month in range(12)]
        actions = [[[0] * len(ACTION_STATES) for _type in TYPES] for _month in range(12)]
        trainings = [[[0]] for _month in range(12)]
        hours = [0.0] * 12
        kind_of_code = INTERVIEW_KIND_OF
        obligations = env["hr.career.obligation"].search(
            [
                ("company_id", "=", company.id),
                ("due_date", ">=", start),
                ("due_date", "<=", end),
                ("code", "in", list(kind_of_code)),
            ]
        )
        for obligation in obligations:
            late = obligation.status in ("overdue", "missed")
            due[obligation.due_date.month - 1][KINDS.index(kind_of_code[obligation.code])][0 if late else 1] += 1
        Interview = env["hr.career.interview"]
        held = Interview.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("held", "delivered")),
                ("held_on", ">=", start),
                ("held_on", "<=", end),
            ]
        )
        for interview in held:
            outcomes[interview.held_on.month - 1][KINDS.index(interview.kind)][0] += 1
        refused = Interview.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "refused"),
                ("refused_on", ">=", start),
                ("refused_on", "<=", end),
            ]
        )
        for interview in refused:
            outcomes[interview.refused_on.month - 1][KINDS.index(interview.kind)][1] += 1
        for action in env["hr.career.action"].search(
            [("interview_id", "in", held.ids), ("state", "in", ACTION_STATES)]
        ):
            month = action.interview_id.held_on.month - 1
            actions[month][TYPES.index(action.action_type)][ACTION_STATES.index(action.state)] += 1
        for training in env["hr.career.training"].search(
            [("company_id", "=", company.id), ("interview_id", "!=", False), ("date", ">=", start), ("date", "<=", end)]
        ):
            trainings[training.date.month - 1][0][0] += 1
            hours[training.date.month - 1] += training.hours
        return {"due": due, "outcomes": outcomes, "actions": actions, "trainings": trainings, "hours": hours}

    def _figures(self):
        """Raw counts of the period (no suppression), for the tests."""
        monthly = self._monthly_figures()
        months = period_months(self.period_type, self._period_index())
        due, outcomes, actions, trainings = (
            add_tables([monthly[name][m - 1] for m in months]) for name in ("due", "outcomes", "actions", "trainings")
        )
        return {
            "interviews": {
                kind: {
                    "due": sum(due[row]),
                    "held": outcomes[row][0],
                    "refused": outcomes[row][1],
                    "overdue": due[row][0],
                }
                for row, kind in enumerate(KINDS)
            },
            "actions": {
                action_type: {state: count for state, count in zip(ACTION_STATES, actions[row], strict=True) if count}
                for row, action_type in enumerate(TYPES)
            },
            "trainings_after_interviews": trainings[0][0],
            "training_hours": sum(monthly["hours"][m - 1] for m in months),
        }

    def _report_rows(self):
        """The figures as published: released for the period, suppression
        applied, labels translated. A table given only for the enclosing
        period is None."""
        self.ensure_one()
        monthly = self._monthly_figures()
        threshold = self.company_id._l10n_fr_career_cse_threshold()
        _ = self.env._
        masked = _("masked")

        def shown(table, position):
            label = table.label(position)
            if isinstance(label, int):
                return label
            return f"< {threshold}" if label == BELOW else masked

        released = {
            name: release(
                [monthly[family] for family, _shape in families],
                [shape for _family, shape in families],
                threshold,
                self.period_type,
                self._period_index(),
            )
            for name, families in TABLES.items()
        }
        kinds = dict(self.env["hr.career.interview"]._fields["kind"]._description_selection(self.env))
        types = dict(self.env["hr.career.action"]._fields["action_type"]._description_selection(self.env))
        interviews = actions = trainings = None
        if released["interviews"]:
            due, outcomes = released["interviews"]
            labels = [kinds[kind] for kind in KINDS] + [_("Total")]
            interviews = [
                [
                    label,
                    shown(due, (row, 2)),
                    shown(outcomes, (row, 0)),
                    shown(outcomes, (row, 1)),
                    shown(due, (row, 0)),
                ]
                for row, label in enumerate(labels)
            ]
        if released["actions"]:
            (table,) = released["actions"]
            labels = [types[action_type] for action_type in TYPES] + [_("Total")]
            actions = [
                [label] + [shown(table, (row, column)) for column in range(4)] for row, label in enumerate(labels)
            ]
        if released["trainings"]:
            (table,) = released["trainings"]
            count = shown(table, (0, 0))
            months = period_months(self.period_type, self._period_index())
            hours = round(sum(monthly["hours"][m - 1] for m in months), 2)
            trainings = [count, hours if isinstance(count, int) else masked]
        if self.period_type == MONTH:
            not_given = _(
                "Not given by month for %(year)s: a month of the year has a count below %(threshold)s, which "
                "monthly figures could reveal. See the quarter or the year.",
                year=self.year,
                threshold=threshold,
            )
        else:
            not_given = _(
                "Not given by quarter for %(year)s: a quarter of the year has a count below %(threshold)s, which "
                "quarterly figures could reveal. See the year.",
                year=self.year,
                threshold=threshold,
            )
        return {
            "company": self.company_id.name,
            "period": self._period_label(),
            "threshold": threshold,
            "interviews": interviews,
            "actions": actions,
            "trainings": trainings,
            "training_hours": hours_text(trainings[1]) if trainings and isinstance(trainings[0], int) else masked,
            "not_given": not_given,
            "notes": [
                _(
                    "Aggregate figures only (BDESE, article L. 6315-1). A count from 1 to %(last)s is shown as "
                    "'< %(threshold)s'; 'masked' marks a figure hidden so that such a count cannot be deduced "
                    "from the totals.",
                    last=threshold - 1,
                    threshold=threshold,
                ),
                _(
                    "Months (quarters) are given only when no month (quarter) of the year has a count from 1 to "
                    "%(last)s, so that no period can be subtracted from another to reveal one.",
                    last=threshold - 1,
                ),
            ],
        }

    @api.model
    def _report_lang(self):
        return self.env.user.lang or "fr_FR"
