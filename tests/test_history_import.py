"""The history import: template, dry run, commit of the whole file or nothing."""

import base64
import io
from datetime import date
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..engine import history as H
from ..tools.history_template import LAYOUT
from ..wizards import hr_career_history_import as wizard_module
from .common import CareerCase, call_kw

FACT_TABLES = ("hr_career_interview", "hr_career_training", "hr_career_absence", "hr_career_obligation")
INTERVIEWS = LAYOUT[H.INTERVIEW][0]
REVIEWS = LAYOUT[H.SUMMARY_REVIEW][0]
TRAININGS = LAYOUT[H.TRAINING][0]
VISITS = LAYOUT[H.MIDCAREER_VISIT][0]
INFORMATION = LAYOUT[H.INFORMATION][0]
ABSENCES = LAYOUT[H.ABSENCE][0]


class HistoryCase(CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        # In the company since 2012, never interviewed as far as the addon knows.
        cls.senior = Employee.create(
            cls._employee_vals(
                "Ancienne Salariée",
                None,
                barcode="M0001",
                work_email="ancienne@example.com",
                l10n_fr_career_hire_date=date(2012, 1, 9),
                birthday=date(1970, 5, 5),
            )
        )
        # 45 in 2025: the mid-career visit applies.
        cls.quadra = Employee.create(
            cls._employee_vals(
                "Quadra Salarié",
                None,
                work_email="quadra@example.com",
                l10n_fr_career_hire_date=date(2010, 5, 3),
                birthday=date(1980, 3, 3),
            )
        )
        cls.namesake_1 = Employee.create(cls._employee_vals("Homonyme", None, work_email="h1@example.com"))
        cls.namesake_2 = Employee.create(cls._employee_vals("Homonyme", None, work_email="h2@example.com"))
        cls.departed = Employee.create(
            cls._employee_vals(
                "Partie", None, l10n_fr_career_hire_date=date(2015, 1, 5), departure_date=date(2023, 6, 30)
            )
        )

    # -- helpers ---------------------------------------------------------------------

    def _template(self, user=None):
        wizard = self.env["hr.career.history.import"].with_user(user or self.user_officer).create({})
        wizard.action_download_template()
        return base64.b64decode(wizard.template_file)

    def _file(self, rows_by_sheet, template=None):
        """The template filled with ``rows_by_sheet`` ({sheet title: [row values]}), as XLSX bytes."""
        workbook = openpyxl.load_workbook(io.BytesIO(template or self._template()))
        for title, rows in rows_by_sheet.items():
            for values in rows:
                workbook[title].append(values)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()

    def _wizard(self, data, user=None, name="historique.xlsx"):
        return (
            self.env["hr.career.history.import"]
            .with_user(user or self.user_officer)
            .create({"file": base64.b64encode(data), "file_name": name})
        )

    def _dashboard(self, employees):
        """What the register stores for ``employees``: the dry run's figures."""
        self.env.invalidate_all()
        obligations = self.env["hr.career.obligation"].sudo().search([("employee_id", "in", employees.ids)])
        statuses = obligations.mapped("status")
        return {
            "overdue": statuses.count("overdue"),
            "due_soon": statuses.count("due_soon"),
            "met": statuses.count("met"),
            "exposure": sum(employees.sudo().mapped("l10n_fr_career_amount_at_stake")),
        }

    def _history(self):
        """Ten years of one long-serving employee's history, and a visit."""
        return {
            INFORMATION: [["M0001", "", "", date(2012, 1, 9), "Papier, remis en main propre"]],
            INTERVIEWS: [
                ["M0001", "", "", "Entretien périodique", date(2016, 2, 15), "Tenu"],
                ["", "ancienne@example.com", "", "Entretien périodique", date(2018, 2, 12), "Tenu"],
                ["", "", "Ancienne Salariée", "Entretien périodique", date(2022, 2, 14), "Tenu"],
                ["M0001", "", "", "Entretien périodique", "12/02/2024", "Refusé"],
            ],
            REVIEWS: [["M0001", "", "", date(2020, 2, 10), "Tenu"]],
            TRAININGS: [["M0001", "", "", "Anglais professionnel", date(2019, 5, 6), 35, "Non", "Non", "Non"]],
            VISITS: [["", "quadra@example.com", "", date(2025, 6, 10)]],
            ABSENCES: [["", "quadra@example.com", "", "Congé sabbatique", date(2019, 1, 7), date(2019, 6, 30)]],
        }


@tagged("post_install", "-at_install")
class TestHistoryImport(HistoryCase):
    def test_template_round_trip_dashboard_equals_the_preview(self):
        touched = self.senior | self.quadra
        before = self._dashboard(touched)
        wizard = self._wizard(self._file(self._history()))
        wizard.action_check()
        self.assertEqual((wizard.accepted_count, wizard.already_count, wizard.refused_count), (9, 0, 0))
        self.assertEqual(wizard.employee_count, 2)
        self.assertEqual(
            before,
            {
                "overdue": wizard.overdue_before,
                "due_soon": wizard.due_soon_before,
                "met": wizard.met_before,
                "exposure": wizard.exposure_before,
            },
        )
        self.assertGreater(wizard.overdue_before, wizard.overdue_after, "the history meets what was overdue")
        self.assertGreater(wizard.met_after, wizard.met_before)
        self.assertEqual(self._dashboard(touched), before, "the dry run writes nothing")
        wizard.action_commit()
        self.assertEqual(wizard.state, "done")
        self.assertFalse(wizard.deferred)
        self.assertEqual(
            self._dashboard(touched),
            {
                "overdue": wizard.overdue_after,
                "due_soon": wizard.due_soon_after,
                "met": wizard.met_after,
                "exposure": wizard.exposure_after,
            },
        )
        interviews = self.env["hr.career.interview"].search([("employee_id", "=", self.senior.id)])
        imported = interviews.filtered("is_imported").sorted(lambda i: i.held_on or i.refused_on)
        self.assertEqual(imported.mapped("state"), ["held", "held", "held", "held", "refused"])
        self.assertEqual(imported.mapped("kind"), ["periodic", "periodic", "summary", "periodic", "periodic"])
        self.assertEqual(imported[0].import_row, f"{INTERVIEWS} / 3")  # under the header and the example
        self.assertEqual(imported[2].import_row, f"{REVIEWS} / 3")
        self.assertEqual(set(imported.mapped("import_file_name")), {"historique.xlsx"})
        self.assertEqual(imported.imported_by_id, self.user_officer)
        self.assertFalse(imported.question_template_id)
        # Filed, as any interview held or refused, under the obligation it met, with its due date.
        filed = imported.filtered("obligation_id")
        self.assertTrue(filed)
        self.assertTrue(all(i.due_date == i.obligation_id.due_date for i in filed))
        self.assertEqual(self.senior.l10n_fr_career_information_date, date(2012, 1, 9))
        self.assertEqual(self.senior.l10n_fr_career_information_mode, "paper")
        self.assertEqual(self.quadra.l10n_fr_midcareer_visit_date, date(2025, 6, 10))
        self.assertEqual(self.quadra.l10n_fr_career_absence_ids.kind, "sabbatical")
        training = self.env["hr.career.training"].search([("employee_id", "=", self.senior.id)])
        self.assertEqual((training.name, training.hours, training.is_mandatory), ("Anglais professionnel", 35, False))

    def test_imported_interviews_are_closed_and_kept_apart_in_the_evidence_file(self):
        self._wizard(self._file(self._history())).action_commit()
        imported = self.env["hr.career.interview"].search(
            [("employee_id", "=", self.senior.id), ("is_imported", "=", True)]
        )
        held = imported.filtered(lambda i: i.state == "held")[0].with_user(self.user_officer)
        with self.assertRaises(UserError):
            held.action_deliver()
        with self.assertRaises(UserError):
            held.write({"held_on": date(2016, 3, 1)})
        with self.assertRaises(UserError):
            self.env["hr.career.interview"].with_user(self.user_officer).create(
                {"employee_id": self.senior.id, "kind": "periodic", "is_imported": True}
            )
        evidence = (
            self.env["hr.career.evidence.file"]
            .with_user(self.user_officer)
            .create({"employee_id": self.senior.id})
            ._evidence_data()
        )
        self.assertEqual(len(evidence["imported_interviews"]), 5)
        self.assertFalse(evidence["interviews"])
        self.assertEqual(evidence["imported_interviews"][0]["file"], "historique.xlsx")

    def test_every_refusal_reason_on_its_row_and_nothing_written(self):
        self.quadra.l10n_fr_midcareer_visit_date = date(2025, 6, 10)
        self.env["hr.career.interview"].create(
            {"employee_id": self.senior.id, "kind": "periodic", "state": "held", "held_on": date(2016, 2, 15)}
        )
        cases = [
            (INTERVIEWS, ["X999", "", "", "Entretien périodique", date(2020, 1, 6), "Tenu"], H.EMPLOYEE_UNKNOWN),
            (INTERVIEWS, ["", "", "Homonyme", "Entretien périodique", date(2026, 4, 6), "Tenu"], H.EMPLOYEE_AMBIGUOUS),
            (INTERVIEWS, ["M0001", "", "", "Entretien périodique", date(2099, 1, 5), "Tenu"], H.DATE_FUTURE),
            (INTERVIEWS, ["M0001", "", "", "Entretien périodique", date(2011, 1, 3), "Tenu"], H.BEFORE_HIRE),
            (INTERVIEWS, ["", "", "Partie", "Entretien périodique", date(2024, 1, 8), "Tenu"], H.AFTER_DEPARTURE),
            (INTERVIEWS, ["M0001", "", "", "Entretien annuel", date(2019, 1, 7), "Tenu"], H.KIND_UNKNOWN),
            (INTERVIEWS, ["M0001", "", "", "Entretien périodique", date(2019, 1, 7), "Reporté"], H.OUTCOME_UNKNOWN),
            (INTERVIEWS, ["M0001", "", "", "Entretien périodique", "", "Tenu"], H.DATE_MISSING),
            (INTERVIEWS, ["M0001", "", "", "Entretien périodique", "31/02/2019", "Tenu"], H.DATE_INVALID),
            (INTERVIEWS, ["M0001", "", "", "Premier entretien", date(2013, 1, 7), "Tenu"], ""),
            (INTERVIEWS, ["M0001", "", "", "Premier entretien", date(2013, 1, 7), "Tenu"], H.DUPLICATE_IN_FILE),
            (TRAININGS, ["M0001", "", "", "", date(2019, 5, 6), 7, "Non", "Non", "Non"], H.TITLE_MISSING),
            (TRAININGS, ["M0001", "", "", "Excel", date(2019, 5, 6), "sept", "Non", "Non", "Non"], H.HOURS_INVALID),
            (TRAININGS, ["M0001", "", "", "Excel", date(2019, 5, 6), 7, "Bof", "Non", "Non"], H.FLAG_INVALID),
            (VISITS, ["", "quadra@example.com", "", date(2025, 7, 1)], H.CONFLICT_RECORDED),
            (ABSENCES, ["M0001", "", "", "Congé de maternité", date(2019, 6, 3), date(2019, 1, 7)], H.END_BEFORE_START),
        ]
        # Already recorded: skipped, not refused.
        rows = {INTERVIEWS: [["M0001", "", "", "Entretien périodique", date(2016, 2, 15), "Tenu"]]}
        for sheet, values, _reason in cases:
            rows.setdefault(sheet, []).append(values)
        wizard = self._wizard(self._file(rows))
        written = self._rows_written(FACT_TABLES)
        wizard.action_check()
        refused = [reason for _sheet, _values, reason in cases if reason]
        self.assertEqual((wizard.accepted_count, wizard.already_count, wizard.refused_count), (1, 1, len(refused)))
        reasons = [row[5] for row in wizard.refused_rows]
        for reason, text in zip(refused, reasons, strict=True):
            if reason == H.DUPLICATE_IN_FILE:
                self.assertIn("13", text)  # the row it repeats
            else:
                expected = wizard._reason_text(H.Verdict(None, H.REFUSED_ROW, reason))
                self.assertEqual(text, expected)
        with self.assertRaises(UserError):
            wizard.action_commit()
        self.assertEqual(self._rows_written(FACT_TABLES), written, "nothing written")
        refused_file = base64.b64decode(wizard.action_download_refused() and wizard.refused_file)
        sheet = openpyxl.load_workbook(io.BytesIO(refused_file)).active
        self.assertEqual(sheet.max_row, len(refused) + 1)
        self.assertEqual(sheet.cell(2, 1).value, INTERVIEWS)

    def test_a_failing_row_in_the_middle_of_a_large_file_writes_nothing(self):
        good = [
            ["M0001", "", "", f"Formation {number}", date(2013, 1, 1 + number % 28), 7, "Non", "Non", "Non"]
            for number in range(3000)
        ]
        good[1500] = ["M0001", "", "", "Formation future", date(2099, 1, 1), 7, "Non", "Non", "Non"]
        wizard = self._wizard(self._file({TRAININGS: good}))
        written = self._rows_written(FACT_TABLES)
        wizard.action_check()
        self.assertEqual((wizard.accepted_count, wizard.refused_count), (2999, 1))
        self.assertEqual(wizard.refused_rows[0][1], 1503)
        with self.assertRaises(UserError):
            wizard.action_commit()
        self.assertEqual(self._rows_written(FACT_TABLES), written)

    def test_the_same_file_twice_changes_nothing(self):
        data = self._file(self._history())
        self._wizard(data).action_commit()
        written = self._rows_written((*FACT_TABLES, "hr_employee"))
        again = self._wizard(data)
        again.action_check()
        self.assertEqual((again.accepted_count, again.already_count, again.refused_count), (0, 9, 0))
        self.assertEqual((again.overdue_before, again.overdue_after), (0, 0))
        again.action_commit()
        self.assertEqual(self._rows_written((*FACT_TABLES, "hr_employee")), written)

    def test_a_large_file_is_left_to_the_daily_pass(self):
        self.senior.sudo().l10n_fr_career_next_look = date(2030, 1, 1)
        with patch.object(wizard_module, "DIRECT_LIMIT", 1):
            wizard = self._wizard(self._file(self._history()))
            wizard.action_check()
            wizard.action_commit()
        self.assertTrue(wizard.deferred)
        self.assertFalse(self.senior.l10n_fr_career_next_look, "marked for the daily pass")
        cron = self.env.ref("l10n_fr_hr_career_interview.ir_cron_career_recompute")
        self.assertTrue(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]))
        self.assertFalse(self.env["hr.career.scheduler.state"].search([]).last_employee_id, "the walk starts over")
        self.env["hr.career.scheduler"]._run(self.senior | self.quadra, date.today())
        self.assertEqual(
            self._dashboard(self.senior | self.quadra),
            {
                "overdue": wizard.overdue_after,
                "due_soon": wizard.due_soon_after,
                "met": wizard.met_after,
                "exposure": wizard.exposure_after,
            },
        )

    def test_only_hr_officers_import(self):
        data = base64.b64encode(self._file(self._history()))
        for user in (self.user_manager, self.user_employee, self.user_cse, self.user_representative):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["hr.career.history.import"].with_user(user).create({"file": data})
        wizard = self._wizard(base64.b64decode(data))
        for user in (self.user_manager, self.user_employee):
            with self.assertRaises(AccessError, msg=user.login):
                wizard.with_user(user).action_commit()
        self._wizard(base64.b64decode(data), user=self.user_admin).action_check()

    def test_an_officer_imports_only_for_the_employees_of_their_companies(self):
        wizard = self._wizard(self._file(self._history()), user=self.user_officer_b)
        wizard.action_check()
        self.assertEqual(wizard.accepted_count, 0)
        self.assertEqual(
            {row[5] for row in wizard.refused_rows},
            {wizard._reason_text(H.Verdict(None, H.REFUSED_ROW, H.EMPLOYEE_UNKNOWN))},
        )

    def test_a_file_that_is_not_the_template(self):
        wizard = self._wizard(b"name;date\n", name="export.csv")
        with self.assertRaises(UserError):
            wizard.action_check()


