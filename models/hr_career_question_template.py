from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.trust import is_trusted, trusted

# Written by the actions only (publish, new version, archive), never by a form.
ACTION_FIELDS = {"state", "version", "published_on"}


class HrCareerQuestionTemplate(models.Model):
    """The company's questions for one kind of interview, in versions.

    A version is drafted, then published: from then on new interviews of that
    kind take it, and the one published before is archived. An interview
    keeps the version it took (its answers copy the questions as asked), and
    a version that an interview took can no longer change: the company edits
    a new version instead, so that no report ever changes after the fact.
    """

    _name = "hr.career.question.template"
    _description = "Career interview question template"
    _order = "kind, company_id, version desc"
    _check_company_auto = True

    name = fields.Char("Template title", required=True)
    # The interview's own kinds, labelled and translated as the interview does.
    kind = fields.Selection(
        lambda self: self.env["hr.career.interview"]._fields["kind"]._description_selection(self.env),
        "Interview kind",
        required=True,
        default="periodic",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    version = fields.Integer("Version number", readonly=True, copy=False, default=1)
    state = fields.Selection(
        [("draft", "Draft version"), ("published", "In use for new interviews"), ("archived", "Replaced")],
        "Version status",
        required=True,
        readonly=True,
        copy=False,
        default="draft",
    )
    published_on = fields.Datetime(readonly=True, copy=False)
    previous_id = fields.Many2one("hr.career.question.template", "Previous version", readonly=True, copy=False)
    question_ids = fields.One2many("hr.career.question", "template_id", "Questions", copy=True)
    interview_count = fields.Integer("Interviews with this version", compute="_compute_interview_count")

    _sql_constraints = [
        (
            "version_unique",
            "unique(company_id, kind, version)",
            "This version number is already used for this kind of interview in this company.",
        ),
    ]

    def init(self):
        # One version in use per kind and company, even between two
        # concurrent publications (the constraint below only words it).
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (company_id, kind) WHERE state = 'published'",
                SQL.identifier(f"{self._table}_one_published"),
                SQL.identifier(self._table),
            )
        )

    def _compute_interview_count(self):
        counts = dict(
            self.env["hr.career.interview"]
            .sudo()
            ._read_group([("question_template_id", "in", self.ids)], ["question_template_id"], ["__count"])
        )
        for template in self:
            template.interview_count = counts.get(template._origin, 0)

    @api.constrains("state", "kind", "company_id")
    def _check_one_published(self):
        # Read in SQL, before the ORM flushes this record into the index.
        for template in self.filtered(lambda t: t.state == "published"):
            self.env.cr.execute(
                SQL(
                    "SELECT 1 FROM %s WHERE state = 'published' AND kind = %s AND company_id = %s AND id != %s",
                    SQL.identifier(self._table),
                    template.kind,
                    template.company_id.id,
                    template.id,
                )
            )
            if self.env.cr.fetchone():
                raise ValidationError(
                    self.env._("Only one version of the questions is in use for each kind of interview and company.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not is_trusted(self.env):
                self._check_no_action_field(vals)
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            vals["version"] = self._next_version(company, vals.get("kind") or "periodic")
        return super().create(vals_list)

    def write(self, vals):
        if not is_trusted(self.env):
            self._check_no_action_field(vals)
            self._check_questions_editable()
        if {"kind", "company_id"} & set(vals):
            for template in self:
                company = self.env["res.company"].browse(vals.get("company_id")) or template.company_id
                super(HrCareerQuestionTemplate, template).write(
                    {**vals, "version": template._next_version(company, vals.get("kind") or template.kind)}
                )
            return True
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if any(template._is_used() for template in self):
            raise UserError(
                self.env._("Interviews were held with this version of the questions: it is kept with them.")
            )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for template, vals in zip(self, vals_list, strict=True):
            vals.setdefault("previous_id", template.id)
        return vals_list

    def action_publish(self):
        """New interviews of this kind take this version from now on; the
        version in use so far is replaced (interviews that took it keep it)."""
        self.check_access("write")
        for template in self:
            if template.state != "draft":
                raise UserError(self.env._("Only a draft is published."))
            if not template.question_ids:
                raise UserError(self.env._("Add at least one question before publishing."))
            current = self.search(
                [("state", "=", "published"), ("kind", "=", template.kind), ("company_id", "=", template.company_id.id)]
            )
            trusted(current).write({"state": "archived"})
            # Replaced in the database first: one version in use at a time (index).
            current.flush_recordset(["state"])
            trusted(template).write({"state": "published", "published_on": fields.Datetime.now()})
        return True

    def action_new_version(self):
        """A draft copy to edit, numbered after the last version."""
        self.ensure_one()
        self.check_access("write")
        draft = trusted(self).copy()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": draft.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_withdraw(self):
        """No questions for new interviews of this kind until another version
        is published; the interviews that took this one keep it."""
        self.check_access("write")
        trusted(self.filtered(lambda t: t.state == "published")).write({"state": "archived"})
        return True

    @api.model
    def _published_for(self, company, kind):
        return self.sudo().search(
            [("state", "=", "published"), ("company_id", "=", company.id), ("kind", "=", kind)], limit=1
        )

    def _next_version(self, company, kind):
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM %s WHERE company_id = %s AND kind = %s",
                SQL.identifier(self._table),
                company.id,
                kind,
            )
        )
        return self.env.cr.fetchone()[0]

    def _is_used(self):
        """An interview took this version (read now, not from a cache)."""
        return bool(
            self.env["hr.career.interview"].sudo().search_count([("question_template_id", "=", self.id)], limit=1)
        )

    def _check_no_action_field(self, vals):
        if ACTION_FIELDS & set(vals):
            raise UserError(
                self.env._("A version is published, replaced or copied with its buttons only, not written.")
            )

    def _check_questions_editable(self):
        """A version interviews took, or one replaced, is kept as it was."""
        for template in self:
            if template.state == "archived" or template._is_used():
                raise UserError(
                    self.env._(
                        "Version %(version)s of “%(name)s” is kept as interviews asked it: click “New version” "
                        "to change the questions.",
                        version=template.version,
                        name=template.name,
                    )
                )
