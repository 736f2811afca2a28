"""Benchmark of the daily scheduler; run by scripts/benchmark.sh in `odoo shell`.

Creates BENCH_N employees with realistic histories (contracts, interviews held
or refused, flagged leaves, managers) in the throwaway database, then times:
- a bare search_read of the same employees and interviews (the floor);
- the scheduler's first pass (everything computed, planned, created);
- an unchanged second pass (must write nothing).
It prints seconds, SQL queries per 1 000 employees and rows written (from
PostgreSQL's own per-transaction counters, summed over the committed batches).
BENCH_BATCH sets the batch size (the cron's default otherwise). Before each
timing, VACUUM ANALYZE and CHECKPOINT let PostgreSQL finish what the previous
step left, as it has on a database in daily use.
"""

import os
import random
import subprocess
import time
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

N = int(os.environ["BENCH_N"])
BATCH = int(os.environ.get("BENCH_BATCH", "0")) or None
BUILD_CHUNK = 1000
TODAY = date.today()
random.seed(N)
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "l10n_fr_career_defer": True,
    "l10n_fr_career_no_information": True,
    "mail_activity_quick_update": True,
    "no_reset_password": True,
}
env = env(context=dict(env.context, **QUIET))
cr = env.cr


def chunks(size, total):
    for start in range(0, total, size):
        yield start, min(start + size, total)


def build():
    started = time.time()
    company = env.company
    company.l10n_fr_career_headcount = N
    managers_count = max(1, N // 50)
    users = env["res.users"].create(
        [
            {
                "name": f"Manager {i}",
                "login": f"bench_manager_{i}",
                "groups_id": [(6, 0, [env.ref("base.group_user").id])],
            }
            for i in range(managers_count)
        ]
    )
    managers = env["hr.employee"].create(
        [{"name": u.name, "user_id": u.id, "l10n_fr_career_hire_date": TODAY - relativedelta(years=10)} for u in users]
    )
    leave_type = env["hr.leave.type"].create(
        {
            "name": "Maternité (bench)",
            "requires_allocation": "no",
            "leave_validation_type": "no_validation",
            "l10n_fr_career_return_kind": "maternity",
        }
    )
    for start, stop in chunks(BUILD_CHUNK, N - managers_count):
        rows = []
        for i in range(start, stop):
            hire = TODAY - timedelta(days=random.randint(0, 20 * 365))
            rows.append(
                {
                    "name": f"Salarié {i}",
                    "l10n_fr_career_hire_date": hire,
                    "birthday": hire - timedelta(days=random.randint(20 * 365, 45 * 365)),
                    "parent_id": managers[i % managers_count].id,
                }
            )
        employees = env["hr.employee"].create(rows)
        env["hr.contract"].create(
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
        env["hr.career.interview"].create(list(_history(employees)))
        mothers = employees.filtered(lambda e: random.random() < 0.03)
        for employee in mothers:
            back = TODAY - timedelta(days=random.randint(-60, 400))
            env["hr.leave"].create(
                {
                    "employee_id": employee.id,
                    "holiday_status_id": leave_type.id,
                    "request_date_from": back - timedelta(days=120),
                    "request_date_to": back,
                }
            )
        cr.commit()
        env.invalidate_all()
    print(f"built {N} employees in {time.time() - started:.0f} s", flush=True)


def _history(employees):
    """Interviews roughly every 4 years, some late, some missed, a few refused."""
    for employee in employees:
        day = employee.l10n_fr_career_hire_date + timedelta(days=random.randint(200, 500))
        kind = "first"
        while day < TODAY:
            if random.random() < 0.85:
                refused = random.random() < 0.05
                yield {
                    "employee_id": employee.id,
                    "kind": kind,
                    "state": "refused" if refused else "held",
                    "refused_on" if refused else "held_on": day,
                }
            kind = "periodic"
            day += timedelta(days=random.randint(3 * 365, 5 * 365))


WATCHED = (
    "hr_career_obligation",
    "hr_career_interview",
    "hr_employee",
    "mail_activity",
    "mail_message",
    "mail_followers",
    "calendar_event",
    "mail_mail",
)


def write_counters():
    """PostgreSQL's own counters of rows inserted, updated or deleted, per
    watched table: nothing written escapes them. Differences are taken
    inside one transaction, as the counters are flushed between them."""
    env.flush_all()
    cr.execute(
        "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables WHERE relname IN %s",
        [WATCHED],
    )
    return dict(cr.fetchall())


def scheduler_pass(label):
    Scheduler = env["hr.career.scheduler"]
    env.company.sudo().l10n_fr_career_scheduler_cursor = False
    cr.commit()
    tables = dict.fromkeys(WATCHED, 0)
    queries = cr.sql_log_count
    started = time.time()
    while True:
        before = write_counters()
        remaining = Scheduler._cron_run(batch_size=BATCH)
        for table, count in write_counters().items():
            tables[table] += count - before.get(table, 0)
        cr.commit()
        env.invalidate_all()
        if not remaining:
            break
    seconds = time.time() - started
    queries = cr.sql_log_count - queries
    written = sum(tables.values())
    detail = ", ".join(f"{t} {c}" for t, c in sorted(tables.items(), key=lambda i: -i[1])[:6] if c)
    print(
        f"{label}: {seconds:.1f} s, {queries * 1000 / N:.0f} queries per 1000 employees, "
        f"{written} rows written ({detail})",
        flush=True,
    )
    return seconds


def settle():
    """Let PostgreSQL finish what the previous step left (autovacuum of the
    rows just built or written, dirty pages), so that a timing measures the
    step itself rather than the previous one's leftovers."""
    cr.commit()
    subprocess.run(["psql", "-q", "-d", cr.dbname, "-c", "VACUUM ANALYZE", "-c", "CHECKPOINT"], check=True)


def bare_read():
    env.invalidate_all()
    started = time.time()
    # The fields the scheduler reads to build the engine's facts.
    env["hr.employee"].search_read(
        [],
        [
            "name",
            "company_id",
            "department_id",
            "parent_id",
            "l10n_fr_career_hire_date",
            "birthday",
            "departure_date",
            "l10n_fr_career_information_date",
            "l10n_fr_midcareer_visit_date",
        ],
    )
    env["hr.career.interview"].search_read([], ["employee_id", "kind", "state", "held_on", "refused_on"])
    seconds = time.time() - started
    print(f"bare search_read: {seconds:.2f} s", flush=True)
    return seconds


if env["hr.employee"].search_count([]) < N:  # a kept database (BENCH_KEEP) is built once
    build()
if os.environ.get("BENCH_BUILD_ONLY"):
    raise SystemExit(0)
settle()
bare = bare_read()
settle()
first = scheduler_pass("first pass")
settle()
second = scheduler_pass("second pass")
print(f"RESULT N={N} bare={bare:.2f}s first={first:.1f}s ({first / bare:.1f}x bare) second={second:.1f}s")
