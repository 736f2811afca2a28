"""The employee's evidence file, for HR only.

A constructed history (hired ten years ago: the information on paper, a
first interview delivered, reopened and delivered again, one refused with
its letter, a summary review that owes the corrective top-up) is put in the
ZIP; every obligation, interview, version and hash must be in the manifest
and in the PDF, every file must check against SHA256SUMS, and no one but the
HR officer who built it may build or download it.
"""

import hashlib
import io
import json
import zipfile
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.fields import Date, Datetime
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date, mute_logger

from .common import CareerCase, call_kw

MODEL = "hr.career.evidence.file"
REPORT = "l10n_fr_hr_career_interview.action_report_evidence_file"
MODULE = "l10n_fr_hr_career_interview"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read_zip(content):
    """{path: bytes} of the archive, the manifest and the parsed SHA256SUMS."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    sums = {}
    for line in files["SHA256SUMS"].decode().splitlines():
        digest, path = line.split("  ", 1)
        sums[path] = digest
    return files, json.loads(files["manifest.json"]), sums


@tagged("post_install", "-at_install")
class TestEvidenceFile(HttpCase, CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # French, as the file is for an inspector: the module's terms loaded.
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)
        cls.company.l10n_fr_career_headcount = 60
        cls.user_veteran = new_test_user(cls.env, "veteran", groups="base.group_user")
        cls.veteran = cls.env["hr.employee"].create(
            {
                "name": "Véronique Vétéran",
                "user_id": cls.user_veteran.id,
                "parent_id": cls.manager.id,
                "l10n_fr_career_hire_date": date(2016, 1, 4),
                "birthday": date(1980, 3, 3),
            }
        )
        cls.veteran.work_contact_id.email = "veronique@example.com"
        cls.veteran._l10n_fr_career_record_paper_information(date(2016, 1, 4))
        Interview = cls.env["hr.career.interview"].with_context(force_report_rendering=True)
        # The first interview: delivered, acknowledged, reopened, delivered again.
        cls.first = Interview.create(
            {
                "employee_id": cls.veteran.id,
                "kind": "first",
                "interviewer_id": cls.user_manager.id,
                "scheduled_at": Datetime.to_datetime("2018-01-08 09:00:00"),
                "theme_skills": "Paie et déclarations sociales",
            }
        )
        convocation = cls.first.message_post(body="Convocation à votre entretien", subject="Convocation")
        cls.first.write(
            {
                "state": "convened",
                "convened_on": Datetime.to_datetime("2017-12-20 10:00:00"),
                "convened_by_id": cls.user_officer.id,
                "convocation_message_id": convocation.id,
            }
        )
        cls.first.write({"state": "held", "held_on": date(2018, 1, 8)})
        cls.first._deliver(now=Datetime.to_datetime("2018-01-10 09:00:00"))
        partner = cls.veteran.work_contact_id
        cls.first._acknowledge(
            "paper",
            partner,
            cls.veteran.name,
            recorded_by=cls.user_officer,
            on=Datetime.to_datetime("2018-01-12 00:00:00"),
        )
        cls.first.with_user(cls.user_officer)._reopen("Erreur sur le poste occupé")
        cls.first.write({"theme_skills": "Paie, déclarations sociales et DSN"})
        cls.first._deliver(now=Datetime.to_datetime("2018-01-15 09:00:00"))
        # A periodic interview refused, with the employee's letter.
        cls.refused = Interview.create(
            {
                "employee_id": cls.veteran.id,
                "kind": "periodic",
                "interviewer_id": cls.user_manager.id,
                "due_date": date(2020, 1, 8),
            }
        )
        cls.refusal_letter = b"%PDF-1.4 lettre de refus"
        letter = cls.env["ir.attachment"].create(
            {"name": "lettre refus.pdf", "raw": cls.refusal_letter, "res_model": "hr.career.interview"}
        )
        cls.refused._record_refusal(date(2020, 1, 6), "letter", "Ne souhaite pas d'entretien", letter)
        # A summary review without any training but a mandatory one, held after
        # the periodic interview due on 06/01/2022 was missed: the top-up is owed.
        cls.env["hr.career.training"].create(
            {
                "employee_id": cls.veteran.id,
                "name": "Habilitation électrique",
                "date": date(2019, 3, 1),
                "is_mandatory": True,
            }
        )
        cls.env["hr.career.progression"].create(
            {"employee_id": cls.veteran.id, "date": date(2021, 6, 1), "kind": "salary", "note": "Augmentation 3 %"}
        )
        cls.summary = Interview.create(
            {
                "employee_id": cls.veteran.id,
                "kind": "summary",
                "interviewer_id": cls.user_manager.id,
                "state": "held",
                "held_on": date(2024, 3, 4),
            }
        )
        cls.summary._deliver(now=Datetime.to_datetime("2024-03-05 09:00:00"))
        cls.sanction = cls.summary.sanction_ids
        cls.versions = (cls.first | cls.summary).report_version_ids.sorted(lambda v: (v.interview_id.id, v.version))

    def _wizard(self, period="hiring", user=None):
        values = {"employee_id": self.veteran.id, "period": period}
        return self.env[MODEL].with_user(user or self.user_officer).create(values)

    def _zip(self, wizard):
        action = wizard.action_generate()
        attachment = wizard.attachment_id
        self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")
        self.assertNotIn("access_token", action["url"])
        return read_zip(attachment.sudo().raw)

    # -- the content ---------------------------------------------------------------------

    def test_history_is_complete_in_the_manifest_and_the_pdf(self):
        self.assertEqual(len(self.versions), 3)
        self.assertEqual(self.sanction.amount, 3000, "the history owes the corrective top-up")
        wizard = self._wizard()
        files, manifest, sums = self._zip(wizard)
        html = self.env["ir.actions.report"].with_user(self.user_officer)._render_qweb_html(REPORT, wizard.ids)[0]
        html = html.decode()

        # Every delivered version: its file as delivered, its recorded SHA-256.
        delivered = {(r["interview_id"], r["version"]): r for r in manifest["delivered_reports"]}
        self.assertEqual(len(delivered), 3)
        for version in self.versions:
            row = delivered[version.interview_id.id, version.version]
            self.assertEqual(row["sha256_recorded_at_delivery"], version.sha256)
            self.assertEqual(row["sha256_of_file"], version.sha256)
            self.assertTrue(row["matches"])
            self.assertEqual(files[row["path"]], version.sudo().attachment_id.raw, "the very bytes delivered")
            self.assertTrue(row["path"].startswith("comptes_rendus/"))
            self.assertIn(version.sha256, html)
            self.assertIn(version.content_sha256, html)
        version_2 = self.first.report_version_id
        self.assertEqual(delivered[self.first.id, 2]["previous_sha256"], version_2.previous_sha256)

        # Every obligation of the calendar since hiring, stored or older.
        rows = {(row["code"], row["due_date"]) for row in manifest["obligations"]}
        stored = self.env["hr.career.obligation"].search([("employee_id", "=", self.veteran.id)])
        self.assertTrue(stored)
        for obligation in stored.filtered(lambda o: o.fulfilment != "open" or o.due_date <= Date.today()):
            self.assertIn((obligation.code, obligation.due_date.isoformat()), rows)
            self.assertIn(format_date(self.env, obligation.due_date, lang_code="fr_FR"), html)
        self.assertIn("O1", {code for code, _due in rows}, "the information at hiring, older than 8 years")
        self.assertEqual(
            {r["interview_id"] for r in manifest["obligations"] if r["fulfilment"] == "offered"}, {self.refused.id}
        )

        # Each file in SHA256SUMS, with its SHA-256; the manifest lists them too.
        self.assertEqual(set(sums), set(files) - {"SHA256SUMS"})
        for path, digest in sums.items():
            self.assertEqual(sha256(files[path]), digest, path)
        self.assertEqual({f["path"] for f in manifest["files"]}, set(files) - {"SHA256SUMS", "manifest.json"})
        for entry in manifest["files"]:
            self.assertEqual(entry["sha256"], sums[entry["path"]])

        # The refusal and its proof, the convocation, the information message.
        proof = [path for path in files if path.startswith("refus/")]
        self.assertEqual(len(proof), 1)
        self.assertEqual(files[proof[0]], self.refusal_letter)
        self.assertIn(sha256(self.refusal_letter), html)
        self.assertIn("06/01/2020", html)
        self.assertIn("Ne souhaite pas d&#39;entretien", html)
        convocation = next(path for path in files if path.startswith("convocations/"))
        self.assertIn("Convocation à votre entretien", files[convocation].decode())
        self.assertIn("information_embauche.html", files)
        notice = wizard.with_user(self.user_officer)._evidence_data()["interviews"][0]["convocation"]["notice_days"]
        self.assertEqual(notice, 19, "convened on 20/12/2017 for 08/01/2018")

        # The history's facts, French dates (dd/mm/yyyy) and the summary review's criteria.
        for text in (
            "Habilitation électrique",
            "Augmentation 3 %",
            "08/01/2018",
            "20/12/2017",
            "04/01/2016",
            "Erreur sur le poste occupé",
        ):
            self.assertIn(text, html)
        self.assertRegex(html, r"3\s000 EUR", "the top-up in French format")
        for criterion in self.summary.with_context(lang="fr_FR")._summary_evaluation_for_report()["criteria"]:
            self.assertIn(criterion["label"], html)

    def test_the_pdf_speaks_french(self):
        wizard = self._wizard()
        html = self.env["ir.actions.report"].with_user(self.user_officer)._render_qweb_html(REPORT, wizard.ids)[0]
        html = html.decode()
        self.assertIn(
            "Dossier de preuves des entretiens de parcours professionnel",
            html,
            "French terms not loaded: i18n/fr.po is read merged with i18n/l10n_fr_hr_career_interview.pot, "
            "where any msgid the .pot lacks is obsolete; export the .pot again.",
        )
        for text in (
            "Calendrier légal",
            "États des lieux récapitulatifs",
            "Registre des abondements correctifs",
            "Délai de prévenance",
            "SHA-256 enregistré à la remise",
            "Proposée, refusée",  # the obligation offered, refused by the employee
        ):
            self.assertIn(text, html)

    def test_the_pdf_is_a_pdf(self):
        wizard = self._wizard().with_context(force_report_rendering=True)
        files, manifest, _sums = read_zip(wizard._zip_bytes())
        self.assertEqual(manifest["main_document"], "dossier_de_preuves.pdf")
        self.assertTrue(files["dossier_de_preuves.pdf"].startswith(b"%PDF"))

    def test_the_last_8_years_leave_older_obligations_out(self):
        wizard = self._wizard(period="eight_years")
        self.assertEqual(wizard.date_from, max(Date.today() - relativedelta(years=8), date(2016, 1, 4)))
        _files, manifest, _sums = self._zip(wizard)
        self.assertTrue(all(row["due_date"] >= wizard.date_from.isoformat() for row in manifest["obligations"]))
        self.assertNotIn("O1", {row["code"] for row in manifest["obligations"]})

    def test_only_hr_builds_it(self):
        for user in (self.user_manager, self.user_veteran, self.user_cse, self.user_director):
            with self.assertRaises(AccessError):
                self._wizard(user=user)
        with self.assertRaises(AccessError):
            self._wizard(user=self.user_officer_b)._zip_bytes()  # another company's officer
        wizard = self._wizard()
        wizard.action_generate()
        with self.assertRaises(AccessError):
            wizard.attachment_id.with_user(self.user_officer_ab).read(["raw"])  # not even another officer

    # -- over HTTP, as a client --------------------------------------------------------------

    def _call(self, login, method, args):
        return call_kw(self, login, MODEL, method, args, timeout=120)

    def _download(self, url):
        with mute_logger("odoo.http"):
            return self.url_open(url, timeout=60)

    def test_hr_downloads_the_zip_and_every_hash_checks(self):
        values = [{"employee_id": self.veteran.id, "period": "hiring"}]
        wizard_id = self._call("officer", "create", values)["result"]
        action = self._call("officer", "action_generate", [[wizard_id]])["result"]
        response = self._download(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        files, manifest, sums = read_zip(response.content)
        self.assertEqual(set(sums), set(files) - {"SHA256SUMS"}, "SHA256SUMS covers every file")
        for path, digest in sums.items():
            self.assertEqual(sha256(files[path]), digest, f"sha256sum -c fails on {path}")
        by_path = {row["path"]: row for row in manifest["delivered_reports"]}
        self.assertEqual(len(by_path), len(self.versions))
        for version in self.versions:
            path = next(p for p, row in by_path.items() if row["sha256_recorded_at_delivery"] == version.sha256)
            self.assertTrue(files[path].startswith(b"%PDF"), "the delivered PDF itself")
            self.assertEqual(sha256(files[path]), version.sha256)
            self.assertEqual(sums[path], version.sha256)

    def test_manager_employee_and_cse_are_refused(self):
        wizard = self._wizard()
        url = wizard.action_generate()["url"]
        attachment = wizard.attachment_id
        values = [{"employee_id": self.veteran.id, "period": "hiring"}]
        for login in ("career_manager", "veteran", "career_cse", "officer_ab"):
            if login != "officer_ab":
                self.assertIn("error", self._call(login, "create", values), login)
            self.assertIn("error", self._call(login, "action_generate", [wizard.ids]), login)
            self.assertIn("error", self._call(login, "read", [wizard.ids, ["attachment_id"]]), login)
            response = self._download(url)
            self.assertIn(response.status_code, (403, 404), f"{login} downloaded the evidence file")
            self.assertFalse(response.content.startswith(b"PK"), login)
            response = self._download(f"/web/content/ir.attachment/{attachment.id}/raw?download=true")
            self.assertIn(response.status_code, (403, 404), login)
