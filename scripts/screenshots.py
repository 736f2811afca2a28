#!/usr/bin/env python3
"""Take the README's screenshots from a running demo server.

    scripts/demo.sh                      # in another terminal: the demo server
    python3 scripts/screenshots.py       # then this, with Odoo's Python

Options: --url (default http://localhost:8069), --db (career_demo), --out
(static/description of this checkout), --only NAME (one screenshot).
Environment: CHROME_BIN, the browser (else chromium, chromium-browser,
google-chrome or chrome on PATH).

It drives a headless Chromium through its DevTools protocol (the Python
packages requests and websocket-client, both in Odoo's requirements), logs
in as the demo users (README, "Demo server"), opens each screen in French
at 1440x900 (the portal at 390x844, as a phone) and saves a PNG.
"""

import argparse
import base64
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = (1440, 900)
PHONE = (390, 844)
# What the screens wait for before the picture, besides the selector each
# screen names: no request in flight and no Odoo loading indicator.
QUIET = """(() => !document.querySelector('.o_loading_indicator, .o_blockUI, .o_view_sample_data')
    && document.readyState === 'complete')()"""


class Browser:
    """A headless Chromium page, driven over the DevTools protocol."""

    def __init__(self):
        binary = os.environ.get("CHROME_BIN") or next(
            filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome", "chrome"))), None
        )
        if not binary:
            sys.exit("No Chromium or Chrome found: install one or set CHROME_BIN.")
        self.profile = tempfile.mkdtemp(prefix="career_screenshots_")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--hide-scrollbars",
                "--lang=fr-FR",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        for _ in range(100):
            if port_file.is_file() and port_file.stat().st_size > 5:
                break
            time.sleep(0.1)
        else:
            self.close()
            sys.exit("Chromium did not open its DevTools port.")
        port = int(port_file.read_text().split()[0])
        pages = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        page = next(target for target in pages if target["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.ids = itertools.count(1)
        self.send("Page.enable")
        self.send("Network.enable")

    def send(self, method, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def size(self, width, height, phone=False, zoom=1):
        """A picture of ``width`` x ``height`` pixels, the page seen at ``zoom``
        as the browser's zoom shows it (0.85: 85 %, more of the page)."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=round(width / zoom),
            height=round(height / zoom),
            deviceScaleFactor=zoom,
            mobile=phone,
        )
        self.send("Emulation.setTouchEmulationEnabled", enabled=phone)

    def goto(self, url):
        self.send("Page.navigate", url=url)
        self.wait("document.readyState === 'complete'")

    def wait(self, condition, timeout=30):
        """Until the JavaScript ``condition`` holds, then until the page is quiet."""
        deadline = time.monotonic() + timeout
        for check in (condition, QUIET):
            while not self.evaluate(f"(() => {{ try {{ return !!({check}); }} catch (e) {{ return false; }} }})()"):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"waited {timeout} s for: {check}")
                time.sleep(0.25)
        time.sleep(1)  # animations, fonts

    def click(self, selector):
        self.wait(f"document.querySelector({json.dumps(selector)})")
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def scroll_to(self, element):
        """Bring the JavaScript ``element`` to the top of its scrolling box."""
        self.evaluate(f"{element}.scrollIntoView({{block: 'start', behavior: 'instant'}})")
        time.sleep(0.5)

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))
        print(f"  {path}")

    def close(self):
        try:
            if getattr(self, "ws", None):
                self.ws.close()
        finally:
            self.process.terminate()
            self.process.wait(15)
            shutil.rmtree(self.profile, ignore_errors=True)


class Demo:
    """The demo server: logins through the browser, record ids through XML-RPC."""

    def __init__(self, url, db, browser):
        self.url, self.db, self.browser = url.rstrip("/"), db, browser
        self.logged_in = None

    def login(self, login):
        if self.logged_in == login:
            return
        self.browser.send("Network.clearBrowserCookies")
        self.browser.goto(f"{self.url}/web/login?db={self.db}")
        self.browser.evaluate(
            f"""(() => {{
                document.querySelector('input[name=login]').value = {json.dumps(login)};
                document.querySelector('input[name=password]').value = {json.dumps(login)};
                document.querySelector('form.oe_login_form').submit();
            }})()"""
        )
        self.browser.wait("!location.pathname.startsWith('/web/login')")
        self.logged_in = login

    def execute(self, model, method, args, kwargs=None, login="admin"):
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        uid = common.authenticate(self.db, login, login, {})
        models = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object")
        return models.execute_kw(self.db, uid, login, model, method, args, kwargs or {})

    def search(self, model, domain, login="admin"):
        ids = self.execute(model, "search", [domain], {"limit": 1}, login=login)
        if not ids:
            sys.exit(f"Not in the demo: {model} {domain}. Is it the demo database of this checkout?")
        return ids[0]


def dashboard(demo, out):
    """The compliance dashboard as a graph: head counts by department, each
    bucket in the colour of its meaning."""
    demo.login("admin")
    demo.browser.goto(f"{demo.url}/odoo/action-l10n_fr_hr_career_interview.action_career_dashboard")
    demo.browser.click(".o_switch_view.o_graph")
    demo.browser.wait("document.querySelector('.o_graph_renderer canvas')")
    demo.browser.screenshot(out)


def employee(demo, out):
    """An employee's Parcours professionnel tab: the obligations, their
    status and the French sentence explaining each due date."""
    demo.login("admin")
    record = demo.search("hr.employee", [("name", "=", "Doris Cole")])
    demo.browser.goto(f"{demo.url}/odoo/employees/{record}")
    demo.browser.click(".o_notebook .nav-link[name='l10n_fr_career']")
    demo.browser.wait("document.querySelector(\"div[name='l10n_fr_career_obligation_ids'] .o_data_row\")")
    demo.browser.scroll_to("document.querySelector('.o_notebook')")
    demo.browser.screenshot(out)


def interview(demo, out):
    """The summary review that also answered the periodic interview (one
    meeting, two obligations), its report delivered: the form from its legal
    basis down to the 8-year review, its four criteria and the top-up owed."""
    demo.login("admin")
    record = demo.search(
        "hr.career.interview", [("employee_id.name", "=", "Gérard Bonnet"), ("state", "=", "delivered")]
    )
    demo.browser.goto(f"{demo.url}/odoo/action-l10n_fr_hr_career_interview.action_hr_career_interview/{record}")
    demo.browser.click(".o_notebook .nav-link[name='summary_review']")
    demo.browser.wait("document.querySelector('.o_notebook .tab-pane.active .o_career_summary_panel')")
    demo.browser.scroll_to("document.querySelector('.o_form_sheet .oe_title')")
    demo.browser.screenshot(out)


def portal(demo, out):
    """The employee's portal page of a convened interview, on a phone: the
    convocation and the preparation form."""
    demo.login("portal")
    record = demo.search(
        "hr.career.interview", [("employee_id.name", "=", "Sandrine Faure"), ("state", "=", "convened")]
    )
    demo.browser.size(*PHONE, phone=True)
    try:
        demo.browser.goto(f"{demo.url}/my/career-interviews/{record}")
        demo.browser.wait("document.querySelector('#career_preparation textarea[name=wishes]')")
        # A draft being typed (not saved: the demo stays as it was).
        demo.browser.evaluate(
            "document.querySelector('#career_preparation textarea[name=wishes]').value = "
            + json.dumps("Devenir cheffe d'équipe à l'entrepôt ; passer le CACES R489.")
        )
        demo.browser.screenshot(out)
    finally:
        demo.browser.size(*DESKTOP)


def questions(demo, out):
    """The company's questions on an interview, seen by the manager: under
    the legal themes and in the company's section, with the answers the
    employee prepared on the portal."""
    demo.login("manager")
    record = demo.search(
        "hr.career.interview",
        [("employee_id.name", "=", "Nicolas Chevalier"), ("state", "=", "convened")],
        login="manager",
    )
    demo.browser.goto(f"{demo.url}/odoo/action-l10n_fr_hr_career_interview.action_hr_career_interview/{record}")
    demo.browser.wait("document.querySelector(\".o_field_widget[name='answer_theme_ids'] .o_data_row\")")
    demo.browser.scroll_to("document.querySelector(\".o_field_widget[name='theme_cpf']\")")
    demo.browser.screenshot(out)


def settings(demo, out):
    """The company's career interview settings, each value with its unit."""
    demo.login("admin")
    demo.browser.goto(f"{demo.url}/odoo/action-l10n_fr_hr_career_interview.action_career_settings")
    field = "document.querySelector(\".o_field_widget[name='l10n_fr_career_periodicity_months']\")"
    demo.browser.wait(field)
    # From the block's title (the settings page scrolls inside itself).
    container = f"{field}.closest('.o_settings_container')"
    demo.browser.scroll_to(f"({container}.previousElementSibling || {container})")
    demo.browser.screenshot(out)


def what_if(demo, out):
    """The effect of a change of the settings, before it is saved: the
    periodicity typed down from 48 to 24 months, and what it would do to the
    company's obligations and to the euros at stake."""
    demo.login("admin")
    # At 85 %, the whole block fits: the edited setting, the others, and
    # the effect under them.
    demo.browser.size(*DESKTOP, zoom=0.85)
    try:
        _what_if(demo, out)
    finally:
        demo.browser.size(*DESKTOP)


def _what_if(demo, out):
    demo.browser.goto(f"{demo.url}/odoo/action-l10n_fr_hr_career_interview.action_career_settings")
    field = "document.querySelector(\".o_field_widget[name='l10n_fr_career_periodicity_months']\")"
    demo.browser.wait(field)
    # Typed, not saved: the demo keeps its 48 months.
    demo.browser.evaluate(
        f"""(() => {{
            const input = {field}.querySelector('input');
            input.focus();
            input.value = '24';
            input.dispatchEvent(new Event('input', {{bubbles: true}}));
            input.dispatchEvent(new Event('change', {{bubbles: true}}));
        }})()"""
    )
    demo.browser.wait("document.querySelector(\".o_field_widget[name='l10n_fr_career_what_if']\").innerText.trim()")
    container = f"{field}.closest('.o_settings_container')"
    demo.browser.scroll_to(f"({container}.previousElementSibling || {container})")
    demo.browser.screenshot(out)


def evidence(demo, out):
    """The PDF of an employee's evidence file, as HTML: the legal calendar,
    then each interview with its report versions and their SHA-256. Gérard
    Bonnet's summary review, delivered and acknowledged."""
    demo.login("admin")
    employee_id = demo.search("hr.employee", [("name", "=", "Gérard Bonnet")])
    # The report renders a wizard record, which only its creator reads.
    wizard = demo.execute("hr.career.evidence.file", "create", [{"employee_id": employee_id, "period": "hiring"}])
    demo.browser.goto(f"{demo.url}/report/html/l10n_fr_hr_career_interview.report_evidence_file/{wizard}")
    demo.browser.wait("document.querySelector(\"table[name='versions'] code\")")
    demo.browser.scroll_to("document.querySelector(\"table[name='calendar']\").previousElementSibling")
    demo.browser.screenshot(out)


SCREENS = {
    "screenshot_dashboard.png": dashboard,
    "screenshot_employee.png": employee,
    "screenshot_interview.png": interview,
    "screenshot_portal.png": portal,
    "screenshot_questions.png": questions,
    "screenshot_settings.png": settings,
    "screenshot_what_if.png": what_if,
    "screenshot_evidence.png": evidence,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="career_demo")
    parser.add_argument("--out", default=str(ROOT / "static" / "description"))
    parser.add_argument("--only", choices=sorted(SCREENS))
    args = parser.parse_args()
    browser = Browser()
    try:
        browser.size(*DESKTOP)
        demo = Demo(args.url, args.db, browser)
        for name, take in SCREENS.items():
            if args.only in (None, name):
                take(demo, Path(args.out, name))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
