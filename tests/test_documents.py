"""The addon's documents as a French company hands them out: headed by the
company, numbered "Page n / N" on any wkhtmltopdf build, French numbers;
no convocation letter before the interview is convened; the convocation
wizard's first free slot and previews; the CSE wizard's periods."""

import ast
import io
import re
from datetime import date, datetime, timedelta

import pytz

from odoo.exceptions import UserError
from odoo.fields import Date, Datetime
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import CareerCase

MODULE = "l10n_fr_hr_career_interview"
CONVOCATION = f"{MODULE}.action_report_career_convocation"
INTERVIEW_REPORT = f"{MODULE}.action_report_career_interview"
SUMMARY = f"{MODULE}.action_report_career_summary"
EVIDENCE = f"{MODULE}.action_report_evidence_file"
CSE = f"{MODULE}.action_report_career_cse"
CONVENE = "hr.career.interview.convene"


def pdf_pages(pdf):
    """The text of each page, without any white space (extraction splits
    words unpredictably)."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return [re.sub(r"\s+", "", reader.getPage(number).extractText()) for number in range(reader.getNumPages())]


@tagged("post_install", "-at_install")
class TestDocuments(HttpCase, CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)
        cls.company.write(
            {
                "name": "Ateliers Dupont SAS",
                "street": "12 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
                "company_registry": "73282932000074",
                "l10n_fr_career_headcount": 60,
            }
        )
        cls.employee.work_contact_id.write({"email": "salariee@example.com", "lang": "fr_FR"})
        cls.employee.tz = "Europe/Paris"
        cls.user_manager.tz = "Europe/Paris"
        cls.interview.write(
            {
                "scheduled_at": Datetime.to_datetime("2027-03-10 08:00:00"),  # 09:00 in Paris
                "mode": "onsite",
                "location": "Salle Vauban",
                "state": "convened",
            }
        )
        # A long-serving employee whose summary review owes the top-up.
        cls.veteran = cls.env["hr.employee"].create(
            {
                "name": "Véronique Vétéran",
                "parent_id": cls.manager.id,
                "l10n_fr_career_hire_date": date(2016, 1, 4),
                "birthday": date(1980, 3, 3),
            }
        )
        cls.veteran._l10n_fr_career_record_paper_information(date(2016, 1, 4))
        cls.env["hr.career.training"].create(
            {
                "employee_id": cls.veteran.id,
                "name": "Habilitation électrique",
                "date": date(2019, 3, 1),
                "hours": 7,
                "is_mandatory": True,
            }
        )
        cls.summary = cls.env["hr.career.interview"].create(
            {
                "employee_id": cls.veteran.id,
                "kind": "summary",
                "interviewer_id": cls.user_manager.id,
                "state": "held",
                "held_on": date(2024, 3, 4),
            }
        )
        cls.summary.with_context(force_report_rendering=True)._deliver(now=Datetime.to_datetime("2024-03-05 09:00:00"))

    def _pdf(self, xmlid, records, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.user_officer)
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(xmlid, records.ids)
        self.assertEqual(kind, "pdf")
        return pdf_pages(pdf)

    def assertHeadedAndNumbered(self, pages):
        total = len(pages)
        for number, page in enumerate(pages, start=1):
            self.assertIn(f"Page{number}/{total}", page, f"page {number} is not numbered")
        self.assertIn("AteliersDupontSAS", pages[0])
        self.assertIn("12ruedelaPaix", pages[0])
        self.assertIn("SIRET73282932000074", pages[0])

    # -- every document headed by the company and numbered ----------------------------

    def test_each_document_is_headed_by_the_company_and_numbered(self):
        self.assertHeadedAndNumbered(self._pdf(CONVOCATION, self.interview))
        self.assertHeadedAndNumbered(self._pdf(SUMMARY, self.summary))
        self.interview.write({"state": "held", "held_on": date(2027, 3, 10)})
        self.assertHeadedAndNumbered(self._pdf(INTERVIEW_REPORT, self.interview))
        evidence = (
            self.env["hr.career.evidence.file"]
            .with_user(self.user_officer)
            .create({"employee_id": self.veteran.id, "period": "hiring"})
        )
        pages = self._pdf(EVIDENCE, evidence)
        self.assertGreater(len(pages), 1, "the evidence file runs over several pages")
        self.assertHeadedAndNumbered(pages)
        cse = self.env["hr.career.cse.report"].with_user(self.user_officer).create({"year": 2024})
        self.assertHeadedAndNumbered(self._pdf(CSE, cse))

    def test_documents_print_without_separate_header_and_with_a_narrow_top_margin(self):
        paperformat = self.env.ref(f"{MODULE}.paperformat_career_document")
        for xmlid in (CONVOCATION, INTERVIEW_REPORT, SUMMARY, EVIDENCE, CSE):
            self.assertEqual(self.env.ref(xmlid).paperformat_id, paperformat, xmlid)
        self.assertLessEqual(paperformat.margin_top, 15)
        self.assertFalse(paperformat.header_spacing)

    # -- no convocation letter before the interview is convened -----------------------

    def test_no_convocation_letter_for_an_interview_not_convened(self):
        to_plan = self.interview_colleague
        self.assertEqual(to_plan.state, "to_plan")
        Report = self.env["ir.actions.report"].with_user(self.user_officer)
        with self.assertRaisesRegex(UserError, "not convened"):
            Report._render_qweb_html(CONVOCATION, to_plan.ids)
        to_plan.write({"state": "convened", "scheduled_at": Datetime.to_datetime("2027-03-10 08:00:00")})
        with self.assertRaisesRegex(UserError, "not convened"):  # convened, but no place
            Report._render_qweb_html(CONVOCATION, to_plan.ids)
        # Nor offered in the Print menu.
        action = self.env.ref(CONVOCATION)
        interviews = self.interview | to_plan | self.interview_b
        self.assertEqual(interviews.filtered_domain(ast.literal_eval(action.domain)), self.interview)

    # -- French numbers -----------------------------------------------------------------

    def test_evidence_file_writes_amounts_and_hours_in_french(self):
        self.assertEqual(self.summary.sanction_ids.amount, 3000)
        evidence = (
            self.env["hr.career.evidence.file"]
            .with_user(self.user_officer)
            .create({"employee_id": self.veteran.id, "period": "hiring"})
        )
        html = self.env["ir.actions.report"].with_user(self.user_officer)._render_qweb_html(EVIDENCE, evidence.ids)[0]
        html = html.decode().split('class="page o_career_evidence_file"', 1)[1]
        text = re.sub(r"<[^>]+>", " ", html)
        self.assertRegex(text, r"3\s000 EUR")
        self.assertNotRegex(text, r"\b3000\b")
        trainings = re.search(r'name="trainings">(.*?)</table>', html, re.DOTALL).group(1)
        self.assertRegex(trainings, r">7\s*h<")
        self.assertNotIn("7.0", trainings)
        self.assertNotRegex(text, r"\(\s*\)", "empty parentheses")
        meaning = re.search(r'name="hash_meaning">(.*?)</p>', html, re.DOTALL)
        self.assertTrue(meaning and "SHA-256" in meaning.group(1), "a sentence says what a SHA-256 proves")

    # -- the convocation wizard -----------------------------------------------------------

    def _suggestion(self):
        Convene = self.env[CONVENE].with_user(self.user_officer).with_context(default_interview_id=self.interview.id)
        values = Convene.default_get(["interview_id", "interviewer_id", "duration", "scheduled_at"])
        self.assertEqual(values["interviewer_id"], self.user_manager.id)
        return values["scheduled_at"]

    def test_first_free_slot_respects_the_notice_and_avoids_a_busy_slot(self):
        self.interview.scheduled_at = False
        first = self._suggestion()
        notice = self.company._l10n_fr_career_policy().notice_days
        paris = pytz.timezone("Europe/Paris")
        earliest = Date.context_today(self.env[CONVENE]) + timedelta(days=notice)
        self.assertGreaterEqual(pytz.utc.localize(first).astimezone(paris).date(), earliest)
        self.env["calendar.event"].create(
            {
                "name": "Comité de direction",
                "start": first,
                "stop": first + timedelta(hours=1, minutes=30),
                "partner_ids": [(6, 0, self.user_manager.partner_id.ids)],
                "show_as": "busy",
            }
        )
        second = self._suggestion()
        self.assertGreaterEqual(second, first + timedelta(hours=1, minutes=30), "the busy slot is avoided")
        self.assertLess(second - first, timedelta(days=7))

    def test_previews_show_the_employee_and_the_date_before_sending(self):
        wizard = (
            self.env[CONVENE]
            .with_user(self.user_officer)
            .create(
                {
                    "interview_id": self.interview.id,
                    "interviewer_id": self.user_manager.id,
                    "scheduled_at": datetime(2027, 4, 14, 7, 0),  # 09:00 in Paris
                    "mode": "onsite",
                    "location": "Salle Colbert",
                }
            )
        )
        mail = str(wizard.mail_preview)
        self.assertIn("Salariée", mail)
        self.assertIn("14 avril 2027", mail)
        self.assertIn("Salle Colbert", mail)
        letter = str(wizard.letter_preview)
        for part in ("Salariée", "14/04/2027 09:00", "Salle Colbert", "Ateliers Dupont SAS"):
            self.assertIn(part, letter)
        # Nothing written before the click.
        self.assertEqual(self.interview.location, "Salle Vauban")

    # -- the CSE wizard -------------------------------------------------------------------

    def test_cse_wizard_says_which_periods_can_be_given(self):
        Report = self.env["hr.career.cse.report"].with_user(self.user_cse)
        empty_year = Report.create({"year": 2010})
        self.assertIn("every period can be given", empty_year.periods_given)
        # One summary review held in March 2024: a count of 1.
        busy_year = Report.create({"year": 2024})
        self.assertIn("withheld", busy_year.periods_given)
        french = Report.with_context(lang="fr_FR").create({"year": 2024})
        self.assertIn("2024 :", french.periods_given)
        self.assertIn("retenus", french.periods_given)
