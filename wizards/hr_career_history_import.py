"""Bring a company's history in from the template: check, preview, then commit.

The file is read and every row checked (engine/history.py) before anything is
written; the preview gives the effect on the register computed by the engine
(the settings preview's figures). Committing reads and checks the file again,
in the same transaction as the writes: a single refused row and nothing is
written. Importing the same file again finds every row recorded and writes
nothing.
"""

import base64
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine import history as H
from ..tools import groups
from ..tools.history_template import LAYOUT, build_refused, build_template, read_rows
from ..tools.trust import trusted

# Up to this many employees the calendars are stored at once; above, the
# daily pass does it in its batches of 1 000, with its progress.
DIRECT_LIMIT = 1000
# Rows shown in the wizard; all are in the download.
SHOWN_REFUSED = 200
# Records created per call.
CREATE_BATCH = 2000
WRITE_CONTEXT = {
    "l10n_fr_career_defer": True,
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
}
TABLE = Markup('<table class="table table-sm"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>')


class HrCareerHistoryImport(models.TransientModel):
    _name = "hr.career.history.import"
    _description = "Career history import"

    file = fields.Binary("History file", attachment=False)
    file_name = fields.Char("File name")
    state = fields.Selection(
        [("upload", "To check"), ("checked", "Checked"), ("done", "Imported")],
        default="upload",
        required=True,
        readonly=True,
    )
    accepted_count = fields.Integer("Rows to import", readonly=True)
    already_count = fields.Integer(
        "Rows already recorded", readonly=True, help="Facts already recorded: left as they are, nothing is written."
    )
    refused_count = fields.Integer("Rows refused", readonly=True)
    refused_rows = fields.Json(readonly=True, export_string_translation=False)
    refused_html = fields.Html("Refused rows", compute="_compute_refused_html", sanitize=False)
    employee_count = fields.Integer("Employees concerned", readonly=True)
    overdue_before = fields.Integer("Overdue obligations, now", readonly=True)
    overdue_after = fields.Integer("Overdue obligations, after the import", readonly=True)
    due_soon_before = fields.Integer("Obligations due soon, now", readonly=True)
    due_soon_after = fields.Integer("Obligations due soon, after the import", readonly=True)
    met_before = fields.Integer("Obligations met, now", readonly=True)
    met_after = fields.Integer("Obligations met, after the import", readonly=True)
    exposure_before = fields.Integer("At stake in the next 24 months (EUR), now", readonly=True)
    exposure_after = fields.Integer("At stake in the next 24 months (EUR), after the import", readonly=True)
    deferred = fields.Boolean(
        "Left to the daily pass",
        readonly=True,
        help="Many employees: their calendars are computed by the daily pass, started now, in batches that show "
        "their progress (Settings > Technical > Scheduled actions).",
    )
    template_file = fields.Binary("Template", attachment=False, readonly=True)
    template_name = fields.Char(readonly=True, export_string_translation=False)
    refused_file = fields.Binary("Refused rows (XLSX)", attachment=False, readonly=True)
    refused_file_name = fields.Char(readonly=True, export_string_translation=False)

    @api.depends("refused_rows")
    def _compute_refused_html(self):
        headers = self._refused_headers()
        for wizard in self:
            rows = (wizard.refused_rows or [])[:SHOWN_REFUSED]
            if not rows:
                wizard.refused_html = False
                continue
            head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
            body = Markup("").join(
                Markup("<tr>%s</tr>") % Markup("").join(Markup("<td>%s</td>") % (value or "") for value in row)
                for row in rows
            )
            wizard.refused_html = TABLE % (head, body)

    # -- actions ---------------------------------------------------------------------

    def action_download_template(self):
        """The template, with the company's employees on its reference sheet."""
        self.ensure_one()
        self._check_officer()
        employees = self._employees()
        self.write(
            {
                "template_file": base64.b64encode(
                    build_template((e.barcode or e.identification_id or "", e.work_email, e.name) for e in employees)
                ),
                "template_name": "historique_entretiens.xlsx",
            }
        )
        return self._download("template_file", "template_name")

    def action_check(self):
        """The dry run: every row checked, the effect computed, nothing written."""
        self.ensure_one()
        self._check_officer()
        verdicts, effect = self._checked(with_effect=True)
        refused = [v for v in verdicts if v.outcome == H.REFUSED_ROW]
        self.write(
            {
                "state": "checked",
                "accepted_count": sum(v.outcome == H.ACCEPTED for v in verdicts),
                "already_count": sum(v.outcome == H.ALREADY for v in verdicts),
                "refused_count": len(refused),
                "refused_rows": [self._refused_row(v) for v in refused],
                "employee_count": effect.employees,
                "overdue_before": effect.overdue_before,
                "overdue_after": effect.overdue_after,
                "due_soon_before": effect.due_soon_before,
                "due_soon_after": effect.due_soon_after,
                "met_before": effect.met_before,
                "met_after": effect.met_after,
                "exposure_before": effect.exposure_before,
                "exposure_after": effect.exposure_after,
                "refused_file": False,
            }
        )
        return self._reopen()

    def action_download_refused(self):
        self.ensure_one()
        self._check_officer()
        name = (self.file_name or "historique").rsplit(".", 1)[0]
        self.write(
            {
                "refused_file": base64.b64encode(build_refused(self._refused_headers(), self.refused_rows or [])),
                "refused_file_name": f"{name}_lignes_refusees.xlsx",
            }
        )
        return self._download("refused_file", "refused_file_name")

    def action_commit(self):
        """Write the whole file or nothing: it is read and checked again here,
        in the transaction of the writes."""
        self.ensure_one()
        self._check_officer()
        verdicts, _effect = self._checked(with_effect=False)
        refused = [v for v in verdicts if v.outcome == H.REFUSED_ROW]
        if refused:
            raise UserError(
                self.env._(
                    "%(count)s rows of the file are refused: nothing was imported. Check the file, correct "
                    "the rows refused and import it again.",
                    count=len(refused),
                )
            )
        accepted = [v for v in verdicts if v.outcome == H.ACCEPTED]
        employees = self._write_facts(accepted)
        self._recompute(employees)
        self.write({"state": "done", "accepted_count": len(accepted), "deferred": len(employees) > DIRECT_LIMIT})
        return self._reopen()

    # -- reading and checking ----------------------------------------------------------

    def _check_officer(self):
        """HR officers and administrators: the file writes any employee's history."""
        if not self.env.user.has_group(groups.OFFICER):
            raise AccessError(self.env._("Only an HR officer imports the career history."))

    def _employees(self):
        """The employees the user may import for: of the companies they work in,
        departed ones included."""
        return (
            self.env["hr.employee"]
            .with_context(active_test=False)
            .search_fetch(
                [("company_id", "in", self.env.companies.ids)],
                ["barcode", "identification_id", "work_email", "name", "company_id"],
                order="id",
            )
        )

    def _rows(self):
        if not self.file:
            raise UserError(self.env._("Choose the history file to import."))
        try:
            return read_rows(base64.b64decode(self.file))
        except ValueError:
            raise UserError(self.env._("This file is not the history template: download the template and fill it in."))

    def _checked(self, with_effect):
        """The verdict of every row, and the effect of the accepted ones (or None)."""
        employees = self._employees()
        rows = self._matched(self._rows(), employees)
        matched = employees.browse({row.employee for row in rows if row.employee})
        verdicts = H.check_rows(rows, self._records(matched), fields.Date.context_today(self))
        return verdicts, (self._effect(verdicts) if with_effect else None)

    def _matched(self, rows, employees):
        """Each row with its employee: by number (badge or identification),
        then work e-mail, then exact name; ambiguous or unknown is an error."""
        by_number, by_email, by_name = defaultdict(set), defaultdict(set), defaultdict(set)
        for employee in employees:
            for number in (employee.barcode, employee.identification_id):
                if number:
                    by_number[H.normalise(number)].add(employee.id)
            if employee.work_email:
                by_email[H.normalise(employee.work_email)].add(employee.id)
            by_name[H.normalise(employee.name)].add(employee.id)
        matched = []
        for sheet, number, cells in rows:
            employee, error = _match(cells, ((by_number, "number"), (by_email, "email"), (by_name, "name")))
            matched.append(H.HistoryRow(sheet, number, cells, employee, error))
        return matched

    def _records(self, employees):
        """What is recorded of each employee, for the checks."""
        employees = employees.sudo()
        keys = defaultdict(set)
        interviews = self.env["hr.career.interview"]._engine_facts_of(employees.ids)
        for employee_id, facts in interviews.items():
            keys[employee_id].update(("interview", fact.kind, fact.date) for fact in facts if fact)
        for training in (
            self.env["hr.career.training"]
            .sudo()
            .search_fetch([("employee_id", "in", employees.ids)], ["employee_id", "date", "name"])
        ):
            keys[training.employee_id.id].add(("training", training.date, H.normalise(training.name)))
        for absence in (
            self.env["hr.career.absence"]
            .sudo()
            .search_fetch([("employee_id", "in", employees.ids)], ["employee_id", "kind", "date_from"])
        ):
            keys[absence.employee_id.id].add(("absence", absence.kind, absence.date_from))
        return {
            employee.id: H.EmployeeRecord(
                hire_date=employee.l10n_fr_career_hire_date or None,
                end_date=employee._l10n_fr_career_end_date(),
                keys=frozenset(keys[employee.id]),
                midcareer_visit_date=employee.l10n_fr_midcareer_visit_date or None,
                information_date=employee.l10n_fr_career_information_date or None,
            )
            for employee in employees
        }

    def _effect(self, verdicts):
        """The register of the employees the accepted rows touch, before and after
        (engine.history.effect: the settings preview's figures)."""
        accepted = defaultdict(list)
        for verdict in verdicts:
            if verdict.outcome == H.ACCEPTED:
                accepted[verdict.row.employee].append(verdict)
        employees = self.env["hr.employee"].sudo().with_context(active_test=False).browse(sorted(accepted))
        Calendar = self.env["hr.career.calendar"]
        facts = Calendar._facts(employees, with_history=True)
        policies = Calendar._policies(employees)
        groups_by_company = []
        for company, of_company in employees.grouped("company_id").items():
            before = {employee.id: facts[employee.id] for employee in of_company}
            after = {i: H.with_rows(before[i], accepted[i]) for i in before}
            groups_by_company.append((policies[company], before, after))
        return H.effect(groups_by_company, fields.Date.context_today(self))

    # -- writing -----------------------------------------------------------------------

    def _write_facts(self, accepted):
        """Record the accepted facts; return the employees touched. The user
        was checked an HR officer, and each employee is of their companies."""
        by_sheet = defaultdict(list)
        for verdict in accepted:
            by_sheet[verdict.fact["sheet"]].append(verdict)
        self._create_interviews(by_sheet[H.INTERVIEW] + by_sheet[H.SUMMARY_REVIEW])
        self._create_rows("hr.career.training", by_sheet[H.TRAINING], self._training_values)
        self._create_rows("hr.career.absence", by_sheet[H.ABSENCE], self._absence_values)
        self._write_employee_dates(by_sheet[H.MIDCAREER_VISIT], by_sheet[H.INFORMATION])
        return (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .browse(sorted({verdict.row.employee for verdict in accepted}))
        )

    def _source_of(self, verdict):
        return f"{LAYOUT[verdict.row.sheet][0]} / {verdict.row.row}"

    def _create_interviews(self, verdicts):
        now = fields.Datetime.now()
        values = []
        for verdict in verdicts:
            fact = verdict.fact
            held = fact["outcome"] == H.HELD
            values.append(
                {
                    "employee_id": verdict.row.employee,
                    "kind": fact["kind"],
                    "state": "held" if held else "refused",
                    "held_on": fact["date"] if held else False,
                    "refused_on": False if held else fact["date"],
                    "is_imported": True,
                    "import_file_name": self.file_name or "",
                    "import_row": self._source_of(verdict),
                    "imported_by_id": self.env.uid,
                    "imported_on": now,
                }
            )
        # Written as the module's own after the officer's check: the import
        # fields are refused to any other writer.
        Interview = trusted(self.env["hr.career.interview"]).with_context(**WRITE_CONTEXT)
        for start in range(0, len(values), CREATE_BATCH):
            Interview.create(values[start : start + CREATE_BATCH])

    def _note(self, verdict):
        return self.env._("Imported from %(file)s, %(row)s", file=self.file_name or "", row=self._source_of(verdict))

    def _training_values(self, verdict):
        fact = verdict.fact
        return {
            "employee_id": verdict.row.employee,
            "name": fact["title"],
            "date": fact["date"],
            "hours": fact["hours"],
            "is_mandatory": fact["mandatory"],
            "is_certifying": fact["certifying"],
            "is_vae": fact["vae"],
            "note": self._note(verdict),
        }

    def _absence_values(self, verdict):
        fact = verdict.fact
        return {
            "employee_id": verdict.row.employee,
            "kind": fact["kind"],
            "date_from": fact["date"],
            "date_to": fact["date_to"] or False,
            "note": self._note(verdict),
        }

    def _create_rows(self, model, verdicts, values_of):
        Model = self.env[model].sudo().with_context(**WRITE_CONTEXT)
        values = [values_of(verdict) for verdict in verdicts]
        for start in range(0, len(values), CREATE_BATCH):
            Model.create(values[start : start + CREATE_BATCH])

    def _write_employee_dates(self, visits, informations):
        """One write per date: employees share dates in large files."""
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False, **WRITE_CONTEXT)
        groups_of_values = defaultdict(list)
        for verdict in visits:
            groups_of_values[("l10n_fr_midcareer_visit_date", verdict.fact["date"], None)].append(verdict.row.employee)
        for verdict in informations:
            key = ("l10n_fr_career_information_date", verdict.fact["date"], verdict.fact["mode"])
            groups_of_values[key].append(verdict.row.employee)
        for (name, day, mode), employee_ids in groups_of_values.items():
            values = {name: day}
            if mode:
                values["l10n_fr_career_information_mode"] = mode
            Employee.browse(employee_ids).write(values)

    def _recompute(self, employees):
        """The calendars of the employees touched: stored now, or, for a large
        file, by the daily pass started now (its batches show their progress)."""
        Calendar = self.env["hr.career.calendar"]
        if len(employees) <= DIRECT_LIMIT:
            Calendar._facts_changed(employees)
            return
        Calendar._facts_changed(employees, later=True)
        self.env["hr.career.scheduler"]._start_walk_now()

    # -- display -----------------------------------------------------------------------

    def _refused_headers(self):
        _ = self.env._
        return [_("Sheet"), _("Row"), _("Employee number"), _("Work e-mail"), _("Employee name"), _("Reason")]

    def _refused_row(self, verdict):
        cells = verdict.row.cells
        return [
            LAYOUT[verdict.row.sheet][0],
            verdict.row.row,
            str(cells.get("number") or ""),
            str(cells.get("email") or ""),
            str(cells.get("name") or ""),
            self._reason_text(verdict),
        ]

    def _reason_text(self, verdict):
        _ = self.env._
        texts = {
            H.EMPLOYEE_UNKNOWN: _("No employee of your companies has this number, work e-mail or name."),
            H.EMPLOYEE_AMBIGUOUS: _("Several employees have this number, work e-mail or name."),
            H.DATE_MISSING: _("The date is missing."),
            H.DATE_INVALID: _("The date cannot be read: write it dd/mm/yyyy."),
            H.DATE_FUTURE: _("The date is in the future: only what happened is imported."),
            H.BEFORE_HIRE: _("The date is before the employee's hiring date."),
            H.AFTER_DEPARTURE: _("The date is after the end of the employee's contract."),
            H.KIND_UNKNOWN: _("Unknown kind: choose one from the template's list."),
            H.OUTCOME_UNKNOWN: _("Say whether the interview was held (Tenu) or refused (Refusé)."),
            H.FLAG_INVALID: _("Answer Oui or Non."),
            H.TITLE_MISSING: _("The title of the training is missing."),
            H.HOURS_INVALID: _("The hours must be a number, zero or more."),
            H.END_BEFORE_START: _("The leave ends before it starts."),
            H.CONFLICT_RECORDED: _("Another date is already recorded for this employee."),
        }
        if verdict.reason == H.DUPLICATE_IN_FILE:
            return _("The same fact as row %(row)s of the file.", row=verdict.other_row)
        return texts[verdict.reason]

    def _download(self, field_name, name_field):
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field={field_name}"
            f"&filename_field={name_field}&download=true",
            "target": "self",
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import the career history"),
        }


def _match(cells, indexes):
    """(employee id, "") or (None, error): the first key given that names
    exactly one employee; several for a key given is ambiguous."""
    for index, column in indexes:
        found = index.get(H.normalise(cells.get(column)), ()) if cells.get(column) not in (None, "") else ()
        if len(found) == 1:
            return next(iter(found)), ""
        if len(found) > 1:
            return None, H.EMPLOYEE_AMBIGUOUS
    return None, H.EMPLOYEE_UNKNOWN
