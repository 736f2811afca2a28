"""The Odoo side of scripts/fault_test.py, run in `odoo shell` (its stdin).

FAULT_MODE says what to do, comma separated, in order:

- ``build``: the benchmark's employees (scripts/population.py,
  FAULT_N of them), a second company, employees who left with an interview
  still open, an interview planned by hand, the cron's batch size
  (FAULT_BATCH); prints ``FIXTURES {json}``.
- ``user``: a user's edits (FAULT_FIXTURES): the location of the interview
  planned by hand, then a calendar fact of another employee (its
  recomputation runs in the same transaction). FAULT_HOLD=1: prints
  ``USER-HOLDING`` and keeps the transaction open until the file
  ``$FAULT_GO.user`` exists. Otherwise runs them as Odoo runs a request
  (``odoo.service.model.retrying``: a serialization failure rolls back and
  tries again) and prints ``USER-DONE tries=N``.
- ``run``: the scheduler's cron job through Odoo's own cron runner
  (``ir.cron._process_job``: one transaction per call, committed between
  calls) until it is done; prints ``RUN-DONE calls=N failures=N``. FAULT_PAUSE lists
  points where it stops, prints ``FAULT-POINT <point> <committed state>``
  and waits for the file ``$FAULT_GO.<point>`` (or to be killed):
  ``between:N`` before call N (nothing of it done yet, the previous ones
  committed), ``copy:N`` in call N right after its first COPY,
  ``commit:N`` / ``commit:last`` / ``commit:x1`` at the end of call N / of
  the call that finds nothing left / of the call that did the employee x1,
  everything written and flushed but not committed, ``after:x1`` before the
  call that follows that one, ``retry`` before the call that retries the
  employees put aside. FAULT_FORCE_READY=1 makes the job due first (a
  next day's run); otherwise a job that is not due is an error
  (``RUN-NOT-DUE``).
"""

import json
import os
import sys
import time
from datetime import date, datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying

from odoo.addons.l10n_fr_hr_career_interview import engine
from odoo.addons.l10n_fr_hr_career_interview.tools import bulk

# `odoo shell` reads this file on its standard input: the folder of the
# shared population builder comes from scripts/fault_test.py.
sys.path.insert(0, os.environ["FAULT_SCRIPTS"])
import population

# `odoo shell` runs this file with its environment as the global `env`.
env = globals()["env"]
MODES = os.environ["FAULT_MODE"].split(",")
PAUSES = set(filter(None, os.environ.get("FAULT_PAUSE", "").split(",")))
GO = os.environ.get("FAULT_GO", "")
CRON = "l10n_fr_hr_career_interview.ir_cron_career_recompute"
LOCATION = "Salle du conseil (edited by a user)"
QUIET = population.QUIET


def say(line):
    print(line, flush=True)


def build():
    """The benchmark's company, then what the fault scenarios need."""
    population.build(env, int(os.environ["FAULT_N"]))
    quiet = env(context=dict(env.context, **QUIET))
    today = date.today()
    Employee = quiet["hr.employee"]
    staff = Employee.search([("active", "=", True)], order="id")
    # Employees who left ten days ago with an interview still open (the run
    # cancels it and logs why).
    leavers = staff[20:23]
    leavers.write({"departure_date": today - timedelta(days=10)})
    quiet["hr.career.interview"].create([{"employee_id": e.id, "kind": "periodic"} for e in leavers])
    # A second company: the walk covers every company with one progress.
    company_b = quiet["res.company"].create({"name": "Filiale B (faults)"})
    Employee.create(
        [
            {
                "name": f"Salarié B {index}",
                "company_id": company_b.id,
                "l10n_fr_career_hire_date": today - timedelta(days=400 + 97 * index),
                "birthday": date(1975 + index, 3, 1 + index),
            }
            for index in range(12)
        ]
    )
    # x1 (second batch) is the employee a user edits; x2 (a later batch) has
    # an interview planned by hand, of a kind its calendar wants now, which
    # the run writes (due date, obligation) and a user edits.
    x1 = staff[60]
    calendars = env["hr.career.calendar"]._results(staff[110:].filtered(lambda e: e not in leavers), today)
    x2, kind = None, None
    for employee, result in calendars.items():
        wanted = engine.plan_interviews(result, employee.company_id._l10n_fr_career_policy(), today)
        if wanted:
            x2, kind = employee, wanted[0].kind
            break
    interview = quiet["hr.career.interview"].create({"employee_id": x2.id, "kind": kind})
    batch = int(os.environ["FAULT_BATCH"])
    cron = env.ref(CRON)
    cron.write({"code": f"model._cron_run(batch_size={batch})", "nextcall": datetime.now() - timedelta(minutes=1)})
    env.cr.commit()
    say("FIXTURES " + json.dumps({"x1": x1.id, "x2": x2.id, "x2_interview": interview.id, "cron": cron.id}))


