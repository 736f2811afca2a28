from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.hr_career_interview import OPEN_STATES

ROOT = "/my/career-interviews"
PREPARATION_FIELDS = ("wishes", "training_needs", "questions")
# The input of the answer to a company question "to prepare", followed by
# the id of the interview's answer row that carries the question as asked.
ANSWER_PREFIX = "answer_"
# What the last POST did, shown once by the next page: kept in the session,
# so that no link can make a page say "saved" when nothing was.
FLASH_KEY = "l10n_fr_career_flash"


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

    def _is_employee(self, interview):
        """The logged-in user is the interview's employee (their user or
        portal user); an access token proves nothing about who holds it."""
        return not request.env.user._is_public() and interview.employee_id in self._my_career_employees()

    def _preparation_editable(self, interview, preparation):
        """The preparation form is shown only while a POST of it can be saved:
        to the employee, logged in, for a draft (or none yet) of an interview
        to come."""
        return (
            self._is_employee(interview)
            and interview.state in OPEN_STATES
            and (not preparation or preparation._can_change())
        )

    @staticmethod
    def _questions_to_prepare(interview):
        """The company questions the employee answers before the interview
        (the interview's rows: the questions as the interview asks them)."""
        return interview._l10n_fr_career_shown_answers().filtered("to_prepare")

    @staticmethod
    def _answered_obligations(interview):
        """The legal obligations this one meeting answers, by due date: the
        interview's own employee's only (the interview is read as sudo)."""
        obligations = interview.obligation_id | interview.answered_obligation_ids
        return obligations.filtered(lambda obligation: obligation.employee_id == interview.employee_id).sorted(
            lambda obligation: (obligation.due_date, obligation.id)
        )

    @staticmethod
    def _answer_drafts(preparation, questions):
        """{input name: value as the form sends it} of the answers saved."""
        rows = {row.question_id: row for row in questions}
        return {
            f"{ANSWER_PREFIX}{rows[answer.question_id].id}": answer.value_text
            or answer.value_yes_no
            or str(answer.value_option_id.id or "")
            for answer in preparation.answer_ids
            if answer.question_id in rows
        }

    def _career_values(self, interview, access_token, **values):
        preparation = interview.preparation_ids[:1]
        typed = values.pop("typed", None) or {}
        questions = self._questions_to_prepare(interview)
        draft = {name: preparation[name] or "" for name in PREPARATION_FIELDS}
        draft |= self._answer_drafts(preparation, questions)
        return {
            "page_name": "career_interview",
            "interview": interview,
            "preparation": preparation,
            "preparation_editable": self._preparation_editable(interview, preparation),
            "draft": typed or draft,
            "typed": typed,
            "prepared_questions": questions,
            "answered_obligations": self._answered_obligations(interview),
            "prepared_answers": {answer.question_id: answer for answer in preparation.answer_ids},
            "answer_prefix": ANSWER_PREFIX,
            "yes_no_labels": dict(
                request.env["hr.career.interview.answer"]._fields["value_yes_no"]._description_selection(request.env)
            ),
            "version": interview.report_version_id,
            "is_employee": self._is_employee(interview),
            "access_token": access_token or "",
            "token_query": f"?access_token={access_token}" if access_token else "",
            "message": None,
            "error": None,
            **values,
        }

    def _career_page(self, interview, access_token, status=200, **values):
        return request.render(
            "l10n_fr_hr_career_interview.portal_career_interview_page",
            self._career_values(interview, access_token, **values),
            status=status,
        )

    def _flash(self, interview, message):
        request.session[FLASH_KEY] = [interview.id, message]

    def _pop_flash(self, interview):
        flash = request.session.pop(FLASH_KEY, None)
        if flash and flash[0] == interview.id:
            return flash[1]
        return None

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
    def portal_career_interview(self, interview_id, access_token=None, **kw):
        interview = self._career_interview(interview_id, access_token)
        if not interview:
            raise request.not_found()
        return self._career_page(interview, access_token, message=self._pop_flash(interview))

    @http.route([f"{ROOT}/<int:interview_id>/preparation"], type="http", auth="public", methods=["POST"], website=True)
    def portal_career_preparation(self, interview_id, access_token=None, submit=None, **post):
        """Save (or submit) the preparation; what cannot be saved is said so,
        and the text typed comes back on the page. Only the employee, logged
        in, writes it: an access token proves nothing about who holds it."""
        interview = self._career_interview(interview_id, access_token)
        if not interview:
            raise request.not_found()
        questions = self._questions_to_prepare(interview)
        answers = {row.id: post.get(f"{ANSWER_PREFIX}{row.id}", "") for row in questions}
        typed = {name: post.get(name, "") for name in PREPARATION_FIELDS}
        typed |= {f"{ANSWER_PREFIX}{row_id}": value for row_id, value in answers.items()}
        if not self._is_employee(interview):
            return self._career_page(interview, access_token, status=403, error="preparation_not_employee", typed=typed)
        preparation = interview.preparation_ids[:1]
        if not self._preparation_editable(interview, preparation):
            return self._career_page(interview, access_token, status=409, error="preparation_closed", typed=typed)
        if submit and not any(text.strip() for text in typed.values()):
            return self._career_page(interview, access_token, status=400, error="preparation_empty", typed=typed)
        try:
            for row in questions:
                row._l10n_fr_career_answer_vals(answers[row.id])
        except UserError:
            return self._career_page(interview, access_token, status=400, error="preparation_invalid", typed=typed)
        try:
            with request.env.cr.savepoint():
                preparation = preparation or request.env["hr.career.preparation"].sudo()._for_interview(interview)
                preparation.write({name: typed[name] for name in PREPARATION_FIELDS})
                preparation._l10n_fr_career_write_answers(answers)
                if submit:
                    preparation.action_submit()
        except UserError:
            return self._career_page(interview, access_token, status=409, error="preparation_closed", typed=typed)
        self._flash(interview, "submitted" if submit else "saved")
        return request.redirect(self._career_url(interview, access_token))

    @http.route([f"{ROOT}/<int:interview_id>/acknowledge"], type="http", auth="public", methods=["POST"], website=True)
    def portal_career_acknowledge(self, interview_id, access_token=None, **post):
        """Only the employee, logged in, acknowledges: the mode and the author
        come from the session, never from the form."""
        interview = self._career_interview(interview_id, access_token)
        if not interview:
            raise request.not_found()
        if not self._is_employee(interview):
            return self._career_page(interview, access_token, status=403, error="acknowledge_not_employee")
        if interview.state != "delivered":
            return self._career_page(interview, access_token, status=409, error="acknowledge_not_delivered")
        interview._acknowledge_by_employee(request.env.user)
        self._flash(interview, "acknowledged")
        return request.redirect(self._career_url(interview, access_token))

    @http.route([f"{ROOT}/<int:interview_id>/report"], type="http", auth="public", website=True)
    def portal_career_report(self, interview_id, access_token=None, **kw):
        """The report as delivered: the stored bytes of the current version, never re-rendered."""
        interview = self._career_interview(interview_id, access_token)
        if not interview or interview.state != "delivered":
            raise request.not_found()
        version = interview.report_version_id
        attachment = version.attachment_id
        if not attachment:
            raise request.not_found()
        return request.make_response(
            attachment.raw,
            [
                ("Content-Type", attachment.mimetype or "application/pdf"),
                ("Content-Disposition", http.content_disposition(version.file_name)),
            ],
        )

    @http.route([f"{ROOT}/request"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_career_request(self, reason=None, **post):
        employees = self._my_career_employees()
        if not employees:
            raise request.not_found()
        values = {"page_name": "career_interview", "reason": reason or "", "error": None}
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    interview = (
                        request.env["hr.career.interview"].sudo()._create_employee_request(employees[:1], reason or "")
                    )
            except UserError:
                values["error"] = "request_failed"
                return request.render("l10n_fr_hr_career_interview.portal_career_request", values, status=409)
            self._flash(interview, "requested")
            return request.redirect(f"{ROOT}/{interview.id}")
        return request.render("l10n_fr_hr_career_interview.portal_career_request", values)

    def _career_url(self, interview, access_token):
        token = f"?access_token={access_token}" if access_token else ""
        return f"{ROOT}/{interview.id}{token}"
