import json
from datetime import date

from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger

OFFICER = "l10n_fr_hr_career_interview.group_career_officer"
ADMIN = "l10n_fr_hr_career_interview.group_career_admin"
INTERVIEWER = "l10n_fr_hr_career_interview.group_career_interviewer"
CSE = "l10n_fr_hr_career_interview.group_career_cse"


class CareerCase(TransactionCase):
    """Two companies and one user per role, employees in a manager chain:

    director (n+2) > manager > employee, and a colleague under another
    manager; a second company with its own employee and officer.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Filiale B"})
        both = [cls.company.id, cls.company_b.id]
        user = new_test_user
        cls.user_director = user(cls.env, "director", groups="base.group_user")
        cls.user_manager = user(cls.env, "career_manager", groups="base.group_user")
        cls.user_employee = user(cls.env, "career_employee", groups="base.group_user")
        cls.user_colleague = user(cls.env, "colleague", groups="base.group_user")
        cls.user_outsider = user(cls.env, "outsider", groups="base.group_user")
        cls.user_representative = user(cls.env, "representative", groups=INTERVIEWER)
        cls.user_officer = user(cls.env, "officer", groups=OFFICER)
        cls.user_admin = user(cls.env, "careeradmin", groups=ADMIN)
        cls.user_cse = user(cls.env, "career_cse", groups=CSE)
        cls.user_officer_b = user(
            cls.env, "officer_b", groups=OFFICER, company_id=cls.company_b.id, company_ids=[cls.company_b.id]
        )
        cls.user_officer_ab = user(cls.env, "officer_ab", groups=OFFICER, company_ids=both)
        Employee = cls.env["hr.employee"]
        cls.director = Employee.create(cls._employee_vals("Directrice", cls.user_director))
        cls.manager = Employee.create(cls._employee_vals("Manager", cls.user_manager, parent_id=cls.director.id))
        cls.employee = Employee.create(cls._employee_vals("Salariée", cls.user_employee, parent_id=cls.manager.id))
        cls.colleague = Employee.create(cls._employee_vals("Collègue", cls.user_colleague, parent_id=cls.director.id))
        cls.employee_b = Employee.create(cls._employee_vals("Salarié B", None, company_id=cls.company_b.id))
        Interview = cls.env["hr.career.interview"]
        cls.interview = Interview.create(
            {"employee_id": cls.employee.id, "kind": "first", "interviewer_id": cls.user_manager.id}
        )
        cls.interview_colleague = Interview.create({"employee_id": cls.colleague.id, "kind": "first"})
        cls.interview_b = Interview.create({"employee_id": cls.employee_b.id, "kind": "first"})

    @classmethod
    def _employee_vals(cls, name, user, **values):
        return {
            "name": name,
            "user_id": user.id if user else False,
            "l10n_fr_career_hire_date": date(2026, 3, 2),
            "birthday": date(1985, 6, 15),
            **values,
        }

    def _activities_on(self, employees, interviews=None):
        """Every activity on these employees and on their interviews (or on
        ``interviews``, when given), whatever its type or user."""
        if interviews is None:
            interviews = self.env["hr.career.interview"].search([("employee_id", "in", employees.ids)])
        return self.env["mail.activity"].search(
            [
                "|",
                "&",
                ("res_model", "=", "hr.career.interview"),
                ("res_id", "in", interviews.ids),
                "&",
                ("res_model", "=", "hr.employee"),
                ("res_id", "in", employees.ids),
            ]
        )

    def _rows_written(self, tables):
        """Rows inserted, updated or deleted so far in this transaction, per
        table (PostgreSQL's own counters: nothing written escapes them)."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables WHERE relname IN %s",
            [tuple(tables)],
        )
        return dict.fromkeys(tables, 0) | dict(self.env.cr.fetchall())


def call_kw(case, login, model, method, args, kwargs=None, context=None, timeout=60):
    """``model.method(*args, **kwargs)`` over JSON-RPC in ``login``'s session,
    as a client sends it (any context it likes); the JSON reply. ``case``:
    an HttpCase."""
    case.authenticate(login, login)
    params = {"model": model, "method": method, "args": args, "kwargs": {**(kwargs or {}), "context": context or {}}}
    case.env.flush_all()
    with mute_logger("odoo.http"):
        response = case.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
            timeout=timeout,
        )
    case.env.invalidate_all()
    return response.json()