@tagged("post_install", "-at_install")
class TestHistoryImportRpc(HttpCase, HistoryCase):
    def test_refused_over_rpc_for_managers_and_employees(self):
        data = base64.b64encode(self._file(self._history())).decode()
        wizard = self._wizard(base64.b64decode(data))
        for login in ("career_manager", "career_employee", "career_cse"):
            reply = call_kw(self, login, "hr.career.history.import", "create", [{"file": data}])
            self.assertIn("error", reply, login)
            for method in ("action_check", "action_commit", "action_download_template"):
                reply = call_kw(self, login, "hr.career.history.import", method, [[wizard.id]])
                self.assertIn("error", reply, f"{login} {method}")
            # Nor can anyone forge an imported interview.
            reply = call_kw(
                self,
                login,
                "hr.career.interview",
                "create",
                [{"employee_id": self.employee.id, "kind": "periodic", "is_imported": True}],
            )
            self.assertIn("error", reply, login)
        self.assertFalse(self.env["hr.career.interview"].search_count([("is_imported", "=", True)]))
        reply = call_kw(self, "officer", "hr.career.history.import", "create", [{"file": data, "file_name": "h.xlsx"}])
        self.assertNotIn("error", reply)
        reply = call_kw(self, "officer", "hr.career.history.import", "action_commit", [[reply["result"]]])
        self.assertNotIn("error", reply, reply.get("error"))
        self.assertEqual(self.env["hr.career.interview"].search_count([("is_imported", "=", True)]), 5)
