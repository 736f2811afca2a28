import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ADMIN, CSE

KIND_ROWS = ["First interview", "Periodic interview", "Summary review (état des lieux récapitulatif)"]


def xlsx_sheets(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def recover_by_subtraction(rows, lines):
    """What subtraction from the published totals gives: ``rows`` as
    published (a masked cell is a string), ``lines`` a list of (cell
    positions, total position). Peel every sum with a single unknown,
    again with what was found, until nothing moves."""
    known = {(r, c): value for r, row in enumerate(rows) for c, value in enumerate(row) if isinstance(value, int)}
    found = {}
    progress = True
    while progress:
        progress = False
        for cells, total in lines:
            unknown = [p for p in [*cells, total] if p not in known and p not in found]
            if len(unknown) == 1:
                value = {**known, **found}
                position = unknown[0]
                if position == total:
                    found[position] = sum(value[p] for p in cells)
                else:
                    found[position] = value[total] - sum(value[p] for p in cells if p != position)
                progress = True
    return found


def interview_lines(rows):
    """Columns Due, Held, Refused, Overdue: the kinds add up to the total row."""
    last = len(rows) - 1
    return [([(r, c) for r in range(last)], (last, c)) for c in range(1, 5)]


def action_lines(rows):
    """Rows (requested + planned + done = total) and columns."""
    last = len(rows) - 1
    by_row = [([(r, c) for c in range(1, 4)], (r, 4)) for r in range(len(rows))]
    by_column = [([(r, c) for r in range(last)], (last, c)) for c in range(1, 5)]
    return by_row + by_column


class CseCompany:
    """A company of its own, so that demo data never changes the figures:
    in 2026, 1 first interview, 5 periodic and 4 summary reviews held, one
    periodic interview refused (2 April); action plans of the periodic
    interviews: training requested 3, done 4; CPF planned 1."""

    @classmethod
    def _make_company(cls, env, login):
        company = env["res.company"].create({"name": f"CSE {login}"})
        user = new_test_user(env, login, groups=CSE, company_id=company.id, company_ids=[company.id])
        Employee = env["hr.employee"].with_company(company)
        Interview = env["hr.career.interview"].with_company(company)
        outcomes = [
            ("first", "held", date(2026, 2, 10)),
            *[("periodic", "held", day) for day in (3, 5, 6, 9, 10)],
            *[("summary", "held", day) for day in (1, 4, 7, 11)],
            ("periodic", "refused", date(2026, 4, 2)),
        ]
        interviews = Interview
        for number, (kind, state, day) in enumerate(outcomes):
            day = day if isinstance(day, date) else date(2026, day, 12)
            employee = Employee.create(
                {
                    "name": f"Salarié {login} {number}",
                    "company_id": company.id,
                    "l10n_fr_career_hire_date": date(2018, 1, 8),
                }
            )
            dates = {"held_on": day} if state == "held" else {"refused_on": day}
            interviews |= Interview.create({"employee_id": employee.id, "kind": kind, "state": state, **dates})
        periodic = interviews.filtered(lambda i: i.kind == "periodic" and i.state == "held")
        actions = [("training", "requested")] * 3 + [("training", "done")] * 4 + [("cpf", "planned")]
        env["hr.career.action"].create(
            [
                {
                    "interview_id": periodic[number % len(periodic)].id,
                    "action_type": action_type,
                    "description": f"Action {number}",
                    "state": state,
                    **({"done_on": date(2026, 10, 20)} if state == "done" else {}),
                }
                for number, (action_type, state) in enumerate(actions)
            ]
        )
        return company, user


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestCseDisclosure(CseCompany, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company, cls.user_cse = cls._make_company(cls.env, "cse_disclosure")
        cls.user_hr_admin = new_test_user(
            cls.env,
            "cse_hr_admin",
            groups=f"{ADMIN},base.group_system",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.user_settings_only = new_test_user(
            cls.env,
            "cse_settings_only",
            groups="base.group_system",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def _report(self, user=None, **values):
        return (
            self.env["hr.career.cse.report"]
            .with_user(user or self.user_cse)
            .with_company(self.company)
            .create({"company_id": self.company.id, "period_type": "year", "year": 2026, **values})
        )

    def _threshold(self):
        return self.company.sudo().l10n_fr_career_cse_threshold

    # -- the threshold: a company setting --------------------------------------

    def test_the_threshold_is_a_company_setting_of_at_least_3(self):
        self.assertEqual(self._threshold(), 3)
        report = self._report()
        self.assertEqual(report.privacy_threshold, 3)
        with self.assertRaises(ValidationError):
            self.company.sudo().l10n_fr_career_cse_threshold = 2

    def test_hr_admin_changes_the_threshold_in_settings_but_not_below_3(self):
        Settings = self.env["res.config.settings"].with_user(self.user_hr_admin).with_company(self.company)
        Settings.create({"l10n_fr_career_cse_threshold": 5}).execute()
        self.assertEqual(self._threshold(), 5)
        rows = self._report()._report_rows()
        refused = next(row for row in rows["interviews"] if row[0] == "Periodic interview")[3]
        self.assertEqual(refused, "< 5")
        for too_low in (2, 1, 0, -1):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                Settings.create({"l10n_fr_career_cse_threshold": too_low}).execute()
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.company.with_user(self.user_hr_admin).l10n_fr_career_cse_threshold = too_low
        self.assertEqual(self._threshold(), 5)

    def test_cse_user_cannot_lower_the_threshold(self):
        company = self.company.with_user(self.user_cse)
        with self.assertRaises(AccessError):
            company.write({"l10n_fr_career_cse_threshold": 1})
        with self.assertRaises(AccessError):
            company.read(["l10n_fr_career_cse_threshold"])
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_cse).create({"l10n_fr_career_cse_threshold": 1})
        # Nor through the report, its context or its arguments.
        with self.assertRaises(AccessError):
            self._report(privacy_threshold=0)
        report = self._report()
        with self.assertRaises(AccessError):
            report.write({"privacy_threshold": 0})
        report = report.with_context(privacy_threshold=0, default_privacy_threshold=0, l10n_fr_career_cse_threshold=0)
        self.assertEqual(report.privacy_threshold, 3)
        refused = next(row for row in report._report_rows()["interviews"] if row[0] == "Periodic interview")[3]
        self.assertEqual(refused, "< 3")
        self.assertEqual(self._threshold(), 3)

    def test_settings_right_without_career_admin_cannot_change_the_threshold(self):
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_settings_only).write({"l10n_fr_career_cse_threshold": 4})
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_settings_only).create(
                {"l10n_fr_career_cse_threshold": 4}
            )
        self.assertEqual(self._threshold(), 3)

    # -- calendar periods ----------------------------------------------------------

    def test_periods_are_calendar_years_quarters_and_months(self):
        self.assertEqual((self._report().date_from, self._report().date_to), (date(2026, 1, 1), date(2026, 12, 31)))
        quarter = self._report(period_type="quarter", quarter="2")
        self.assertEqual((quarter.date_from, quarter.date_to), (date(2026, 4, 1), date(2026, 6, 30)))
        month = self._report(period_type="month", month="2", year=2024)
        self.assertEqual((month.date_from, month.date_to), (date(2024, 2, 1), date(2024, 2, 29)))
        for dates in (
            {"date_from": date(2026, 4, 2), "date_to": date(2026, 4, 2)},  # one day
            {"date_from": date(2026, 1, 15), "date_to": date(2026, 2, 14)},  # overlaps two months
            {"date_from": date(2026, 4, 1)},
        ):
            with self.assertRaises(UserError):
                self._report(**dates)
            with self.assertRaises(UserError):
                month.write(dates)
        for wrong in ({"year": 1900}, {"year": 2031}, {"period_type": "month", "month": False}):
            with self.assertRaises(ValidationError):
                self._report(**wrong)
        with self.assertRaises(ValueError):
            self._report(period_type="day")

    # -- suppression --------------------------------------------------------------

    def test_the_refusal_is_below_the_threshold_and_totals_do_not_reveal_masked_cells(self):
        report = self._report()
        figures = report._figures()
        self.assertEqual(figures["interviews"]["periodic"]["refused"], 1)
        rows = report._report_rows()
        interviews, actions = rows["interviews"], rows["actions"]
        self.assertEqual([row[0] for row in interviews[:3]], KIND_ROWS)
        self.assertEqual(interviews[-1][0], "Total")
        periodic = interviews[1]
        self.assertEqual(periodic[2], 5)
        self.assertEqual(periodic[3], "< 3")
        self.assertEqual(interviews[0][2], "< 3")  # 1 first interview held
        self.assertEqual(interviews[-1][2], 10)  # held in all
        # The held column has one cell below the threshold: a second one is
        # masked (the 4 summary reviews), else 10 - 5 would give it.
        self.assertEqual(interviews[2][2], "masked")
        truth = {
            (row, 2): figures["interviews"][kind]["held"] for row, kind in enumerate(("first", "periodic", "summary"))
        }
        truth |= {
            (row, 3): figures["interviews"][kind]["refused"]
            for row, kind in enumerate(("first", "periodic", "summary"))
        }
        for table, lines in ((interviews, interview_lines(interviews)), (actions, action_lines(actions))):
            masked = {
                (r, c) for r, row in enumerate(table) for c, value in enumerate(row) if c and isinstance(value, str)
            }
            self.assertTrue(masked)
            recovered = recover_by_subtraction(table, lines)
            self.assertFalse(set(recovered) & masked, f"recovered {recovered} of {table}")
        for position, value in truth.items():
            if isinstance(interviews[position[0]][position[1]], str):
                self.assertNotIn(position, recover_by_subtraction(interviews, interview_lines(interviews)), value)
        # Action plans: CPF planned 1 is below the threshold, and so is its
        # row and its column; the figures that would give it are masked.
        cpf = next(row for row in actions if row[0] == "CPF use")
        self.assertEqual(cpf[2], "< 3")
        self.assertEqual(cpf[4], "masked")
        self.assertEqual(actions[-1][2], "masked")
        for row in interviews + actions:
            for cell in row[1:]:
                self.assertTrue(isinstance(cell, int) and (cell == 0 or cell >= 3) or cell in ("< 3", "masked"), row)

    def test_months_and_quarters_are_given_only_when_no_period_of_the_year_is_small(self):
        # A refusal in April: 1 in the month and in the quarter.
        for values in ({"period_type": "month", "month": "4"}, {"period_type": "quarter", "quarter": "2"}):
            rows = self._report(**values)._report_rows()
            self.assertIsNone(rows["interviews"], values)
            self.assertIn("See the", rows["not_given"])
        # Another month of the same year, whose figures are all 0 or at least
        # 3, is not given either: the year minus the months would give April.
        self.assertIsNone(self._report(period_type="month", month="5")._report_rows()["interviews"])
        # Trainings: the 4 trainings done on 20 October are in one month.
        october = self._report(period_type="month", month="10")._report_rows()
        self.assertEqual(october["trainings"][0], 4)
        self.assertEqual(self._report()._report_rows()["trainings"][0], 4)

    def test_pdf_and_xlsx_use_the_suppressed_tables(self):
        report = self._report()
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_cse)
            .with_company(self.company)
            ._render_qweb_html("l10n_fr_hr_career_interview.action_report_career_cse", report.ids)
        )
        self.assertIn(b"&lt; 3", html)
        self.assertIn(b"masked", html)
        action = report.with_user(self.user_cse).action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        sheets = xlsx_sheets(base64.b64decode(attachment.datas))
        periodic = next(row for row in sheets["Interviews"] if row[0] == "Periodic interview")
        self.assertEqual(periodic[2:4], [5, "< 3"])
        self.assertEqual(sheets["Interviews"][-1][0], "Total")
        cpf = next(row for row in sheets["Action plans"] if row[0] == "CPF use")
        self.assertEqual(cpf[1:], [0, "< 3", 0, "masked"])
        month = self._report(period_type="month", month="4")
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "l10n_fr_hr_career_interview.action_report_career_cse", month.ids
        )
        self.assertIn(b'name="interviews_not_given"', html)
        self.assertNotIn(b'name="interviews"', html)
        sheets = xlsx_sheets(
            base64.b64decode(
                self.env["ir.attachment"]
                .browse(int(month.action_export_xlsx()["url"].split("/")[3].split("?")[0]))
                .datas
            )
        )
        self.assertEqual(len(sheets["Interviews"]), 2)
        self.assertIn("Not given by month for 2026", sheets["Interviews"][1][0])


