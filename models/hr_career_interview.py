import logging
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .. import engine
from ..engine import CODE_OF_KIND, HELD, REFUSED, InterviewFact
from ..tools import groups, sentences
from ..tools.trust import is_quiet, is_trusted
from ..tools.xlsx import register_action
from .hr_career_question import SECTION_BLOCK, THEME_SECTIONS

_logger = logging.getLogger(__name__)

INTERVIEW_KINDS = [
    ("first", "First interview"),
    ("periodic", "Periodic interview"),
    ("summary", "Summary review (état des lieux récapitulatif)"),
    ("midcareer", "Mid-career interview"),
    ("pre60", "Pre-60 interview"),
    ("return", "Return from leave"),
    ("request", "At the employee's request"),
]
# Interview states as the engine reads them: a refusal recorded counts as
# offered by the employer, never as held.
# An interview still to hold.
OPEN_STATES = ("to_plan", "convened")
ENGINE_OUTCOME = {"held": HELD, "delivered": HELD, "refused": REFUSED}
# Fields whose change alters the employee's legal calendar.
CALENDAR_FIELDS = {"state", "held_on", "refused_on", "kind", "also_kinds", "employee_id"}
# Activities the scheduler puts on an interview, closed when it is over.
PLANNING_ACTIVITIES = [
    "l10n_fr_hr_career_interview.mail_activity_type_career_interview",
    "l10n_fr_hr_career_interview.mail_activity_type_career_overdue",
]
# The themes of the report, in its content fingerprint. From delivery the whole
# interview is frozen: the copy handed to the employee (L. 6315-1 I) is
# evidence (see _check_frozen).
THEME_FIELDS = {*THEME_SECTIONS, "summary_comment", "conclusion"}
# Written by the delivery and the acknowledgement only: the
# interview shows its current report version, which holds them.
EVIDENCE_FIELDS = {
    "report_version_id",
    "report_version_ids",
    "delivered_on",
    "delivered_by_id",
    "report_version",
    "acknowledged_on",
    "acknowledged_by",
    "acknowledgement_mode",
    "acknowledged_partner_id",
    "acknowledgement_recorded_by_id",
}
# What may still change on a delivered interview: its chatter, activities
# and portal link. Everything else is the report as handed over.
WRITABLE_WHEN_DELIVERED_PREFIXES = ("message_", "activity_", "website_message_")
WRITABLE_WHEN_DELIVERED = {"access_token", "my_activity_date_deadline"}
# States in which an interview takes the company's questions by itself: once
# convened (the employee may prepare), at the latest once held. An interview
# only planned gets no row: the scheduler plans them by the thousand.
QUESTION_STATES = ("convened", "held")


def _sections_of(block):
    """The question sections shown under one block of the interview form."""
    return [section for section, of_block in SECTION_BLOCK.items() if of_block == block and section in THEME_SECTIONS]


REPORT_XMLID = "l10n_fr_hr_career_interview.action_report_career_interview"
ISSUE_KEY = "l10n_fr_career_issue"


