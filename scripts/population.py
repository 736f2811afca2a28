"""The benchmark's company, built in a throwaway database: shared by the
scheduler's benchmark (scripts/benchmark_scheduler.py) and its fault tests
(scripts/fault_runner.py), which import it from this folder.

``build(env, n)`` creates ``n`` employees with histories (contracts,
interviews held or refused, flagged leaves, managers), committing every
``BUILD_CHUNK``: ``population="compliant"``, a company that held every
interview the law asked for, ``late_rate`` of its employees one interview
behind; ``"neglected"``, one that never followed the law (interviews every
3 to 5 years, some missed), the worst case.
"""

import random
import time
from datetime import date, timedelta

import odoo.addons.l10n_fr_hr_career_interview.engine as engine_package

BUILD_CHUNK = 1000
# What the build writes without: no tracking, no messages, no information
# letters, and no calendar stored (the passes measured store them).
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "l10n_fr_career_defer": True,
    "l10n_fr_career_no_information": True,
    "mail_activity_quick_update": True,
    "no_reset_password": True,
}


class Population:
    def __init__(self, env, n, population="compliant", late_rate=0.1, today=None):
        self.env = env(context=dict(env.context, **QUIET))
        self.n = n
        self.population = population
        self.late_rate = late_rate
        self.today = today or date.today()

    def build(self):
        random.seed(self.n)
        started = time.time()
        company = self.env.company
        company.l10n_fr_career_headcount = self.n
        managers_count = max(1, self.n // 50)
        users = self.env["res.users"].create(
            [
                {
                    "name": f"Manager {i}",
                    "login": f"bench_manager_{i}",
                    "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
                }
                for i in range(managers_count)
            ]
        )
        leave_type = self.env["hr.leave.type"].create(
            {
                "name": "Maternité (bench)",
                "requires_allocation": "no",
                "leave_validation_type": "no_validation",
                "l10n_fr_career_return_kind": "maternity",
            }
        )
        # The managers are employees like the others (their own dates and history).
        managers = self.create_employees([{"name": u.name, "user_id": u.id} for u in users], leave_type)
        for start, stop in chunks(BUILD_CHUNK, self.n - managers_count):
            self.create_employees(
                [{"name": f"Salarié {i}", "parent_id": managers[i % managers_count].id} for i in range(start, stop)],
                leave_type,
            )
            self.env.cr.commit()
            self.env.invalidate_all()
        print(f"built {self.n} employees in {time.time() - started:.0f} s", flush=True)

    def create_employees(self, rows, leave_type):
        """Employees hired over the last 20 years, with contracts, the history
        of the population, and a return from maternity leave for 3 % of them."""
        for row in rows:
            hire = self.today - timedelta(days=random.randint(0, 20 * 365))
            row["l10n_fr_career_hire_date"] = hire
            row["birthday"] = hire - timedelta(days=random.randint(20 * 365, 45 * 365))
            row["l10n_fr_career_information_date"] = hire if self.population == "compliant" else False
        employees = self.env["hr.employee"].create(rows)
        self.create_contracts(employees)
        returns = {
            e.id: self.today - timedelta(days=random.randint(-60, 400)) for e in employees if random.random() < 0.03
        }
        history = self._diligent_history if self.population == "compliant" else self._neglected_history
        self.env["hr.career.interview"].create(list(history(employees, returns)))
        self.env["hr.leave"].create(
            [
                {
                    "employee_id": employee_id,
                    "holiday_status_id": leave_type.id,
                    "request_date_from": back - timedelta(days=120),
                    "request_date_to": back,
                }
                for employee_id, back in returns.items()
            ]
        )
        return employees

    def create_contracts(self, employees):
        self.env["hr.contract"].create(
            [
                {
                    "name": f"CDI {e.name}",
                    "employee_id": e.id,
                    "date_start": e.l10n_fr_career_hire_date,
                    "wage": 2500,
                    "state": "open",
                }
                for e in employees
            ]
        )

    def _neglected_history(self, employees, returns):
        """A company that never followed the law: interviews roughly every 4
        years, some late, some missed, a few refused, whatever the law asked."""
        for employee in employees:
            day = employee.l10n_fr_career_hire_date + timedelta(days=random.randint(200, 500))
            kind = "first"
            while day < self.today:
                if random.random() < 0.85:
                    yield self._interview(employee.id, kind, day, refused=random.random() < 0.05)
                kind = "periodic"
                day += timedelta(days=random.randint(3 * 365, 5 * 365))

    def _diligent_history(self, employees, returns):
        """A company that held each interview the law asked for, in the weeks
        before its due date (the law of each date, as the engine says it), and
        had the mid-career visit organised, except for self.late_rate of employees,
        whose last interview is still owed."""
        policy = engine_package.Policy(headcount=self.n)
        visits = {}
        for employee in employees:
            hire, birth = employee.l10n_fr_career_hire_date, employee.birthday
            back = returns.get(employee.id)
            leaves = (engine_package.LeaveFact("maternity", back - timedelta(days=120), back),) if back else ()
            held = []
            while True:
                facts = engine_package.EmployeeFacts(
                    hire_date=hire,
                    birth_date=birth,
                    information_date=hire,
                    midcareer_visit_date=visits.get(employee.id),
                    interviews=tuple(held),
                    leaves=leaves,
                )
                owed = [
                    o
                    for o in engine_package.compute_obligations(facts, policy, self.today).obligations
                    if o.is_open and o.due_date < self.today and o.code in (*engine_package.INTERVIEW_KIND_OF, "O5a")
                ]
                if not owed:
                    break
                due = min(owed, key=lambda o: o.due_date)
                day = due.due_date - timedelta(days=random.randint(0, min(120, (due.due_date - due.window_start).days)))
                if due.code == "O5a":  # the occupational health service's visit, not an interview
                    visits[employee.id] = day
                    continue
                outcome = engine_package.REFUSED if random.random() < 0.03 else engine_package.HELD
                held.append(engine_package.InterviewFact(engine_package.INTERVIEW_KIND_OF[due.code], day, outcome))
            if held and random.random() < self.late_rate:
                held.pop()
            for interview in held:
                yield self._interview(
                    employee.id, interview.kind, interview.date, interview.outcome == engine_package.REFUSED
                )
        for employee in employees.filtered(lambda e: e.id in visits):
            employee.l10n_fr_midcareer_visit_date = visits[employee.id]

    def _interview(self, employee_id, kind, day, refused):
        return {
            "employee_id": employee_id,
            "kind": kind,
            "state": "refused" if refused else "held",
            "refused_on" if refused else "held_on": day,
        }


def chunks(size, total):
    for start in range(0, total, size):
        yield start, min(start + size, total)


def build(env, n, **options):
    """Build the company of ``n`` employees (see the module's docstring)."""
    Population(env, n, **options).build()
