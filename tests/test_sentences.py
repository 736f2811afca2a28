from datetime import date

import polib
from freezegun import freeze_time

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools.translate import TranslationModuleReader

from .. import engine
from ..tools import sentences
from .common import CareerCase

MODULE = "l10n_fr_hr_career_interview"


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestSentences(CareerCase):
    """The engine's sentences read in the user's language, from the module's .po."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"])
        cls.company.l10n_fr_career_headcount = 60

    def test_obligation_explanation_in_french_and_in_english(self):
        employee = self.env["hr.employee"].create(
            {"name": "Nouvelle", "l10n_fr_career_hire_date": date(2026, 9, 1), "birthday": date(1990, 4, 2)}
        )
        first = employee.l10n_fr_career_obligation_ids.filtered(lambda o: o.code == "O2")
        self.assertEqual(
            first.with_context(lang="fr_FR").explanation,
            "Premier entretien de parcours professionnel dans l'année qui suit l'embauche du 01/09/2026 : "
            "au plus tard le 01/09/2027. Règle de la loi n° 2025-989 (L. 6315-1, en vigueur depuis le 26/10/2025).",
        )
        self.assertEqual(
            first.with_context(lang="en_US").explanation,
            "First career interview within the year after hiring on 09/01/2026: by 09/01/2027 at the latest. "
            "Rule of loi 2025-989 (L. 6315-1, in force since 26/10/2025).",
        )

    def test_terms_inside_a_sentence_are_translated_too(self):
        parts = engine.texts.part(
            "O3_event", months=48, basis=date(2026, 3, 12), basis_outcome="refused", due=date(2030, 3, 12)
        )
        parts += engine.texts.part("O7", basis=date(2026, 11, 2), leave="parental", grace=30, due=date(2026, 12, 2))
        french = sentences.render(self.env, parts, "fr_FR")
        self.assertIn("(proposé et refusé le 12/03/2026), soit au plus tard le 12/03/2030.", french)
        self.assertIn("reprise le 02/11/2026 après un congé parental d'éducation", french)

    def test_data_problem_stored_as_keys_and_read_in_the_users_language(self):
        future = engine.InterviewFact("first", date(2027, 1, 4))
        facts = engine.EmployeeFacts(hire_date=date(2026, 3, 2), interviews=(future,))
        problems = engine.compute_obligations(facts, engine.Policy(), date(2026, 11, 26)).problems
        rows = [sentences.problem_row(p) for p in problems]
        self.assertEqual(
            rows[-1],
            {"code": "interview_in_future", "parts": [["interview_in_future", {"date": {"date": "2027-01-04"}}]]},
        )
        employee = self.employee.sudo()
        employee.l10n_fr_career_problems = rows
        french = employee.with_context(lang="fr_FR").l10n_fr_career_problem_text
        self.assertIn("La date de naissance manque", french)
        self.assertIn("Un entretien est enregistré comme tenu le 04/01/2027, une date à venir", french)
        english = employee.with_context(lang="en_US").l10n_fr_career_problem_text
        self.assertIn("An interview is recorded as held on 01/04/2027, a date still to come", english)

    def test_problems_stored_by_an_earlier_version_are_still_read(self):
        employee = self.employee.sudo()
        employee.l10n_fr_career_problems = [{"code": "x", "en": "In English", "fr": "En français"}]
        self.assertEqual(employee.with_context(lang="fr_FR").l10n_fr_career_problem_text, "En français")
        self.assertEqual(employee.with_context(lang="en_US").l10n_fr_career_problem_text, "In English")

    def test_summary_review_explanation_in_french_and_in_english(self):
        veteran = self.env["hr.employee"].create(
            {"name": "Vétéran", "l10n_fr_career_hire_date": date(2017, 1, 9), "birthday": date(1980, 3, 3)}
        )
        review = self.env["hr.career.interview"].create(
            {"employee_id": veteran.id, "kind": "summary", "due_date": date(2026, 11, 20)}
        )
        french = review.with_context(lang="fr_FR")._summary_evaluation_for_report()
        self.assertTrue(french["explanation"].startswith("Abondement correctif de 3"))
        self.assertIn("000 EUR dû sur le CPF", french["explanation"])
        self.assertEqual(french["criteria"][0]["label"], "Entretiens prévus réalisés")
        english = review.with_context(lang="en_US")._summary_evaluation_for_report()
        self.assertTrue(english["explanation"].startswith("A 3,000 EUR corrective CPF top-up is owed"))
        self.assertEqual(english["criteria"][0]["label"], "Interviews due were held")

    def test_every_engine_sentence_is_extracted_and_has_a_french_translation(self):
        reader = TranslationModuleReader(self.env.cr, modules=[MODULE])
        extracted = {entry[4] for entry in reader if entry[0] == MODULE and "/engine/" in entry[2]}
        self.assertFalse(engine.texts.sources() - extracted, "not extracted: the marker is not Odoo's _lt")
        po = polib.pofile(f"{get_module_path(MODULE)}/i18n/fr.po")
        french = {e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}
        missing = sorted(engine.texts.sources() - set(french))
        self.assertFalse(missing, f"{len(missing)} engine sentences lack a French translation, e.g. {missing[:3]}")
