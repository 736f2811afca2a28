"""What a French HR manager sees, on the screens and on paper.

Dates as a French reader writes them (never 2019-04-26), times without
seconds in the employee's time zone, durations in hours ("21 h", not
"21:00"), a legal basis and a signature block on the report, the held date
on the portal, every company setting on the settings screen with its unit,
and every term of the module in French.

Odoo loads i18n/fr.po merged with the module's .pot: an entry whose msgid
is not in the .pot is obsolete and not loaded, and the occurrences (which
view or field a term is translated for) are the .pot's. The French tests
below therefore need a .pot exported from the current code.
"""

import re
from datetime import date, datetime

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

from .common import CareerCase

MODULE = "l10n_fr_hr_career_interview"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SECONDS = re.compile(r"\b\d{2}:\d{2}:\d{2}\b")


def text(html):
    """The words of an HTML page, without its tags."""
    return re.sub(r"<[^>]+>", "", html)


def loaded_french():
    """fr.po as Odoo loads it (merged with the .pot): the (occurrence, term)
    pairs translated for records, and the terms translated in code."""
    records, code = set(), set()
    for row in PoFileReader(f"{get_module_path(MODULE)}/i18n/fr.po"):
        if not row["value"]:
            continue
        if row["type"] == "code":
            code.add(row["src"])
        else:
            records.add((f"{row['type']}:{row['name']}:{row['module']}.{row['imd_name']}", row["src"]))
    return records, code


