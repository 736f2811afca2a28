"""Benchmark of the daily scheduler; run by scripts/benchmark.sh in `odoo shell`.

With BENCH_BUILD_ONLY=1, creates BENCH_N employees with histories
(contracts, interviews held or refused, flagged leaves, managers) in the
throwaway database and stops. BENCH_POPULATION=compliant (the default): a
company that held every interview the law asked for, BENCH_LATE_RATE (10 %)
of its employees one interview behind; =neglected: one that never followed
the law (interviews every 3 to 5 years, some missed), the worst case. Otherwise (a process of its own, so that its
peak memory is the scheduler's) it times, beside a bare search_read of the
same employees and interviews (the floor, median of three):
- the first pass: every calendar computed from an empty calendar;
- the same day's pass again, nobody due: what finding that costs;
- the unchanged pass: the next day's, nothing changed meanwhile (the
  employees whose calendar moves that day are looked at);
- the pass after 1 % of employees had an interview held (real ORM writes);
- a simulated month: 30 daily passes, each after a day of events (hires,
  departures and interviews held, each for BENCH_EVENT_RATE of employees);
- the peak memory (RSS) of the process during each of them;
- where the time of each pass goes: the facts' reads, the engine's pure
  compute, storing the calendars (obligations, summaries) and planning
  (interviews, activities), timed by wrappers put around those calls here.
It prints seconds, SQL queries per 1 000 employees and rows written (from
PostgreSQL's own per-transaction counters, summed over the committed
batches). The days move through fields.Date.context_today, the scheduler's
only clock. BENCH_BATCH sets the batch size (the cron's default otherwise).
Before each timing, VACUUM ANALYZE and CHECKPOINT let PostgreSQL finish what
the previous step left, as it has on a database in daily use.
"""

import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, timedelta

from odoo import fields

import odoo.addons.l10n_fr_hr_career_interview.engine as engine_package

# `odoo shell` reads this file on its standard input: the folder of the
# shared population builder comes from scripts/benchmark.sh.
sys.path.insert(0, os.environ["BENCH_SCRIPTS"])
import population

N = int(os.environ["BENCH_N"])
BATCH = int(os.environ.get("BENCH_BATCH", "0")) or None
EVENT_RATE = float(os.environ.get("BENCH_EVENT_RATE", "0.0005"))  # per kind of event and day
MONTH_DAYS = int(os.environ.get("BENCH_MONTH_DAYS", "30"))
# "compliant": a company that followed the law, LATE_RATE of its employees
# behind by one interview; "neglected": one that never did (the worst case).
POPULATION = os.environ.get("BENCH_POPULATION", "compliant")
LATE_RATE = float(os.environ.get("BENCH_LATE_RATE", "0.1"))
TODAY = date.today()
QUIET = population.QUIET
env = env(context=dict(env.context, **QUIET))
cr = env.cr


def build():
    population.build(env, N, population=POPULATION, late_rate=LATE_RATE, today=TODAY)


# -- the clock -----------------------------------------------------------------

_real_context_today = fields.Date.context_today
DAYS_AHEAD = [0]


def _moved_context_today(record, timestamp=None):
    """Today as the scheduler sees it, DAYS_AHEAD[0] days after the real one."""
    today = _real_context_today(record, timestamp)
    return today if timestamp else today + timedelta(days=DAYS_AHEAD[0])


def set_day(days_ahead):
    DAYS_AHEAD[0] = days_ahead
    return TODAY + timedelta(days=days_ahead)


# -- where the time goes -------------------------------------------------------


class Phases:
    """Exclusive time per phase: a phase's time excludes the phases it calls."""

    def __init__(self):
        self.totals = defaultdict(float)
        self.stack = []

    def reset(self):
        self.totals.clear()

    def timed(self, name, function):
        totals, stack, clock = self.totals, self.stack, time.perf_counter

        def wrapper(*args, **kwargs):
            stack.append(0.0)
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = clock() - start
                totals[name] += elapsed - stack.pop()
                if stack:
                    stack[-1] += elapsed

        return wrapper


PHASES = Phases()
# The engine's entry points the scheduler calls (pure Python, no database).
ENGINE_CALLS = (
    "compute_obligations",
    "stored_calendar",
    "exposure",
    "next_change",
    "plan_interviews",
    "planning_date",
    "midcareer_visit_to_organise",
)
PHASE_LABELS = {
    "facts": "reads (facts)",
    "engine": "engine",
    "store": "store (sync, write obligations and summaries)",
    "plan": "plan (interviews, activities)",
    "digest": "overdue digest",
    "other": "other (due search, locks, progress, commit)",
}


def instrument():
    """Wrap the phases of a pass with timers, in this process only."""
    fields.Date.context_today = staticmethod(_moved_context_today)
    for name in ENGINE_CALLS:
        setattr(engine_package, name, PHASES.timed("engine", getattr(engine_package, name)))
    for model, method, phase in (
        ("hr.career.calendar", "_facts", "facts"),
        ("hr.career.calendar", "_store", "store"),
        ("hr.career.calendar", "_plan", "plan"),
        ("hr.career.scheduler", "_send_overdue_digests", "digest"),
    ):
        cls = type(env[model])
        setattr(cls, method, PHASES.timed(phase, getattr(cls, method)))