@tagged("post_install", "-at_install")
class TestCseDisclosureHttp(CseCompany, HttpCase):
    """The same rules over JSON-RPC, with the staff representative's session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company, cls.user_cse = cls._make_company(cls.env, "cse_http")

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _refused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self._call(model, method, *args, **kwargs)
        return caught.exception

    def test_cse_user_cannot_lower_the_threshold_over_rpc(self):
        self.authenticate("cse_http", "cse_http")
        error = self._refused("res.company", "write", [self.company.id], {"l10n_fr_career_cse_threshold": 1})
        self.assertIn("AccessError", str(error))
        self._refused("res.config.settings", "create", {"l10n_fr_career_cse_threshold": 1})
        year = {"company_id": self.company.id, "period_type": "year", "year": 2026}
        self._refused("hr.career.cse.report", "create", {**year, "privacy_threshold": 0})
        report_id = self._call("hr.career.cse.report", "create", year, context={"privacy_threshold": 0})
        self._refused("hr.career.cse.report", "write", [report_id], {"privacy_threshold": 0})
        read = self._call("hr.career.cse.report", "read", [report_id], ["privacy_threshold"])
        self.assertEqual(read[0]["privacy_threshold"], 3)
        self.assertEqual(self.company.sudo().l10n_fr_career_cse_threshold, 3)
        # The export reads the company's threshold.
        action = self._call("hr.career.cse.report", "action_export_xlsx", [report_id], context={"privacy_threshold": 0})
        sheets = xlsx_sheets(self.url_open(action["url"]).content)
        periodic = next(row for row in sheets["Interviews"] if row[0] == "Periodic interview")
        self.assertEqual(periodic[3], "< 3")

    def test_arbitrary_periods_are_refused_over_rpc(self):
        self.authenticate("cse_http", "cse_http")
        base = {"company_id": self.company.id, "period_type": "month", "year": 2026, "month": "4"}
        for dates in (
            {"date_from": "2026-04-02", "date_to": "2026-04-02"},
            {"date_from": "2026-03-15", "date_to": "2026-04-14"},
        ):
            self._refused("hr.career.cse.report", "create", {**base, **dates})
        self._refused("hr.career.cse.report", "create", {**base, "period_type": "day"})
        report_id = self._call("hr.career.cse.report", "create", base)
        self._refused("hr.career.cse.report", "write", [report_id], {"date_from": "2026-04-02"})
        read = self._call("hr.career.cse.report", "read", [report_id], ["date_from", "date_to"])
        self.assertEqual((read[0]["date_from"], read[0]["date_to"]), ("2026-04-01", "2026-04-30"))
        # Private methods (raw counts) are not callable over RPC.
        self._refused("hr.career.cse.report", "_figures", [report_id])
