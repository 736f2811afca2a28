from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import engine


class HrCareerInterviewConvene(models.TransientModel):
    """Convene the employee: date, mode, interviewer, a notice check, the
    convocation e-mail with an .ics, the meeting, and the proof."""

    _name = "hr.career.interview.convene"
    _description = "Convene an employee to a career interview"

    interview_id = fields.Many2one("hr.career.interview", required=True, ondelete="cascade")
    employee_id = fields.Many2one(related="interview_id.employee_id")
    is_update = fields.Boolean("Already convened", compute="_compute_is_update")
    scheduled_at = fields.Datetime("Date and time", required=True)
    duration = fields.Float(default=1.0)
    mode = fields.Selection([("onsite", "On site"), ("video", "Video")], required=True, default="onsite")
    location = fields.Char("Place")
    video_link = fields.Char()
    interviewer_id = fields.Many2one("res.users", required=True, domain="[('share', '=', False)]")
    message = fields.Text("Message to the employee")
    notice_days = fields.Integer("Notice (days)", compute="_compute_notice")
    is_short_notice = fields.Boolean("Short notice", compute="_compute_notice")
    confirm_short_notice = fields.Boolean("I confirm this shorter notice")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        interview = self.env["hr.career.interview"].browse(values.get("interview_id"))
        if interview:
            for name in ("scheduled_at", "duration", "mode", "location", "video_link"):
                if interview[name]:
                    values.setdefault(name, interview[name])
            if interview.interviewer_id:
                values.setdefault("interviewer_id", interview.interviewer_id.id)
        return values

    @api.depends("interview_id.state")
    def _compute_is_update(self):
        for wizard in self:
            wizard.is_update = wizard.interview_id.state == "convened"

    @api.depends("scheduled_at", "interview_id")
    def _compute_notice(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            policy = wizard.interview_id.company_id._l10n_fr_career_policy()
            wizard.notice_days = policy.notice_days
            interview_day = fields.Date.context_today(self, wizard.scheduled_at) if wizard.scheduled_at else None
            wizard.is_short_notice = bool(interview_day and engine.short_notice(today, interview_day, policy))

    def action_send(self):
        self.ensure_one()
        self._check_details()
        interview = self.interview_id
        update = interview.state == "convened"
        interview.write(
            {
                "scheduled_at": self.scheduled_at,
                "duration": self.duration,
                "mode": self.mode,
                "location": self.location if self.mode == "onsite" else False,
                "video_link": self.video_link if self.mode == "video" else False,
                "interviewer_id": self.interviewer_id.id,
            }
        )
        event = self._sync_calendar_event()
        message = self._send_convocation(event, update)
        interview.write(
            {
                "state": "convened",
                "convened_on": fields.Datetime.now(),
                "convened_by_id": self.env.uid,
                "convocation_message_id": message.id,
            }
        )
        interview.activity_feedback(
            ["l10n_fr_hr_career_interview.mail_activity_type_career_interview"],
            feedback=self.env._("Employee convened."),
        )
        return {"type": "ir.actions.act_window_close"}

    def _check_details(self):
        if self.mode == "onsite" and not self.location:
            raise UserError(self.env._("Say where the interview takes place."))
        if self.mode == "video" and not self.video_link:
            raise UserError(self.env._("Give the video link."))
        if not self.employee_id.sudo().work_contact_id.email:
            raise UserError(
                self.env._(
                    "%(employee)s has no work e-mail: set one on the employee, or convene them on paper "
                    "and record the date by hand.",
                    employee=self.employee_id.sudo().name,
                )
            )
        if self.scheduled_at <= fields.Datetime.now():
            raise UserError(self.env._("The interview must be convened for a date to come."))
        if self.is_short_notice and not self.confirm_short_notice:
            raise UserError(
                self.env._(
                    "The employee gets less than %(days)s days to prepare. Tick 'I confirm this shorter "
                    "notice' if this is agreed with them.",
                    days=self.notice_days,
                )
            )

    def _sync_calendar_event(self):
        interview = self.interview_id.sudo()
        values = {
            "name": self.env._("Career interview: %(employee)s", employee=interview.employee_id.name),
            "start": self.scheduled_at,
            "stop": self.scheduled_at + timedelta(hours=self.duration or 1.0),
            "duration": self.duration or 1.0,
            "location": self.location if self.mode == "onsite" else self.video_link,
            "videocall_location": self.video_link if self.mode == "video" else False,
            "user_id": self.interviewer_id.id,
            "partner_ids": [
                fields.Command.set((interview.employee_id.work_contact_id | self.interviewer_id.partner_id).ids)
            ],
            "privacy": "private",
        }
        Event = self.env["calendar.event"].sudo().with_context(no_mail_to_attendees=True)
        if interview.calendar_event_id:
            interview.calendar_event_id.with_context(no_mail_to_attendees=True).write(values)
            return interview.calendar_event_id
        event = Event.create(
            {**values, "res_model_id": self.env["ir.model"]._get_id(interview._name), "res_id": interview.id}
        )
        interview.calendar_event_id = event
        return event

    def _send_convocation(self, event, update):
        ics = event._get_ics_file().get(event.id)
        attachments = self.env["ir.attachment"]
        if ics:
            attachments = attachments.create(
                {
                    "name": "convocation.ics",
                    "raw": ics,
                    "mimetype": "text/calendar",
                    "res_model": self.interview_id._name,
                    "res_id": self.interview_id.id,
                }
            )
        template = self.env.ref("l10n_fr_hr_career_interview.mail_template_career_convocation")
        interview = self.interview_id.with_context(
            l10n_fr_career_update=update, l10n_fr_career_message=self.message or ""
        )
        return interview.message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            partner_ids=interview.employee_id.sudo().work_contact_id.ids,
            attachment_ids=attachments.ids,
        )