# -- memory ----------------------------------------------------------------------


def reset_peak_rss():
    """Start a new peak of the resident set (Linux: VmHWM is reset by clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# -- measuring -------------------------------------------------------------------

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


def due_count(day):
    Scheduler = env["hr.career.scheduler"]
    domain = [*Scheduler._scope_domain(), *env["hr.career.calendar"]._due_for_a_look_domain(day)]
    return env["hr.employee"].with_context(active_test=False).search_count(domain)


def scheduler_pass(label, day, verbose=True):
    """One whole daily pass on ``day``, batch after batch as the cron runs it."""
    Scheduler = env["hr.career.scheduler"]
    env["hr.career.scheduler.state"].search([]).unlink()  # a pass from the first employee
    looked = due_count(day)
    cr.commit()
    tables = dict.fromkeys(WATCHED, 0)
    PHASES.reset()
    other = PHASES.timed("other", Scheduler._cron_run)
    rss_start = rss_mb()
    reset_peak_rss()
    queries = cr.sql_log_count
    started = time.perf_counter()
    while True:
        before = write_counters()
        remaining = other(batch_size=BATCH)
        for table, count in write_counters().items():
            tables[table] += count - before.get(table, 0)
        PHASES.timed("other", cr.commit)()
        env.invalidate_all()
        if not remaining:
            break
    seconds = time.perf_counter() - started
    queries = cr.sql_log_count - queries
    result = {
        "seconds": seconds,
        "queries": queries,
        "written": sum(tables.values()),
        "tables": tables,
        "looked": looked,
        "peak_mb": peak_rss_mb(),
        "rss_start_mb": rss_start,
        "phases": dict(PHASES.totals),
    }
    if verbose:
        detail = ", ".join(f"{t} {c}" for t, c in sorted(tables.items(), key=lambda i: -i[1])[:6] if c)
        print(
            f"{label}: {seconds:.2f} s, {looked} employees looked at, {queries * 1000 / N:.0f} queries per "
            f"1000 employees, {result['written']} rows written ({detail}), "
            f"peak RSS {result['peak_mb']:.0f} MB (+{result['peak_mb'] - rss_start:.0f} MB)",
            flush=True,
        )
        print(f"  time: {breakdown(result['phases'], seconds)}", flush=True)
    return result


def breakdown(phases, seconds):
    return ", ".join(
        f"{PHASE_LABELS[name]} {phases.get(name, 0.0):.2f} s ({phases.get(name, 0.0) * 100 / seconds:.0f} %)"
        for name in PHASE_LABELS
    )


def settle():
    """Let PostgreSQL finish what the previous step left (autovacuum of the
    rows just built or written, dirty pages), so that a timing measures the
    step itself rather than the previous one's leftovers."""
    cr.commit()
    subprocess.run(["psql", "-q", "-d", cr.dbname, "-c", "VACUUM ANALYZE", "-c", "CHECKPOINT"], check=True)


def bare_read():
    env.invalidate_all()
    started = time.perf_counter()
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
    env.invalidate_all()
    return time.perf_counter() - started


# -- what happens between two passes -------------------------------------------


def active_ids():
    cr.execute("SELECT id FROM hr_employee WHERE active ORDER BY id")
    return [row[0] for row in cr.fetchall()]


def hold_interviews(employee_ids, day):
    """Interviews held on ``day`` with these employees, through the ORM (the
    deferred context of an import: the next pass recomputes them): their open
    interview if any, else a new periodic one."""
    Interview = env["hr.career.interview"]
    open_interviews = Interview.search([("employee_id", "in", employee_ids), ("state", "in", ("to_plan", "convened"))])
    first_open = {}
    for interview in open_interviews:
        first_open.setdefault(interview.employee_id.id, interview)
    held = Interview.browse([i.id for i in first_open.values()])
    held.write({"state": "held", "held_on": day})
    Interview.create(
        [
            {"employee_id": employee_id, "kind": "periodic", "state": "held", "held_on": day}
            for employee_id in employee_ids
            if employee_id not in first_open
        ]
    )


def hire(count, day, number):
    managers = env["hr.employee"].search([("user_id", "!=", False)])
    employees = env["hr.employee"].create(
        [
            {
                "name": f"Embauché {number}-{i}",
                "l10n_fr_career_hire_date": day,
                "birthday": day - timedelta(days=random.randint(20 * 365, 45 * 365)),
                "parent_id": random.choice(managers).id,
            }
            for i in range(count)
        ]
    )
    create_contracts(employees)


def day_of_events(day, number, count):
    """A day's hires, departures and interviews held, ``count`` of each."""
    ids = active_ids()
    managers = set(env["hr.employee"].search([("user_id", "!=", False)]).ids)
    picked = random.sample([i for i in ids if i not in managers], 2 * count)
    env["hr.employee"].browse(picked[:count]).write({"departure_date": day, "active": False})
    hold_interviews(picked[count:], day)
    hire(count, day, number)
    cr.commit()
    env.invalidate_all()


