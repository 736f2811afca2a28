"""Every action offered works, for every persona of README's security table.

Each test logs in as one persona and does over HTTP what the web client does
when that person opens each of the addon's menus: loads its action, its views
(with the bound actions of the toolbar, already filtered by groups), reads
the list, opens each record's form, and clicks every button the form, the
list header and the toolbar show on that record (``invisible`` evaluated on
the record as the client does). A button or action shown to a persona who
cannot complete it is an error reply, and fails the test: nothing shown may
end in an access error.
"""

import inspect
import json
from datetime import date, datetime

from lxml import etree

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import CareerCase

MODULE = "l10n_fr_hr_career_interview"
# What a wizard answers when what was filled in does not do: the user's to
# correct, not an action that should not have been offered.
USER_ERRORS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
# Forms opened per list: enough for every state of the fixtures.
MAX_FORMS = 25
VIEW_ROOTS = {"list", "form", "kanban", "calendar", "pivot", "graph", "activity", "search"}
# The records each document is printed on: the convocation of an interview
# convened (date and place), the summary review of a review.
REPORT_RECORD = {
    f"{MODULE}.action_report_career_convocation": "convened",
    f"{MODULE}.action_report_career_interview": "held",
    f"{MODULE}.action_report_career_summary": "summary",
}


def _own_root(node):
    """The view element a node belongs to (a sub-list of a form is its own view)."""
    node = node.getparent()
    while node is not None and node.tag not in VIEW_ROOTS:
        node = node.getparent()
    return node


