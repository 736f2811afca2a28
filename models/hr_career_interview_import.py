from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.trust import is_trusted

# Where an imported interview comes from: written by the history import only.
IMPORT_FIELDS = {"is_imported", "import_file_name", "import_row", "imported_by_id", "imported_on"}
# What may still change on an imported interview: its chatter and activities.
WRITABLE_WHEN_IMPORTED_PREFIXES = ("message_", "activity_", "website_message_")
# What the calendar files an interview under (the obligation it met and its
# due date): the engine's reading of the facts, not the recorded facts.
FILED_BY_THE_CALENDAR = {"obligation_id", "due_date"}


class HrCareerInterviewImport(models.Model):
    """An interview recorded from the company's history (the history import
    wizard): held or refused before the addon, closed as it came, with no
    report to deliver. It counts for the calendar like any other, and says
    where it comes from: the file, the row, who imported it and when."""

    # The interview is split by concern on purpose (one file each), so the
    # merge suggestion of pylint-odoo does not apply.
    _inherit = "hr.career.interview"  # pylint: disable=consider-merging-classes-inherited

    is_imported = fields.Boolean("From the history import", readonly=True, copy=False)
    import_file_name = fields.Char("Imported from file", readonly=True, copy=False)
    import_row = fields.Char("Row in the file", readonly=True, copy=False)
    imported_by_id = fields.Many2one("res.users", "Imported by", readonly=True, copy=False)
    imported_on = fields.Datetime("Imported on", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env) and any(IMPORT_FIELDS & {k for k, v in vals.items() if v} for vals in vals_list):
            raise UserError(self.env._("Only the history import records an interview as imported."))
        return super().create(vals_list)

    def write(self, vals):
        if not is_trusted(self.env):
            if IMPORT_FIELDS & set(vals):
                raise UserError(self.env._("Only the history import records an interview as imported."))
            changed = [
                name
                for name in vals
                if not name.startswith(WRITABLE_WHEN_IMPORTED_PREFIXES) and name not in FILED_BY_THE_CALENDAR
            ]
            if changed and self.filtered("is_imported"):
                raise UserError(
                    self.env._(
                        "An interview imported from the company's history is kept as it was recorded: "
                        "delete it and import the corrected row instead."
                    )
                )
        return super().write(vals)

    def action_deliver(self):
        if self.filtered("is_imported"):
            raise UserError(self.env._("An imported interview has no report to deliver."))
        return super().action_deliver()

    def _link_open_obligation(self):
        # History answers no obligation open today: the calendar counts it by its date.
        return super(HrCareerInterviewImport, self.filtered(lambda i: not i.is_imported))._link_open_obligation()

    def _l10n_fr_career_attach_questions(self):
        # Nothing to answer on an interview of the past.
        return super(
            HrCareerInterviewImport, self.filtered(lambda i: not i.is_imported)
        )._l10n_fr_career_attach_questions()
