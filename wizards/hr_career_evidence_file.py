"""The employee's evidence file (dossier de preuves).

What a labour inspector, a CPF audit or a court asks: show that this
employee had every interview the law required (L. 6315-1 of the Code du
travail), and the proof of each. One ZIP: a PDF that lays the whole history
out, the delivered reports exactly as they were handed over, the proofs of
refusal, information and convocation, and a manifest with the SHA-256 of
every file (``sha256sum -c SHA256SUMS`` checks them with standard tools).
"""

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import babel_locale_parse, format_date, format_datetime, get_lang, posix_to_ldml

from ..models.hr_career_calendar import obligation_row
from ..tools import groups, sentences
from .evidence_archive import CHECKSUMS, EvidenceFiles, safe_name

REPORT_XMLID = "l10n_fr_hr_career_interview.action_report_evidence_file"
# The summary review looks back over 8 years (L. 6315-1 II).
LOOKBACK_YEARS = 8
# Cancelled interviews never happened and prove nothing: left out.
LEFT_OUT_STATES = ("cancelled",)


def evidence_day(interview):
    """The day an interview is filed under: held, refused, planned, due."""
    return interview._interview_day() or interview.due_date or interview.create_date.date()


class HrCareerEvidenceFile(models.TransientModel):
    _name = "hr.career.evidence.file"
    _description = "Career interviews evidence file of an employee"

    employee_id = fields.Many2one("hr.employee", "Employee concerned", required=True, ondelete="cascade")
    period = fields.Selection(
        [("hiring", "Since hiring"), ("eight_years", "The last 8 years")],
        "Period covered",
        required=True,
        default="hiring",
        help="The last 8 years are those the summary review (état des lieux récapitulatif) looks back on.",
    )
    date_from = fields.Date("Covered from", compute="_compute_dates")
    date_to = fields.Date("Covered until", compute="_compute_dates")
    generated_on = fields.Datetime("File generated on", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", "Evidence file (ZIP)", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hr.employee":
            active_ids = self.env.context.get("active_ids") or []
            if len(active_ids) > 1:
                raise UserError(self.env._("An evidence file is built for one employee at a time."))
            if active_ids:
                values["employee_id"] = active_ids[0]
        return values

    @api.depends("employee_id", "period")
    @api.depends_context("uid")
    def _compute_dates(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            hired = wizard.employee_id.l10n_fr_career_hire_date if wizard._is_hr() else False
            if wizard.period == "eight_years":
                start = today - relativedelta(years=LOOKBACK_YEARS)
                wizard.date_from = max(start, hired) if hired else start
            else:
                wizard.date_from = hired
            wizard.date_to = today

    def action_generate(self):
        """Build the ZIP and return the URL that downloads it (HR only)."""
        self.ensure_one()
        self._check_hr()
        content = self._zip_bytes()
        attachment = self.env["ir.attachment"].create(
            {
                # Attached to this wizard, which only its creator may read
                # (record rule): the file is served to no one else.
                "name": self._zip_name(),
                "raw": content,
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
                "public": False,
            }
        )
        self.attachment_id = attachment
        # No access token: /web/content checks the user's right to the file.
        url = f"/web/content/{attachment.id}?download=true"
        return {"type": "ir.actions.act_url", "url": url, "target": "download"}

    # -- who may ------------------------------------------------------------------

    def _is_hr(self):
        return self.env.user.has_group(groups.OFFICER)

    def _check_hr(self):
        """HR only: the file holds every report of the employee. Never the
        employee, their managers or the staff representatives."""
        if not self._is_hr():
            raise AccessError(self.env._("Only an HR officer builds the evidence file of an employee."))
        self.employee_id.check_access("read")

    # -- the archive ------------------------------------------------------------------

    def _zip_name(self):
        day = fields.Date.to_string(fields.Date.context_today(self, self.generated_on))
        return f"Dossier de preuves - {safe_name(self.employee_id.name)} - {day}.zip"

    def _zip_bytes(self):
        """The archive: the PDF, the files it lists, the manifest, the sums."""
        self._check_hr()
        self.generated_on = fields.Datetime.now()
        lang = self._evidence_lang()
        wizard = self.with_context(lang=lang)
        files = EvidenceFiles()
        evidence = wizard._evidence_data(files)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_qweb_pdf(REPORT_XMLID, self.ids, data={"l10n_fr_career_evidence": evidence})
        )
        # Outside tests the renderer gives a PDF; HTML only where none is run.
        extension = "pdf" if kind == "pdf" else "html"
        description = wizard.env._("Evidence file (this document)")
        main = files.add("", f"dossier_de_preuves.{extension}", pdf, description, first=True)
        return files.archive(wizard._manifest(evidence, files, main))

    def _manifest(self, evidence, files, main):
        """What a third party checks: each file and its SHA-256, and, for each
        delivered report, the SHA-256 recorded at delivery beside the file's."""
        return {
            "title": "Dossier de preuves - entretiens de parcours professionnel (L. 6315-1 Code du travail)",
            "employee": evidence["employee"]["name"],
            "company": evidence["employee"]["company"],
            "period": {
                "from": fields.Date.to_string(self.date_from) or None,
                "to": fields.Date.to_string(self.date_to),
            },
            "generated_on": fields.Datetime.to_string(self.generated_on),
            "generated_by": self.env.user.name,
            "check": f"sha256sum -c {CHECKSUMS}",
            "files": [
                {
                    "path": entry["path"],
                    "sha256": entry["sha256"],
                    "size": len(entry["content"]),
                    "description": entry["description"],
                }
                for entry in files.entries
            ],
            "delivered_reports": [
                {
                    "path": version["path"],
                    "interview_id": interview["id"],
                    "interview": interview["kind"],
                    "version": version["version"],
                    "delivered_on": version["delivered_on_utc"],
                    "sha256_recorded_at_delivery": version["sha256"],
                    "sha256_of_file": version["file_sha256"],
                    "matches": version["intact"],
                    "content_sha256": version["content_sha256"],
                    "previous_sha256": version["previous_sha256"] or None,
                }
                for interview in evidence["interviews"]
                for version in interview["versions"]
            ],
            "imported_interviews": [
                {"interview_id": row["id"], "file": row["file"], "row": row["row"]}
                for row in evidence["imported_interviews"]
            ],
            "obligations": [
                {
                    "code": row["code"],
                    "due_date": row["due_date_iso"],
                    "regime": row["regime_code"],
                    "article": row["article"],
                    "fulfilment": row["fulfilment_code"],
                    "met_on": row["met_on_iso"],
                    "interview_id": row["interview_id"],
                }
                for row in evidence["obligations"]
            ],
            "main_document": main["path"],
        }

    # -- what the file says ------------------------------------------------------------

    def _evidence_lang(self):
        """French, the language of the inspection and of the courts, when the
        database has it; else the user's."""
        if "fr_FR" in dict(self.env["res.lang"].get_installed()):
            return "fr_FR"
        return self.env.lang or "en_US"

    def _evidence_data(self, files=None):
        """Everything the PDF and the manifest show, read with the user's
        rights (checked HR above); only the stored files are read as
        superuser. ``files`` collects the files of the archive."""
        self.ensure_one()
        self._check_hr()
        files = files if files is not None else EvidenceFiles()
        employee = self.employee_id
        interviews = self._interviews()
        conducted = interviews.filtered(lambda i: not i.is_imported)
        return {
            "employee": self._employee_values(),
            "period": {
                "from": self._date(self.date_from),
                "to": self._date(self.date_to),
                "since_hiring": self.period == "hiring",
            },
            "generated_on": self._datetime(self.generated_on or fields.Datetime.now()),
            "generated_by": self.env.user.name,
            "information": self._information_values(files),
            "obligations": self._obligation_rows(),
            # Those the addon conducted, with their proofs; apart, those
            # recorded from the company's history, which prove only the import.
            "interviews": [self._interview_values(interview, files) for interview in conducted],
            "imported_interviews": [self._imported_values(interview) for interview in interviews - conducted],
            "summaries": [
                self._summary_values(interview)
                for interview in interviews
                if interview.kind == "summary" and interview.state in ("held", "delivered")
            ],
            "trainings": self._training_rows(),
            "progressions": self._progression_rows(employee),
            "sanctions": self._sanction_rows(),
            "files": [{key: entry[key] for key in ("path", "sha256", "description")} for entry in files.entries],
        }

    def _date(self, value):
        return format_date(self.env, value) if value else ""

    def _datetime(self, value):
        """Day and time in the file's language, to the minute."""
        if not value:
            return ""
        lang = get_lang(self.env)
        day_format = posix_to_ldml(lang.date_format, locale=babel_locale_parse(lang.code))
        return format_datetime(self.env, value, tz=self.env.user.tz or "Europe/Paris", dt_format=f"{day_format} HH:mm")

    def _labels(self, model, field_name):
        return dict(self.env[model]._fields[field_name]._description_selection(self.env))

    def _in_period(self, day):
        return bool(day) and (not self.date_from or day >= self.date_from)

    def _employee_values(self):
        employee = self.employee_id
        return {
            "name": employee.name,
            "company": employee.company_id.name,
            "job": employee.job_title or employee.job_id.name or "",
            "department": employee.department_id.name or "",
            "hired_on": self._date(employee.l10n_fr_career_hire_date),
            "left_on": self._date(employee.departure_date),
            "midcareer_visit": self._date(employee.l10n_fr_midcareer_visit_date),
        }

    def _information_values(self, files):
        """The information at hiring (L. 6315-1 I) and its proof, the message."""
        employee = self.employee_id
        message = employee.l10n_fr_career_information_message_id.sudo()
        entry = None
        if message:
            description = self.env._("Information at hiring (message)")
            entry = files.add("", "information_embauche.html", self._message_file(message), description)
        return {
            "date": self._date(employee.l10n_fr_career_information_date),
            "mode": self._labels("hr.employee", "l10n_fr_career_information_mode").get(
                employee.l10n_fr_career_information_mode, ""
            ),
            "message_date": self._datetime(message.date) if message else "",
            "path": entry["path"] if entry else "",
        }

    def _message_file(self, message):
        """A sent message as a small HTML page: when, from whom, to whom, what."""
        lines = [
            (self.env._("Sent on (UTC)"), fields.Datetime.to_string(message.date)),
            (self.env._("Sender"), message.author_id.display_name or message.email_from or ""),
            (self.env._("Recipients"), ", ".join(message.partner_ids.mapped("display_name"))),
            (self.env._("Subject of the message"), message.subject or message.record_name or ""),
        ]
        header = Markup("<p>%s</p><hr/>") % Markup("<br/>").join(
            Markup("<b>%s:</b> %s") % (label, value) for label, value in lines
        )
        page = Markup(
            '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>%s</title></head><body>%s%s</body></html>'
        )
        return str(page % (escape(message.subject or ""), header, message.body or "")).encode()

    def _obligation_rows(self):
        """The legal calendar over the period: what was due, under which law
        and article, and how it was met; the next obligation still open.

        The stored obligations keep only the last 8 years: older ones come
        from the engine's full calendar, as unsaved obligation records, so
        that every line reads the same fields (the explanation in the user's
        language among them)."""
        employee = self.employee_id
        Obligation = self.env["hr.career.obligation"]
        stored = {(o.code, o.due_date): o for o in Obligation.search([("employee_id", "=", employee.id)])}
        result = self.env["hr.career.calendar"]._results(employee).get(employee)
        upcoming = result.next_open() if result else None
        today = fields.Date.context_today(self)
        records = []
        for obligation in result.obligations if result else ():
            record = stored.pop(obligation.key, None)
            if obligation.is_open and obligation.due_date > today and obligation is not upcoming:
                continue  # further ahead than the next one: not evidence yet
            if record is None:
                record = Obligation.new(obligation_row(employee, obligation))
            records.append(record)
        records += list(stored.values())
        records = [r for r in records if self._in_period(r.due_date)]
        records.sort(key=lambda r: (r.due_date, r.code))
        codes = self._labels("hr.career.obligation", "code")
        regimes = self._labels("hr.career.obligation", "regime")
        statuses = self._labels("hr.career.obligation", "status")
        fulfilments = self._labels("hr.career.obligation", "fulfilment")
        return [
            {
                "code": record.code,
                "label": codes.get(record.code, record.code),
                "regime": regimes.get(record.regime, ""),
                "regime_code": record.regime or None,
                "article": record.article or "",
                "window_start": self._date(record.window_start),
                "due_date": self._date(record.due_date),
                "due_date_iso": fields.Date.to_string(record.due_date),
                "status": statuses.get(record.status, ""),
                "fulfilment": fulfilments.get(record.fulfilment, ""),
                "fulfilment_code": record.fulfilment,
                "met_on": self._date(record.met_on),
                "met_on_iso": fields.Date.to_string(record.met_on) or None,
                "interview_id": record.interview_id.id or None,
                "interview": record.interview_id.kind_label or "",
                "explanation": record.explanation or "",
            }
            for record in records
        ]

    def _interviews(self):
        interviews = self.env["hr.career.interview"].search(
            [("employee_id", "=", self.employee_id.id), ("state", "not in", LEFT_OUT_STATES)]
        )
        dated = sorted((evidence_day(interview), interview.id) for interview in interviews)
        return interviews.browse([interview_id for day, interview_id in dated if self._in_period(day)])

    def _interview_values(self, interview, files):
        states = self._labels("hr.career.interview", "state")
        modes = self._labels("hr.career.interview", "mode")
        refusal_modes = self._labels("hr.career.interview", "refusal_mode")
        day = evidence_day(interview)
        prefix = fields.Date.to_string(day)
        obligation = interview.obligation_id
        return {
            "id": interview.id,
            "kind": interview.kind,
            "kind_label": interview.kind_label,
            "state": states.get(interview.state, ""),
            "obligation": obligation.display_name if obligation else "",
            "due_date": self._date(interview.due_date),
            "scheduled_at": self._datetime(interview.scheduled_at),
            "mode": modes.get(interview.mode, ""),
            "place": interview.location if interview.mode == "onsite" else (interview.video_link or ""),
            "interviewer": interview.interviewer_id.name or "",
            "held_on": self._date(interview.held_on),
            "convocation": self._convocation_values(interview, files, prefix),
            "refused_on": self._date(interview.refused_on),
            "refusal_mode": refusal_modes.get(interview.refusal_mode, ""),
            "refusal_note": interview.refusal_note or "",
            "refusal_proof": self._refusal_proof(interview, files, prefix),
            "versions": [
                self._version_values(version, files, prefix)
                for version in interview.report_version_ids.sorted("version")
            ],
            "actions": self._action_rows(interview),
        }

    def _imported_values(self, interview):
        states = self._labels("hr.career.interview", "state")
        return {
            "id": interview.id,
            "kind_label": interview.kind_label,
            "state": states.get(interview.state, ""),
            "date": self._date(evidence_day(interview)),
            "file": interview.import_file_name or "",
            "row": interview.import_row or "",
            "imported_by": interview.imported_by_id.name or "",
            "imported_on": self._datetime(interview.imported_on),
        }

    def _convocation_values(self, interview, files, prefix):
        """When the convocation was sent, and the notice it gave."""
        if not interview.convened_on:
            return {}
        sent = fields.Date.context_today(self, interview.convened_on)
        meeting = interview.held_on or interview._scheduled_day()
        message = interview.convocation_message_id.sudo()
        entry = None
        if message:
            name = f"{prefix}_convocation_{interview.kind_label}.html"
            entry = files.add("convocations/", name, self._message_file(message), self.env._("Convocation (message)"))
        notice = ""
        if meeting:
            notice = self.env._(
                "%(days)s days (company's minimum: %(minimum)s days)",
                days=(meeting - sent).days,
                minimum=interview.company_id._l10n_fr_career_policy().notice_days,
            )
        return {
            "sent_on": self._datetime(interview.convened_on),
            "sent_by": interview.convened_by_id.name or "",
            "notice_days": (meeting - sent).days if meeting else None,
            "notice": notice,
            "path": entry["path"] if entry else "",
        }

    def _refusal_proof(self, interview, files, prefix):
        attachment = interview.refusal_attachment_id.sudo()
        if interview.state != "refused" or not attachment:
            return {}
        description = self.env._("Proof of refusal")
        entry = files.add("refus/", f"{prefix}_{attachment.name}", attachment.raw or b"", description)
        return {"name": attachment.name, "path": entry["path"], "sha256": entry["sha256"]}

    def _version_values(self, version, files, prefix):
        """A delivered report, its file as handed over and its fingerprints."""
        attachment = version.sudo().attachment_id
        raw = attachment.raw if attachment else None
        entry = None
        if raw is not None:
            name = version.file_name
            if attachment.mimetype == "text/html" and name.endswith(".pdf"):
                name = f"{name[:-4]}.html"  # delivered where no PDF could be rendered
            description = self.env._("Delivered report, as handed over")
            entry = files.add("comptes_rendus/", f"{prefix}_{name}", raw, description)
        modes = self._labels("hr.career.report.version", "acknowledgement_mode")
        return {
            "version": version.version,
            "file_name": version.file_name,
            "path": entry["path"] if entry else None,
            "delivered_on": self._datetime(version.delivered_on),
            "delivered_on_utc": fields.Datetime.to_string(version.delivered_on),
            "delivered_by": version.delivered_by_id.name or "",
            "sha256": version.sha256,
            "file_sha256": entry["sha256"] if entry else None,
            "intact": bool(entry) and entry["sha256"] == version.sha256,
            "content_sha256": version.content_sha256 or "",
            "previous_sha256": version.previous_sha256 or "",
            "acknowledged_on": self._datetime(version.acknowledged_on),
            "acknowledged_by": version.acknowledged_by or "",
            "acknowledgement_mode": modes.get(version.acknowledgement_mode, ""),
            "acknowledgement_recorded_by": version.acknowledgement_recorded_by_id.name or "",
            "reopened_on": self._datetime(version.reopened_on),
            "reopened_by": version.reopened_by_id.name or "",
            "reopen_reason": version.reopen_reason or "",
        }

    def _action_rows(self, interview):
        types = self._labels("hr.career.action", "action_type")
        states = self._labels("hr.career.action", "state")
        return [
            {
                "type": types.get(action.action_type, ""),
                "description": action.description,
                "planned_date": self._date(action.planned_date),
                "state": states.get(action.state, ""),
                "done_on": self._date(action.done_on),
            }
            for action in interview.action_ids
        ]

    def _summary_values(self, interview):
        """The summary review (L. 6315-1 II): its four criteria and their evidence."""
        evaluation = interview._summary_evaluation_for_report()
        return {
            "held_on": self._date(interview.held_on),
            "period_start": self._date(evaluation["period_start"]),
            "review_date": self._date(evaluation["review_date"]),
            "criteria": evaluation["criteria"],
            "topup_owed": evaluation["topup_owed"],
            "amount": sentences.amount_text(self.env, evaluation["amount"]),
            "explanation": evaluation["explanation"],
        }

    def _training_rows(self):
        trainings = self.env["hr.career.training"].search([("employee_id", "=", self.employee_id.id)], order="date, id")
        return [
            {
                "name": training.name,
                "date": self._date(training.date),
                "hours": sentences.hours_text(training.hours) if training.hours else "",
                "mandatory": training.is_mandatory,
                "certifying": training.is_certifying,
                "vae": training.is_vae,
                "interview": training.interview_id.kind_label or "",
            }
            for training in trainings
            if self._in_period(training.date)
        ]

    def _progression_rows(self, employee):
        """Progressions recorded by HR and those read from the contracts,
        as the summary review counts them."""
        facts = self.env["hr.career.calendar"]._facts(employee, with_history=True)[employee.id]
        kinds = self._labels("hr.career.progression", "kind")
        rows = [
            {
                "date": self._date(progression.date),
                "kind": kinds.get(progression.kind, progression.kind),
                "note": progression.note or "",
                "from_contract": str(progression.ref).startswith("hr.contract:"),
                "day": progression.date,
            }
            for progression in facts.progressions
            if self._in_period(progression.date)
        ]
        return sorted(rows, key=lambda row: row.pop("day"))

    def _sanction_rows(self):
        states = self._labels("hr.career.sanction", "state")
        sanctions = self.env["hr.career.sanction"].search(
            [("employee_id", "=", self.employee_id.id)], order="review_date, id"
        )
        return [
            {
                "review_date": self._date(sanction.review_date),
                "amount": sentences.amount_text(self.env, sanction.amount),
                "state": states.get(sanction.state, ""),
                "declared_on": self._date(sanction.declared_on),
                "reference": sanction.declaration_reference or "",
                "paid_on": self._date(sanction.paid_on),
                "explanation": sanction.explanation or "",
            }
            for sanction in sanctions
            if self._in_period(sanction.review_date)
        ]
