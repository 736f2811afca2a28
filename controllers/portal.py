from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal

ROOT = "/my/career-interviews"


class CareerInterviewPortal(CustomerPortal):
    """The employee's side: their interviews, the preparation, the report and
    the acknowledgement, and asking for an interview.

    Every route resolves the interview through :meth:`_career_interview`,
    which accepts only the employee's own interview or a valid access token
    for that one interview; anything else is a 404 that says nothing.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "career_interview_count" in counters:
            values["career_interview_count"] = len(self._my_career_interviews())
        return values

    # -- lookups -------------------------------------------------------------------

    def _my_career_employees(self):
        if request.env.user._is_public():
            return request.env["hr.employee"]
        return request.env["hr.employee"].sudo()._l10n_fr_career_of_user(request.env.user)

    def _my_career_interviews(self):
        """The current user's interviews, as a sudo model bound to them."""
        employees = self._my_career_employees()
        return (
            request.env["hr.career.interview"]
            .sudo()
            .search([("employee_id", "in", employees.ids), ("state", "!=", "cancelled")])
        )

    def _career_interview(self, interview_id, access_token=None):
        """The interview, sudo, if it is the user's own or the token is its own."""
        interview = request.env["hr.career.interview"].sudo().browse(interview_id).exists()
        if not interview:
            return None
        if access_token:
            if interview.access_token and consteq(interview.access_token, access_token):
                return interview
            return None
        if interview.employee_id in self._my_career_employees():
            return interview
        return None

    def _career_values(self, interview, access_token, **values):
        return {
            "page_name": "career_interview",
            "interview": interview,
            "preparation": interview.preparation_ids[:1],
            "access_token": access_token or "",
            "token_query": f"?access_token={access_token}" if access_token else "",
            **values,
        }

    # -- pages --------------------------------------------------------------------

    @http.route([ROOT], type="http", auth="user", website=True)
    def portal_my_career_interviews(self, **kw):
        interviews = self._my_career_interviews()
        return request.render(
            "l10n_fr_hr_career_interview.portal_my_career_interviews",
            {
                "page_name": "career_interview",
                "interviews": interviews,
                "can_request": bool(self._my_career_employees()),
            },
        )

    @http.route([f"{ROOT}/<int:interview_id>"], type="http", auth="public", website=True)
    def portal_career_interview(self, interview_id, access_token=None, message=None, **kw):
        interview = self._career_interview(interview_id, access_token)
        if not interview:
            raise request.not_found()
        return request.render(
            "l10n_fr_hr_career_interview.portal_career_interview_page",
            self._career_values(interview, access_token, message=message),
        )

    @http.route([f"{ROOT}/<int:interview_id>/preparation"], type="http", auth="public", methods=["POST"], website=True)
    def portal_career_preparation(self, interview_id, access_token=None, submit=None, **post):
        interview = self._career_interview(interview_id, access_token)
        if not interview:
            raise request.not_found()
        preparation = request.env["hr.career.preparation"].sudo()._for_interview(interview)
        message = "saved"
        try:
            if preparation.state == "draft" and interview.state in ("to_plan", "convened"):
                preparation.write({name: post.get(name, "") for name in ("wishes", "training_needs", "questions")})
                if submit:
                    preparation.action_submit()
                    message = "submitted"
        except UserError:
            message = "empty"
        return request.redirect(self._career_url(interview, access_token, message))

    @http.route([f"{ROOT}/<int:interview_id>/acknowledge"], type="http", auth="public", methods=["POST"], website=True)
    def portal_career_acknowledge(self, interview_id, access_token=None, **post):
        interview = self._career_interview(interview_id, access_token)
        if not interview or interview.state != "delivered":
            raise request.not_found()
        by = interview.employee_id.name
        if not request.env.user._is_public():
            by = request.env.user.name
        interview.action_acknowledge(mode="portal", by=by)
        return request.redirect(self._career_url(interview, access_token, "acknowledged"))

    @http.route([f"{ROOT}/<int:interview_id>/report"], type="http", auth="public", website=True)
    def portal_career_report(self, interview_id, access_token=None, **kw):
        """The report as delivered: the stored PDF of the latest version, never re-rendered."""
        interview = self._career_interview(interview_id, access_token)
        if not interview or interview.state != "delivered":
            raise request.not_found()
        attachment = interview._delivered_report_attachment()
        if not attachment:
            raise request.not_found()
        return request.make_response(
            attachment.raw,
            [
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", http.content_disposition(attachment.name)),
            ],
        )

    @http.route([f"{ROOT}/request"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_career_request(self, reason=None, **post):
        employees = self._my_career_employees()
        if not employees:
            raise request.not_found()
        if request.httprequest.method == "POST":
            interview = request.env["hr.career.interview"].sudo()._create_employee_request(employees[:1], reason or "")
            return request.redirect(f"{ROOT}/{interview.id}?message=requested")
        return request.render("l10n_fr_hr_career_interview.portal_career_request", {"page_name": "career_interview"})

    def _career_url(self, interview, access_token, message):
        token = f"&access_token={access_token}" if access_token else ""
        return f"{ROOT}/{interview.id}?message={message}{token}"