@tagged("post_install", "-at_install")
class TestScreens(HttpCase, CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)
        # The career path lines are the model's text, not the templates': left out.
        cls.employee.resume_line_ids.unlink()
        cls.employee.work_contact_id.lang = "fr_FR"
        cls.employee.tz = "Europe/Paris"
        cls.user_employee.write({"tz": "Europe/Paris", "lang": "fr_FR"})
        cls.interview.write(
            {
                "scheduled_at": datetime(2026, 12, 10, 8, 0),  # 09:00 in Paris
                "duration": 1.5,
                "mode": "onsite",
                "location": "Salle Vauban",
            }
        )
        cls.env["hr.career.training"].create(
            {"employee_id": cls.employee.id, "name": "Excel avancé", "date": date(2026, 5, 4), "hours": 21}
        )
        cls.env.invalidate_all()  # the preparation pack is computed, not stored

    def _html(self, xmlid, record):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(xmlid, record.ids)
        return html.decode()

    def test_convocation_time_without_seconds_and_duration_in_hours(self):
        self.interview.state = "convened"
        html = self._html("l10n_fr_hr_career_interview.action_report_career_convocation", self.interview)
        self.assertIn("10/12/2026 09:00", text(html))
        self.assertFalse(SECONDS.findall(html), "a time is printed with its seconds")
        self.assertRegex(text(html), r"\(1\s*h\s*30\)")
        self.assertFalse(ISO_DATE.findall(html))

    def test_interview_report_legal_basis_dates_hours_and_signatures(self):
        self.interview.write({"state": "held", "held_on": date(2026, 12, 10)})
        html = self._html("l10n_fr_hr_career_interview.action_report_career_interview", self.interview)
        self.assertFalse(ISO_DATE.findall(html), "a date is printed as ISO")
        self.assertFalse(SECONDS.findall(html))
        legal = re.search(r'name="legal_obligations">(.*?)</ul>', html, re.DOTALL)
        self.assertTrue(legal, "the legal basis names the obligation answered")
        self.assertIn("Premier entretien", legal.group(1))
        self.assertIn("du Code du travail", legal.group(1))
        self.assertIn("Fondement légal", html)
        self.assertRegex(text(html), r"Excel avancé \(04/05/2026, 21\s*h\)")
        self.assertNotIn("21:00", html)
        signatures = re.search(r'name="signatures">(.*?)</table>', html, re.DOTALL).group(1)
        for part in ("Le salarié", "Le responsable de l'entretien", "Salariée", "Lu et pris connaissance"):
            self.assertIn(part, signatures)
        self.assertIn("10/12/2026", signatures, "the day the interview was held")

    def test_report_version_line_has_no_stray_space(self):
        self.interview.write({"state": "held", "held_on": date(2026, 12, 10)})
        self.interview.action_deliver()
        self.interview.action_record_paper_acknowledgement()
        html = self._html("l10n_fr_hr_career_interview.action_report_career_interview", self.interview)
        version = re.search(r'name="version">(.*?)</p>', html, re.DOTALL).group(1)
        self.assertIn("Version", version)
        self.assertNotRegex(version, r"\s,")
        acknowledged = re.search(r'name="acknowledged">(.*?)</div>', html, re.DOTALL).group(1)
        self.assertIn("Réception accusée le", acknowledged)
        self.assertRegex(acknowledged, r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}")
        self.assertFalse(SECONDS.findall(html))

    def test_summary_report_gives_held_dates_first(self):
        summary = self.interview.copy({"kind": "summary", "state": "to_plan"})
        html = self._html("l10n_fr_hr_career_interview.action_report_career_summary", summary)
        interviews = re.search(r'name="interviews">(.*?)</table>', html, re.DOTALL).group(1)
        header = re.search(r"<tr>(.*?)</tr>", interviews, re.DOTALL).group(1)
        self.assertLess(header.index("Réalisé ou refusé le"), header.index("Échéance"))
        self.assertFalse(ISO_DATE.findall(interviews))
        self.assertIn('name="signatures"', html)

    def test_portal_shows_the_held_date_and_times_without_seconds(self):
        convened = self.interview
        convened.write({"state": "convened"})
        held = self.env["hr.career.interview"].create(
            {
                "employee_id": self.employee.id,
                "kind": "periodic",
                "interviewer_id": self.user_manager.id,
                "state": "held",
                "held_on": date(2026, 6, 2),
            }
        )
        self.authenticate("career_employee", "career_employee")
        page = self.url_open(f"/my/career-interviews/{held.id}").text
        self.assertIn("Entretien réalisé le 02/06/2026", text(page))
        self.assertNotIn("pas encore fixée", page)
        page = self.url_open(f"/my/career-interviews/{convened.id}").text
        self.assertIn("10/12/2026 09:00", text(page))
        self.assertFalse(SECONDS.findall(page))
        request = self.url_open("/my/career-interviews/request").text
        self.assertIn("ne remplace pas les entretiens", request)

    def test_portal_card_pictogram_is_a_small_image(self):
        """Like Odoo's own cards: a 64 px pictogram, not the 256 px module icon."""
        arch = self.env.ref(f"{MODULE}.portal_my_home_career").arch
        self.assertIn("/static/src/img/career_interview.svg", arch)
        with open(f"{get_module_path(MODULE)}/static/src/img/career_interview.svg") as svg:
            self.assertIn('width="64" height="64"', svg.read())

    def test_settings_show_every_company_setting_with_its_unit(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        for name in (
            "l10n_fr_career_periodicity_months",
            "l10n_fr_career_notice_days",
            "l10n_fr_career_return_grace_days",
            "l10n_fr_career_due_soon_days",
            "l10n_fr_career_lead_days",
            "l10n_fr_career_summary_lead_days",
            "l10n_fr_career_responsible_id",
            "l10n_fr_career_headcount",
        ):
            self.assertIn(f'name="{name}"', arch)
        for unit in ("months between two interviews", "calendar days of notice", "days after the return"):
            self.assertIn(unit, arch)
        self.assertEqual(arch.count("days before the due date"), 3)

    def test_every_model_description_has_its_french_name(self):
        """The chatter ("… créé") and access errors print the model's name."""
        records, _code = loaded_french()
        names = {occurrence for occurrence, _term in records}
        models = self.env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", "ir.model")])
        self.assertTrue(models)
        for imd in models:
            self.assertIn(f"model:ir.model,name:{MODULE}.{imd.name}", names)

    def test_every_term_reaches_the_french_screen(self):
        """Read fr.po as Odoo loads it (merged with the .pot): every term of
        the module, for every view, field or record it appears in, gets its
        French. A msgid missing from the .pot, or a view missing from its
        occurrences, shows in English even though fr.po translates it."""
        loaded, code = loaded_french()
        missing = []
        for module, ttype, name, res_id, source, _value, _comments in TranslationModuleReader(
            self.env.cr, modules=[MODULE]
        ):
            if module != MODULE or not source:
                continue
            if ttype == "code":
                if source not in code:
                    missing.append((name, source))
            elif (f"{ttype}:{name}:{res_id}", source) not in loaded:
                missing.append((res_id, source))
        self.assertFalse(missing, f"{len(missing)} terms show in English, e.g. {missing[:5]}")
