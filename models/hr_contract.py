from odoo import api, models

from ..engine import ProgressionFact

# Contract fields that move the hiring date, the end of the employment or a
# progression the summary review counts.
CALENDAR_FIELDS = {"date_start", "date_end", "state", "employee_id", "wage", "job_id"}


class HrContract(models.Model):
    _inherit = "hr.contract"

    @api.model_create_multi
    def create(self, vals_list):
        contracts = super().create(vals_list)
        self.env["hr.career.calendar"]._facts_changed(contracts.employee_id)
        return contracts

    def write(self, vals):
        employees = self.employee_id
        result = super().write(vals)
        if CALENDAR_FIELDS & set(vals):
            self.env["hr.career.calendar"]._facts_changed(employees | self.employee_id)
        return result

    @api.model
    def _l10n_fr_career_progressions(self, employees):
        """Salary and job progressions read from the contracts: a wage raised
        or a job changed from one contract to the next, and wage raises
        tracked within a contract. Yields (employee id, ProgressionFact)."""
        contracts = self.sudo().search_fetch(
            [("employee_id", "in", employees.ids), ("state", "!=", "cancel")],
            ["employee_id", "date_start", "wage", "job_id", "name"],
            order="employee_id, date_start, id",
        )
        previous = {}
        for contract in contracts:
            before = previous.get(contract.employee_id.id)
            previous[contract.employee_id.id] = contract
            if not before:
                continue
            if contract.wage > before.wage:
                yield (
                    contract.employee_id.id,
                    ProgressionFact(contract.date_start, "salary", contract.name, f"hr.contract:{contract.id}"),
                )
            if contract.job_id and contract.job_id != before.job_id:
                yield (
                    contract.employee_id.id,
                    ProgressionFact(
                        contract.date_start, "professional", contract.job_id.name, f"hr.contract:{contract.id}"
                    ),
                )
        yield from self._l10n_fr_career_tracked_raises(contracts)

    @api.model
    def _l10n_fr_career_tracked_raises(self, contracts):
        """Wage raises written on a running contract, from its chatter tracking."""
        wage_field = self.env["ir.model.fields"]._get("hr.contract", "wage")
        tracked = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("field_id", "=", wage_field.id),
                    ("mail_message_id.model", "=", "hr.contract"),
                    ("mail_message_id.res_id", "in", contracts.ids),
                ]
            )
        )
        by_id = {c.id: c for c in contracts}
        for value in tracked.filtered(lambda v: v.new_value_float > v.old_value_float > 0):
            contract = by_id[value.mail_message_id.res_id]
            day = value.mail_message_id.date.date()
            yield contract.employee_id.id, ProgressionFact(day, "salary", contract.name, f"hr.contract:{contract.id}")
