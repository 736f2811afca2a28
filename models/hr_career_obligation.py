from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import create_index, format_date

from .. import engine
from ..tools import sentences
from ..tools.xlsx import register_action

OBLIGATION_CODES = [
    ("O1", "Information at hiring"),
    ("O2", "First interview"),
    ("O3", "Periodic interview"),
    ("O4", "Summary review (état des lieux récapitulatif)"),
    ("O5a", "Mid-career medical visit"),
    ("O5", "Mid-career interview"),
    ("O6", "Pre-60 interview"),
    ("O7", "Return interview"),
]
# The laws an obligation can be raised under (engine/regimes.py).
REGIMES = [
    ("law_2014", "Loi 2014-288 (until 25/10/2025)"),
    ("visit_2021", "Loi 2021-1018 (mid-career visit)"),
    ("law_2025", "Loi 2025-989 (from 26/10/2025)"),
]
STATUSES = [
    (engine.UPCOMING, "Upcoming"),
    (engine.DUE_SOON, "Due soon"),
    (engine.OVERDUE, "Overdue"),
    (engine.STATUS_MET, "Met"),
    (engine.STATUS_REFUSED, "Offered, refused"),
    (engine.STATUS_MISSED, "Missed"),
]
# The fulfilment each status stands for; the open ones also depend on the date.
STATUS_FULFILMENT = {
    engine.STATUS_MET: (engine.MET, engine.MET_LATE),
    engine.STATUS_REFUSED: (engine.OFFERED,),
    engine.STATUS_MISSED: (engine.MISSED,),
}