def user():
    fixtures = json.loads(os.environ["FAULT_FIXTURES"])
    tries = []

    def edit():
        tries.append(1)
        env["hr.career.interview"].browse(fixtures["x2_interview"]).write({"location": LOCATION})
        employee = env["hr.employee"].browse(fixtures["x1"])
        employee.write({"l10n_fr_career_information_date": employee.l10n_fr_career_hire_date})
        env.flush_all()

    if os.environ.get("FAULT_HOLD"):
        edit()
        say("USER-HOLDING")
        while not os.path.exists(f"{GO}.user"):
            time.sleep(0.05)
        env.cr.commit()
    else:
        retrying(edit, env)
    say(f"USER-DONE tries={len(tries)}")


def committed_state(registry):
    """The scheduler's progress as another transaction sees it (committed)."""
    with registry.cursor() as cr:
        cr.execute("SELECT day, last_employee_id, deferred_employee_ids FROM hr_career_scheduler_state ORDER BY id")
        return json.dumps([[str(day), last, deferred] for day, last, deferred in cr.fetchall()])


class Pauses:
    """The points where the run stops (FAULT_PAUSE), set in Odoo's cron
    runner and in the scheduler by wrapping their methods in this process."""

    def __init__(self, registry, fixtures):
        self.registry, self.x1 = registry, fixtures.get("x1")
        self.calls, self.copied, self.flags = 0, set(), set()
        IrCron, Scheduler = registry["ir.cron"], registry["hr.career.scheduler"]
        callback, cron_run, insert_rows = IrCron._callback, Scheduler._cron_run, bulk.insert_rows
        pauses = self

        def wrapped_callback(cron, cron_name, server_action_id):
            pauses.before_call()
            return callback(cron, cron_name, server_action_id)

        def wrapped_cron_run(scheduler, batch_size=None):
            before = pauses.last_done(scheduler.env)
            remaining = cron_run(scheduler, batch_size=batch_size)
            pauses.end_of_call(scheduler.env, before, remaining)
            return remaining

        def wrapped_insert_rows(model, rows, validate=True):
            ids = insert_rows(model, rows, validate)
            if rows and pauses.calls not in pauses.copied:
                pauses.copied.add(pauses.calls)
                pauses.pause(f"copy:{pauses.calls}")
            return ids

        IrCron._callback = wrapped_callback
        Scheduler._cron_run = wrapped_cron_run
        bulk.insert_rows = wrapped_insert_rows

    def pause(self, point):
        if point not in PAUSES:
            return
        PAUSES.discard(point)
        say(f"FAULT-POINT {point} committed={committed_state(self.registry)}")
        while not os.path.exists(f"{GO}.{point}"):
            time.sleep(0.05)

    def before_call(self):
        # Before the call's transaction reads anything: a user's commit made
        # while paused here is seen by the call.
        self.calls += 1
        self.pause(f"between:{self.calls}")
        for flag in ("retry", "after:x1"):
            if flag in self.flags:
                self.flags.discard(flag)
                self.pause(flag)

    @staticmethod
    def last_done(env):
        return env["hr.career.scheduler.state"].sudo().search([], limit=1).last_employee_id or 0

    def end_of_call(self, env, before, remaining):
        # Everything the call wrote goes to the database, uncommitted.
        env.flush_all()
        state = env["hr.career.scheduler.state"].sudo().search([], limit=1)
        deferred = state.deferred_employee_ids or []
        if deferred and remaining == len(deferred):
            self.flags.add("retry")
        self.pause(f"commit:{self.calls}")
        if not remaining:
            self.pause("commit:last")
        if self.x1 and before < self.x1 <= state.last_employee_id:
            self.flags.add("after:x1")
            self.pause("commit:x1")


def run():
    registry = env.registry
    IrCron = registry["ir.cron"]
    pauses = Pauses(registry, json.loads(os.environ.get("FAULT_FIXTURES", "{}")))
    cron_id = env.ref(CRON).id
    if os.environ.get("FAULT_FORCE_READY"):
        env.cr.execute(
            "UPDATE ir_cron SET nextcall = (now() at time zone 'UTC') - interval '1 minute' WHERE id = %s",
            [cron_id],
        )
    env.cr.commit()
    db = odoo.sql_db.db_connect(env.cr.dbname)
    for job_run in range(100):
        with db.cursor() as cron_cr:
            job = IrCron._acquire_one_job(cron_cr, cron_id)
            if not job:
                if not job_run:
                    say("RUN-NOT-DUE")
                break
            IrCron._process_job(db, cron_cr, job)
    with registry.cursor() as cr:
        failures = api.Environment(cr, SUPERUSER_ID, {})["ir.cron"].browse(cron_id).failure_count
    say(f"RUN-DONE calls={pauses.calls} failures={failures}")


for mode in MODES:
    {"build": build, "user": user, "run": run}[mode]()
