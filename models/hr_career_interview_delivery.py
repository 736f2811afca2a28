"""Handing the report over, and what follows: the delivered version frozen,
the acknowledgement of receipt, the reopening by HR.

The interview's other concerns (planning, themes, refusal, the engine's
view) stay in hr_career_interview.py; this part only writes the evidence,
through :func:`tools.trust.trusted` after its own checks.
"""

import json

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_datetime

from ..tools import groups
from ..tools.digest import sha256_hex
from ..tools.trust import trusted
from .hr_career_interview import (
    EVIDENCE_FIELDS,
    ISSUE_KEY,
    REPORT_XMLID,
    THEME_FIELDS,
    WRITABLE_WHEN_DELIVERED,
    WRITABLE_WHEN_DELIVERED_PREFIXES,
)


class ReportIssue:
    """What the foot of a report being delivered prints. Passed in the
    rendering context as an instance of this class, which no client can send."""

    def __init__(self, interview_id, version, delivered_on, content_sha256, previous_sha256):
        self.interview_id = interview_id
        self.version = version
        self.delivered_on = delivered_on
        self.content_sha256 = content_sha256
        self.previous_sha256 = previous_sha256


class HrCareerInterviewDelivery(models.Model):
    # The interview is split by concern on purpose (one file each), so the
    # merge suggestion of pylint-odoo does not apply.
    _inherit = "hr.career.interview"  # pylint: disable=consider-merging-classes-inherited

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
        if not self.env.user.has_group(groups.OFFICER):
            raise AccessError(self.env._("Only an HR officer records a signed copy of the report."))
        self.check_access("write")
        for interview in self:
            employee = interview.employee_id.sudo()
            interview._acknowledge("paper", employee.work_contact_id, employee.name, recorded_by=self.env.user)

    def action_open_reopen(self):
        return self._open_wizard("hr.career.interview.reopen", self.env._("Reopen the report"))

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

    def _reopen(self, reason):
        """The one way back from a delivered report: HR only, with a reason,
        kept on the version and in the chatter. The version stays as it was;
        the next delivery issues a new one beside it."""
        if not self.env.user.has_group(groups.OFFICER):
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
