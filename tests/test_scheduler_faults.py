import threading
import time
from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import errors

from odoo import sql_db
from odoo.tests import tagged

from .common import CareerCase

SCHEDULER_LOG = "odoo.addons.l10n_fr_hr_career_interview.models.hr_career_scheduler"


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestSchedulerFaults(CareerCase):
    """What the daily run does when it is interrupted or meets a user's
    transaction. Killing the process and committed databases are the
    business of scripts/fault_test.py; here, the same rules inside one
    transaction, and real row locks taken by a second connection on a row
    committed at installation (the administrator's employee)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.l10n_fr_career_responsible_id = cls.user_officer
        cls.Scheduler = cls.env["hr.career.scheduler"]
        cls.State = cls.env["hr.career.scheduler.state"]
        cls.admin_employee = cls.env.ref("hr.employee_admin")

    def _run_all(self, batch_size=2):
        for _round in range(200):
            if not self.Scheduler._cron_run(batch_size=batch_size):
                return
        self.fail("the scheduler domain does not shrink")

    def _scope(self):
        return (
            self.env["hr.employee"]
            .with_context(active_test=False)
            .search(self.Scheduler._scope_domain(), order="id")
            .ids
        )

    @contextmanager
    def _recording_runs(self):
        """The ids of the employees the run computes, in order."""
        done = []
        original = type(self.Scheduler)._run

        def run(scheduler, employees, today):
            done.extend(employees.ids)
            return original(scheduler, employees, today)

        with patch.object(type(self.Scheduler), "_run", run):
            yield done

    def _other_connection_locks(self, employee):
        """A second connection, as a user's transaction editing ``employee``,
        holding its row until rolled back."""
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr.close)
        cr.execute("SET lock_timeout = '5s'")  # never hang the suite
        cr.execute("SELECT id FROM hr_employee WHERE id = %s FOR NO KEY UPDATE", [employee.id])
        return cr

    def test_one_progress_for_every_company(self):
        """The progress is no company's: a run started by a user of the
        second company and resumed by the first goes over every employee
        once, and writes no company."""
        with self._recording_runs() as done:
            self.Scheduler.with_company(self.company_b)._cron_run(batch_size=2)
            self.assertEqual(self.State.search([]).last_employee_id, done[-1])
            self._run_all()
        self.assertEqual(done, self._scope(), "every employee once, in order")
        self.assertEqual(self.State.search_count([]), 1)
        self.assertFalse(self.env.company._fields.get("l10n_fr_career_scheduler_cursor"))

    def test_a_new_day_starts_the_walk_again(self):
        self._run_all()
        state = self.State.search([])
        self.assertEqual((state.day, state.last_employee_id), (date(2026, 11, 26), self._scope()[-1]))
        self.assertFalse(self.Scheduler._cron_run(batch_size=2), "the day's run is over")
        # Everyone to look at again the next day (a settings change, say).
        self.env["hr.career.calendar"]._mark_all_changed()
        with freeze_time("2026-11-27 09:00:00"):
            self.assertTrue(self.Scheduler._cron_run(batch_size=2))
            self.assertEqual((state.day, state.last_employee_id), (date(2026, 11, 27), self._scope()[1]))

    def test_an_employee_a_user_holds_is_put_aside_not_waited_for(self):
        admin = self.admin_employee
        problems = admin.l10n_fr_career_problems
        other = self._other_connection_locks(admin)
        with self.assertLogs(SCHEDULER_LOG, "WARNING") as logs, self._recording_runs() as done:
            self._run_all()
        self.assertIn(f"[{admin.id}]", "\n".join(logs.output), "left for the next run")
        self.assertEqual(done, [i for i in self._scope() if i != admin.id], "the others are done, once")
        self.assertEqual(admin.l10n_fr_career_problems, problems, "not reported broken")
        self.assertFalse(self.State.search([]).deferred_employee_ids)
        other.rollback()
        with freeze_time("2026-11-27 09:00:00"), self._recording_runs() as done:
            self._run_all()
        self.assertIn(admin.id, done, "the next run catches up")

    def test_a_concurrency_error_puts_the_employee_aside_until_the_end_of_the_run(self):
        """A batch that meets a concurrent write is retried one by one; the
        employee concerned is put aside, not reported broken, and tried
        again once the walk is over."""
        self.colleague.l10n_fr_career_obligation_ids.unlink()
        original = type(self.Scheduler)._run
        failures = []

        def run(scheduler, employees, today):
            if self.colleague in employees and len(failures) < 2:
                failures.append(employees)
                raise errors.SerializationFailure("could not serialize access due to concurrent update")
            return original(scheduler, employees, today)

        with patch.object(type(self.Scheduler), "_run", run):
            while self.Scheduler._cron_run(batch_size=50) and not self.State.search([]).deferred_employee_ids:
                pass
            self.assertEqual(self.State.search([]).deferred_employee_ids, [self.colleague.id])
            self.assertFalse(self.colleague.l10n_fr_career_obligation_ids)
            self.assertEqual(len(failures), 2, "the batch, then the colleague alone")
            self._run_all(batch_size=50)
        self.assertTrue(self.colleague.l10n_fr_career_obligation_ids, "tried again at the end of the run")
        self.assertFalse(self.colleague.l10n_fr_career_has_problem)
        self.assertFalse(self.State.search([]).deferred_employee_ids)

    def test_storing_a_calendar_another_transaction_holds_waits_then_asks_for_a_retry(self):
        """What the user's side does when a batch holds the employee: it
        waits for the batch, then fails with a serialization error (Odoo
        retries the request on fresh data) rather than storing what it read
        before the batch committed."""
        other = self._other_connection_locks(self.admin_employee)
        self.env.cr.execute("SELECT pg_backend_pid()")
        backend = self.env.cr.fetchone()[0]

        def end_other_transaction():
            # Once this test's transaction waits for the lock (pg_locks, unlike
            # pg_stat_activity, is read afresh at each query).
            for _attempt in range(200):
                other.execute("SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted", [backend])
                if other.fetchone()[0]:
                    break
                time.sleep(0.05)
            other.rollback()

        thread = threading.Thread(target=end_other_transaction)
        thread.start()
        with self.assertRaises(errors.SerializationFailure), self.env.cr.savepoint():
            self.env["hr.career.calendar"]._facts_changed(self.admin_employee)
        thread.join()
        self.env["hr.career.calendar"]._facts_changed(self.admin_employee)  # nobody holds it now
        self.assertTrue(self.admin_employee.l10n_fr_career_bucket)

    def test_the_scheduler_cancels_its_own_duplicate_of_an_interview_planned_by_hand(self):
        """Two open interviews of one kind come from a race (a user planned
        one while a batch planned its own): the user's is kept."""
        lone = self.env["hr.employee"].create(
            {"name": "Seule", "l10n_fr_career_hire_date": date(2025, 6, 1), "birthday": date(1990, 1, 1)}
        )
        self._run_all()
        Interview = self.env["hr.career.interview"]
        planned = Interview.search([("employee_id", "=", lone.id), ("state", "=", "to_plan")])
        self.assertEqual((len(planned), planned.kind, planned.is_automatic), (1, "first", True))
        by_hand = Interview.create({"employee_id": lone.id, "kind": "first"})
        self.State.search([]).unlink()
        self._run_all()
        self.assertEqual(planned.state, "cancelled")
        self.assertIn("another open interview", planned.message_ids[:1].body)
        self.assertEqual(by_hand.state, "to_plan")
        self.assertEqual(by_hand.obligation_id.code, "O2")
        self.assertEqual((len(by_hand.activity_ids), len(planned.activity_ids)), (1, 0), "the activity on the kept one")
