"""Benchmark of the history import, run in `odoo shell` on a throwaway database
with the addon installed without demo data (not part of the tests):

    odoo -d import_bench -i l10n_fr_hr_career_interview --without-demo=all --stop-after-init
    BENCH_ROWS=20000 odoo shell -d import_bench --no-http < scripts/benchmark_import.py

Builds BENCH_EMPLOYEES employees (2 000 by default) hired between 2008 and
2020, their calendars stored by a first daily pass, then a filled template
of BENCH_ROWS rows (20 000 by default): the information at hiring, an
interview every two years from 2014 (3 % refused), a summary review, the
mid-career visit of those 45 since 2022, a training a year. As an HR
administrator it times the dry run (read, match, check, the engine's
effect), the commit (one transaction), then the daily pass that computes
the calendars of the employees touched (above 1 000 employees the commit
leaves them to it), batch by batch as the job runs. Everything it built is
committed: drop the database afterwards.
"""

import base64
import io
import os
import random
import time
from datetime import date, timedelta

import openpyxl

from odoo.addons.l10n_fr_hr_career_interview.engine import history as H
from odoo.addons.l10n_fr_hr_career_interview.tools.history_template import LAYOUT, build_template

EMPLOYEES = int(os.environ.get("BENCH_EMPLOYEES", "2000"))
ROWS = int(os.environ.get("BENCH_ROWS", "20000"))
TODAY = date.today()
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "l10n_fr_career_defer": True,
    "l10n_fr_career_no_information": True,
}
random.seed(20261205)
env = env(context=dict(env.context, **QUIET))  # noqa: F821 (odoo shell's env)


def timed(label, function):
    start = time.perf_counter()
    result = function()
    print(f"{label}: {time.perf_counter() - start:.1f} s", flush=True)
    return result


def create_employees():
    values = []
    for number in range(EMPLOYEES):
        hired = date(2008, 1, 7) + timedelta(days=random.randrange(13 * 365))
        values.append(
            {
                "name": f"Salarié {number:05d}",
                "barcode": f"B{number:05d}",
                "work_email": f"salarie{number:05d}@example.com",
                "birthday": date(1962, 1, 1) + timedelta(days=random.randrange(30 * 365)),
                "l10n_fr_career_hire_date": hired,
            }
        )
    employees = env["hr.employee"].create(values)
    env.cr.commit()
    return employees


def daily_pass():
    """The daily job, batch by batch, as the cron runs it: each batch committed."""
    Scheduler = env["hr.career.scheduler"].with_context(l10n_fr_career_defer=False)
    batches = 0
    while True:
        remaining = Scheduler._cron_run()
        env.cr.commit()
        batches += 1
        print(f"  batch {batches}: {remaining} employees remaining", flush=True)
        if not remaining:
            return batches


def history_rows(employee):
    """The employee's history as template rows, by sheet key."""
    hired = employee.l10n_fr_career_hire_date
    who = [employee.barcode, "", ""]
    rows = [(H.INFORMATION, [*who, hired, "E-mail"])]
    day = max(hired + timedelta(days=365), date(2014, 6, 2))
    while day < TODAY - timedelta(days=30):
        outcome = "Refusé" if random.random() < 0.03 else "Tenu"
        rows.append((H.INTERVIEW, [*who, "Entretien périodique", day, outcome]))
        day += timedelta(days=random.randrange(640, 720))
    if hired < TODAY - timedelta(days=8 * 365):
        rows.append((H.SUMMARY_REVIEW, [*who, hired + timedelta(days=8 * 365 - 20), "Tenu"]))
    if employee.birthday.year + 45 in range(2022, TODAY.year + 1):
        rows.append((H.MIDCAREER_VISIT, [*who, date(employee.birthday.year + 45, 6, 15)]))
    for year in range(max(hired.year + 1, 2015), TODAY.year):
        rows.append((H.TRAINING, [*who, f"Formation {year}", date(year, 5, 12), 14, "Non", "Non", "Non"]))
    return rows


def build_file(employees):
    workbook = openpyxl.load_workbook(io.BytesIO(build_template()))
    count = 0
    for employee in employees:
        for sheet, values in history_rows(employee):
            if count >= ROWS:
                break
            workbook[LAYOUT[sheet][0]].append(values)
            count += 1
    output = io.BytesIO()
    workbook.save(output)
    print(f"file: {count} rows for {len(employees)} employees, {len(output.getvalue()) // 1024} KB", flush=True)
    return output.getvalue()


employees = timed(f"{EMPLOYEES} employees created", create_employees)
timed("first daily pass (calendars before the import)", daily_pass)
data = timed("file built", lambda: build_file(employees))
admin = env.ref("base.user_admin")
wizard = (
    env["hr.career.history.import"]
    .with_user(admin)
    .create({"file": base64.b64encode(data), "file_name": "historique_benchmark.xlsx"})
)
env.cr.commit()
timed("dry run", wizard.action_check)
print(
    f"  accepted {wizard.accepted_count}, already {wizard.already_count}, refused {wizard.refused_count};"
    f" employees {wizard.employee_count}; overdue {wizard.overdue_before} -> {wizard.overdue_after};"
    f" due soon {wizard.due_soon_before} -> {wizard.due_soon_after}; met {wizard.met_before} -> {wizard.met_after};"
    f" at stake {wizard.exposure_before} -> {wizard.exposure_after} EUR",
    flush=True,
)
env.cr.commit()
if wizard.refused_count:
    print("refused rows, first ones:", wizard.refused_rows[:5])
else:
    timed("commit", wizard.action_commit)
    env.cr.commit()
    print(f"  left to the daily pass: {wizard.deferred}", flush=True)
    timed("daily pass after the import", daily_pass)
    obligations = env["hr.career.obligation"].sudo().search([("employee_id", "in", employees.ids)])
    statuses = obligations.mapped("status")
    print(
        f"register after the pass: overdue {statuses.count('overdue')}, due soon {statuses.count('due_soon')},"
        f" met {statuses.count('met')}, at stake {sum(employees.mapped('l10n_fr_career_amount_at_stake'))} EUR"
    )
