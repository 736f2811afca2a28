import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date

from ..tools import sentences

_logger = logging.getLogger(__name__)

HR = "hr.group_hr_user"
# How each status shows in the full calendar (Bootstrap table row classes).
CALENDAR_ROW_CLASS = {"overdue": "table-danger", "missed": "table-danger", "due_soon": "table-warning"}
# Employee fields whose change alters the legal calendar.
CALENDAR_FIELDS = {
    "l10n_fr_career_hire_date",
    "l10n_fr_career_information_date",
    "l10n_fr_midcareer_visit_date",
    "birthday",
    "departure_date",
    "contract_id",
    "company_id",
    "active",
}
# Employee fields whose change alters who holds the planned interviews, or
# whether any is still owed.
REPLAN_FIELDS = {"parent_id", "departure_date", "active"}


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    l10n_fr_career_hire_date = fields.Date(
        "Hiring date (career interviews)",
        compute="_compute_l10n_fr_career_hire_date",
        store=True,
        readonly=False,
        tracking=True,
        groups=HR,
        help="Start of the employment the legal calendar counts from. Filled from "
        "the first contract; correct it when the contracts do not tell the truth.",
    )
    l10n_fr_career_information_date = fields.Date(
        "Informed of the career interview on",
        tracking=True,
        groups=HR,
        help="When the employee was told, at hiring, that the interview exists (L. 6315-1 I).",
    )
    l10n_fr_career_information_mode = fields.Selection(
        [("email", "E-mail"), ("paper", "Paper, handed over")],
        "Information given by",
        readonly=True,
        groups=HR,
    )
    l10n_fr_career_information_message_id = fields.Many2one(
        "mail.message", "Information message", readonly=True, groups=HR, help="Proof: the message as it was sent."
    )
    l10n_fr_career_portal_user_id = fields.Many2one(
        "res.users",
        "Portal user (career interviews)",
        domain="[('share', '=', True)]",
        groups=HR,
        help="For an employee without an internal user: the portal user who sees "
        "their career interviews under My Account.",
    )
    l10n_fr_career_absence_ids = fields.One2many(
        "hr.career.absence", "employee_id", "Absences calling for a return interview", groups=HR
    )
    l10n_fr_midcareer_visit_date = fields.Date(
        "Mid-career medical visit",
        tracking=True,
        groups=HR,
        help="Date of the mid-career visit with the occupational doctor (L. 4624-2-2); "
        "the mid-career interview is due within 2 months after it.",
    )
    l10n_fr_career_obligation_ids = fields.One2many(
        "hr.career.obligation", "employee_id", "Career obligations", groups=HR
    )
    l10n_fr_career_interview_ids = fields.One2many("hr.career.interview", "employee_id", "Career interviews", groups=HR)
    l10n_fr_career_interview_count = fields.Integer(
        "Number of career interviews", compute="_compute_l10n_fr_career_interview_count", groups=HR
    )
    l10n_fr_career_refusal_count = fields.Integer(
        "Career interviews refused", compute="_compute_l10n_fr_career_interview_count", groups=HR
    )
    l10n_fr_career_next_obligation_id = fields.Many2one(
        "hr.career.obligation",
        "Next career obligation",
        readonly=True,
        # Indexed for the foreign key: deleting an obligation looks it up here.
        index="btree_not_null",
        groups=HR,
    )
    l10n_fr_career_next_due_date = fields.Date("Next career due date", readonly=True, index=True, groups=HR)
    l10n_fr_career_next_code = fields.Selection(
        related="l10n_fr_career_next_obligation_id.code", string="Next career obligation kind", groups=HR
    )
    l10n_fr_career_next_status = fields.Selection(
        related="l10n_fr_career_next_obligation_id.status", string="Next career status", groups=HR
    )
    l10n_fr_career_bucket = fields.Selection(
        [
            ("up_to_date", "Up to date"),
            ("due_soon", "Due soon"),
            ("overdue", "Overdue"),
            ("data_missing", "Data missing"),
        ],
        "Career compliance",
        readonly=True,
        index=True,
        groups=HR,
    )
    l10n_fr_career_summary_due_date = fields.Date("Next summary review", readonly=True, groups=HR)
    l10n_fr_career_summary_failing = fields.Boolean(
        "Summary review criteria failing",
        readonly=True,
        groups=HR,
        help="Judged today: at least one of the four criteria would fail at the next summary review if "
        "nothing is done. By itself this costs nothing: the 3 000 EUR top-up is owed only by a company "
        "of 50 or more, when the interviews due were not all held and no training other than a "
        "mandatory one was followed (L. 6323-13).",
    )
    l10n_fr_career_amount_at_stake = fields.Integer(
        "Corrective top-up at stake (EUR)",
        readonly=True,
        aggregator="sum",
        groups=HR,
        help="What the next summary review would cost if nothing is done before it.",
    )
    l10n_fr_career_pending_text = fields.Char(
        "Calendar being computed",
        compute="_compute_l10n_fr_career_pending_text",
        groups=HR,
        help="After installing or upgrading, the daily pass computes every calendar in batches of "
        "1 000, in the background: nobody waits for it.",
    )
    l10n_fr_career_calendar_html = fields.Html(
        "Full legal calendar",
        compute="_compute_l10n_fr_career_calendar_html",
        sanitize=False,
        groups=HR,
        help="Every obligation of the employee's calendar, computed today by the legal engine.",
    )
    l10n_fr_career_next_look = fields.Date(
        "Career calendar: next look",
        readonly=True,
        index=True,
        copy=False,
        groups=HR,
        help="The day the daily scheduler must compute this employee's calendar again (the first day "
        "anything in it can change); empty when a fact changed since.",
    )
    l10n_fr_career_problems = fields.Json("Career data problems", readonly=True, groups=HR)
    l10n_fr_career_has_problem = fields.Boolean("Career data missing", readonly=True, index=True, groups=HR)
    l10n_fr_career_problem_text = fields.Text(
        "Career data to fix", compute="_compute_l10n_fr_career_problem_text", groups=HR
    )
    l10n_fr_career_missing = fields.Char(
        "What to fix",
        compute="_compute_l10n_fr_career_missing",
        groups=HR,
        help="The data the legal calendar lacks or finds inconsistent, in a few words; the employee's "
        "Career Path tab says it in full.",
    )

    @api.depends("l10n_fr_career_problems")
    @api.depends_context("lang")
    def _compute_l10n_fr_career_missing(self):
        labels = self._l10n_fr_career_missing_labels()
        for employee in self:
            missing = {}
            for row in employee.l10n_fr_career_problems or ():
                code = row.get("code", "")
                missing[labels.get("policy" if code.startswith("policy") else code, labels[""])] = True
            employee.l10n_fr_career_missing = ", ".join(missing)

    def _l10n_fr_career_missing_labels(self):
        """What to fix, in a few words, for each problem the engine reports."""
        _ = self.env._
        return {
            "missing_hire_date": _("Hiring date"),
            "missing_birth_date": _("Birth date"),
            "implausible_birth_date": _("Birth date"),
            "end_before_hire": _("End of contract before hiring"),
            "interview_in_future": _("Interview dates"),
            "interview_without_date": _("Interview dates"),
            "leave_end_before_start": _("Absence dates"),
            "recompute_failed": _("Calendar not computed"),
            "policy": _("Company settings"),
            "": _("Other"),
        }

    @api.depends("first_contract_date")
    def _compute_l10n_fr_career_hire_date(self):
        for employee in self:
            if not employee.l10n_fr_career_hire_date:
                employee.l10n_fr_career_hire_date = employee.first_contract_date

    def _compute_l10n_fr_career_interview_count(self):
        counts = self.env["hr.career.interview"]._read_group(
            [("employee_id", "in", self.ids)], ["employee_id", "state"], ["__count"]
        )
        total, refused = defaultdict(int), defaultdict(int)
        for employee, state, count in counts:
            total[employee] += count
            if state == "refused":
                refused[employee] += count
        for employee in self:
            employee.l10n_fr_career_interview_count = total[employee]
            employee.l10n_fr_career_refusal_count = refused[employee]

    @api.depends_context("lang")
    def _compute_l10n_fr_career_calendar_html(self):
        """The engine's whole calendar as a table (rendered by QWeb, which escapes)."""
        Obligation = self.env["hr.career.obligation"]
        codes = dict(Obligation._fields["code"]._description_selection(self.env))
        statuses = dict(Obligation._fields["status"]._description_selection(self.env))
        render = sentences.renderer(self.env)
        calendars = self.env["hr.career.calendar"]._results(self.filtered("id"))
        for employee in self:
            result = calendars.get(employee)
            rows = [
                {
                    "label": codes.get(obligation.code, obligation.code),
                    "window": format_date(self.env, obligation.window_start),
                    "due": format_date(self.env, obligation.due_date),
                    "status": statuses.get(obligation.status, obligation.status),
                    "css": CALENDAR_ROW_CLASS.get(obligation.status, ""),
                    "explanation": render(obligation.text),
                }
                for obligation in (result.obligations if result else ())
            ]
            employee.l10n_fr_career_calendar_html = self.env["ir.qweb"]._render(
                "l10n_fr_hr_career_interview.career_full_calendar", {"rows": rows}
            )

    @api.depends("l10n_fr_career_bucket")
    def _compute_l10n_fr_career_pending_text(self):
        """While the first pass has not reached an employee (no compliance
        bucket stored yet), how far it is in the employee's company: one
        grouped count per company."""
        pending = self.filtered(lambda employee: not employee.l10n_fr_career_bucket and employee.id)
        self.l10n_fr_career_pending_text = False
        if not pending:
            return
        Employee = self.env["hr.employee"].sudo()
        domain = [("company_id", "in", pending.company_id.ids)]
        totals = dict(Employee._read_group(domain, ["company_id"], ["__count"]))
        done = dict(
            Employee._read_group([*domain, ("l10n_fr_career_bucket", "!=", False)], ["company_id"], ["__count"])
        )
        for employee in pending:
            employee.l10n_fr_career_pending_text = self.env._(
                "The legal calendar is being computed by the daily pass: %(done)s of %(total)s employees of the "
                "company done. This employee's comes with the next batches.",
                done=done.get(employee.company_id, 0),
                total=totals.get(employee.company_id, 0),
            )

    @api.depends_context("lang")
    @api.depends("l10n_fr_career_problems")
    def _compute_l10n_fr_career_problem_text(self):
        for employee in self:
            problems = sentences.problem_texts(self.env, employee.l10n_fr_career_problems)
            employee.l10n_fr_career_problem_text = "\n".join(problems)

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        self.env["hr.career.calendar"]._facts_changed(employees)
        employees._l10n_fr_career_inform_new_hires()
        return employees

    def write(self, vals):
        result = super().write(vals)
        if REPLAN_FIELDS & set(vals) or CALENDAR_FIELDS & set(vals):
            # A new manager takes the planned interviews over; someone who
            # left has theirs cancelled: planned at once.
            self.env["hr.career.calendar"]._facts_changed(self, replan=bool(REPLAN_FIELDS & set(vals)))
        if "l10n_fr_career_hire_date" in vals and "l10n_fr_career_information_date" not in vals:
            self._l10n_fr_career_inform_new_hires()
        return result

    # -- information at hiring (O1) -------------------------------------------

    def _l10n_fr_career_inform_new_hires(self):
        """Send the information letter to new hires not informed yet.

        Only hires of the last 90 days or to come: older employees (an import,
        the first install) are informed on purpose with the batch action.
        """
        if self.env.context.get("l10n_fr_career_no_information"):
            return
        recent = fields.Date.context_today(self) - timedelta(days=90)
        new_hires = self.sudo().filtered(
            lambda e: (
                e.active
                and e.l10n_fr_career_hire_date
                and e.l10n_fr_career_hire_date >= recent
                and not e.l10n_fr_career_information_date
                and e.work_contact_id.email
            )
        )
        new_hires._l10n_fr_career_send_information()

    def _l10n_fr_career_send_information(self):
        """E-mail the information letter and keep the message as proof."""
        template = self.env.ref("l10n_fr_hr_career_interview.mail_template_career_information")
        today = fields.Date.context_today(self)
        for employee in self.sudo():
            message = employee.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=employee.work_contact_id.ids,
            )
            employee.with_context(l10n_fr_career_no_information=True).write(
                {
                    "l10n_fr_career_information_date": today,
                    "l10n_fr_career_information_mode": "email",
                    "l10n_fr_career_information_message_id": message.id,
                }
            )

    def _l10n_fr_career_record_paper_information(self, day):
        for employee in self.sudo():
            message = employee._message_log(
                body=self.env._(
                    "Career interview information handed over on paper on %(date)s.", date=format_date(self.env, day)
                )
            )
            employee.with_context(l10n_fr_career_no_information=True).write(
                {
                    "l10n_fr_career_information_date": day,
                    "l10n_fr_career_information_mode": "paper",
                    "l10n_fr_career_information_message_id": message.id,
                }
            )

    def action_l10n_fr_career_information(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Career interview information"),
            "res_model": "hr.career.interview.inform",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "hr.employee", "active_ids": self.ids},
        }

    def action_l10n_fr_career_recompute(self):
        self.env["hr.career.calendar"]._facts_changed(self)

    def action_l10n_fr_career_open_interviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("l10n_fr_hr_career_interview.action_hr_career_interview")
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action

    def _l10n_fr_career_demo_date_resume(self):
        """Demo data: the line hr_skills writes in the resume at an
        employee's creation (the company's name, "since" the day of the
        install) starts on the hiring date, as it would have for staff
        entered when they were hired."""
        for employee in self.filtered("l10n_fr_career_hire_date"):
            employee.resume_line_ids.filtered(
                lambda line, employee=employee: (
                    line.name == employee.company_id.name and line.date_start == employee.create_date.date()
                )
            ).write({"date_start": employee.l10n_fr_career_hire_date})

    @api.model
    def _l10n_fr_career_of_user(self, user):
        """The employees a user is, internal or portal (sudo: portal users cannot read employees)."""
        return self.sudo().search(["|", ("user_id", "=", user.id), ("l10n_fr_career_portal_user_id", "=", user.id)])

    # -- the legal calendar -------------------------------------------------

    def _l10n_fr_career_manager_chain(self):
        """Managers above the employee, nearest first (cycles tolerated)."""
        self.ensure_one()
        chain = self.env["hr.employee"]
        manager = self.sudo().parent_id
        while manager and manager not in chain and manager != self:
            chain |= manager
            manager = manager.parent_id
        return chain

    def _l10n_fr_career_end_date(self):
        """End of the employment: departure, else a fixed-term contract's end."""
        return self.departure_date or self.contract_id.date_end or None