def ratio(seconds, bare):
    return f"{seconds:.2f} s ({seconds / bare:.2f}x bare)"


def versus(label, seconds, bare, target):
    """``seconds`` beside the bare read, and the target (a multiple of it) met or not."""
    return f"{label}={ratio(seconds, bare)} [target <= {target}x: {verdict(seconds <= target * bare)}]"


def verdict(met):
    return "met" if met else "NOT met"


def measure():
    random.seed(N + 1)
    instrument()
    env["hr.career.calendar"]._mark_all_changed()  # a full recompute, from an empty calendar
    settle()
    bares = [bare_read() for _ in range(3)]
    bare = statistics.median(bares)
    print(f"bare search_read: {bare:.2f} s (median of {', '.join(f'{b:.2f}' for b in bares)})", flush=True)
    rss_before = rss_mb()
    settle()
    first = scheduler_pass("first pass", set_day(0))
    next_looks(TODAY)
    settle()
    idle = scheduler_pass("same-day pass again (nobody due)", set_day(0))
    settle()
    unchanged = scheduler_pass("unchanged pass (next day: only the calendar moved)", set_day(1))
    day = set_day(2)
    changed_ids = random.sample(active_ids(), max(1, N // 100))
    hold_interviews(changed_ids, day)
    cr.commit()
    settle()
    changed = scheduler_pass(f"pass after 1 % changed ({len(changed_ids)} interviews held)", day)
    month = simulate_month()
    print(
        f"RSS before the first pass {rss_before:.0f} MB; peak of the process (ru_maxrss) "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
        flush=True,
    )
    figures = [
        f"RESULT N={N} bare={bare:.2f}s",
        versus("first", first["seconds"], bare, 8),
        versus("unchanged", unchanged["seconds"], bare, 0.1),
        versus("nobody-due", idle["seconds"], bare, 0.1),
        versus("1%changed", changed["seconds"], bare, 0.5),
    ]
    if month:
        figures.append(
            f"month={month['seconds']:.1f}s ({month['seconds'] / bare:.1f}x bare, "
            f"{month['seconds'] / first['seconds']:.2f}x first) "
            f"[target < first: {verdict(month['seconds'] < first['seconds'])}]"
        )
    figures.append(
        f"peak RSS first={first['peak_mb']:.0f}MB unchanged={unchanged['peak_mb']:.0f}MB "
        f"changed={changed['peak_mb']:.0f}MB month={month.get('peak_mb', 0):.0f}MB"
    )
    figures.append(f"first pass: {breakdown(first['phases'], first['seconds'])} (targets are for N=50000)")
    print(" | ".join(figures), flush=True)


def simulate_month():
    """MONTH_DAYS daily passes, each after a day of events; their sums."""
    passes, events = [], max(1, round(N * EVENT_RATE))
    for number in range(MONTH_DAYS):
        day = set_day(3 + number)
        day_of_events(day, number, events)
        settle()
        passes.append(scheduler_pass(f"month day {number + 1}", day, verbose=False))
    if not passes:
        return {}
    month = {
        "seconds": sum(p["seconds"] for p in passes),
        "peak_mb": max(p["peak_mb"] for p in passes),
        "phases": defaultdict(float),
    }
    for one in passes:
        for name, seconds in one["phases"].items():
            month["phases"][name] += seconds
    print(
        f"simulated month ({MONTH_DAYS} daily passes, {events} hires + {events} departures + {events} interviews "
        f"held a day): {month['seconds']:.1f} s in all, {month['seconds'] / len(passes):.2f} s a day on average "
        f"(max {max(p['seconds'] for p in passes):.2f} s), {statistics.mean(p['looked'] for p in passes):.0f} "
        f"employees looked at a day, {sum(p['written'] for p in passes)} rows written, "
        f"peak RSS {month['peak_mb']:.0f} MB",
        flush=True,
    )
    print(f"  time: {breakdown(month['phases'], month['seconds'])}", flush=True)
    return month


def next_looks(day):
    """How many employees the calendar alone brings back in the days after ``day``."""
    cr.execute(
        "SELECT count(*) FILTER (WHERE l10n_fr_career_next_look IS NULL),"
        " count(*) FILTER (WHERE l10n_fr_career_next_look <= %(day)s + 1),"
        " count(*) FILTER (WHERE l10n_fr_career_next_look <= %(day)s + 7),"
        " count(*) FILTER (WHERE l10n_fr_career_next_look <= %(day)s + 30),"
        " count(*) FILTER (WHERE l10n_fr_career_next_look = '9999-12-31')"
        " FROM hr_employee",
        {"day": day},
    )
    changed, one, seven, thirty, never = cr.fetchone()
    print(
        f"  next looks: {changed} unset, {one} on the next day, {seven} within 7 days, {thirty} within 30 days, "
        f"{never} never",
        flush=True,
    )


if os.environ.get("BENCH_BUILD_ONLY"):
    if env["hr.employee"].search_count([]) < N:  # a kept database (BENCH_KEEP) is built once
        build()
else:
    measure()
