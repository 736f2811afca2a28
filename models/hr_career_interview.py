from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..engine import HELD, INTERVIEW_KIND_OF, REFUSED, InterviewFact
from ..xlsx import download_action, workbook_bytes
from .hr_career_calendar import written_by_scheduler

INTERVIEW_KINDS = [
    ("first", "First interview"),
    ("periodic", "Periodic interview"),
    ("summary", "Summary review (état des lieux récapitulatif)"),
    ("midcareer", "Mid-career interview"),
    ("pre60", "Pre-60 interview"),
    ("return", "Return from leave"),
    ("request", "At the employee's request"),
]
# Interview states as the engine reads them (brief §5): refused is offered,
# never held.
ENGINE_OUTCOME = {"held": HELD, "delivered": HELD, "refused": REFUSED}
# Fields whose change alters the employee's legal calendar.
CALENDAR_FIELDS = {"state", "held_on", "refused_on", "kind", "employee_id"}
# Activities the scheduler puts on an interview, closed when it is over.
PLANNING_ACTIVITIES = [
    "l10n_fr_hr_career_interview.mail_activity_type_career_interview",
    "l10n_fr_hr_career_interview.mail_activity_type_career_overdue",
]
OPEN_STATES = ("to_plan", "convened")


class HrCareerInterview(models.Model):
    _name = "hr.career.interview"
    _description = "Career interview (entretien de parcours professionnel)"
    _inherit = ["hr.career.employee.mixin", "mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "due_date desc, scheduled_at desc, id desc"
    _mail_post_access = "read"

    employee_id = fields.Many2one(tracking=True)
    kind = fields.Selection(INTERVIEW_KINDS, required=True, default="periodic", tracking=True)
    obligation_id = fields.Many2one(
        "hr.career.obligation",
        string="Obligation answered",
        ondelete="set null",
        # Deleting a stale obligation sets this to NULL: without an index
        # PostgreSQL scans every interview for each obligation deleted.
        index="btree_not_null",
        domain="[('employee_id', '=', employee_id)]",
        check_company=True,
    )
    due_date = fields.Date(tracking=True, help="The legal due date this interview answers.")
    state = fields.Selection(
        [
            ("to_plan", "To plan"),
            ("convened", "Convened"),
            ("held", "Held"),
            ("delivered", "Report delivered"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        default="to_plan",
        required=True,
        tracking=True,
        group_expand="_expand_states",
    )
    interviewer_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('share', '=', False)]",
        help="A manager above the employee, or a member of the management representatives group.",
    )
    scheduled_at = fields.Datetime("Scheduled on", tracking=True)
    duration = fields.Float(default=1.0, help="Expected duration, in hours.")
    mode = fields.Selection(
        [("onsite", "On site"), ("video", "Video")],
        default="onsite",
        required=True,
        tracking=True,
    )
    location = fields.Char("Place", tracking=True)
    video_link = fields.Char(tracking=True)
    held_on = fields.Date(tracking=True)
    refused_on = fields.Date(tracking=True)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    is_automatic = fields.Boolean(
        "Planned by the scheduler", readonly=True, help="Created by the daily scheduler for an open obligation."
    )
    kind_label = fields.Char("Kind of interview", compute="_compute_kind_label")
    calendar_event_id = fields.Many2one("calendar.event", "Meeting", readonly=True, copy=False)
    convened_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    convened_by_id = fields.Many2one("res.users", "Convened by", readonly=True, copy=False)
    convocation_message_id = fields.Many2one(
        "mail.message", "Convocation sent", readonly=True, copy=False, help="The message that convened the employee."
    )

    @api.depends("kind_label", "employee_id")
    def _compute_display_name(self):
        for interview in self:
            interview.display_name = f"{interview.kind_label} - {interview.employee_id.sudo().name or ''}"

    @api.depends("kind")
    @api.depends_context("lang")
    def _compute_kind_label(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for interview in self:
            interview.kind_label = labels.get(interview.kind, "")

    @api.depends("due_date", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for interview in self:
            interview.is_overdue = bool(
                interview.state in ("to_plan", "convened") and interview.due_date and interview.due_date < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on overdue."))
        domain = [
            ("state", "in", ("to_plan", "convened")),
            ("due_date", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") != value:
            return ["!", "&", *domain]
        return domain

    def _compute_access_url(self):
        for interview in self:
            interview.access_url = f"/my/career-interviews/{interview.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self._report_filename()[:-4]

    def _expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    @api.constrains("interviewer_id", "employee_id")
    def _check_interviewer(self):
        for interview in self.filtered("interviewer_id"):
            if not interview._interviewer_allowed(interview.interviewer_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot hold the career interview of %(employee)s: the "
                        "interviewer must be a manager above the employee or belong to "
                        "the 'Interviewer (management representative)' group.",
                        user=interview.interviewer_id.name,
                        employee=interview.employee_id.sudo().name,
                    )
                )

    def _interviewer_allowed(self, user):
        employee = self.employee_id.sudo()
        if user == employee.user_id:
            return False
        if user == employee.parent_id.user_id:
            return True  # the direct manager: no need to walk the chain
        if user.has_group("l10n_fr_hr_career_interview.group_career_interviewer"):
            return True
        return user in employee._l10n_fr_career_manager_chain().user_id

    @api.constrains("state", "held_on", "refused_on")
    def _check_outcome_dates(self):
        for interview in self:
            if interview.state in ("held", "delivered") and not interview.held_on:
                raise ValidationError(self.env._("Say on which date the interview was held."))
            if interview.state == "refused" and not interview.refused_on:
                raise ValidationError(self.env._("Say on which date the employee refused the interview."))

    @api.model_create_multi
    def create(self, vals_list):
        interviews = super().create(vals_list)
        interviews.filtered(lambda i: not i.obligation_id)._link_open_obligation()
        # Only an interview held or refused changes the calendar; one planned
        # by hand changes the planning, done by the next daily pass.
        outcomes = interviews.filtered(lambda i: i.state in ENGINE_OUTCOME)
        outcomes.employee_id._l10n_fr_career_recompute()
        self.env["hr.career.calendar"]._mark_changed((interviews - outcomes).employee_id)
        return interviews

    def write(self, vals):
        employees = self.employee_id
        result = super().write(vals)
        if "state" in vals:
            self._close_planning_activities()
        if CALENDAR_FIELDS & set(vals) and not written_by_scheduler(self.env):
            (employees | self.employee_id)._l10n_fr_career_recompute()
        return result

    def _close_planning_activities(self):
        """An interview that is over needs no reminder any more."""
        over = self.filtered(lambda i: i.state not in OPEN_STATES)
        over.filtered(lambda i: i.state == "cancelled").activity_unlink(PLANNING_ACTIVITIES)
        over.filtered(lambda i: i.state != "cancelled").activity_feedback(
            PLANNING_ACTIVITIES, feedback=self.env._("Interview over.")
        )

    @api.model
    def _create_employee_request(self, employee, reason):
        """An interview the employee asked for (it counts as held once held),
        with an activity for the manager, else HR."""
        manager = employee.parent_id.user_id
        interviewer = manager if manager and not manager.share else self.env["res.users"]
        interview = self.create({"employee_id": employee.id, "kind": "request", "interviewer_id": interviewer.id})
        responsible = interviewer or employee.company_id._l10n_fr_career_responsible()
        interview.activity_schedule(
            "l10n_fr_hr_career_interview.mail_activity_type_career_interview",
            user_id=responsible.id,
            note=self.env._(
                "%(employee)s asks for a career interview. %(reason)s", employee=employee.name, reason=reason
            ),
        )
        interview.message_post(
            body=reason or self.env._("Interview requested by the employee."), subtype_xmlid="mail.mt_note"
        )
        return interview

    def _link_open_obligation(self):
        """An interview planned by hand answers the open obligation of its kind."""
        codes = {kind: code for code, kind in INTERVIEW_KIND_OF.items()}
        for interview in self.filtered(lambda i: i.kind in codes):
            obligation = interview.employee_id.sudo().l10n_fr_career_obligation_ids.filtered(
                lambda o, code=codes[interview.kind]: o.code == code and o.fulfilment == "open"
            )[:1]
            if obligation:
                interview.write({"obligation_id": obligation.id, "due_date": interview.due_date or obligation.due_date})

    def unlink(self):
        employees = self.employee_id
        result = super().unlink()
        employees.exists()._l10n_fr_career_recompute()
        return result

    def action_open_convocation(self):
        self.ensure_one()
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("Only an interview still to hold can be convened."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Convene the employee"),
            "res_model": "hr.career.convocation.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_interview_id": self.id},
        }

    def action_mark_held(self):
        self.write({"state": "held", "held_on": fields.Date.context_today(self)})

    def action_mark_refused(self):
        self.write({"state": "refused", "refused_on": fields.Date.context_today(self)})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset_to_plan(self):
        self.write({"state": "to_plan", "held_on": False, "refused_on": False})

    def action_export_register_xlsx(self):
        """The interview register of the selected (filtered) interviews, read
        with the user's rights."""
        labels = {name: dict(self._fields[name]._description_selection(self.env)) for name in ("kind", "state", "mode")}
        headers = [
            self.env._("Employee"),
            self.env._("Department"),
            self.env._("Kind"),
            self.env._("Due date"),
            self.env._("Status"),
            self.env._("Scheduled on"),
            self.env._("Mode"),
            self.env._("Interviewer"),
            self.env._("Held on"),
            self.env._("Refused on"),
            self.env._("Report delivered on"),
            self.env._("Acknowledged on"),
        ]
        rows = [
            [
                i.employee_id.sudo().name,
                i.department_id.name or "",
                labels["kind"].get(i.kind, ""),
                i.due_date or "",
                labels["state"].get(i.state, ""),
                i.scheduled_at or "",
                labels["mode"].get(i.mode, ""),
                i.interviewer_id.name or "",
                i.held_on or "",
                i.refused_on or "",
                i.delivered_on or "",
                i.acknowledged_on or "",
            ]
            for i in self
        ]
        content = workbook_bytes([(self.env._("Interview register"), headers, rows)])
        return download_action(self.env, "registre_entretiens.xlsx", content)

    def _engine_fact(self):
        """This interview as the engine sees it, or None if it did not happen."""
        return _interview_fact(self.id, self.kind, self.state, self.held_on, self.refused_on)

    @api.model
    def _engine_facts_of(self, employee_ids):
        """{employee id: [InterviewFact]} of the interviews held or refused.

        One plain SELECT (after flushing what it reads): the scheduler builds
        the facts of a thousand employees at a time, and reading some 3 500
        interviews through records costs more than the engine run itself.
        """
        fields = ["employee_id", "kind", "state", "held_on", "refused_on"]
        self.flush_model(fields)
        self.env.cr.execute(
            SQL(
                "SELECT employee_id, id, kind, state, held_on, refused_on FROM %s"
                " WHERE employee_id = ANY(%s) AND state IN %s ORDER BY id",
                SQL.identifier(self._table),
                list(employee_ids),
                tuple(ENGINE_OUTCOME),
            )
        )
        facts = defaultdict(list)
        for employee_id, *interview in self.env.cr.fetchall():
            facts[employee_id].append(_interview_fact(*interview))
        return facts


def _interview_fact(interview_id, kind, state, held_on, refused_on):
    """An interview as the engine sees it, or None if it did not happen."""
    outcome = ENGINE_OUTCOME.get(state)
    if not outcome:
        return None
    return InterviewFact(kind, held_on if outcome == HELD else refused_on, outcome, interview_id)