class HrCareerObligation(models.Model):
    """One obligation of the legal calendar, as the engine computed it.

    Written only by :meth:`hr.career.calendar._store`, which
    keeps the engine's stored calendar (what HR acts on or checks); the
    status, which moves with the calendar, is computed from the stored due
    date, and the explanation is the engine's own sentence, computed on read.
    """

    _name = "hr.career.obligation"
    _description = "Career interview obligation"
    _inherit = ["hr.career.employee.mixin"]
    _order = "due_date, id"
    # Derived rows, always written by the scheduler: who and when say nothing,
    # and their foreign keys would double the cost of the first run.
    _log_access = False

    code = fields.Selection(OBLIGATION_CODES, "Obligation", required=True, readonly=True)
    window_start = fields.Date("Window opens", readonly=True)
    due_date = fields.Date(required=True, readonly=True, index=True)
    fulfilment = fields.Selection(
        [
            (engine.OPEN, "Open"),
            (engine.MET, "Met"),
            (engine.MET_LATE, "Met late"),
            (engine.OFFERED, "Offered, refused"),
            (engine.MISSED, "Missed"),
        ],
        required=True,
        default=engine.OPEN,
        readonly=True,
    )
    met_on = fields.Date(readonly=True)
    refused_on = fields.Date(
        compute="_compute_refused_on",
        help="The day the employee refused the interview offered for this obligation: the obligation "
        "counts as offered, never as held, so its date is not shown as the day it was met.",
    )
    interview_id = fields.Many2one("hr.career.interview", "Met by", readonly=True, ondelete="set null")
    article = fields.Char(readonly=True)
    regime = fields.Selection(
        REGIMES, "Law", readonly=True, help="The law in force on the due date, under which the obligation is judged."
    )
    answering_interview_ids = fields.Many2many(
        "hr.career.interview",
        "hr_career_interview_obligation_rel",
        "obligation_id",
        "interview_id",
        string="Interviews answering it",
        readonly=True,
        copy=False,
    )
    # Grouped on by the campaigns (a related path read in SQL, nothing stored:
    # a change of manager moves the load at once).
    manager_id = fields.Many2one(
        "hr.employee", related="employee_id.parent_id", string="Manager", groups="hr.group_hr_user"
    )
    explanation = fields.Text(compute="_compute_explanation")
    # The engine's explanation as it gave it (parts, rendered in the reader's
    # language when read): kept current with the other columns, so that a
    # register of thousands of rows does not run the engine again.
    explanation_parts = fields.Json(readonly=True, prefetch=False, export_string_translation=False)
    status = fields.Selection(STATUSES, compute="_compute_status", search="_search_status")
    signature = fields.Char(
        readonly=True, export_string_translation=False, help="Digest of what the engine said, to rewrite only changes."
    )

    _sql_constraints = [
        (
            "unique_obligation",
            "unique(employee_id, code, due_date)",
            "An obligation exists only once per employee and due date.",
        )
    ]

    def init(self):
        # The open obligations by due date: what is overdue or due soon (the
        # daily digest, the filters) is found among the few open ones, not
        # among every obligation kept since hiring.
        create_index(
            self.env.cr,
            f"{self._table}_open_due_index",
            self._table,
            ["company_id", "due_date"],
            where=f"fulfilment = '{engine.OPEN}'",  # a constant of the engine
        )

    @api.depends("code", "due_date")
    def _compute_display_name(self):
        labels = dict(self._fields["code"]._description_selection(self.env))
        for obligation in self:
            due = format_date(self.env, obligation.due_date) if obligation.due_date else ""
            obligation.display_name = f"{labels.get(obligation.code, '')} ({due})"

    @api.depends("fulfilment", "met_on")
    def _compute_refused_on(self):
        for obligation in self:
            obligation.refused_on = obligation.met_on if obligation.fulfilment == engine.OFFERED else False

    @api.depends_context("lang")
    @api.depends("employee_id", "code", "due_date", "signature")
    def _compute_explanation(self):
        """The engine's sentence in the reader's language."""
        texts = self._explanations()
        for record in self:
            record.explanation = texts[record.id]

    def _explanations(self):
        """{obligation id: its explanation} in the reader's language: from
        the parts stored with the row; the engine runs, once per employee,
        only for rows stored without them (before an upgrade's first pass)."""
        render = sentences.renderer(self.env)
        texts = {}
        for record in self:
            parts = record.explanation_parts
            texts[record.id] = render(sentences.decode(parts)) if parts else None
        missing = self.filtered(lambda record: texts[record.id] is None)
        computed = {
            (employee.id, *obligation.key): obligation
            for employee, result in self.env["hr.career.calendar"]._results(missing.employee_id).items()
            for obligation in result.obligations
        }
        for record in missing:
            obligation = computed.get((record.employee_id.id, record.code, record.due_date))
            texts[record.id] = render(obligation.text) if obligation else ""
        return texts

    @api.depends("fulfilment", "due_date")
    def _compute_status(self):
        today = fields.Date.context_today(self)
        policies = {company: company._l10n_fr_career_policy() for company in self.company_id}
        for obligation in self:
            policy = policies.get(obligation.company_id) or engine.Policy()
            obligation.status = engine.status_on(obligation.fulfilment, obligation.due_date, today, policy)

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(self.env._("Unsupported search on the obligation status."))
        values = [value] if isinstance(value, str) else list(value or [])
        domain = expression.OR([self._status_domain(status) for status in values]) if values else [(0, "=", 1)]
        if operator in ("!=", "not in"):
            return ["!", *expression.normalize_domain(domain)]
        return domain

    def _status_domain(self, status):
        """Domain of the obligations in ``status`` today, thresholds from the engine."""
        if status in STATUS_FULFILMENT:
            return [("fulfilment", "in", STATUS_FULFILMENT[status])]
        today = fields.Date.context_today(self)
        if status == engine.OVERDUE:
            return [("fulfilment", "=", engine.OPEN), ("due_date", "<", today)]
        per_company = []
        for company in self.env.companies:
            limit = engine.due_soon_limit(today, company._l10n_fr_career_policy())
            dated = [("due_date", ">=", today), ("due_date", "<=", limit)]
            if status == engine.UPCOMING:
                dated = [("due_date", ">", limit)]
            per_company.append([("company_id", "=", company.id), *dated])
        return expression.AND([[("fulfilment", "=", engine.OPEN)], expression.OR(per_company)])

    def action_export_register_xlsx(self):
        """The obligations register of the selected (filtered) obligations."""
        _ = self.env._
        columns = [
            (_("Employee"), lambda o: o.employee_id.sudo().name),
            (_("Department"), "department_id"),
            (_("Obligation"), "code"),
            (_("Window opens"), "window_start"),
            (_("Due date"), "due_date"),
            (_("Status"), "status"),
            (_("Met on"), lambda o: o.met_on if o.fulfilment != engine.OFFERED else ""),
            (_("Refused on"), "refused_on"),
            (_("Article"), "article"),
            (_("Explanation"), lambda o: texts[o.id]),
        ]
        # By employee, so that each employee's calendar is computed once, in
        # the chunk that holds all their obligations.
        ordered = self.sorted(lambda o: (o.employee_id.sudo().name or "", o.employee_id.id, o.due_date, o.code))
        texts = {}
        return register_action(
            ordered,
            _("Obligations register"),
            "registre_obligations.xlsx",
            columns,
            prepare=lambda chunk: texts.update(chunk._explanations()),
        )
