from odoo import api, models
from odoo.exceptions import UserError

# The interview has been convened (and may since have been held): a letter
# that convenes it says something true.
CONVENED_STATES = ("convened", "held", "delivered")


class ReportCareerConvocation(models.AbstractModel):
    """The convocation letter exists only for an interview convened on a
    date, at a place (or a video link): never a letter with an empty date or
    place, nor one for an interview still to plan."""

    _name = "report.l10n_fr_hr_career_interview.report_career_convocation"
    _description = "Convocation letter of a career interview"

    @api.model
    def _get_report_values(self, docids, data=None):
        interviews = self.env["hr.career.interview"].browse(docids)
        unconvened = interviews.filtered(lambda interview: not self._is_convened(interview))
        if unconvened:
            raise UserError(
                self.env._(
                    "No convocation letter for %(employees)s: the interview is not convened on a date and at a "
                    "place (or by a video link). Convene the employee first.",
                    employees=", ".join(unconvened.employee_id.sudo().mapped("name")),
                )
            )
        return {"doc_ids": docids, "doc_model": "hr.career.interview", "docs": interviews}

    @api.model
    def _is_convened(self, interview):
        where = interview.location if interview.mode == "onsite" else interview.video_link
        return interview.state in CONVENED_STATES and bool(interview.scheduled_at) and bool(where)
