from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.digest import sha256_hex
from ..tools.trust import is_trusted, with_trust

VERSION_MODEL = "hr.career.report.version"
ACKNOWLEDGEMENT_MODES = [("portal", "On the portal"), ("paper", "Signed copy"), ("email", "By e-mail")]

# Fields of a version stamped once, from empty, by the server: the
# acknowledgement of receipt, and the reopening that supersedes the version.
# The first field of each group is its marker: set once, never changed.
STAMPS = (
    (
        "acknowledged_on",
        "acknowledged_by",
        "acknowledgement_mode",
        "acknowledged_partner_id",
        "acknowledgement_recorded_by_id",
    ),
    ("reopened_on", "reopened_by_id", "reopen_reason"),
)


class HrCareerReportVersion(models.Model):
    """A delivered report, kept as handed over: the file, its SHA-256, the
    data it was rendered from and their fingerprint. Created once by the
    delivery; nobody may change or delete it afterwards, superuser included.
    Only two stamps are added later, each once and never erased: the
    employee's acknowledgement of receipt, and the reopening that supersedes
    it."""

    _name = VERSION_MODEL
    _description = "Delivered career interview report version"
    _order = "interview_id, version desc"
    _rec_name = "file_name"

    interview_id = fields.Many2one(
        "hr.career.interview", "Interview", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="interview_id.company_id", store=True, index=True)
    version = fields.Integer(required=True, readonly=True)
    file_name = fields.Char(required=True, readonly=True)
    sha256 = fields.Char(
        "SHA-256 of the file", required=True, readonly=True, help="Fingerprint of the file handed to the employee."
    )
    content_json = fields.Text(
        "Report data", readonly=True, help="The data the report was rendered from, as canonical JSON."
    )
    content_sha256 = fields.Char(
        "Content fingerprint",
        readonly=True,
        help="SHA-256 of the report data, printed at the foot of the report.",
    )
    previous_sha256 = fields.Char(
        "SHA-256 of the previous version",
        readonly=True,
        help="Fingerprint of the file of the version this one replaces, printed at the foot of the report.",
    )
    delivered_on = fields.Datetime(required=True, readonly=True)
    delivered_by_id = fields.Many2one("res.users", readonly=True)
    acknowledged_on = fields.Datetime(readonly=True)
    acknowledged_by = fields.Char(readonly=True)
    acknowledgement_mode = fields.Selection(ACKNOWLEDGEMENT_MODES, readonly=True)
    acknowledged_partner_id = fields.Many2one("res.partner", "Acknowledged by (contact)", readonly=True)
    acknowledgement_recorded_by_id = fields.Many2one(
        "res.users", "Acknowledgement recorded by", readonly=True, help="The HR officer who recorded a signed copy."
    )
    reopened_on = fields.Datetime("Reopened on", readonly=True)
    reopened_by_id = fields.Many2one("res.users", "Reopened by", readonly=True)
    reopen_reason = fields.Text("Reason for reopening", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", "File", compute="_compute_attachment_id")
    is_intact = fields.Boolean(
        "Intact",
        compute="_compute_is_intact",
        help="The SHA-256 of the stored file and of the stored report data, recomputed now, match the "
        "fingerprints recorded at delivery.",
    )

    def _compute_attachment_id(self):
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids), ("res_field", "=", False)], order="id")
        )
        for version in self:
            version.attachment_id = attachments.filtered(lambda a, current=version: a.res_id == current.id)[:1]

    def _compute_is_intact(self):
        for version in self:
            # bin_size: the web client asks for sizes, not contents, of binaries.
            raw = version.sudo().with_context(bin_size=False).attachment_id.raw
            version.is_intact = bool(
                raw
                and sha256_hex(raw) == version.sha256
                and sha256_hex((version.content_json or "").encode()) == version.content_sha256
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env):
            raise AccessError(self.env._("A report version is issued by the delivery of the report only."))
        return super().create(vals_list)

    def write(self, vals):
        if not (is_trusted(self.env) and self._is_first_stamp(vals)):
            raise UserError(self.env._("A delivered report version can never change nor be deleted."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        raise UserError(self.env._("A delivered report version can never change nor be deleted."))

    def _is_first_stamp(self, vals):
        """``vals`` fill exactly one stamp, its marker set, on versions that
        do not have it yet."""
        for stamp in STAMPS:
            if set(vals) <= set(stamp) and vals.get(stamp[0]):
                return not any(self.mapped(stamp[0]))
        return False

    def action_download(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.sudo().attachment_id.id}?download=true",
            "target": "download",
        }

    @api.model
    def _issue(self, interview, values, content, mimetype):
        """The version and its file: trusted callers only (the delivery)."""
        if not is_trusted(self.env):
            raise AccessError(self.env._("A report version is issued by the delivery of the report only."))
        version = self.create(
            {**values, "interview_id": interview.id, "sha256": sha256_hex(content)},
        )
        self.env["ir.attachment"].create(
            {
                "name": version.file_name,
                "raw": content,
                "res_model": self._name,
                "res_id": version.id,
                "mimetype": mimetype,
            }
        )
        return version


class IrAttachment(models.Model):
    """The file of a report version is as immutable as the version: nobody,
    superuser included, may create one beside it, change it or delete it."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("res_model") == VERSION_MODEL for vals in vals_list) and not is_trusted(self.env):
            raise AccessError(self.env._("The file of a delivered report version can never change nor be deleted."))
        return super().create(vals_list)

    def write(self, vals):
        evidence = self._l10n_fr_career_evidence()
        if (vals.get("res_model") == VERSION_MODEL or evidence) and not evidence._l10n_fr_career_same_bytes(vals):
            raise UserError(self.env._("The file of a delivered report version can never change nor be deleted."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _l10n_fr_career_unlink_except_evidence(self):
        if self._l10n_fr_career_evidence():
            raise UserError(self.env._("The file of a delivered report version can never change nor be deleted."))

    def _to_store(self, store, /, *, fields=None, extra_fields=None):
        """The chatter offers to delete a message's files: not a delivered
        report's, which the server refuses to delete anyway (the flag is read
        by static/src/attachment_patch.js)."""
        result = super()._to_store(store, fields=fields, extra_fields=extra_fields)
        for attachment in self._l10n_fr_career_evidence():
            store.add(attachment.with_env(self.env), {"l10n_fr_career_locked": True})
        return result

    def _migrate(self):
        # Moving files between the database and the filestore rewrites the
        # same bytes: let it through (see _l10n_fr_career_same_bytes).
        return super(IrAttachment, with_trust(self))._migrate()

    def _l10n_fr_career_evidence(self):
        return self.sudo().filtered(lambda attachment: attachment.res_model == VERSION_MODEL)

    def _l10n_fr_career_same_bytes(self, vals):
        """A trusted storage migration: the very same bytes and type, nothing else."""
        return (
            bool(self)
            and is_trusted(self.env)
            and set(vals) <= {"raw", "mimetype"}
            and all(
                attachment.raw == vals.get("raw", attachment.raw)
                and attachment.mimetype == vals.get("mimetype", attachment.mimetype)
                for attachment in self
            )
        )
