from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import engine

# The report as handed over: frozen from delivery (brief §8, evidence).
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
FROZEN_FIELDS = THEME_FIELDS | {
    "employee_id",
    "kind",
    "interviewer_id",
    "scheduled_at",
    "held_on",
    "mode",
    "location",
    "video_link",
    "obligation_id",
    "due_date",
    "refused_on",
}
REPORT_XMLID = "l10n_fr_hr_career_interview.action_report_career_interview"


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
    delivered_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    delivered_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    report_version = fields.Integer(readonly=True, copy=False, default=0)
    report_attachment_ids = fields.Many2many(
        "ir.attachment", compute="_compute_report_attachment_ids", string="Reports issued"
    )
    acknowledged_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    acknowledged_by = fields.Char(readonly=True, copy=False)
    acknowledgement_mode = fields.Selection(
        [("portal", "On the portal"), ("paper", "Signed copy"), ("email", "By e-mail")], readonly=True, copy=False
    )

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
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids), ("name", "=like", "%_v%.pdf")])
        )
        for interview in self:
            interview.report_attachment_ids = attachments.filtered(lambda a, current=interview: a.res_id == current.id)

    # -- freeze ---------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        interviews = super().create(vals_list)
        interviews.filtered(lambda i: i.kind == "summary" and i.state in ("held", "delivered"))._register_sanction()
        return interviews

    def write(self, vals):
        self._check_frozen(vals)
        result = super().write(vals)
        if vals.get("state") in ("held", "delivered"):
            self.filtered(lambda i: i.kind == "summary")._register_sanction()
        return result

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

    def _check_frozen(self, vals):
        if not self.env.context.get("l10n_fr_career_reopen"):
            delivered = self.filtered(lambda i: i.state == "delivered")
            if delivered and (FROZEN_FIELDS & set(vals) or vals.get("state", "delivered") != "delivered"):
                raise UserError(
                    self.env._(
                        "The report of this interview was handed to the employee on %(date)s: it can no "
                        "longer change. An HR officer may reopen it, giving a reason; a new version is then issued.",
                        date=fields.Datetime.to_string(delivered[0].delivered_on),
                    )
                )

    def _check_not_delivered(self):
        if self.filtered(lambda i: i.state == "delivered") and not self.env.context.get("l10n_fr_career_reopen"):
            raise UserError(self.env._("The report was handed over: the action plan agreed can no longer change."))

    # -- hand-over ---------------------------------------------------------------------------

    def action_deliver(self):
        """Render the report, keep it, send it to the employee, and freeze."""
        for interview in self:
            if interview.state != "held":
                raise UserError(self.env._("Only a held interview's report can be handed over."))
            interview.with_context(l10n_fr_career_reopen=True).write(
                {
                    "state": "delivered",
                    "delivered_on": fields.Datetime.now(),
                    "delivered_by_id": self.env.uid,
                    "report_version": interview.report_version + 1,
                }
            )
            attachment = interview._issue_report_pdf()
            interview._send_report(attachment)

    def _report_filename(self):
        return f"Compte rendu {self.employee_id.sudo().name} - {self.kind_label}_v{self.report_version}.pdf"

    def _issue_report_pdf(self):
        """The PDF of this version, created once and never overwritten."""
        self.ensure_one()
        name = self._report_filename()
        Attachment = self.env["ir.attachment"].sudo()
        domain = [("res_model", "=", self._name), ("res_id", "=", self.id), ("name", "=", name)]
        content, _kind = self.env["ir.actions.report"].sudo()._render_qweb_pdf(REPORT_XMLID, self.ids)
        # With attachment_use the report engine may have stored it already.
        return Attachment.search(domain, limit=1) or Attachment.create(
            {"name": name, "raw": content, "res_model": self._name, "res_id": self.id, "mimetype": "application/pdf"}
        )

    def _delivered_report_attachment(self):
        """The PDF of the version handed over."""
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", self._name), ("res_id", "=", self.id), ("name", "=", self._report_filename())],
                limit=1,
            )
        )

    def _send_report(self, attachment):
        partner = self.employee_id.sudo().work_contact_id
        link = Markup('<a href="%s">%s</a>') % (
            self.get_base_url() + self.get_portal_url(),
            self.env._("Open it and acknowledge receipt online"),
        )
        self.message_post(
            body=Markup("%s<br/>%s")
            % (
                self.env._(
                    "Your career interview report (version %(version)s) is attached. Please acknowledge its receipt.",
                    version=self.report_version,
                ),
                link,
            ),
            subject=self.env._("Your career interview report"),
            partner_ids=partner.ids if partner.email else [],
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_comment",
        )

    def action_acknowledge(self, mode="paper", by=None):
        """Record that the employee acknowledged receipt of the report."""
        for interview in self:
            if interview.state != "delivered":
                raise UserError(self.env._("Only a delivered report can be acknowledged."))
            if interview.acknowledged_on:
                continue
            interview.write(
                {
                    "acknowledged_on": fields.Datetime.now(),
                    "acknowledged_by": by or interview.employee_id.sudo().name,
                    "acknowledgement_mode": mode,
                }
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
        """HR only: back to held, with the reason kept; the next delivery
        issues a new version beside the old one."""
        if not self.env.user.has_group("l10n_fr_hr_career_interview.group_career_officer"):
            raise AccessError(self.env._("Only an HR officer can reopen a delivered report."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening the report."))
        for interview in self.filtered(lambda i: i.state == "delivered"):
            interview.with_context(l10n_fr_career_reopen=True).write(
                {"state": "held", "acknowledged_on": False, "acknowledged_by": False, "acknowledgement_mode": False}
            )
            interview.message_post(
                body=self.env._(
                    "Report version %(version)s reopened by %(user)s. Reason: %(reason)s",
                    version=interview.report_version,
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
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
