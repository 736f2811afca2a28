import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .. import engine
from .common import CSE, CareerCase


def read_xlsx(action, env):
    attachment = env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
    workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestSummaryReview(CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.l10n_fr_career_headcount = 60
        cls.veteran = cls.env["hr.employee"].create(
            {
                "name": "Vétéran",
                "l10n_fr_career_hire_date": date(2017, 1, 9),
                "birthday": date(1980, 3, 3),
                "parent_id": cls.manager.id,
                "ssnid": "180037512345678",
            }
        )

    def _summary(self, employee, held_on=date(2026, 11, 20)):
        return self.env["hr.career.interview"].create(
            {
                "employee_id": employee.id,
                "kind": "summary",
                "interviewer_id": self.user_manager.id,
                "state": "held",
                "held_on": held_on,
            }
        )

    def test_failing_review_owes_the_top_up_and_goes_on_the_register(self):
        review = self._summary(self.veteran)
        sanction = review.sanction_ids
        self.assertEqual(
            (sanction.amount, sanction.state, sanction.review_date), (3000, "to_declare", date(2026, 11, 20))
        )
        self.assertIn("top-up is owed", review.summary_review_html)
        sanction.action_declare()
        sanction.declaration_reference = "CDC-2026-001"
        sanction.action_paid()
        self.assertEqual(sanction.state, "paid")
        sheet = read_xlsx(sanction.action_export_xlsx(), self.env)["Corrective top-ups"]
        self.assertEqual(
            sheet[0], ["Name", "Social security number", "Birth date", "Summary review date", "Amount (EUR)"]
        )
        self.assertEqual(sheet[1][0:2], ["Vétéran", "180037512345678"])
        self.assertEqual(sheet[1][4], 3000)

    def test_an_interview_answered_by_the_review_itself_counts_as_held(self):
        """One meeting answers the overdue review and the periodic interview
        due at its date: the review is itself a periodic interview
        (L. 6315-1 II), so the periodic one reads held on the review's day,
        for the review's own criterion too."""
        self.env["hr.career.calendar"]._sync(self.veteran)
        review = self.env["hr.career.interview"].search(
            [("employee_id", "=", self.veteran.id), ("state", "=", "to_plan")]
        )
        self.assertEqual(review.kind, "summary")
        self.assertIn("O3", review.answered_obligation_ids.mapped("code"))
        review.write({"state": "held", "held_on": date(2026, 11, 20)})
        rows = review._summary_evaluation_for_report()["interviews"]
        periodic = [row for row in rows if row["met_on"] == date(2026, 11, 20)]
        self.assertTrue(periodic)
        self.assertEqual({row["outcome"] for row in periodic}, {"Met late"})
        self.assertIn("held on 11/20/2026", review.summary_review_html)
        self.assertNotIn("not held", review.summary_review_html.split("11/20/2026")[0][-200:])

    def test_the_sanction_counts_the_headcount_on_the_review_date(self):
        """A counted headcount is the company's on the review's date: 40
        people until 31/05/2026, 55 from 01/06/2026 (L. 6315-1 II, 50 or more)."""
        grown = self.env["res.company"].create({"name": "Croissance"})
        Employee = self.env["hr.employee"].with_company(grown)
        first = [{"name": f"Ancien {n}", "l10n_fr_career_hire_date": date(2015, 1, 5)} for n in range(39)]
        later = [{"name": f"Recrue {n}", "l10n_fr_career_hire_date": date(2026, 6, 1)} for n in range(15)]
        staff = Employee.create([*first, *later, {"name": "Partie", "l10n_fr_career_hire_date": date(2016, 1, 4)}])
        staff[-1].write({"departure_date": date(2026, 8, 31), "active": False})
        veteran = Employee.create(
            {"name": "Sans entretien", "l10n_fr_career_hire_date": date(2017, 1, 9), "birthday": date(1980, 3, 3)}
        )
        policy = grown._l10n_fr_career_policy()
        self.assertEqual(
            [policy.headcount_at(day) for day in (date(2016, 1, 3), date(2026, 5, 31), date(2026, 6, 1))],
            [39, 41, 56],
        )
        self.assertEqual(policy.headcount_at(date(2026, 9, 1)), 55, "the departed employee counts until their last day")
        facts = self.env["hr.career.calendar"]._facts(veteran, with_history=True)[veteran.id]
        before = engine.evaluate_summary_review(facts, policy, date(2026, 5, 29))
        after = engine.evaluate_summary_review(facts, policy, date(2026, 6, 1))
        self.assertFalse(before.criterion(engine.summary.INTERVIEWS).met)
        self.assertEqual((before.subject_to_sanction, before.amount), (False, 0))
        self.assertEqual((after.subject_to_sanction, after.amount), (True, 3000))
        grown.l10n_fr_career_headcount = 30  # set by hand: that figure on every date
        self.assertEqual(grown._l10n_fr_career_policy().headcount_at(date(2026, 6, 1)), 30)

    def test_no_top_up_under_50_or_with_a_non_mandatory_training(self):
        self.company.l10n_fr_career_headcount = 49
        self.assertFalse(self._summary(self.veteran).sanction_ids)
        self.company.l10n_fr_career_headcount = 60
        trained = self.env["hr.employee"].create(
            {
                "name": "Formée",
                "l10n_fr_career_hire_date": date(2017, 1, 9),
                "birthday": date(1980, 3, 3),
                "parent_id": self.manager.id,
            }
        )
        self.env["hr.career.training"].create({"employee_id": trained.id, "name": "Anglais", "date": date(2022, 3, 1)})
        self.assertFalse(self._summary(trained).sanction_ids)

    def test_wage_raise_and_job_change_count_as_progressions(self):
        Contract = self.env["hr.contract"]
        job = self.env["hr.job"].create({"name": "Responsable paie"})
        Contract.create(
            {
                "name": "CDD",
                "employee_id": self.veteran.id,
                "date_start": date(2017, 1, 9),
                "date_end": date(2019, 12, 31),
                "wage": 2000,
                "state": "close",
            }
        )
        running = Contract.create(
            {
                "name": "CDI",
                "employee_id": self.veteran.id,
                "date_start": date(2020, 1, 1),
                "wage": 2300,
                "state": "open",
                "job_id": job.id,
            }
        )
        facts = self.env["hr.career.calendar"]._facts(self.veteran, with_history=True)[self.veteran.id]
        kinds = sorted((p.kind, p.date) for p in facts.progressions)
        self.assertEqual(kinds, [("professional", date(2020, 1, 1)), ("salary", date(2020, 1, 1))])
        # A raise on the running contract, as the chatter tracks it.
        wage_field = self.env["ir.model.fields"]._get("hr.contract", "wage")
        running._message_log(
            tracking_value_ids=[
                Command.create({"field_id": wage_field.id, "old_value_float": 2300, "new_value_float": 2500})
            ]
        )
        facts = self.env["hr.career.calendar"]._facts(self.veteran, with_history=True)[self.veteran.id]
        self.assertEqual(len([p for p in facts.progressions if p.kind == "salary"]), 2)
        review = self._summary(self.veteran)
        self.assertIn("hr.contract/", review.summary_review_html)

    def test_exposure_figures_on_a_known_dataset(self):
        Employee = self.env["hr.employee"]
        dept = self.env["hr.department"].create({"name": "Atelier"})
        common = {"birthday": date(1985, 1, 1), "department_id": dept.id}
        Employee.create(
            {
                "name": "A jour",
                "l10n_fr_career_hire_date": date(2026, 6, 1),
                "l10n_fr_career_information_date": date(2026, 6, 1),
                **common,
            }
        )
        Employee.create(
            {
                "name": "Bientôt",
                "l10n_fr_career_hire_date": date(2026, 1, 5),
                "l10n_fr_career_information_date": date(2026, 1, 5),
                **common,
            }
        )
        Employee.create(
            {
                "name": "En retard",
                "l10n_fr_career_hire_date": date(2024, 1, 8),
                "l10n_fr_career_information_date": date(2024, 1, 8),
                **common,
            }
        )
        Employee.create(
            {
                "name": "Exposé",
                "l10n_fr_career_hire_date": date(2020, 3, 4),
                "l10n_fr_career_information_date": date(2020, 3, 4),
                **common,
            }
        )
        Employee.create({"name": "Sans date", "department_id": dept.id})
        groups = Employee._read_group(
            [("department_id", "=", dept.id)],
            ["l10n_fr_career_bucket"],
            ["__count", "l10n_fr_career_amount_at_stake:sum"],
        )
        counts = {bucket: count for bucket, count, _amount in groups}
        self.assertEqual(counts, {"up_to_date": 1, "due_soon": 1, "overdue": 2, "data_missing": 1})
        self.assertEqual(sum(amount for _b, _c, amount in groups), 3000)
        at_risk = Employee.search([("department_id", "=", dept.id), ("l10n_fr_career_summary_failing", "=", True)])
        self.assertEqual(at_risk.mapped("name"), ["Exposé"])
        self.assertEqual(at_risk.l10n_fr_career_summary_due_date, date(2028, 3, 4))


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestCseAndRegisters(CareerCase):
    """The figures are checked on a company of their own, so that demo data
    in the main company never changes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.interview.write({"state": "held", "held_on": date(2026, 5, 4)})
        cls.company_cse = cls.env["res.company"].create({"name": "Société du CSE"})
        cls.user_cse_company = new_test_user(
            cls.env, "cse_company", groups=CSE, company_id=cls.company_cse.id, company_ids=[cls.company_cse.id]
        )
        Employee = cls.env["hr.employee"].with_company(cls.company_cse)
        hired = {"l10n_fr_career_hire_date": date(2025, 3, 3), "company_id": cls.company_cse.id}
        first = Employee.create({"name": "Première", **hired})
        second = Employee.create({"name": "Seconde", **hired})
        Interview = cls.env["hr.career.interview"].with_company(cls.company_cse)
        cls.held = Interview.create(
            {"employee_id": first.id, "kind": "first", "state": "held", "held_on": date(2026, 5, 4)}
        )
        Interview.create(
            {"employee_id": second.id, "kind": "first", "state": "refused", "refused_on": date(2026, 4, 2)}
        )
        cls.env["hr.career.action"].create(
            [
                {
                    "interview_id": cls.held.id,
                    "action_type": "training",
                    "description": "Excel",
                    "state": "done",
                    "done_on": date(2026, 6, 1),
                },
                {"interview_id": cls.held.id, "action_type": "vae", "description": "VAE", "state": "planned"},
            ]
        )

    def _report(self, user, **values):
        return (
            self.env["hr.career.cse.report"]
            .with_user(user)
            .with_company(self.company_cse)
            .create(
                {
                    "company_id": self.company_cse.id,
                    "period_type": "year",
                    "year": 2026,
                    **values,
                }
            )
        )

    def test_cse_figures_match_the_records(self):
        figures = self._report(self.user_cse_company)._figures()
        self.assertEqual(figures["interviews"]["first"]["held"], 1)
        self.assertEqual(figures["interviews"]["first"]["refused"], 1)
        due_first = self.env["hr.career.obligation"].search_count(
            [
                ("company_id", "=", self.company_cse.id),
                ("code", "=", "O2"),
                ("due_date", ">=", date(2026, 1, 1)),
                ("due_date", "<=", date(2026, 12, 31)),
            ]
        )
        self.assertEqual(figures["interviews"]["first"]["due"], due_first)
        self.assertEqual(due_first, 2)
        self.assertEqual(figures["actions"]["training"], {"done": 1})
        self.assertEqual(figures["actions"]["vae"], {"planned": 1})
        self.assertEqual(figures["trainings_after_interviews"], 1)

    def test_small_counts_are_hidden_and_pdf_and_xlsx_render(self):
        report = self._report(self.user_cse_company)
        rows = report._report_rows()
        first = next(row for row in rows["interviews"] if row[0] == "First interview")
        self.assertEqual(first[2], "< 3")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_cse_company)
            ._render_qweb_html("l10n_fr_hr_career_interview.action_report_career_cse", report.ids)
        )
        self.assertIn(b'name="interviews"', html)
        self.assertNotIn("Première".encode(), html)
        sheets = read_xlsx(report.action_export_xlsx(), self.env)
        self.assertEqual(sheets["Interviews"][0], ["Kind", "Interviews due", "Held", "Refused", "Overdue"])
        self.assertEqual(len(sheets["Interviews"]), 9)  # the kinds and the total

    def test_cse_users_get_no_individual_record(self):
        training = self.env["hr.career.training"].create({"employee_id": self.employee.id, "name": "Excel"})
        progression = self.env["hr.career.progression"].create({"employee_id": self.employee.id})
        preparation = self.env["hr.career.preparation"].create({"interview_id": self.interview.id, "wishes": "x"})
        records = [
            self.interview,
            self.employee.l10n_fr_career_obligation_ids[:1],
            self.held.action_ids[:1],
            training,
            progression,
            preparation,
        ]
        for record in records:
            with self.assertRaises(AccessError, msg=record._name):
                record.with_user(self.user_cse).read(["id"])
            try:
                visible = self.env[record._name].with_user(self.user_cse).search([])
            except AccessError:
                visible = []
            self.assertFalse(visible, record._name)
        with self.assertRaises(AccessError):
            self.env["hr.career.sanction"].with_user(self.user_cse).search([])
        with self.assertRaises(AccessError):
            self._report(self.user_outsider)._figures()

    def test_registers_export_what_the_list_shows(self):
        Interview = self.env["hr.career.interview"].with_user(self.user_officer)
        held = Interview.search([("state", "=", "held")])
        sheet = read_xlsx(held.action_export_register_xlsx(), self.env)["Interview register"]
        self.assertEqual(len(sheet), 1 + len(held))
        self.assertIn("Salariée", [row[0] for row in sheet[1:]])
        obligations = (
            self.env["hr.career.obligation"]
            .with_user(self.user_officer)
            .search([("employee_id", "=", self.employee.id)])
        )
        sheet = read_xlsx(obligations.action_export_register_xlsx(), self.env)["Obligations register"]
        self.assertEqual(len(sheet), 1 + len(obligations))
        self.assertEqual(sheet[0][2], "Obligation")
