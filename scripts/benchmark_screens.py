"""What a user waits for, at N employees: each screen and document of the
addon over HTTP, beside Odoo's own comparable call in the same run.

Run by scripts/benchmark_screens.sh against a server it started on a
database built by scripts/population.py (the compliant company, its first
daily pass done). Logs in as an HR officer (career officer and admin), makes
the JSON-RPC calls the web client makes (and the report and download
routes), BENCH_REPEAT times each (5), and prints per call the median time,
the SQL queries the server counted (its access log) and the ratio to its
Odoo counterpart. Nothing here times the engine alone: what is measured is
what the browser waits for.

Environment: BENCH_URL, BENCH_DB, BENCH_LOGIN, BENCH_PASSWORD, BENCH_LOG
(the server's log file), BENCH_REPEAT.
"""

import http.cookiejar
import json
import os
import re
import statistics
import time
import urllib.request
from datetime import date, timedelta

URL = os.environ["BENCH_URL"].rstrip("/")
DB = os.environ["BENCH_DB"]
LOG = os.environ["BENCH_LOG"]
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
TODAY = date.today()

# The columns the lists show (as the web client asks for them).
EMPLOYEE_LIST = {"name": {}, "work_email": {}, "department_id": {"fields": {"display_name": {}}}, "job_id": {}}
EMPLOYEE_LIST["parent_id"] = {"fields": {"display_name": {}}}
CAREER_COLUMNS = {"l10n_fr_career_next_due_date": {}, "l10n_fr_career_bucket": {}}
EMPLOYEE_FORM = {
    **EMPLOYEE_LIST,
    "job_title": {},
    "work_phone": {},
    "mobile_phone": {},
    "coach_id": {"fields": {"display_name": {}}},
    "birthday": {},
    "address_id": {"fields": {"display_name": {}}},
    "resource_calendar_id": {"fields": {"display_name": {}}},
}
OBLIGATION_ROWS = {
    "employee_id": {"fields": {"display_name": {}}},
    "code": {},
    "window_start": {},
    "due_date": {},
    "status": {},
    "met_on": {},
    "article": {},
}
CAREER_TAB = {
    "l10n_fr_career_hire_date": {},
    "l10n_fr_career_next_due_date": {},
    "l10n_fr_career_bucket": {},
    "l10n_fr_career_amount_at_stake": {},
    "l10n_fr_career_problem_text": {},
    "l10n_fr_career_obligation_ids": {"fields": {**OBLIGATION_ROWS, "explanation": {}}},
}


