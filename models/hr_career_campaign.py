from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils, format_date, split_every

from .. import engine
from .hr_career_interview import OPEN_STATES
from .hr_career_scheduler import BATCH_SIZE

PERIOD_TYPES = [("quarter", "Quarter"), ("year", "Year")]
# An interview's progress, each stage counting those that went further.
REACHED = {
    "convened": ("convened", "held", "delivered"),
    "held": ("held", "delivered"),
    "delivered": ("delivered",),
    "refused": ("refused",),
}


class HrCareerCampaign(models.Model):
    """A campaign: the interviews the legal calendar requires over a period
    (a quarter, a year) of one company, the load it gives each manager, their
    planning in one action and their progress.

    It stores nothing of its own but the period: what is required is the
    stored obligations due in it (``hr.career.obligation``), what is planned
    the interviews that answer them; the planning is the daily pass's own
    (``hr.career.planner``), asked to plan now what the period needs.
    """

    _name = "hr.career.campaign"
    _description = "Career interview campaign"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        required=True, tracking=True, compute="_compute_name", store=True, readonly=False, precompute=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    period_type = fields.Selection(PERIOD_TYPES, "Period", required=True, default="quarter")
    date_from = fields.Date(
        "From",
        required=True,
        tracking=True,
        default=lambda self: date_utils.start_of(fields.Date.context_today(self), "quarter"),
    )
    date_to = fields.Date(
        "To",
        required=True,
        tracking=True,
        default=lambda self: date_utils.end_of(fields.Date.context_today(self), "quarter"),
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
        help="Running once its interviews are planned: the daily pass keeps them planned. Closed: followed no more.",
    )
    note = fields.Html("Notes")
    required_count = fields.Integer(
        "Required", compute="_compute_progress", help="Interviews the legal calendar requires in the period."
    )
    to_plan_count = fields.Integer(
        "To plan", compute="_compute_progress", help="Open obligations of the period that no open interview answers."
    )
    planned_count = fields.Integer(
        "Planned", compute="_compute_progress", help="Interviews that answer the period's obligations."
    )
    convened_count = fields.Integer("Convened", compute="_compute_progress")
    held_count = fields.Integer("Held", compute="_compute_progress")
    delivered_count = fields.Integer("Delivered", compute="_compute_progress")
    refused_count = fields.Integer("Refused", compute="_compute_progress")
    planned_percent = fields.Float("Planned (%)", compute="_compute_progress")
    convened_percent = fields.Float("Convened (%)", compute="_compute_progress")
    held_percent = fields.Float("Held (%)", compute="_compute_progress")
    delivered_percent = fields.Float("Delivered (%)", compute="_compute_progress")
    load_html = fields.Html("Load by manager", compute="_compute_load_html", sanitize=False)

    _sql_constraints = [
        ("period_in_order", "CHECK(date_from <= date_to)", "A campaign's period ends after it starts."),
    ]

    @api.depends("company_id", "date_from", "date_to")
    def _compute_progress(self):
        """A handful of grouped queries per campaign, whatever the headcount:
        obligations counted by fulfilment, those without an open interview,
        the interviews by state."""
        Obligation = self.env["hr.career.obligation"]
        Interview = self.env["hr.career.interview"]
        for campaign in self:
            if not (campaign.company_id and campaign.date_from and campaign.date_to):
                campaign._set_progress({}, 0, 0)
                continue
            required = Obligation.search_count(campaign._obligation_domain())
            to_plan = Obligation.search_count(campaign._to_plan_domain())
            by_state = dict(Interview._read_group(campaign._interview_domain(), ["state"], ["__count"]))
            campaign._set_progress(by_state, required, to_plan)

    def _set_progress(self, by_state, required, to_plan):
        planned = sum(by_state.values())
        counts = {stage: sum(by_state.get(state, 0) for state in states) for stage, states in REACHED.items()}
        base = planned + to_plan
        values = {
            "required_count": required,
            "to_plan_count": to_plan,
            "planned_count": planned,
            **{f"{stage}_count": count for stage, count in counts.items()},
            "planned_percent": _percent(planned, base),
        }
        values.update(
            {f"{stage}_percent": _percent(counts[stage], base) for stage in ("convened", "held", "delivered")}
        )
        self.update(values)

    @api.depends("company_id", "date_from", "date_to")
    @api.depends_context("lang")
    def _compute_load_html(self):
        for campaign in self:
            campaign.load_html = campaign._load_table() if campaign.date_from and campaign.date_to else False

    @api.depends("period_type", "date_from")
    def _compute_name(self):
        for campaign in self:
            campaign.name = campaign._default_name() if campaign.date_from and campaign.period_type else False

    @api.onchange("period_type", "date_from")
    def _onchange_period(self):
        """The period is a whole quarter or year, the one ``date_from`` falls in."""
        if self.date_from and self.period_type:
            self.date_from = date_utils.start_of(self.date_from, self.period_type)
            self.date_to = date_utils.end_of(self.date_from, self.period_type)

    def _default_name(self):
        start = self.date_from
        if self.period_type == "year":
            return self.env._("Campaign %(year)s", year=start.year)
        return self.env._("Campaign Q%(quarter)s %(year)s", quarter=(start.month - 1) // 3 + 1, year=start.year)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_planned(self):
        if any(campaign.state != "draft" for campaign in self):
            raise UserError(self.env._("Only a draft campaign can be deleted; close it instead."))

    # -- actions -------------------------------------------------------------------

    def action_plan_all(self):
        """Plan every interview of the period now, by the daily pass's own
        planning: one interview per meeting (the obligations the engine
        groups), its activity for the interviewer. The employees with an
        open obligation in the period go through the scheduler's batches;
        planning writes only what differs, so running it again changes
        nothing."""
        self.check_access("write")
        Scheduler = self.env["hr.career.scheduler"]
        for campaign in self:
            if campaign.state == "closed":
                raise UserError(self.env._("The campaign %(name)s is closed.", name=campaign.name))
            campaign.state = "running"
            planned_before = campaign.planned_count
            employees = campaign._employees_with_open_obligations()
            today = fields.Date.context_today(self)
            busy = []
            for batch in split_every(BATCH_SIZE, employees.ids, employees.browse):
                busy += Scheduler._run_isolated(batch, today)
            # Held by another transaction now: the next daily pass plans them.
            self.env["hr.career.calendar"]._mark_changed(employees.browse(busy))
            campaign.invalidate_recordset()
            campaign.message_post(
                body=self.env._(
                    "Interviews planned for %(employees)s employees: %(planned)s new, %(total)s in all.",
                    employees=len(employees) - len(busy),
                    planned=campaign.planned_count - planned_before,
                    total=campaign.planned_count,
                )
            )
        return True

    def action_close(self):
        self.write({"state": "closed"})

    def action_reopen(self):
        self.write({"state": "running"})

    @api.model
    def _planning_horizons(self, companies):
        """{company id: the last day its campaigns plan ahead to}: the end of
        the latest period planned (running or closed: closing a campaign
        stops following it, it cancels nothing)."""
        groups = self.sudo()._read_group(
            [("company_id", "in", companies.ids), ("state", "in", ("running", "closed"))],
            ["company_id"],
            ["date_to:max"],
        )
        return {company.id: date_to for company, date_to in groups}

    def action_open_required(self):
        """The period's obligations by manager and month (pivot, graph, list)."""
        return self._open_obligations(self.env._("Required in %(name)s", name=self.name), self._obligation_domain())

    def action_open_to_plan(self):
        return self._open_obligations(self.env._("To plan in %(name)s", name=self.name), self._to_plan_domain())

    def action_open_planned(self):
        return self._open_interviews(self.env._("Planned"), [])

    def action_open_convened(self):
        return self._open_interviews(self.env._("Convened"), REACHED["convened"])

    def action_open_held(self):
        return self._open_interviews(self.env._("Held"), REACHED["held"])

    def action_open_delivered(self):
        return self._open_interviews(self.env._("Delivered"), REACHED["delivered"])

    def action_open_refused(self):
        return self._open_interviews(self.env._("Refused"), REACHED["refused"])

    def _open_obligations(self, name, domain):
        self.ensure_one()
        ref = self.env.ref
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "hr.career.obligation",
            "views": [
                (ref("l10n_fr_hr_career_interview.hr_career_obligation_view_pivot_campaign").id, "pivot"),
                (ref("l10n_fr_hr_career_interview.hr_career_obligation_view_graph_campaign").id, "graph"),
                (False, "list"),
                (False, "form"),
            ],
            "domain": domain,
            "context": {"pivot_measures": ["__count"]},
        }

    def _open_interviews(self, name, states):
        self.ensure_one()
        domain = self._interview_domain() + ([("state", "in", list(states))] if states else [])
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("%(stage)s in %(name)s", stage=name, name=self.name),
            "res_model": "hr.career.interview",
            "views": [
                (False, "list"),
                (self.env.ref("l10n_fr_hr_career_interview.hr_career_interview_view_pivot_campaign").id, "pivot"),
                (False, "kanban"),
                (False, "form"),
            ],
            "domain": domain,
            "context": {"create": False},
        }

    # -- what the period holds -----------------------------------------------------------

    def _obligation_domain(self):
        """The obligations due in the period that an interview answers (the
        information at hiring and the medical visit are HR's, not meetings)."""
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("due_date", ">=", fields.Date.to_string(self.date_from)),
            ("due_date", "<=", fields.Date.to_string(self.date_to)),
            ("code", "in", list(engine.INTERVIEW_KIND_OF)),
        ]

    def _to_plan_domain(self):
        return [
            *self._obligation_domain(),
            ("fulfilment", "=", engine.OPEN),
            ("answering_interview_ids", "not any", [("state", "in", OPEN_STATES)]),
        ]

    def _interview_domain(self):
        """The interviews (not cancelled) that answer an obligation of the
        period, or met one (an interview recorded without planning)."""
        obligations = self._obligation_domain()
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "!=", "cancelled"),
            "|",
            ("answered_obligation_ids", "any", obligations),
            ("met_obligation_ids", "any", obligations),
        ]

    def _employees_with_open_obligations(self):
        domain = [*self._obligation_domain(), ("fulfilment", "=", engine.OPEN)]
        groups = self.env["hr.career.obligation"].sudo()._read_group(domain, ["employee_id"])
        return self.env["hr.employee"].sudo().browse(sorted(employee.id for (employee,) in groups))

    def _load_table(self):
        """By manager and month of the due date: the employees to meet (one
        meeting answers an employee's obligations of the same months), with
        what is still to plan. Three grouped queries."""
        self.ensure_one()
        Obligation = self.env["hr.career.obligation"]
        months = _months(self.date_from, self.date_to)
        cells = Obligation._read_group(
            self._obligation_domain(), ["manager_id", "due_date:month"], ["employee_id:count_distinct"]
        )
        to_plan = dict(Obligation._read_group(self._to_plan_domain(), ["manager_id"], ["employee_id:count_distinct"]))
        by_manager = {}
        for manager, month, count in cells:
            by_manager.setdefault(manager, {})[month] = count
        _ = self.env._
        head = [_("Manager"), *(format_date(self.env, month, date_format="MMM yyyy") for month in months)]
        head += [_("Total"), _("To plan")]
        rows = []
        for manager, counts in sorted(by_manager.items(), key=lambda item: (-sum(item[1].values()), item[0].id)):
            name = manager.sudo().name if manager else _("No manager")
            row = [name, *(counts.get(month, "") for month in months), sum(counts.values()), to_plan.get(manager, 0)]
            rows.append(row)
        if not rows:
            return Markup("<p>%s</p>") % _("No interview is due in this period.")
        return _table(head, rows, _("Employees to meet, by month of the due date."))


def _percent(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


def _months(date_from, date_to):
    """The first day of each month of the period."""
    month, months = date_utils.start_of(date_from, "month"), []
    while month <= date_to:
        months.append(month)
        month = date_utils.add(month, months=1)
    return months


def _table(head, rows, caption):
    def line(cells, tag):
        return Markup("<tr>%s</tr>") % Markup("").join(
            Markup("<%s>%s</%s>") % (Markup(tag), escape(cell), Markup(tag)) for cell in cells
        )

    return Markup(
        '<table class="table table-sm table-striped o_career_campaign_load"><caption>%s</caption>'
        "<thead>%s</thead><tbody>%s</tbody></table>"
    ) % (caption, line(head, "th"), Markup("").join(line(row, "td") for row in rows))
