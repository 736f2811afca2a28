from odoo import api, fields, models


class HrCareerEmployeeMixin(models.AbstractModel):
    """What every career record shares: its employee, company and the search
    field the record rules use to show a manager their whole chain."""

    _name = "hr.career.employee.mixin"
    _description = "Career record of an employee"
    _check_company_auto = True
    # Records that are facts of the legal calendar (absences, trainings,
    # progressions) recompute their employees when they change.
    _l10n_fr_career_is_fact = False

    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        required=True,
        index=True,
        readonly=True,
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_department_id",
        store=True,
        precompute=True,
        index=True,
    )
    is_in_my_team = fields.Boolean(
        "In my team",
        compute="_compute_is_in_my_team",
        search="_search_is_in_my_team",
        help="The employee reports to you, directly or further down the chain.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if self._l10n_fr_career_is_fact:
            self.env["hr.career.calendar"]._facts_changed(records.employee_id)
        return records

    def write(self, vals):
        employees = self.employee_id
        result = super().write(vals)
        if self._l10n_fr_career_is_fact:
            self.env["hr.career.calendar"]._facts_changed(employees | self.employee_id)
        return result

    def unlink(self):
        employees = self.employee_id
        result = super().unlink()
        if self._l10n_fr_career_is_fact:
            self.env["hr.career.calendar"]._facts_changed(employees.exists())
        return result

    @api.depends("employee_id")
    def _compute_company_id(self):
        for record in self:
            record.company_id = record.employee_id.sudo().company_id

    @api.depends("employee_id")
    def _compute_department_id(self):
        for record in self:
            record.department_id = record.employee_id.sudo().department_id

    @api.depends_context("uid")
    def _compute_is_in_my_team(self):
        team = set(self._my_team_employee_ids())
        for record in self:
            record.is_in_my_team = record.employee_id.id in team

    def _search_is_in_my_team(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on the team field."))
        positive = (operator == "=") == value
        return [("employee_id", "in" if positive else "not in", self._my_team_employee_ids())]

    @api.model
    def _my_team_employee_ids(self):
        """Employees below the current user in the manager chain, in every
        company (the user's own employee records excluded)."""
        employees = self.env["hr.employee"].sudo().with_context(active_test=False)
        mine = employees.search([("user_id", "=", self.env.uid)])
        if not mine:
            return []
        below = employees.search([("parent_id", "child_of", mine.ids)])
        return (below - mine).ids