class HrCareerInterview(models.Model):
    """The career interview of L. 6315-1 of the Code du travail: its planning
    and outcome, which feed the employee's legal calendar; its content (the
    themes of L. 6315-1 I); the hand-over of its written report and its
    freeze; and the refusal. No field here rates the employee: the interview
    is not an evaluation."""

    _name = "hr.career.interview"
    _description = "Career interview (entretien de parcours professionnel)"
    _inherit = ["hr.career.employee.mixin", "mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "due_date desc nulls last, held_on desc nulls last, scheduled_at desc nulls last, id desc"
    _mail_post_access = "read"

    # -- planning and outcome ------------------------------------------------------------
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
    answered_obligation_ids = fields.Many2many(
        "hr.career.obligation",
        "hr_career_interview_obligation_rel",
        "interview_id",
        "obligation_id",
        string="Obligations answered",
        readonly=True,
        copy=False,
        help="Every legal obligation this one meeting answers: the scheduler plans one interview "
        "for the obligations whose planning windows overlap.",
    )
    met_obligation_ids = fields.One2many(
        "hr.career.obligation", "interview_id", "Obligations met", readonly=True, export_string_translation=False
    )
    also_kinds = fields.Char(
        "Also counts as (kinds)",
        readonly=True,
        copy=False,
        help="Technical: the other kinds of interview this meeting answers, comma-separated. "
        "Kept as written when it was planned, so that holding it meets them all even if the "
        "obligations are computed again.",
    )
    also_kinds_label = fields.Char("Also counts as", compute="_compute_also_kinds_label")
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
    can_manage = fields.Boolean(
        compute="_compute_can_manage",
        export_string_translation=False,
        help="Technical: the current user may convene, hold, refuse or cancel this interview "
        "(its interviewer, a manager above the employee, HR), which the employee never may.",
    )
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

    # -- the themes of L. 6315-1 I -------------------------------------------------------
    theme_skills = fields.Text(
        "Skills and qualifications",
        help="Skills and qualifications used in the job, and how they may evolve with the company's transformations.",
    )
    theme_path = fields.Text(
        "Situation and career path",
        help="The employee's situation and path, given how jobs evolve and the company's job prospects.",
    )
    theme_training = fields.Text("Training needs", help="For the current job, its evolution, or a personal project.")
    theme_wishes = fields.Text(
        "Career wishes", help="Internal or external retraining, transition project, skills assessment, VAE."
    )
    theme_cpf = fields.Text(
        "CPF, employer top-ups and CEP",
        help="Use of the CPF, top-ups the employer may fund, the career guidance service (CEP).",
    )
    mid_workstation = fields.Text("Adaptation of tasks and workstation")
    mid_wear = fields.Text("Prevention of occupational wear")
    mid_doctor = fields.Text("Occupational doctor's recommendations")
    pre60_employment = fields.Text("Staying in employment")
    pre60_end_of_career = fields.Text("End-of-career arrangements", help="Part time, progressive retirement...")
    summary_comment = fields.Text("Summary review comments")
    conclusion = fields.Text("Conclusion agreed")
    show_midcareer = fields.Boolean(compute="_compute_sections", export_string_translation=False)
    show_pre60 = fields.Boolean(compute="_compute_sections", export_string_translation=False)
    show_summary = fields.Boolean(compute="_compute_sections", export_string_translation=False)
    employee_age = fields.Integer("Age at the interview", compute="_compute_sections")
    summary_review_html = fields.Html(
        "8-year review",
        compute="_compute_summary_review_html",
        sanitize=False,
        help="The four criteria of L. 6315-1 II over the 8 years before this review, each with its evidence.",
    )
    sanction_ids = fields.One2many("hr.career.sanction", "interview_id", "Corrective top-up")

    # -- the company's questions ---------------------------------------------------------
    question_template_id = fields.Many2one(
        "hr.career.question.template",
        "Company questions",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The version of the company's questions this interview took; it keeps it for good.",
    )
    question_template_version = fields.Integer(related="question_template_id.version", string="Questions version")
    answer_ids = fields.One2many(
        "hr.career.interview.answer",
        "interview_id",
        "Answers to the company's questions",
        domain=[("preparation_id", "=", False)],
    )
    # The same answers, one list under each block of the form.
    answer_theme_ids = fields.One2many(
        "hr.career.interview.answer",
        "interview_id",
        "Questions on the themes",
        domain=[("preparation_id", "=", False), ("section", "in", _sections_of("base"))],
    )
    answer_midcareer_ids = fields.One2many(
        "hr.career.interview.answer",
        "interview_id",
        "Questions on mid-career",
        domain=[("preparation_id", "=", False), ("section", "in", _sections_of("midcareer"))],
    )
    answer_pre60_ids = fields.One2many(
        "hr.career.interview.answer",
        "interview_id",
        "Questions on the end of career",
        domain=[("preparation_id", "=", False), ("section", "in", _sections_of("pre60"))],
    )
    answer_company_ids = fields.One2many(
        "hr.career.interview.answer",
        "interview_id",
        "Company's own questions",
        domain=[("preparation_id", "=", False), ("section", "=", "company")],
    )

    # -- preparation pack and action plan ------------------------------------------------
    preparation_ids = fields.One2many("hr.career.preparation", "interview_id", "Employee's preparation")
    action_ids = fields.One2many("hr.career.action", "interview_id", "Action plan")
    job_title = fields.Char(compute="_compute_pack")
    seniority = fields.Char(compute="_compute_pack")
    previous_interview_ids = fields.Many2many(
        "hr.career.interview", compute="_compute_pack", string="Previous interviews"
    )
    training_ids = fields.Many2many("hr.career.training", compute="_compute_pack", string="Training actions followed")
    skill_summary = fields.Text("Skills", compute="_compute_pack")
    resume_summary = fields.Text("Career path", compute="_compute_pack")
    obligation_explanation = fields.Text(compute="_compute_pack", string="Why this interview")

    # -- hand-over -----------------------------------------------------------------------
    # The delivered versions are records nobody may change; these
    # fields show the current one.
    report_version_ids = fields.One2many("hr.career.report.version", "interview_id", "Report versions")
    report_version_id = fields.Many2one(
        "hr.career.report.version", "Current report version", readonly=True, copy=False, index="btree_not_null"
    )
    delivered_on = fields.Datetime(related="report_version_id.delivered_on", store=True, tracking=True)
    delivered_by_id = fields.Many2one(related="report_version_id.delivered_by_id", store=True)
    report_version = fields.Integer(related="report_version_id.version", store=True)
    report_sha256 = fields.Char(related="report_version_id.sha256")
    report_is_intact = fields.Boolean(related="report_version_id.is_intact")
    report_attachment_ids = fields.Many2many(
        "ir.attachment", compute="_compute_report_attachment_ids", string="Reports issued"
    )
    acknowledged_on = fields.Datetime(related="report_version_id.acknowledged_on", store=True, tracking=True)
    acknowledged_by = fields.Char(related="report_version_id.acknowledged_by", store=True)
    acknowledgement_mode = fields.Selection(related="report_version_id.acknowledgement_mode", store=True)
    acknowledged_partner_id = fields.Many2one(related="report_version_id.acknowledged_partner_id")
    acknowledgement_recorded_by_id = fields.Many2one(related="report_version_id.acknowledgement_recorded_by_id")

    # -- refusal -------------------------------------------------------------------------
    refusal_mode = fields.Selection(
        [("oral", "Orally"), ("email", "By e-mail"), ("letter", "By letter"), ("other", "Otherwise")],
        "Refusal expressed",
        readonly=True,
        copy=False,
    )
    refusal_note = fields.Text(readonly=True, copy=False)
    refusal_attachment_id = fields.Many2one("ir.attachment", "Refusal proof", readonly=True, copy=False)

    # -- compute and search methods ------------------------------------------------------

    @api.depends("kind_label", "employee_id")
    def _compute_display_name(self):
        for interview in self:
            # The employee first: a calendar or activity row cut short still says whose.
            interview.display_name = f"{interview.employee_id.sudo().name or ''} - {interview.kind_label}"

    def _compute_access_url(self):
        for interview in self:
            interview.access_url = f"/my/career-interviews/{interview.id}"

    @api.depends("also_kinds")
    @api.depends_context("lang")
    def _compute_also_kinds_label(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for interview in self:
            interview.also_kinds_label = ", ".join(labels.get(kind, kind) for kind in interview._also_kinds())

    @api.depends("due_date", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for interview in self:
            interview.is_overdue = bool(
                interview.state in OPEN_STATES and interview.due_date and interview.due_date < today
            )

    @api.depends_context("uid")
    def _compute_can_manage(self):
        # The record rules decide, as they do for the write itself.
        saved = self.filtered(lambda interview: isinstance(interview.id, int))
        writable = saved._filtered_access("write")
        for interview in self:
            interview.can_manage = interview in writable or not interview.id

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on overdue."))
        domain = [
            ("state", "in", OPEN_STATES),
            ("due_date", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") != value:
            return ["!", "&", *domain]
        return domain

    @api.depends("kind")
    @api.depends_context("lang")
    def _compute_kind_label(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for interview in self:
            interview.kind_label = labels.get(interview.kind, "")

    @api.depends("kind", "employee_id", "held_on", "scheduled_at")
    def _compute_sections(self):
        for interview in self:
            age = interview._employee_age()
            sections = engine.sections_for(interview.kind, age)
            interview.employee_age = age or 0
            interview.show_midcareer = "midcareer" in sections
            interview.show_pre60 = "pre60" in sections
            interview.show_summary = "summary" in sections

    def _compute_report_attachment_ids(self):
        for interview in self:
            interview.report_attachment_ids = interview.sudo().report_version_ids.attachment_id

    # -- selection methods ---------------------------------------------------------------

    def _expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    # -- constraints ---------------------------------------------------------------------

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

    @api.constrains("state", "held_on", "refused_on")
    def _check_outcome_dates(self):
        for interview in self:
            if interview.state in ("held", "delivered") and not interview.held_on:
                raise ValidationError(self.env._("Say on which date the interview was held."))
            if interview.state == "refused" and not interview.refused_on:
                raise ValidationError(self.env._("Say on which date the employee refused the interview."))

    # -- CRUD ----------------------------------------------------------------------------
    # Authorisation is decided here, on the server: no context key a
    # client sends opens anything. Only this module's own code, through
    # trusted() after its own checks, writes the evidence.

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env):
            for vals in vals_list:
                self._check_no_evidence({name for name, value in vals.items() if value}, vals)
        interviews = super().create(vals_list)
        interviews.filtered(lambda i: not i.obligation_id)._link_open_obligation()
        interviews.filtered(lambda i: i.state in QUESTION_STATES)._l10n_fr_career_attach_questions()
        # Only an interview held or refused changes the calendar; one planned
        # by hand changes the planning, done by the next daily pass.
        outcomes = interviews.filtered(lambda i: i.state in ENGINE_OUTCOME)
        Calendar = self.env["hr.career.calendar"]
        Calendar._facts_changed(outcomes.employee_id)
        Calendar._facts_changed((interviews - outcomes).employee_id, later=True)
        # A summary review held may owe the corrective top-up (L. 6315-1 II).
        interviews.filtered(lambda i: i.kind == "summary" and i.state in ("held", "delivered"))._register_sanction()
        return interviews

    def write(self, vals):
        if not is_trusted(self.env):
            self._check_no_evidence(set(vals), vals)
            self._check_frozen(vals)
            if "question_template_id" in vals:
                raise UserError(self.env._("An interview takes the company's questions with its button only."))
        employees = self.employee_id
        result = super().write(vals)
        if "state" in vals:
            self._close_planning_activities()
        if "kind" in vals:
            self._l10n_fr_career_drop_questions_of_other_kind()
        if vals.get("state") in QUESTION_STATES or ("kind" in vals and not is_quiet(self.env)):
            self.filtered(lambda i: i.state in QUESTION_STATES)._l10n_fr_career_attach_questions()
        # The scheduler's own writes (cancelling what it planned, pointing it
        # at an obligation) change no fact of the employee.
        if CALENDAR_FIELDS & set(vals) and not is_quiet(self.env):
            self.env["hr.career.calendar"]._facts_changed(employees | self.employee_id)
        if vals.get("state") in ("held", "delivered"):
            self.filtered(lambda i: i.kind == "summary")._register_sanction()
        return result

    @api.ondelete(at_uninstall=True)
    def _unlink_except_delivered(self):
        if self.sudo().filtered(lambda i: i.state == "delivered" or i.report_version_ids):
            raise UserError(
                self.env._(
                    "A report of this interview was handed to the employee: the interview is kept as evidence "
                    "and cannot be deleted."
                )
            )

    def unlink(self):
        employees = self.employee_id
        result = super().unlink()
        self.env["hr.career.calendar"]._facts_changed(employees.exists())
        return result

    # -- actions -------------------------------------------------------------------------

    def _check_may_manage(self):
        """The buttons of the interview are its interviewer's, its manager
        chain's and HR's: never the employee's, whatever the client shows."""
        self.check_access("write")

    def action_open_convocation(self):
        self.ensure_one()
        self._check_may_manage()
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("Only an interview still to hold can be convened."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Convene the employee"),
            "res_model": "hr.career.interview.convene",
            "view_mode": "form",
            "target": "new",
            "context": {"default_interview_id": self.id},
        }

    def action_mark_held(self):
        self._check_may_manage()
        self.write({"state": "held", "held_on": fields.Date.context_today(self)})

    def action_mark_refused(self):
        self._check_may_manage()
        self.write({"state": "refused", "refused_on": fields.Date.context_today(self)})

    def action_cancel(self):
        self._check_may_manage()
        self.write({"state": "cancelled"})

    def action_reset_to_plan(self):
        self.write({"state": "to_plan", "held_on": False, "refused_on": False})

    def action_export_register_xlsx(self):
        """The interview register of the selected (filtered) interviews, read
        with the user's rights."""
        _ = self.env._
        columns = [
            (_("Employee"), lambda i: i.employee_id.sudo().name),
            (_("Department"), "department_id"),
            (_("Kind"), "kind"),
            (_("Due date"), "due_date"),
            (_("Status"), "state"),
            (_("Scheduled on"), "scheduled_at"),
            (_("Mode"), "mode"),
            (_("Interviewer"), "interviewer_id"),
            (_("Held on"), "held_on"),
            (_("Refused on"), "refused_on"),
            (_("Report delivered on"), "delivered_on"),
            (_("Acknowledged on"), "acknowledged_on"),
        ]
        return register_action(self, _("Interview register"), "registre_entretiens.xlsx", columns)

    def action_open_refusal(self):
        self._check_may_manage()
        return self._open_wizard("hr.career.interview.refuse", self.env._("Record a refusal"))

    # -- planning ------------------------------------------------------------------------

    def _also_kinds(self):
        return tuple(kind for kind in (self.also_kinds or "").split(",") if kind)

    def _interviewer_allowed(self, user):
        return self._interviewer_allowed_for(self.employee_id, user)

    @api.model
    def _interviewer_allowed_for(self, employee, user):
        """Whether ``user`` may hold ``employee``'s interview (before any
        interview exists: the scheduler choosing an interviewer)."""
        employee = employee.sudo()
        if user == employee.user_id:
            return False
        if user == employee.parent_id.user_id:
            return True  # the direct manager: no need to walk the chain
        if user.has_group(groups.INTERVIEWER):
            return True
        return user in employee._l10n_fr_career_manager_chain().user_id

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
        """An interview planned by hand answers the open obligation of its
        kind, and takes its due date. One entered as held or refused answers
        what the engine says it met, once the calendar is stored
        (hr.career.calendar._sync_closed_interviews): never the next open one."""
        for interview in self.filtered(lambda i: i.kind in CODE_OF_KIND and i.state in OPEN_STATES):
            obligation = interview.employee_id.sudo().l10n_fr_career_obligation_ids.filtered(
                lambda o, code=CODE_OF_KIND[interview.kind]: o.code == code and o.fulfilment == "open"
            )[:1]
            if obligation:
                interview.write(
                    {
                        "obligation_id": obligation.id,
                        "answered_obligation_ids": [Command.set(obligation.ids)],
                        "due_date": obligation.due_date,
                    }
                )

    # -- its day ---------------------------------------------------------------------------

    def _scheduled_day(self):
        """The day the interview is convened for, in the user's time zone, or None."""
        return (self.scheduled_at and fields.Date.context_today(self, self.scheduled_at)) or None

    def _interview_day(self):
        """The day of the interview: held, else refused, else convened for; None
        while it is none of these (each caller says what stands for it then)."""
        return self.held_on or self.refused_on or self._scheduled_day()

    def _open_wizard(self, model, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_interview_id": self.id},
        }

    # -- refusal -------------------------------------------------------------------------

    def _record_refusal(self, day, mode, note, attachment=None):
        """Dated and kept: a refusal counts as offered by the employer, never as held."""
        for interview in self:
            if interview.state not in OPEN_STATES:
                raise UserError(self.env._("Only an interview still to hold can be refused."))
            interview.write(
                {
                    "state": "refused",
                    "refused_on": day,
                    "refusal_mode": mode,
                    "refusal_note": note,
                    "refusal_attachment_id": attachment.id if attachment else False,
                }
            )
            if attachment:
                attachment.write({"res_model": interview._name, "res_id": interview.id})

    # -- the summary review --------------------------------------------------------------

    def _register_sanction(self):
        """A summary review held whose evaluation owes the top-up goes on the register."""
        Sanction = self.env["hr.career.sanction"].sudo()
        for interview in self.filtered(lambda i: not i.sudo().sanction_ids):
            evaluation = interview._summary_evaluation()
            if evaluation.topup_owed:
                Sanction.create(
                    {
                        "employee_id": interview.employee_id.id,
                        "interview_id": interview.id,
                        "review_date": evaluation.review_date,
                        "amount": evaluation.amount,
                        # The register is the company's: its text is in the company's language.
                        "explanation": sentences.render(
                            self.env, evaluation.text, interview.employee_id.sudo().company_id.partner_id.lang
                        ),
                    }
                )

    def _summary_evaluation(self):
        """The engine's evaluation of the 8 years before this review."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        facts = self.env["hr.career.calendar"]._facts(employee, with_history=True)[employee.id]
        day = self._interview_day() or self.due_date or fields.Date.context_today(self)
        return engine.evaluate_summary_review(facts, employee.company_id._l10n_fr_career_policy(), day)

    # -- the engine ----------------------------------------------------------------------

    def _engine_fact(self):
        """This interview as the engine sees it, or None if it did not happen."""
        return _interview_fact(self.id, self.kind, self.state, self.held_on, self.refused_on, self.also_kinds)

    @api.model
    def _engine_facts_of(self, employee_ids):
        """{employee id: [InterviewFact]} of the interviews held or refused.

        One plain SELECT (after flushing what it reads): the scheduler builds
        the facts of a thousand employees at a time, and reading some 3 500
        interviews through records costs more than the engine run itself.
        """
        fields = ["employee_id", "kind", "state", "held_on", "refused_on", "also_kinds"]
        self.flush_model(fields)
        self.env.cr.execute(
            SQL(
                "SELECT employee_id, id, kind, state, held_on, refused_on, also_kinds FROM %s"
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


def _interview_fact(interview_id, kind, state, held_on, refused_on, also_kinds=None):
    """An interview as the engine sees it, or None if it did not happen."""
    outcome = ENGINE_OUTCOME.get(state)
    if not outcome:
        return None
    also = frozenset(k for k in (also_kinds or "").split(",") if k)
    return InterviewFact(kind, held_on if outcome == HELD else refused_on, outcome, interview_id, also)
