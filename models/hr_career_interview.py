import json
import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date, format_datetime, get_lang

from .. import engine, sentences
from ..engine import HELD, INTERVIEW_KIND_OF, REFUSED, InterviewFact
from ..xlsx import download_action, workbook_bytes
from .hr_career_calendar import OPEN_STATES, written_by_scheduler
from .hr_career_question import SECTION_BLOCK, THEME_SECTIONS
from .hr_career_report_version import is_trusted, sha256_hex, trusted

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
# Written by the delivery and the acknowledgement only (issue 12): the
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
OFFICER_GROUP = "l10n_fr_hr_career_interview.group_career_officer"
ISSUE_KEY = "l10n_fr_career_issue"


class ReportIssue:
    """What the foot of a report being delivered prints. Passed in the
    rendering context as an instance of this class, which no client can send."""

    def __init__(self, interview_id, version, delivered_on, content_sha256, previous_sha256):
        self.interview_id = interview_id
        self.version = version
        self.delivered_on = delivered_on
        self.content_sha256 = content_sha256
        self.previous_sha256 = previous_sha256


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
    # The delivered versions are records nobody may change (issue 12); these
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
            interview.display_name = f"{interview.kind_label} - {interview.employee_id.sudo().name or ''}"

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

    @api.depends_context("lang")
    @api.depends("kind", "held_on", "scheduled_at", "due_date", "employee_id")
    def _compute_summary_review_html(self):
        for interview in self:
            if interview.kind != "summary" or not interview.employee_id:
                interview.summary_review_html = False
                continue
            interview.summary_review_html = self.env["ir.qweb"]._render(
                "l10n_fr_hr_career_interview.summary_evaluation_panel",
                {"evaluation": interview._summary_evaluation_for_report()},
            )

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
            day = interview._interview_day()
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
    # Authorisation is decided here, on the server (issue 12): no context key a
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
        outcomes.employee_id._l10n_fr_career_recompute()
        self.env["hr.career.calendar"]._mark_changed((interviews - outcomes).employee_id)
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
        if vals.get("state") in QUESTION_STATES or ("kind" in vals and not written_by_scheduler(self.env)):
            self.filtered(lambda i: i.state in QUESTION_STATES)._l10n_fr_career_attach_questions()
        # The scheduler's own writes (cancelling what it planned, pointing it
        # at an obligation) change no fact of the employee.
        if CALENDAR_FIELDS & set(vals) and not written_by_scheduler(self.env):
            (employees | self.employee_id)._l10n_fr_career_recompute()
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
        employees.exists()._l10n_fr_career_recompute()
        return result

    # -- actions -------------------------------------------------------------------------

    def action_open_convocation(self):
        self.ensure_one()
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

    def action_load_company_questions(self):
        """Take the company's questions now, to prepare an interview still
        to plan (they come by themselves once it is convened)."""
        self.check_access("write")
        for interview in self:
            if interview.state not in OPEN_STATES + ("held",):
                raise UserError(self.env._("Only an interview still to hold, or held, takes the company's questions."))
            interview._l10n_fr_career_attach_questions()
            if not interview.question_template_id:
                raise UserError(
                    self.env._(
                        "%(company)s has no questions in use for this kind of interview (%(kind)s). "
                        "A career administrator publishes them in Configuration > Interview question templates.",
                        company=interview.company_id.name,
                        kind=interview.kind_label,
                    )
                )
        return True

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

    def action_deliver(self):
        """Render the report, keep it as a version nobody can change, send it
        to the employee, and freeze the interview."""
        self.check_access("write")
        for interview in self:
            if interview.state != "held":
                raise UserError(self.env._("Only a held interview's report can be handed over."))
            interview._deliver()

    def action_acknowledge(self):
        """The employee acknowledges receipt of their report (portal). Who
        acknowledges is the current user, never an argument."""
        for interview in self:
            interview._acknowledge_by_employee(self.env.user)

    def action_record_paper_acknowledgement(self):
        """HR records the signed copy returned by the employee."""
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(self.env._("Only an HR officer records a signed copy of the report."))
        self.check_access("write")
        for interview in self:
            employee = interview.employee_id.sudo()
            interview._acknowledge("paper", employee.work_contact_id, employee.name, recorded_by=self.env.user)

    def action_open_reopen(self):
        return self._open_wizard("hr.career.interview.reopen", self.env._("Reopen the report"))

    def action_open_refusal(self):
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
        if user.has_group("l10n_fr_hr_career_interview.group_career_interviewer"):
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
        """An interview planned by hand answers the open obligation of its kind."""
        codes = {kind: code for code, kind in INTERVIEW_KIND_OF.items()}
        for interview in self.filtered(lambda i: i.kind in codes):
            obligation = interview.employee_id.sudo().l10n_fr_career_obligation_ids.filtered(
                lambda o, code=codes[interview.kind]: o.code == code and o.fulfilment == "open"
            )[:1]
            if obligation:
                interview.write(
                    {
                        "obligation_id": obligation.id,
                        "answered_obligation_ids": [Command.set(obligation.ids)],
                        "due_date": interview.due_date or obligation.due_date,
                    }
                )

    # -- the company's questions ---------------------------------------------------------

    def _l10n_fr_career_attach_questions(self):
        """Take, once, the version of the company's questions in use for the
        interview's kind: one answer per question, the question copied on
        it. Callers check the user's rights; the interview keeps this version
        whatever the company publishes afterwards."""
        Template = self.env["hr.career.question.template"]
        Answer = trusted(self.env["hr.career.interview.answer"])
        for interview in self.sudo():
            if interview.question_template_id or interview.state not in OPEN_STATES + ("held",):
                continue
            template = Template._published_for(interview.company_id, interview.kind)
            if not template:
                continue
            trusted(interview).write({"question_template_id": template.id})
            Answer.create(
                [
                    {**Answer._snapshot(question), "interview_id": interview.id}
                    for question in template.question_ids.sorted(lambda q: (q.sequence, q.id))
                ]
            )

    def _l10n_fr_career_drop_questions_of_other_kind(self):
        """A change of kind takes the new kind's questions, as long as nobody
        answered the old ones (an answer given is kept, with its question)."""
        for interview in self.sudo().filtered("question_template_id"):
            template = interview.question_template_id
            answers = self.env["hr.career.interview.answer"].sudo().search([("interview_id", "=", interview.id)])
            if template.kind == interview.kind or any(
                a.value_text or a.value_yes_no or a.value_option_id for a in answers
            ):
                continue
            trusted(answers).unlink()
            trusted(interview).write({"question_template_id": False})

    def _l10n_fr_career_shown_answers(self):
        """The answers of the sections this interview covers (the mid-career
        and end-of-career themes only when they apply)."""
        self.ensure_one()
        blocks = engine.sections_for(self.kind, self._employee_age())
        return self.sudo().answer_ids.filtered(lambda a: SECTION_BLOCK[a.section] in blocks)

    # -- preparation pack ----------------------------------------------------------------

    def _interview_day(self):
        """The day the interview was held, else the day it is convened for, else today."""
        return self.held_on or (self.scheduled_at and self.scheduled_at.date()) or fields.Date.context_today(self)

    def _employee_age(self):
        birthday = self.employee_id.sudo().birthday
        if not birthday:
            return None
        return relativedelta(self._interview_day(), birthday).years

    def _seniority_text(self, hired):
        """Seniority on the day of the interview, as one says it: "3 years
        2 months", "1 year", "11 months" (no zero part, singular for one)."""
        if not hired:
            return ""
        delta = relativedelta(self._interview_day(), hired)
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

    # -- freeze --------------------------------------------------------------------------

    def _check_no_evidence(self, names, vals):
        """Delivery and acknowledgement data are the server's to write."""
        if EVIDENCE_FIELDS & names:
            raise UserError(
                self.env._(
                    "The delivery and the acknowledgement of the report are recorded by the server when they "
                    "happen; nobody can write them."
                )
            )
        if vals.get("state") == "delivered":
            raise UserError(self.env._("A report is handed over with the 'Deliver the report' button only."))

    def _check_frozen(self, vals):
        changed = {
            name
            for name in vals
            if name not in WRITABLE_WHEN_DELIVERED and not name.startswith(WRITABLE_WHEN_DELIVERED_PREFIXES)
        }
        delivered = self.filtered(lambda i: i.state == "delivered")
        if delivered and changed:
            raise UserError(
                self.env._(
                    "The report of this interview was handed to the employee on %(date)s: it can no "
                    "longer change. An HR officer may reopen it, giving a reason; a new version is then issued.",
                    date=format_datetime(self.env, delivered[0].delivered_on),
                )
            )

    def _check_not_delivered(self):
        if self.filtered(lambda i: i.state == "delivered"):
            raise UserError(self.env._("The report was handed over: the action plan agreed can no longer change."))

    # -- hand-over -----------------------------------------------------------------------

    def _deliver(self, now=None):
        """The delivery proper; callers check the user's right first."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        previous = self.sudo().report_version_ids.sorted("version")[-1:]
        number = previous.version + 1
        content_json = json.dumps(
            self._report_content(number, now, previous.sha256 or ""),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        issue = ReportIssue(self.id, number, now, sha256_hex(content_json.encode()), previous.sha256 or "")
        content, kind = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(**{ISSUE_KEY: issue})
            ._render_qweb_pdf(REPORT_XMLID, self.ids)
        )
        version = trusted(self.env["hr.career.report.version"])._issue(
            self,
            {
                "version": number,
                "file_name": self._report_filename(number),
                "content_json": content_json,
                "content_sha256": issue.content_sha256,
                "previous_sha256": issue.previous_sha256,
                "delivered_on": now,
                "delivered_by_id": self.env.uid,
            },
            content,
            "application/pdf" if kind == "pdf" else "text/html",
        )
        trusted(self).write({"state": "delivered", "report_version_id": version.id})
        self._send_report(version)
        return version

    def _report_content(self, number, delivered_on, previous_sha256):
        """The data the report shows, as its content fingerprint covers it."""
        interview = self.sudo()
        return {
            "interview": interview.id,
            "company": interview.company_id.name,
            "employee": interview.employee_id.name,
            "kind": interview.kind,
            "held_on": fields.Date.to_string(interview.held_on) or "",
            "interviewer": interview.interviewer_id.name or "",
            "mode": interview.mode,
            "location": interview.location or "",
            "video_link": interview.video_link or "",
            "themes": {name: interview[name] or "" for name in sorted(THEME_FIELDS)},
            "questions_version": interview.question_template_version or 0,
            "questions": interview._l10n_fr_career_shown_answers()._report_data(),
            "action_plan": [
                {
                    "type": action.action_type,
                    "description": action.description,
                    "owner": action.owner_id.name or "",
                    "planned_date": fields.Date.to_string(action.planned_date) or "",
                    "mandatory": action.is_mandatory,
                    "certifying": action.is_certifying,
                }
                for action in interview.action_ids.sorted("id")
            ],
            "version": number,
            "delivered_on": fields.Datetime.to_string(delivered_on),
            "previous_sha256": previous_sha256,
        }

    def _report_issue(self):
        """The delivery being rendered, for the foot of the report; None when
        the report is merely printed."""
        issue = self.env.context.get(ISSUE_KEY)
        if isinstance(issue, ReportIssue) and issue.interview_id == self.id:
            return issue
        return None

    def _report_filename(self, version=None):
        version = version or self.report_version
        kind = self.with_context(lang=self._report_lang()).kind_label
        return f"Compte rendu {self.employee_id.sudo().name} - {kind}_v{version}.pdf"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self._report_filename()[:-4]

    def _report_lang(self):
        """The employee's language, French when unknown."""
        lang = self.employee_id.sudo().work_contact_id.lang
        return lang or "fr_FR"

    def _send_report(self, version):
        partner = self.employee_id.sudo().work_contact_id
        link = Markup('<a href="%s">%s</a>') % (
            self.get_base_url() + self.get_portal_url(),
            self.env._("Open it and acknowledge receipt online"),
        )
        self.message_post(
            body=Markup("%s<br/>%s<br/>%s")
            % (
                self.env._(
                    "Your career interview report (version %(version)s) is attached. Please acknowledge its receipt.",
                    version=version.version,
                ),
                self.env._("SHA-256 of the file: %(sha256)s", sha256=version.sha256),
                link,
            ),
            subject=self.env._("Your career interview report"),
            partner_ids=partner.ids if partner.email else [],
            attachment_ids=version.sudo().attachment_id.ids,
            subtype_xmlid="mail.mt_comment",
        )

    def _acknowledge_by_employee(self, user):
        """``user`` acknowledges on the portal, if they are the employee."""
        self.ensure_one()
        if not self._is_employee_user(user):
            raise AccessError(
                self.env._(
                    "Only the employee acknowledges receipt of their report, from their own account. "
                    "HR records a signed copy instead."
                )
            )
        self._acknowledge("portal", user.partner_id, user.name)

    def _is_employee_user(self, user):
        """The user is the employee of this interview (their user or portal user)."""
        return self.employee_id in self.env["hr.employee"].sudo()._l10n_fr_career_of_user(user)

    def _acknowledge(self, mode, partner, by, recorded_by=None, on=None):
        """Stamp the current version, once; callers check who acknowledges."""
        self.ensure_one()
        if self.state != "delivered":
            raise UserError(self.env._("Only a delivered report can be acknowledged."))
        version = self.sudo().report_version_id
        if version.acknowledged_on:
            return
        trusted(version).write(
            {
                "acknowledged_on": on or fields.Datetime.now(),
                "acknowledged_by": by,
                "acknowledgement_mode": mode,
                "acknowledged_partner_id": partner.id,
                "acknowledgement_recorded_by_id": recorded_by.id if recorded_by else False,
            }
        )
        self.sudo().message_post(
            body=self.env._(
                "Receipt of report version %(version)s acknowledged by %(who)s (%(mode)s).",
                version=version.version,
                who=by,
                mode=dict(version._fields["acknowledgement_mode"]._description_selection(self.env)).get(mode),
            ),
            subtype_xmlid="mail.mt_note",
        )

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

    def _reopen(self, reason):
        """The one way back from a delivered report: HR only, with a reason,
        kept on the version and in the chatter. The version stays as it was;
        the next delivery issues a new one beside it."""
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(self.env._("Only an HR officer can reopen a delivered report."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for reopening the report."))
        self.check_access("write")
        now = fields.Datetime.now()
        for interview in self.filtered(lambda i: i.state == "delivered"):
            version = interview.sudo().report_version_id
            trusted(version).write({"reopened_on": now, "reopened_by_id": self.env.uid, "reopen_reason": reason})
            trusted(interview).write({"state": "held"})
            interview.message_post(
                body=self.env._(
                    "Report version %(version)s reopened by %(user)s on %(date)s. Reason: %(reason)s",
                    version=version.version,
                    user=self.env.user.name,
                    date=format_datetime(self.env, now),
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _l10n_fr_career_in_company_lang(self):
        """Demo data is loaded without a language (Odoo's loader removes it):
        what the demo writes in the chatter is written in the database's
        language, as a user of the company would have."""
        return self.with_context(lang=get_lang(self.env).code)

    def _l10n_fr_career_demo_write(self, values):
        """Demo data: an interview moved on (held, say) as a user would."""
        self._l10n_fr_career_in_company_lang().write(values)

    def _l10n_fr_career_demo_deliver(self, delivered_on, acknowledged_on):
        """Demo data: a report delivered and signed long ago, recorded as the
        delivery and HR would have. Skipped where no PDF can be rendered."""
        admin = self.env.ref("base.user_admin")
        for interview in self._l10n_fr_career_in_company_lang().with_user(admin):
            try:
                with self.env.cr.savepoint():
                    interview._deliver(now=fields.Datetime.to_datetime(delivered_on))
            except UserError as error:
                _logger.warning("Demo report of %s not delivered: %s", interview.display_name, error)
                continue
            employee = interview.employee_id.sudo()
            interview._acknowledge(
                "paper",
                employee.work_contact_id,
                employee.name,
                recorded_by=admin,
                on=fields.Datetime.to_datetime(acknowledged_on),
            )

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
        facts = employee._l10n_fr_career_facts(with_history=True)[employee.id]
        day = self.held_on or (self.scheduled_at and self.scheduled_at.date()) or self.due_date
        day = day or fields.Date.context_today(self)
        return engine.evaluate_summary_review(facts, employee.company_id._l10n_fr_career_policy(), day)

    def _summary_evaluation_for_report(self):
        """The evaluation in words, in the report's language."""
        evaluation = self._summary_evaluation()
        render = sentences.renderer(self.env)
        codes = dict(self.env["hr.career.obligation"]._fields["code"]._description_selection(self.env))
        outcomes = dict(self.env["hr.career.obligation"]._fields["fulfilment"]._description_selection(self.env))
        interviews = evaluation.criterion(engine.summary.INTERVIEWS).evidence
        return {
            "period_start": evaluation.period_start,
            "review_date": evaluation.review_date,
            "interviews": [
                {
                    "label": codes[o.code],
                    "due_date": o.due_date,
                    "outcome": outcomes[o.fulfilment],
                    "met_on": o.met_on,
                }
                for o in interviews
            ],
            "criteria": [
                {
                    "label": render(c.text),
                    "met": c.met,
                    "evidence": self._evidence_text(c, codes),
                    "links": self._evidence_links(c, codes),
                }
                for c in evaluation.criteria
            ],
            "topup_owed": evaluation.topup_owed,
            "amount": evaluation.amount,
            "explanation": render(evaluation.text),
        }

    def _evidence_text(self, criterion, codes):
        return "; ".join(self._evidence_label(fact, codes) for fact in criterion.evidence) or "-"

    def _evidence_links(self, criterion, codes):
        """(label, url) of each piece of evidence, to open the record."""
        links = []
        for fact in criterion.evidence:
            label = self._evidence_label(fact, codes)
            if hasattr(fact, "code"):  # an obligation, opened on the interview that met it
                ref = fact.met_by.ref if fact.met_by else None
                links.append((label, f"/odoo/hr.career.interview/{ref}" if ref else None))
            elif hasattr(fact, "title"):  # a training
                links.append((label, f"/odoo/hr.career.training/{fact.ref}"))
            else:  # a progression, typed by hand or read from a contract
                model, _sep, record_id = str(fact.ref).rpartition(":")
                links.append((label, f"/odoo/{model or 'hr.career.progression'}/{record_id}"))
        return links

    def _evidence_label(self, fact, codes):
        """An obligation by the date it was held (what the reader wants), a
        training or a progression by its date; French dates."""
        if hasattr(fact, "code"):
            name = codes[fact.code]
            if fact.fulfilment in (engine.MET, engine.MET_LATE) and fact.met_on:
                return self.env._(
                    "%(obligation)s held on %(date)s", obligation=name, date=format_date(self.env, fact.met_on)
                )
            if fact.fulfilment == engine.OFFERED and fact.met_on:
                return self.env._(
                    "%(obligation)s refused on %(date)s", obligation=name, date=format_date(self.env, fact.met_on)
                )
            return self.env._(
                "%(obligation)s (due %(date)s, not held)", obligation=name, date=format_date(self.env, fact.due_date)
            )
        title = fact.title if hasattr(fact, "title") else (fact.note or fact.kind)
        return f"{title} ({format_date(self.env, fact.date)})"

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