class Client:
    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.ids = 0

    def post(self, path, params):
        self.ids += 1
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": self.ids}).encode()
        request = urllib.request.Request(URL + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=600) as response:
            answer = json.loads(response.read())
        if answer.get("error"):
            raise RuntimeError(f"{path}: {answer['error']['data'].get('message')}")
        return answer["result"]

    def get(self, path):
        with self.opener.open(URL + path, timeout=600) as response:
            return response.read()

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", {"lang": "fr_FR", "tz": "Europe/Paris"})
        path = f"/web/dataset/call_kw/{model}/{method}"
        return self.post(path, {"model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def login(self, login, password):
        return self.post("/web/session/authenticate", {"db": DB, "login": login, "password": password})


def queries_of(path, since):
    """The queries the server counted for the last request to ``path``
    (its access log: "... 200 - <queries> <query time> <other time>")."""
    with open(LOG, errors="replace") as log:
        log.seek(since)
        lines = [line for line in log if f" {path.split('?')[0]}" in line and '" 200 ' in line]
    match = re.search(r'" 200 - (\d+) ', lines[-1]) if lines else None
    return int(match.group(1)) if match else None


def measure(label, path, run):
    """Median seconds of ``REPEAT`` runs of ``run``, and the queries of the last."""
    run()  # warm: the first call compiles views and fills caches
    times = []
    for _ in range(REPEAT):
        since = os.path.getsize(LOG)
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    time.sleep(0.2)  # the access line is written after the response
    return {"label": label, "seconds": statistics.median(times), "queries": queries_of(path, since)}


def search_read_route(model):
    return f"/web/dataset/call_kw/{model}/web_search_read"


def main():
    client = Client()
    client.login(os.environ["BENCH_LOGIN"], os.environ["BENCH_PASSWORD"])
    employees = client.call("hr.employee", "search", [], limit=1, order="id desc")
    employee_id = employees[0]
    summary = client.call("hr.career.interview", "search", [("kind", "=", "summary")], limit=1)
    obligation_ids = client.call("hr.career.obligation", "search", [])
    count = client.call("hr.employee", "search_count", [])
    kw = {"context": {"lang": "fr_FR"}}
    rows = []

    def pair(label, odoo, ours, target):
        rows.append((label, odoo, ours, target))

    # -- lists, filters, groups ------------------------------------------------------
    odoo_list = measure(
        "employee list (80 rows)",
        search_read_route("hr.employee"),
        lambda: client.call("hr.employee", "web_search_read", [], EMPLOYEE_LIST, limit=80, count_limit=10001, **kw),
    )
    overdue = [("l10n_fr_career_next_status", "=", "overdue")]
    soon = [
        ("l10n_fr_career_next_due_date", ">=", TODAY.isoformat()),
        ("l10n_fr_career_next_due_date", "<=", (TODAY + timedelta(days=90)).isoformat()),
    ]
    spec = {**EMPLOYEE_LIST, **CAREER_COLUMNS}
    for label, domain in (("employees, filter overdue", overdue), ("employees, filter due within 90 days", soon)):
        ours = measure(
            label,
            search_read_route("hr.employee"),
            lambda domain=domain: client.call(
                "hr.employee", "web_search_read", domain, spec, limit=80, count_limit=10001, **kw
            ),
        )
        pair(label, odoo_list, ours, 2)
    odoo_group = measure(
        "employees grouped by department",
        "/web/dataset/call_kw/hr.employee/web_read_group",
        lambda: client.call("hr.employee", "web_read_group", [], ["__count"], ["department_id"], **kw),
    )
    for label, model, groupby, domain in (
        ("dashboard graph: departments by bucket", "hr.employee", ["department_id", "l10n_fr_career_bucket"], []),
        (
            "dashboard pivot: companies and departments by bucket",
            "hr.employee",
            ["company_id", "department_id", "l10n_fr_career_bucket"],
            [],
        ),
        ("obligations grouped by code and fulfilment", "hr.career.obligation", ["code", "fulfilment"], []),
        ("employees overdue grouped by department", "hr.employee", ["department_id"], overdue),
    ):
        ours = measure(
            label,
            f"/web/dataset/call_kw/{model}/web_read_group",
            lambda model=model, groupby=groupby, domain=domain: client.call(
                model, "web_read_group", domain, ["__count"], groupby, lazy=False, **kw
            ),
        )
        pair(label, odoo_group, ours, 2)
    for label, domain in (
        ("obligations list, filter overdue", [("status", "=", "overdue")]),
        ("obligations list, filter due soon", [("status", "=", "due_soon")]),
    ):
        ours = measure(
            label,
            search_read_route("hr.career.obligation"),
            lambda domain=domain: client.call(
                "hr.career.obligation", "web_search_read", domain, OBLIGATION_ROWS, limit=80, count_limit=10001, **kw
            ),
        )
        pair(label, odoo_list, ours, 2)

    # -- forms -------------------------------------------------------------------------
    odoo_form = measure(
        "employee form, without the career tab",
        "/web/dataset/call_kw/hr.employee/web_read",
        lambda: client.call("hr.employee", "web_read", [employee_id], EMPLOYEE_FORM, **kw),
    )
    career_form = measure(
        "employee form with the career tab",
        "/web/dataset/call_kw/hr.employee/web_read",
        lambda: client.call("hr.employee", "web_read", [employee_id], {**EMPLOYEE_FORM, **CAREER_TAB}, **kw),
    )
    pair("employee form with the career tab", odoo_form, career_form, 2)
    full = measure(
        "full legal calendar of one employee",
        "/web/dataset/call_kw/hr.employee/web_read",
        lambda: client.call("hr.employee", "web_read", [employee_id], {"l10n_fr_career_calendar_html": {}}, **kw),
    )
    pair("full legal calendar of one employee", odoo_form, full, 2)
    if summary:
        review = measure(
            "summary review's evidence (8 years)",
            "/web/dataset/call_kw/hr.career.interview/web_read",
            lambda: client.call("hr.career.interview", "web_read", summary, {"summary_review_html": {}}, **kw),
        )
        pair("summary review's evidence (8 years)", odoo_form, review, 2)

    # -- registers, figures and documents ----------------------------------------------
    odoo_rows = measure(
        "search_read of every obligation (the register's rows)",
        "/web/dataset/call_kw/hr.career.obligation/search_read",
        lambda: client.call("hr.career.obligation", "search_read", [], list(OBLIGATION_ROWS), **kw),
    )

    def register():
        action = client.call("hr.career.obligation", "action_export_register_xlsx", obligation_ids, **kw)
        client.get(action["url"])

    pair(
        f"obligations register, XLSX ({len(obligation_ids)} rows)",
        odoo_rows,
        measure("register", "/web/dataset/call_kw/hr.career.obligation/action_export_register_xlsx", register),
        3,
    )

    def cse_year():
        report = client.call("hr.career.cse.report", "create", {"period_type": "year", "year": TODAY.year - 1}, **kw)
        action = client.call("hr.career.cse.report", "action_export_xlsx", [report], **kw)
        client.get(action["url"])

    pair(
        "CSE figures for a year, XLSX",
        odoo_rows,
        measure("cse", "/web/dataset/call_kw/hr.career.cse.report/action_export_xlsx", cse_year),
        3,
    )

    odoo_report = measure(
        "employee badge (Odoo's report)",
        f"/report/pdf/hr.print_employee_badge/{employee_id}",
        lambda: client.get(f"/report/pdf/hr.print_employee_badge/{employee_id}"),
    )

    def evidence():
        wizard = client.call("hr.career.evidence.file", "create", {"employee_id": employee_id}, **kw)
        action = client.call("hr.career.evidence.file", "action_generate", [wizard], **kw)
        client.get(action["url"])

    pair(
        "evidence file of one employee (ZIP with its PDF)",
        odoo_report,
        measure("evidence", "/web/dataset/call_kw/hr.career.evidence.file/action_generate", evidence),
        None,
    )

    def preview():
        client.call(
            "res.config.settings",
            "onchange",
            [],
            {"l10n_fr_career_periodicity_months": 36, "l10n_fr_career_what_if_asked": True},
            ["l10n_fr_career_periodicity_months"],
            {"l10n_fr_career_periodicity_months": {}, "l10n_fr_career_what_if": {}, "l10n_fr_career_what_if_asked": {}},
            **kw,
        )

    started = time.perf_counter()
    preview()
    preview_seconds = time.perf_counter() - started

    print(f"\n{count} employees, {len(obligation_ids)} obligations; median of {REPEAT}; queries of one call")
    print("| screen or document | Odoo's counterpart | ours | ratio | target |")
    print("|---|---|---|---|---|")
    for label, odoo, ours, target in rows:
        ratio = ours["seconds"] / odoo["seconds"] if odoo["seconds"] else float("inf")
        verdict = "" if target is None else (" met" if ratio <= target else " NOT met")
        print(
            f"| {label} | {odoo['label']}: {odoo['seconds'] * 1000:.0f} ms, {odoo['queries']} q"
            f" | {ours['seconds'] * 1000:.0f} ms, {ours['queries']} q | {ratio:.2f}x"
            f" | {'-' if target is None else f'<= {target}x'}{verdict} |"
        )
    target = 10 if count > 2000 else 1
    met = "met" if preview_seconds <= target else "NOT met"
    print(f"| settings preview (periodicity 48 -> 36 months) | - | {preview_seconds:.1f} s | - | <= {target} s {met} |")


if __name__ == "__main__":
    main()
