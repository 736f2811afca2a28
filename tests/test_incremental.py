import contextlib
import random
from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CareerCase

START = date(2026, 11, 30)
DAYS = 366
EMPLOYEES = 30
KINDS = ("periodic", "periodic", "summary", "midcareer", "return", "request")
# Every table a pass of the scheduler writes to.
SCHEDULER_TABLES = (
    "hr_employee",
    "hr_career_obligation",
    "hr_career_interview",
    "hr_career_interview_obligation_rel",
    "mail_activity",
    "mail_followers",
    "mail_message",
)


class _Rollback(Exception):
    """Leaves a savepoint without keeping what was written in it."""


@tagged("post_install", "-at_install")
class TestIncrementalDailyPass(CareerCase):
    """The daily pass looks only at employees whose facts changed or whose
    calendar moves that day; it must leave exactly what a full recompute
    leaves. A year of days over generated employees (30 at the start, about
    85 at the end with the hires), with random events between the passes
    (hires, departures, interviews held, refused or cancelled, leaves,
    manager changes, a settings change). A full recompute after every pass
    costs about 2 ms per employee: the size keeps the year under a minute
    or so; the benchmark's simulated month covers large companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rng = random.Random(1515)
        cls.company_x = cls.env["res.company"].create({"name": "Société incrémentale"})
        cls.company_x.l10n_fr_career_responsible_id = cls.user_officer
        cls.user_officer.company_ids |= cls.company_x
        Employee = cls.env["hr.employee"].with_context(l10n_fr_career_no_information=True)
        managers = Employee.create(
            [
                {
                    "name": f"Responsable {index}",
                    "company_id": cls.company_x.id,
                    "user_id": cls.env["res.users"]
                    .create(
                        {
                            "name": f"Resp {index}",
                            "login": f"resp_incr_{index}",
                            "company_id": cls.company_x.id,
                            "company_ids": [cls.company_x.id],
                        }
                    )
                    .id,
                    "l10n_fr_career_hire_date": date(2010, 1, 4),
                    "birthday": date(1975, 5, 5),
                }
                for index in range(4)
            ]
        )
        cls.managers = managers
        cls.people = Employee.create([cls._random_employee(index) for index in range(EMPLOYEES)])
        for employee in cls.people.filtered(lambda e: cls.rng.random() < 0.6):
            cls._hold(employee, employee.l10n_fr_career_hire_date + timedelta(days=cls.rng.randint(200, 3000)))

    @classmethod
    def _random_employee(cls, index):
        hire = date(1998, 1, 1) + timedelta(days=cls.rng.randint(0, 10500))
        return {
            "name": f"Salarié {index}",
            "company_id": cls.company_x.id,
            "parent_id": cls.rng.choice(cls.managers).id if cls.rng.random() < 0.8 else False,
            "l10n_fr_career_hire_date": hire,
            "birthday": hire - timedelta(days=cls.rng.randint(19 * 365, 45 * 365)),
        }

    @classmethod
    def _hold(cls, employee, day):
        if day < START:
            cls.env["hr.career.interview"].create(
                {"employee_id": employee.id, "kind": cls.rng.choice(KINDS), "state": "held", "held_on": day}
            )

    # -- the events of a day ---------------------------------------------------

    def _events(self, day):
        rng, active = self.rng, self.people.filtered("active")
        happened = []
        if rng.random() < 0.15:
            self.people |= self.env["hr.employee"].create(
                {**self._random_employee(len(self.people)), "l10n_fr_career_hire_date": day}
            )
            happened.append("hire")
        if rng.random() < 0.08 and active:
            rng.choice(active).write({"departure_date": day - timedelta(days=1), "active": False})
            happened.append("departure")
        if rng.random() < 0.25 and active:
            planned = self.env["hr.career.interview"].search(
                [("employee_id", "in", active.ids), ("state", "=", "to_plan")]
            )
            if planned:
                interview = rng.choice(planned)
                outcome = rng.choice(("held", "refused", "cancelled"))
                if outcome == "held":
                    interview.write({"state": "held", "held_on": day})
                elif outcome == "refused":
                    interview.write({"state": "refused", "refused_on": day})
                else:
                    interview.write({"state": "cancelled"})
                happened.append(outcome)
        if rng.random() < 0.08 and active:
            self.env["hr.career.absence"].create(
                {
                    "employee_id": rng.choice(active).id,
                    "kind": "maternity",
                    "date_from": day - timedelta(days=rng.randint(60, 200)),
                    "date_to": day + timedelta(days=rng.randint(-30, 60)),
                }
            )
            happened.append("leave")
        if rng.random() < 0.08 and active:
            rng.choice(active).parent_id = rng.choice(self.managers)
            happened.append("manager")
        if rng.random() < 0.02:
            company = self.company_x
            company.l10n_fr_career_due_soon_days = 60 if company.l10n_fr_career_due_soon_days == 90 else 90
            happened.append("settings")
        return happened

    # -- passes and states ----------------------------------------------------------

    def _daily_pass(self):
        Scheduler = self.env["hr.career.scheduler"]
        for _round in range(100):
            if not Scheduler._cron_run(batch_size=500):
                return
        self.fail("the daily pass does not end")

    def _state(self):
        """What the scheduler leaves for the generated company: the rows it
        derives and the employees' summary fields."""
        self.env.flush_all()
        self.env.invalidate_all()
        employees = (
            self.env["hr.employee"].with_context(active_test=False).search([("company_id", "=", self.company_x.id)])
        )
        obligations = self.env["hr.career.obligation"].search([("company_id", "=", self.company_x.id)])
        interviews = self.env["hr.career.interview"].search([("company_id", "=", self.company_x.id)])
        activities = self._activities_on(employees, interviews)
        return (
            sorted(
                (o.employee_id.id, o.code, o.due_date, o.fulfilment, o.window_start, o.met_on, o.signature)
                for o in obligations
            ),
            sorted(
                (
                    i.id,
                    i.employee_id.id,
                    i.kind,
                    i.state,
                    i.due_date,
                    i.interviewer_id.id,
                    i.obligation_id.code or "",
                    i.also_kinds or "",
                    tuple(sorted(i.answered_obligation_ids.mapped("code"))),
                )
                for i in interviews
            ),
            sorted(
                (a.res_model, a.res_id, a.activity_type_id.id, a.user_id.id, a.date_deadline, a.note)
                for a in activities
            ),
            sorted(
                (
                    e.id,
                    e.l10n_fr_career_bucket,
                    e.l10n_fr_career_next_due_date,
                    e.l10n_fr_career_next_obligation_id.code or "",
                    e.l10n_fr_career_summary_due_date,
                    e.l10n_fr_career_summary_failing,
                    e.l10n_fr_career_amount_at_stake,
                    e.l10n_fr_career_has_problem,
                )
                for e in employees
            ),
        )

    def _rows_changed(self):
        """Rows this transaction has inserted, updated or deleted so far in
        the tables the scheduler writes (PostgreSQL's own counters)."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0)
                 FROM pg_stat_xact_user_tables WHERE relname IN %s""",
            [SCHEDULER_TABLES],
        )
        return self.env.cr.fetchone()[0]

    def _full_recompute_changes_something(self, day):
        """Whether a full recompute on ``day`` (every employee in the
        scheduler's scope, stored and planned again) writes anything; it is
        thrown away. Writing nothing means leaving exactly the state the
        incremental pass left: every pass writes only what differs."""
        Employee = self.env["hr.employee"].with_context(active_test=False)
        employees = Employee.search(self.env["hr.career.scheduler"]._scope_domain())
        with contextlib.suppress(_Rollback), self.env.cr.savepoint():
            before = self._rows_changed()
            self.env["hr.career.calendar"]._sync(employees, day)
            changed = self._rows_changed() != before
            full = self._state() if changed else None
            raise _Rollback
        self.env.invalidate_all()
        return full

    def test_a_year_of_daily_passes_leaves_what_a_full_recompute_leaves(self):
        # The overdue digest (one e-mail per company and day) is not part of
        # what is compared, and rendering it daily took a third of the time.
        Scheduler = type(self.env["hr.career.scheduler"])
        with patch.object(Scheduler, "_send_overdue_digests", lambda scheduler, today: None):
            self._a_year_of_daily_passes()

    def _a_year_of_daily_passes(self):
        looked, events = 0, 0
        for offset in range(DAYS):
            day = START + timedelta(days=offset)
            with freeze_time(datetime.combine(day, datetime.min.time()) + timedelta(hours=2)):
                events += len(self._events(day))
                due = (
                    self.env["hr.employee"]
                    .with_context(active_test=False)
                    .search_count(self.env["hr.career.calendar"]._due_for_a_look_domain(day))
                )
                looked += due
                self._daily_pass()
                full = self._full_recompute_changes_something(day)
                if full is not None:
                    self._fail_with_difference(day, self._state(), full)
        total = len(self.people) * DAYS
        self.assertGreater(events, 100)
        # The point of it: most employees are not looked at on most days.
        self.assertLess(looked, total / 5, f"{looked} looks over {total} employee-days")

    def _fail_with_difference(self, day, incremental, full):
        """Only what differs, part by part, and the employees' facts."""
        parts = ("obligations", "interviews", "activities", "employees")
        lines = []
        for name, left, right in zip(parts, incremental, full, strict=True):
            only_left, only_right = set(left) - set(right), set(right) - set(left)
            lines += [
                f"{name} incremental: {sorted(only_left, key=str)}",
                f"{name} full: {sorted(only_right, key=str)}",
            ]
        self.fail(f"day {day}: the full recompute differs\n" + "\n".join(lines))

    def test_the_check_sees_a_difference(self):
        """The equivalence check above is not blind: a calendar left stale
        on purpose is caught."""
        day = START
        with freeze_time(datetime.combine(day, datetime.min.time()) + timedelta(hours=2)):
            self._daily_pass()
            self.assertIsNone(self._full_recompute_changes_something(day))
            # The latest hire (hired under the 2025 law: its dates follow the hiring date).
            employee = self.people.filtered("active").sorted("l10n_fr_career_hire_date")[-1]
            # A fact changed behind the scheduler's back (no mark): stale.
            self.env.cr.execute(
                "UPDATE hr_employee SET l10n_fr_career_hire_date = l10n_fr_career_hire_date - 100 WHERE id = %s",
                [employee.id],
            )
            self.env.invalidate_all()
            self._daily_pass()
            self.assertIsNotNone(self._full_recompute_changes_something(day))


