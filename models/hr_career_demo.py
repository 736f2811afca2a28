"""What the demo data calls to move its records on as users would: not
part of the addon's behaviour, kept apart from the models it drives."""

import logging

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import get_lang

_logger = logging.getLogger(__name__)


class HrCareerInterviewDemo(models.Model):
    # The interview is split by concern on purpose (one file each), so the
    # merge suggestion of pylint-odoo does not apply.
    _inherit = "hr.career.interview"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_fr_career_in_company_lang(self):
        """Demo data is loaded without a language (Odoo's loader removes it):
        what the demo writes in the chatter is written in the database's
        language, as a user of the company would have."""
        return self.with_context(lang=get_lang(self.env).code)

    def _l10n_fr_career_demo_write(self, values):
        """Demo data: an interview moved on (held, say) as a user would."""
        self._l10n_fr_career_in_company_lang().write(values)

    def _l10n_fr_career_demo_deliver(self, delivered_on, acknowledged_on):
        """Demo data: a report delivered and signed long ago, recorded as the
        delivery and HR would have. Skipped where no PDF can be rendered."""
        admin = self.env.ref("base.user_admin")
        for interview in self._l10n_fr_career_in_company_lang().with_user(admin):
            try:
                with self.env.cr.savepoint():
                    interview._deliver(now=fields.Datetime.to_datetime(delivered_on))
            except UserError as error:
                _logger.warning("Demo report of %s not delivered: %s", interview.display_name, error)
                continue
            employee = interview.employee_id.sudo()
            interview._acknowledge(
                "paper",
                employee.work_contact_id,
                employee.name,
                recorded_by=admin,
                on=fields.Datetime.to_datetime(acknowledged_on),
            )
