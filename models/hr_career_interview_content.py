import json
import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_datetime

from .. import engine
from .hr_career_report_version import is_trusted, sha256_hex, trusted

_logger = logging.getLogger(__name__)

# The themes of the report, in its content fingerprint. From delivery the whole
# interview is frozen (brief §8, evidence; see _check_frozen).
THEME_FIELDS = {
    "theme_skills",
    "theme_path",
    "theme_training",
    "theme_wishes",
    "theme_cpf",
    "mid_workstation",
    "mid_wear",
    "mid_doctor",
    "pre60_employment",
    "pre60_end_of_career",
    "summary_comment",
    "conclusion",
}
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
    """The interview's content (brief §4), its hand-over and freeze (§8) and
    the refusal (§5). No field here rates the employee: the interview is not
    an evaluation."""

    _inherit = "hr.career.interview"

    # -- the themes of L. 6315-1 I --------------------------------------------
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

    # -- preparation pack and action plan ------------------------------------------
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

    # -- hand-over -------------------------------------------------------------------
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

    @api.depends("kind", "employee_id", "held_on", "scheduled_at")
    def _compute_sections(self):
        for interview in self:
            age = interview._employee_age()
            sections = engine.sections_for(interview.kind, age)
            interview.employee_age = age or 0
            interview.show_midcareer = "midcareer" in sections
            interview.show_pre60 = "pre60" in sections
            interview.show_summary = "summary" in sections

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

    def _employee_age(self):
        birthday = self.employee_id.sudo().birthday
        if not birthday:
            return None
        day = self.held_on or (self.scheduled_at and self.scheduled_at.date()) or fields.Date.context_today(self)
        return relativedelta(day, birthday).years

    @api.depends("employee_id", "kind")
    def _compute_pack(self):
        """What the interviewer should have at hand (brief §4), read with sudo:
        the interviewer may not read hr.employee, but this pack is theirs."""
        for interview in self:
            employee = interview.employee_id.sudo()
            hired = employee.l10n_fr_career_hire_date
            interview.job_title = employee.job_title or employee.job_id.name or ""
            interview.seniority = interview._seniority_text(hired)
            interview.previous_interview_ids = employee.l10n_fr_career_interview_ids.filtered(
                lambda i, current=interview: i.state in ("held", "delivered", "refused") and i != current
            )
            interview.training_ids = employee.env["hr.career.training"].search([("employee_id", "=", employee.id)])
            interview.skill_summary = "\n".join(
                f"{s.skill_type_id.name}: {s.skill_id.name} ({s.skill_level_id.name})"
                for s in employee.employee_skill_ids
            )
            interview.resume_summary = "\n".join(
                f"{line.date_start or ''} - {line.date_end or ''}: {line.name}" for line in employee.resume_line_ids
            )
            interview.obligation_explanation = interview.sudo().obligation_id.explanation or ""

    def _seniority_text(self, hired):
        if not hired:
            return ""
        delta = relativedelta(fields.Date.context_today(self), hired)
        return self.env._("%(years)s years %(months)s months", years=delta.years, months=delta.months)

    def _compute_report_attachment_ids(self):
        for interview in self:
            interview.report_attachment_ids = interview.sudo().report_version_ids.attachment_id

    # -- freeze ---------------------------------------------------------------------------
    # Authorisation is decided here, on the server (issue 12): no context key a
    # client sends opens anything. Only this module's own code, through
    # trusted() after its own checks, writes the evidence.

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env):
            for vals in vals_list:
                self._check_no_evidence({name for name, value in vals.items() if value}, vals)
        interviews = super().create(vals_list)
        interviews.filtered(lambda i: i.kind == "summary" and i.state in ("held", "delivered"))._register_sanction()
        return interviews

    def write(self, vals):
        if not is_trusted(self.env):
            self._check_no_evidence(set(vals), vals)
            self._check_frozen(vals)
        result = super().write(vals)
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
                        "explanation": evaluation.explanation["fr"],
                    }
                )

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
                    date=fields.Datetime.to_string(delivered[0].delivered_on),
                )
            )

    def _check_not_delivered(self):
        if self.filtered(lambda i: i.state == "delivered"):
            raise UserError(self.env._("The report was handed over: the action plan agreed can no longer change."))

    # -- hand-over ---------------------------------------------------------------------------

    def action_deliver(self):
        """Render the report, keep it as a version nobody can change, send it
        to the employee, and freeze the interview."""
        self.check_access("write")
        for interview in self:
            if interview.state != "held":
                raise UserError(self.env._("Only a held interview's report can be handed over."))
            interview._deliver()

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
        return f"Compte rendu {self.employee_id.sudo().name} - {self.kind_label}_v{version}.pdf"

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

    def action_acknowledge(self):
        """The employee acknowledges receipt of their report (portal). Who
        acknowledges is the current user, never an argument."""
        for interview in self:
            interview._acknowledge_by_employee(self.env.user)

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

    def action_record_paper_acknowledgement(self):
        """HR records the signed copy returned by the employee."""
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(self.env._("Only an HR officer records a signed copy of the report."))
        self.check_access("write")
        for interview in self:
            employee = interview.employee_id.sudo()
            interview._acknowledge("paper", employee.work_contact_id, employee.name, recorded_by=self.env.user)

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

    def action_open_reopen(self):
        return self._open_wizard("hr.career.reopen.wizard", self.env._("Reopen the report"))

    def action_open_refusal(self):
        return self._open_wizard("hr.career.refusal.wizard", self.env._("Record a refusal"))

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

    def _l10n_fr_career_demo_deliver(self, delivered_on, acknowledged_on):
        """Demo data: a report delivered and signed long ago, recorded as the
        delivery and HR would have. Skipped where no PDF can be rendered."""
        admin = self.env.ref("base.user_admin")
        for interview in self.with_user(admin):
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

    def _record_refusal(self, day, mode, note, attachment=None):
        """Brief §5: dated, kept; offered for the employer, never held."""
        for interview in self:
            if interview.state not in ("to_plan", "convened"):
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

    # -- the summary review ---------------------------------------------------------------------

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
        lang = engine.lang_of(self.env.lang)
        codes = dict(self.env["hr.career.obligation"]._fields["code"]._description_selection(self.env))
        outcomes = dict(self.env["hr.career.obligation"]._fields["fulfilment"]._description_selection(self.env))
        interviews = evaluation.criterion(engine.summary.INTERVIEWS).evidence
        return {
            "period_start": evaluation.period_start,
            "review_date": evaluation.review_date,
            "interviews": [
                {"label": codes[o.code], "due_date": o.due_date, "outcome": outcomes[o.fulfilment], "met_on": o.met_on}
                for o in interviews
            ],
            "criteria": [
                {
                    "label": c.label(lang),
                    "met": c.met,
                    "evidence": self._evidence_text(c, codes),
                    "links": self._evidence_links(c, codes),
                }
                for c in evaluation.criteria
            ],
            "topup_owed": evaluation.topup_owed,
            "amount": evaluation.amount,
            "explanation": evaluation.explanation[lang],
        }

    def _evidence_text(self, criterion, codes):
        items = []
        for fact in criterion.evidence:
            if hasattr(fact, "code"):  # an obligation
                items.append(f"{codes[fact.code]} {fields.Date.to_string(fact.due_date)}")
            elif hasattr(fact, "title"):  # a training
                items.append(f"{fact.title} ({fields.Date.to_string(fact.date)})")
            else:  # a progression
                items.append(f"{fact.note or fact.kind} ({fields.Date.to_string(fact.date)})")
        return "; ".join(items) or "-"

    def _evidence_links(self, criterion, codes):
        """(label, url) of each piece of evidence, to open the record."""
        links = []
        for fact in criterion.evidence:
            if hasattr(fact, "code"):
                label = f"{codes[fact.code]} {fields.Date.to_string(fact.due_date)}"
                ref = fact.met_by.ref if fact.met_by else None
                links.append((label, f"/odoo/hr.career.interview/{ref}" if ref else None))
            elif hasattr(fact, "title"):
                links.append(
                    (f"{fact.title} ({fields.Date.to_string(fact.date)})", f"/odoo/hr.career.training/{fact.ref}")
                )
            else:  # a progression, typed by hand or read from a contract
                model, _sep, record_id = str(fact.ref).rpartition(":")
                url = f"/odoo/{model or 'hr.career.progression'}/{record_id}"
                links.append((f"{fact.note or fact.kind} ({fields.Date.to_string(fact.date)})", url))
        return links

    def _report_lang(self):
        """The employee's language, French when unknown."""
        lang = self.employee_id.sudo().work_contact_id.lang
        return lang or "fr_FR"