@tagged("post_install", "-at_install")
class TestStoringKeepsTheCache(CareerCase):
    """Storing a calendar in a user's transaction (a contract saved, a hiring
    date corrected) must not empty the ORM cache: unlink() of the stale
    obligations did, and every later read of the transaction queried again
    (hr_contract's own TestResource.test_queries went from 8 to 16)."""

    def test_contracts_saved_in_a_loop_then_a_read_costs_no_query(self):
        employees = self.env["hr.employee"].create(
            [
                {"name": f"Contrat {index}", "l10n_fr_career_hire_date": date(2019, 1, 7), "birthday": date(1980, 1, 1)}
                for index in range(10)
            ]
        )
        for employee in employees:
            self.env["hr.contract"].create(
                {
                    "name": f"CDI {employee.name}",
                    "employee_id": employee.id,
                    "date_start": date(2019, 1, 7),
                    "wage": 2500,
                }
            )
            # A corrected hiring date: the stored obligations move (stale ones deleted).
            employee.l10n_fr_career_hire_date = date(2020, 1, 6)
        self.assertTrue(employees.l10n_fr_career_obligation_ids)
        self.assertFalse(
            employees.l10n_fr_career_obligation_ids.filtered(lambda o: o.due_date.year == 2021 and o.code == "O2")
        )
        with self.assertQueryCount(0):
            self.assertEqual(len(employees.mapped("name")), 10)
            self.assertEqual(set(employees.mapped("birthday")), {date(1980, 1, 1)})
