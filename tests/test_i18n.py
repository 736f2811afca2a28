import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

MODULE = "l10n_fr_hr_career_interview"


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    def test_every_source_string_has_a_french_translation(self):
        """French users first: a string shown to users without French fails here."""
        reader = TranslationModuleReader(self.env.cr, modules=[MODULE])
        sources = {entry[4] for entry in reader if entry[0] == MODULE and entry[4]}
        po = polib.pofile(f"{get_module_path(MODULE)}/i18n/fr.po")
        translated = {e.msgid for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}
        missing = sorted(sources - translated)
        self.assertFalse(missing, f"{len(missing)} strings lack a French translation, e.g. {missing[:5]}")

    def test_the_template_keeps_every_translation_alive(self):
        """Odoo merges the .po with the module's .pot when it loads it, and
        an entry missing from the .pot is obsolete: its French never shows."""
        path = get_module_path(MODULE)
        po = polib.pofile(f"{path}/i18n/fr.po")
        po.merge(polib.pofile(f"{path}/i18n/{MODULE}.pot"))
        alive = {e.msgid for e in po if e.msgstr and not e.obsolete}
        reader = TranslationModuleReader(self.env.cr, modules=[MODULE])
        sources = {entry[4] for entry in reader if entry[0] == MODULE and entry[4]}
        lost = sorted(sources - alive)
        self.assertFalse(lost, f"{len(lost)} French translations dropped by a stale .pot, e.g. {lost[:5]}")

    def test_legal_vocabulary_in_french(self):
        po = {e.msgid: e.msgstr for e in polib.pofile(f"{get_module_path(MODULE)}/i18n/fr.po")}
        self.assertEqual(po["Summary review (état des lieux récapitulatif)"], "État des lieux récapitulatif")
        self.assertEqual(po["Corrective top-ups (abondement correctif)"], "Abondements correctifs")