@tagged("post_install", "-at_install")
class TestPersonaActions(HttpCase, CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Interview = cls.env["hr.career.interview"]
        base = {"employee_id": cls.employee.id, "interviewer_id": cls.user_manager.id}
        convened = {
            **base,
            "state": "convened",
            "scheduled_at": datetime(2027, 1, 12, 9, 0),
            "location": "Salle 2",
        }
        cls.records = {
            "to_plan": cls.interview,
            "to_plan_2": Interview.create({**base, "kind": "request"}),
            "to_plan_3": Interview.create({**base, "kind": "request"}),
            "convened": Interview.create({**convened, "kind": "periodic"}),
            "convened_2": Interview.create({**convened, "kind": "request"}),
            "convened_3": Interview.create({**convened, "kind": "request"}),
            "held": Interview.create({**base, "kind": "request", "state": "held", "held_on": date(2026, 11, 2)}),
            "held_2": Interview.create({**base, "kind": "request", "state": "held", "held_on": date(2026, 11, 3)}),
            "summary": Interview.create({**base, "kind": "summary", "state": "held", "held_on": date(2026, 11, 4)}),
            "delivered": Interview.create({**base, "kind": "request", "state": "held", "held_on": date(2026, 10, 5)}),
            "refused": Interview.create(
                {**base, "kind": "request", "state": "refused", "refused_on": date(2026, 10, 6)}
            ),
            "cancelled": Interview.create({**base, "kind": "request", "state": "cancelled"}),
        }
        cls.records["delivered"].action_deliver()
        cls.records_ids = [record.id for record in cls.records.values()]
        cls.assertTrue(cls, cls.employee.l10n_fr_career_obligation_ids, "the obligations register needs rows")

    # -- the client's calls --------------------------------------------------------

    def _json(self, route, params, refusal_allowed=False):
        """The reply's result; any error fails, but with ``refusal_allowed``
        a user error (the wizard's own check of what was filled in, which the
        user corrects), never an access error nor a crash."""
        self.env.flush_all()
        with mute_logger("odoo.http"):
            response = self.url_open(
                route,
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
                headers={"Content-Type": "application/json"},
                timeout=120,
            )
        self.env.invalidate_all()
        reply = response.json()
        if refusal_allowed and reply.get("error", {}).get("data", {}).get("name") in USER_ERRORS:
            return None
        self.assertNotIn("error", reply, f"{self.persona}: {route} {params} failed: {reply.get('error')}")
        return reply["result"]

    def _call(self, model, method, args, kwargs=None, context=None):
        return self._json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {**(kwargs or {}), "context": context or {}}},
        )

    def _get(self, url, what):
        self.env.flush_all()
        with mute_logger("odoo.http"):
            response = self.url_open(url, timeout=120)
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200, f"{self.persona}: {what} ({url}) answered {response.status_code}")
        return response

    # -- the walk --------------------------------------------------------------------

    def _walk(self, login):
        """Open every menu of the addon as ``login`` and click what it offers;
        the set of what was clicked, as "model.method" or an action's xmlid."""
        self.persona = login
        self.authenticate(login, login)
        self.clicked = set()
        self.buttons_seen = {}
        menus = self._get("/web/webclient/load_menus/persona", "the menus").json()
        ours = [menu for menu in menus.values() if (menu.get("xmlid") or "").startswith(f"{MODULE}.")]
        for menu in ours:
            if menu["actionID"]:
                self._open_action(menu["actionID"])
        return self.clicked

    def _open_action(self, action_id, context=None):
        action = self._json("/web/action/load", {"action_id": action_id, "context": context or {}})
        if action["type"] == "ir.actions.server":
            self._follow(self._json("/web/action/run", {"action_id": action["id"], "context": context or {}}))
            self.clicked.add(self._xmlid(action["type"], action["id"]))
        elif action["type"] == "ir.actions.act_window":
            self._open_window(action, context)

    def _open_window(self, action, context=None):
        model = action["res_model"]
        context = {**(context or {}), **self._eval_context(action.get("context"))}
        view_types = [view_type for _id, view_type in action["views"]]
        if "form" not in view_types:
            view_types.append("form")
        views = self._call(
            model,
            "get_views",
            [],
            {
                "views": [[False, view_type] for view_type in view_types] + [[False, "search"]],
                "options": {"toolbar": True},
            },
            context,
        )["views"]
        if action.get("target") == "new" or self.env[model].is_transient() or model == "res.config.settings":
            self._open_wizard(model, views["form"]["arch"], context, click=action.get("target") == "new")
            return
        domain = (
            safe_eval(action.get("domain") or "[]", {"uid": self.env.uid, "context": context})
            if isinstance(action.get("domain"), str)
            else (action.get("domain") or [])
        )
        list_arch = views.get("list", {}).get("arch")
        spec = self._spec(list_arch) if list_arch else {"display_name": {}}
        records = self._call(model, "web_search_read", [], {"domain": domain, "specification": spec}, context)
        ids = [row["id"] for row in records["records"]]
        if list_arch:
            self._click_list_header(model, list_arch, ids, context)
        self._click_toolbar(model, views, ids, context)
        # The fixtures first (one of each state), then a few others: with the
        # demo data a list holds hundreds of records alike.
        fixtures = set(self.records_ids) if model == "hr.career.interview" else set()
        ordered = sorted(ids, key=lambda record_id: record_id not in fixtures)
        for record_id in ordered[:MAX_FORMS]:
            self._click_form(model, views["form"]["arch"], record_id, context)

    def _open_wizard(self, model, arch, context, click):
        """What the client does on a dialog: its defaults, then (for the
        addon's own dialogs opened by a menu) each footer button on a saved
        record of those defaults."""
        spec = self._spec(arch)
        values = self._call(model, "onchange", [[], {}, [], spec], {}, context)["value"]
        self.clicked.add(f"{model}.open")
        if not click:
            return
        fields = self.env[model]._fields
        plain = {
            name: value["id"] if isinstance(value, dict) else value
            for name, value in values.items()
            if name in fields and not isinstance(value, list) and not (fields[name].compute and fields[name].readonly)
        }
        record_id = self._call(model, "web_save", [[], plain], {"specification": {"id": {}}}, context)[0]["id"]
        self._click_form(model, arch, record_id, context, refusal_allowed=True)

    def _click_form(self, model, arch, record_id, context, refusal_allowed=False):
        form = etree.fromstring(arch)
        buttons = [
            button
            for button in form.iter("button")
            if button.get("type") == "object" and _own_root(button) is form and self._ours(model, button.get("name"))
        ]
        spec = self._spec(arch)
        for button in buttons:
            key = f"{model}.{button.get('name')}:{button.get('string')}"
            if key in self.clicked:
                continue
            values = self._call(model, "web_read", [[record_id]], {"specification": spec}, context)[0]
            if self._invisible(button, values):
                continue
            self.buttons_seen.setdefault(model, set()).add(key)
            result = self._json(
                "/web/dataset/call_button",
                {"model": model, "method": button.get("name"), "args": [[record_id]], "kwargs": {"context": context}},
                refusal_allowed=refusal_allowed,
            )
            self.clicked.add(key)
            self._follow(result, context)

    def _click_list_header(self, model, arch, ids, context):
        for button in etree.fromstring(arch).xpath("//header/button[@type='object']"):
            if ids:
                result = self._json(
                    "/web/dataset/call_button",
                    {"model": model, "method": button.get("name"), "args": [ids], "kwargs": {"context": context}},
                )
                self.clicked.add(f"{model}.{button.get('name')}")
                self._follow(result, context)

    def _click_toolbar(self, model, views, ids, context):
        # As the client: an action of the list's menu runs on the records
        # selected (here all of them), one of the form's on the record open.
        toolbar = {}
        for view_type in ("form", "list"):
            for kind, actions in (views.get(view_type, {}).get("toolbar") or {}).items():
                for action in actions:
                    toolbar[action["id"]] = (kind, ids if view_type == "list" else ids[:1])
        for action_id, (kind, selected) in toolbar.items():
            xmlid = self._xmlid("ir.actions.report" if kind == "print" else "ir.actions.actions", action_id)
            if not xmlid.startswith(f"{MODULE}.") or not ids:
                continue
            if kind == "print":
                record = self.records.get(REPORT_RECORD.get(xmlid, ""))
                docids = [record.id] if record and record.id in ids else ids[:1]
                report = self.env["ir.actions.report"].browse(action_id)
                self._get(f"/report/html/{report.report_name}/{docids[0]}", xmlid)
            else:
                active = {"active_model": model, "active_id": selected[0], "active_ids": selected}
                self._open_action(action_id, {**context, **active})
            self.clicked.add(xmlid)

    def _follow(self, result, context=None):
        """What the client does with an action returned by a click."""
        if not isinstance(result, dict):
            return
        kind = result.get("type")
        if kind == "ir.actions.act_url" and result["url"].startswith("/web/content/"):
            self._get(result["url"], "the download")
        elif kind == "ir.actions.act_window" and result.get("target") == "new":
            arch = self._call(result["res_model"], "get_views", [], {"views": [[False, "form"]]})["views"]["form"][
                "arch"
            ]
            context = {**(context or {}), **self._eval_context(result.get("context"))}
            self._open_wizard(result["res_model"], arch, context, click=False)
        elif kind == "ir.actions.report":
            ids = (result.get("context") or {}).get("active_ids") or result.get("context", {}).get("active_id")
            self._get(f"/report/html/{result['report_name']}/{','.join(map(str, ids or []))}", "the document")
        elif kind == "ir.actions.client" and result.get("params", {}).get("next"):
            self._follow(result["params"]["next"], context)

    # -- reading the views -------------------------------------------------------------

    def _spec(self, arch):
        """The fields of a view as the client reads them (sub-views left out)."""
        root = etree.fromstring(arch)
        return {
            field.get("name"): {} for field in root.iter("field") if _own_root(field) is root and field.get("name")
        } | {"display_name": {}}

    def _invisible(self, node, values):
        expression = node.get("invisible")
        if not expression:
            return False
        return bool(safe_eval(expression, {**values, "context": {}, "uid": self.env.uid}))

    def _eval_context(self, context):
        if isinstance(context, dict):
            return context
        return safe_eval(context or "{}", {"uid": self.env.uid, "context_today": date.today})

    def _ours(self, model, method):
        function = getattr(type(self.env[model]), method, None)
        return function is not None and inspect.getmodule(function).__name__.startswith(f"odoo.addons.{MODULE}.")

    def _xmlid(self, model, res_id):
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [("model", "in", (model, "ir.actions.server", "ir.actions.act_window")), ("res_id", "=", res_id)],
                limit=1,
            )
        )
        return f"{data.module}.{data.name}" if data else ""

    # -- one test per persona -----------------------------------------------------------

    def test_hr_administrator(self):
        clicked = self._walk("careeradmin")
        self.assertLessEqual(
            {
                f"{MODULE}.action_export_obligation_register",
                f"{MODULE}.action_export_interview_register",
                f"{MODULE}.action_career_recompute_all",
                "hr.career.interview.action_mark_held:Mark as held",
                "hr.career.interview.action_cancel:Cancel the interview",
                "hr.career.interview.action_open_refusal:Refused by the employee",
                "hr.career.interview.action_deliver:Deliver the report",
                "hr.career.interview.action_open_reopen:Reopen",
                "hr.career.cse.report.action_print_pdf:PDF",
            },
            clicked,
        )

    def test_hr_officer(self):
        clicked = self._walk("officer")
        self.assertLessEqual(
            {
                f"{MODULE}.action_export_obligation_register",
                "hr.career.interview.action_open_convocation:Convene",
                "hr.career.interview.action_record_paper_acknowledgement:Receipt acknowledged (signed copy)",
                "hr.career.interview.action_reset_to_plan:Back to plan",
            },
            clicked,
        )
        self.assertNotIn(f"{MODULE}.action_career_recompute_all", clicked)

    def test_manager(self):
        clicked = self._walk("career_manager")
        self.assertLessEqual(
            {
                f"{MODULE}.action_export_obligation_register",
                f"{MODULE}.action_export_interview_register",
                "hr.career.interview.action_open_convocation:Reschedule",
                "hr.career.interview.action_mark_held:Mark as held",
                "hr.career.interview.action_deliver:Deliver the report",
            },
            clicked,
        )
        self.assertFalse(any("Reopen" in key or "signed copy" in key for key in clicked))

    def test_employee(self):
        """The employee reads their interviews here; every action on them is
        on the portal: the back office offers none."""
        clicked = self._walk("career_employee")
        self.assertFalse(self.buttons_seen.get("hr.career.interview"), "no interview button for the employee")
        self.assertIn(f"{MODULE}.action_export_interview_register", clicked)

    def test_cse(self):
        clicked = self._walk("career_cse")
        self.assertIn("hr.career.cse.report.action_print_pdf:PDF", clicked)
        self.assertIn("hr.career.cse.report.action_export_xlsx:XLSX", clicked)
