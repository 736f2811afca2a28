from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CareerCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26")
class TestScheduler(CareerCase):
    def _cron(self, batch_size=2):
        Employee = self.env["hr.employee"]
        for _round in range(100):
            if not Employee._cron_l10n_fr_career_recompute(batch_size=batch_size):
                return
        self.fail("the cron domain does not shrink")

    def test_cron_computes_everyone_in_batches(self):
        self.env["hr.employee"].search([]).write({"l10n_fr_career_checked_on": False})
        self._cron()
        unchecked = self.env["hr.employee"].search([("l10n_fr_career_checked_on", "!=", date(2026, 11, 26))])
        self.assertFalse(unchecked)

    def test_one_broken_employee_does_not_stop_the_others(self):
        employees = self.env["hr.employee"].search([])
        employees.write({"l10n_fr_career_checked_on": False})
        self.colleague.l10n_fr_career_obligation_ids.unlink()
        original = type(self.env["hr.employee"])._l10n_fr_career_facts
        broken = self.employee

        def facts_or_fail(records):
            if broken in records:
                raise ValueError("corrupted record")
            return original(records)

        with patch.object(type(self.env["hr.employee"]), "_l10n_fr_career_facts", facts_or_fail), \
                self.assertLogs("odoo.addons.l10n_fr_hr_career_interview.models.hr_employee", "ERROR"):
            self._cron(batch_size=50)
        self.assertTrue(self.employee.l10n_fr_career_has_problem)
        self.assertIn("corrupted record", self.employee.l10n_fr_career_problems[0]["en"])
        self.assertTrue(self.colleague.l10n_fr_career_obligation_ids, "the others were computed")
