import hashlib
import json

from odoo import api, fields, models

from .. import engine
from .res_company import POLICY_FIELDS

# Employees per batch of the background preview: about a second of engine
# work each, so that the job's progress moves and a batch never holds a
# worker long.
BATCH_SIZE = 2000
# The engine's figures, summed batch by batch: each counts per employee.
SUMS = (
    "moved",
    "overdue_before",
    "overdue_after",
    "due_soon_before",
    "due_soon_after",
    "exposure_before",
    "exposure_after",
)


class HrCareerWhatIfRun(models.Model):
    """The effect of edited career settings on a large company, computed in
    the background and kept.

    Above hr_career_what_if.LIVE_LIMIT employees the settings page does not
    wait for the engine: asking for the effect queues one run for (company,
    saved settings, edited settings, day), which the cron computes by batches
    of employees with its progress (ir.cron._notify_progress), summing the
    engine's figures (each counts per employee, so batches add up). The
    page shows how far it is, then the answer; asking again for the same
    edit the same day reuses it; the requester is told when it is ready.
    Nothing here is ever shown to anyone but career administrators of the
    company, through the settings page.
    """

    _name = "hr.career.what.if.run"
    _description = "Career settings preview computed in the background"
    _order = "id"

    # Never shown but through the settings page: not offered to translators.
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade", export_string_translation=False
    )
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", export_string_translation=False)
    key = fields.Char(required=True, index=True, export_string_translation=False)
    day = fields.Date(required=True, export_string_translation=False)
    values = fields.Json(required=True, export_string_translation=False)
    total = fields.Integer(export_string_translation=False)
    done = fields.Integer(export_string_translation=False)
    last_employee_id = fields.Integer(export_string_translation=False)
    is_done = fields.Boolean(export_string_translation=False)
    moved = fields.Integer(export_string_translation=False)
    overdue_before = fields.Integer(export_string_translation=False)
    overdue_after = fields.Integer(export_string_translation=False)
    due_soon_before = fields.Integer(export_string_translation=False)
    due_soon_after = fields.Integer(export_string_translation=False)
    exposure_before = fields.Integer(export_string_translation=False)
    exposure_after = fields.Integer(export_string_translation=False)

    # -- asked from the settings page -----------------------------------------------

    @api.model
    def _for(self, company, values):
        """The run of ``values`` ({company field: value}) for ``company``
        today, queued now if none: the caller has checked the right to preview."""
        day = fields.Date.context_today(self)
        key = self._key(company, values, day)
        run = self.sudo().search([("key", "=", key)], limit=1)
        if run:
            return run
        WhatIf = self.env["hr.career.what.if"]
        run = self.sudo().create(
            {
                "company_id": company.id,
                "user_id": self.env.uid,
                "key": key,
                "day": day,
                "values": {name: self._jsonable(values[name]) for name in POLICY_FIELDS if name in values},
                "total": WhatIf._employee_count(company),
            }
        )
        self.env.ref("l10n_fr_hr_career_interview.ir_cron_career_what_if").sudo()._trigger()
        return run

    @api.model
    def _key(self, company, values, day):
        """Same company, same saved and edited settings, same day: same answer."""
        company = company.sudo()
        saved = {name: self._jsonable(company[name]) for name in POLICY_FIELDS}
        edited = {name: self._jsonable(values[name]) for name in POLICY_FIELDS if name in values}
        text = json.dumps([company.id, str(day), saved, edited], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    @staticmethod
    def _jsonable(value):
        if isinstance(value, models.BaseModel):
            return value.id or False
        return str(value) if hasattr(value, "isoformat") else (value or False)

    def _what_if(self):
        """The figures summed so far, as the engine gives them."""
        self.ensure_one()
        return engine.WhatIf(employees=self.total, **{name: self[name] for name in SUMS})

    def _edited_values(self):
        """The edited settings as the settings page gives them (dates as dates)."""
        company = self.company_id
        return {name: company._fields[name].convert_to_cache(value, company) for name, value in self.values.items()}

    # -- the cron -----------------------------------------------------------------------

    @api.model
    def _cron_run(self, batch_size=BATCH_SIZE):
        """One batch of the oldest run not done; the older days' runs go."""
        self = self.sudo()  # noqa: PLW0642 -- the job reads every employee's facts, for whoever asked
        self.search([("day", "<", fields.Date.context_today(self))]).unlink()
        run = self.search([("is_done", "=", False)], limit=1)
        if not run:
            return False
        run._compute_batch(batch_size)
        remaining = sum(r.total - r.done for r in self.search([("is_done", "=", False)]))
        self.env["ir.cron"]._notify_progress(done=run.exists().done, remaining=remaining)
        return True

    def _compute_batch(self, batch_size):
        self.ensure_one()
        WhatIf = self.env["hr.career.what.if"]
        company = self.company_id
        edited = self._edited_values()
        if self._key(company, edited, self.day) != self.key:
            self.unlink()  # the settings were saved meanwhile: the question is moot
            return
        before = company._l10n_fr_career_policy()
        after = WhatIf._policy(company, before, edited)
        scope = [*WhatIf._scope(company), ("id", ">", self.last_employee_id)]
        employees = WhatIf._scope_employees().search(scope, order="id", limit=batch_size)
        facts = self.env["hr.career.calendar"]._facts(employees, with_history=True)
        part = engine.compare(facts, before, after, self.day)
        values = {name: self[name] + getattr(part, name) for name in SUMS}
        values.update(done=self.done + len(employees), last_employee_id=employees[-1:].id or self.last_employee_id)
        values["is_done"] = len(employees) < batch_size
        if values["is_done"]:
            values["total"] = values["done"]  # employees hired or gone meanwhile
        self.write(values)
        if self.is_done:
            self._tell_requester(before, after)

    def _tell_requester(self, before, after):
        """The requester may still be on the settings page: the answer comes to them."""
        WhatIf = self.env["hr.career.what.if"].with_user(self.user_id).with_context(lang=self.user_id.lang)
        self.user_id._bus_send(
            "simple_notification",
            {
                "type": "info",
                "sticky": True,
                "title": WhatIf.env._("Effect of the edited career settings"),
                "message": WhatIf.sudo()._describe(before, after, self._what_if()),
            },
        )
