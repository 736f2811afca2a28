from datetime import datetime, time, timedelta

import pytz
from lxml import html as lxml_html
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import engine

# How far after the notice the first free slot is looked for, and the step
# between two candidate start times within working hours.
SLOT_SEARCH_DAYS = 30
SLOT_STEP = timedelta(minutes=30)


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
    suggested_at = fields.Datetime(
        "First free slot",
        compute="_compute_suggested_at",
        help="The first slot, after the notice, within the employee's working hours, where the interviewer's "
        "and the employee's Odoo calendars have no busy event.",
    )
    mail_preview = fields.Html("E-mail to the employee", compute="_compute_previews", sanitize=False)
    letter_preview = fields.Html("Convocation letter", compute="_compute_previews", sanitize=False)

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
            if "scheduled_at" in fields_list and not values.get("scheduled_at"):
                values["scheduled_at"] = self.new(values)._first_free_slot() or False
        return values

    @api.depends("interview_id", "interviewer_id", "duration")
    def _compute_suggested_at(self):
        for wizard in self:
            wizard.suggested_at = wizard._first_free_slot() or False

    def action_use_suggestion(self):
        """Take the suggested slot, and show the wizard again."""
        self.ensure_one()
        if self.suggested_at:
            self.scheduled_at = self.suggested_at
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Convene the employee"),
        }

    # -- the first free slot ------------------------------------------------------

    def _first_free_slot(self):
        """The first start (UTC, naive) within the employee's working hours,
        on or after the day the notice allows, free in the interviewer's and
        the employee's calendars for the interview's duration; None if the
        next weeks have none."""
        interview = self.interview_id
        if not interview or not self.interviewer_id:
            return None
        employee = interview.employee_id.sudo()
        calendar = employee.resource_calendar_id or interview.company_id.resource_calendar_id
        if not calendar:
            return None
        policy = interview.company_id._l10n_fr_career_policy()
        zone = pytz.timezone(calendar.tz or employee.tz or "Europe/Paris")
        first_day = fields.Date.context_today(self) + timedelta(days=policy.notice_days)
        start = zone.localize(datetime.combine(first_day, time.min))
        end = start + timedelta(days=SLOT_SEARCH_DAYS)
        duration = timedelta(hours=self.duration or 1.0)
        busy = self._busy_intervals(start, end, employee)
        now = datetime.now(pytz.utc)
        for interval_start, interval_stop, _records in calendar._work_intervals_batch(start, end)[False]:
            slot = interval_start
            while slot + duration <= interval_stop:
                if slot > now and not any(b_start < slot + duration and slot < b_stop for b_start, b_stop in busy):
                    return slot.astimezone(pytz.utc).replace(tzinfo=None)
                slot += SLOT_STEP
        return None

    def _busy_intervals(self, start, end, employee):
        """(start, stop), aware, of the busy events of the interviewer and
        the employee between ``start`` and ``end``; this interview's own
        meeting does not count (it is the one being moved)."""
        partners = self.interviewer_id.partner_id | employee.work_contact_id
        domain = [
            ("partner_ids", "in", partners.ids),
            ("show_as", "=", "busy"),
            ("start", "<", end.astimezone(pytz.utc).replace(tzinfo=None)),
            ("stop", ">", start.astimezone(pytz.utc).replace(tzinfo=None)),
        ]
        own_event = self.interview_id.sudo().calendar_event_id
        if own_event:
            domain.append(("id", "!=", own_event.id))
        events = self.env["calendar.event"].sudo().search(domain)
        return [(pytz.utc.localize(event.start), pytz.utc.localize(event.stop)) for event in events]

    # -- the previews -------------------------------------------------------------

    @api.depends(
        "interview_id", "scheduled_at", "duration", "mode", "location", "video_link", "interviewer_id", "message"
    )
    def _compute_previews(self):
        for wizard in self:
            if not wizard.interview_id or not wizard.scheduled_at:
                wizard.mail_preview = wizard.letter_preview = False
                continue
            meeting = wizard._meeting_as_convened()
            wizard.mail_preview = wizard._mail_preview(meeting)
            wizard.letter_preview = wizard._letter_preview(meeting)

    def _meeting_as_convened(self):
        """The interview as it will read once convened with the wizard's
        values, in memory only: nothing is written before the click."""
        interview = self.interview_id
        return interview.new(
            {
                "scheduled_at": self.scheduled_at,
                "duration": self.duration,
                "mode": self.mode,
                "location": self.location if self.mode == "onsite" else False,
                "video_link": self.video_link if self.mode == "video" else False,
                "interviewer_id": self.interviewer_id.id,
                "state": "convened",
            },
            origin=interview,
        )

    def _mail_preview(self, meeting):
        """The convocation e-mail's body as the employee will receive it."""
        template = self.env.ref("l10n_fr_hr_career_interview.mail_template_career_convocation").sudo()
        lang = meeting.employee_id.sudo().work_contact_id.lang or self.env.lang
        body = template.with_context(lang=lang).body_html
        if not body:
            return False
        renderer = self.env["mail.render.mixin"].with_context(
            lang=lang,
            l10n_fr_career_update=self.interview_id.state == "convened",
            l10n_fr_career_message=self.message or "",
        )
        variables = renderer._render_eval_context()
        variables["object"] = meeting.with_context(lang=lang)
        return (
            self.env["ir.qweb"]
            .with_context(lang=lang)
            ._render(lxml_html.fragment_fromstring(body, create_parent="div"), variables)
        )

    def _letter_preview(self, meeting):
        """The convocation letter as it will be printed."""
        report = self.env.ref("l10n_fr_hr_career_interview.action_report_career_convocation")
        Report = self.env["ir.actions.report"].with_context(lang=meeting._report_lang())
        values = Report._get_rendering_context(report, [], {"report_type": "html"})
        values.update(o=meeting, docs=meeting, doc_ids=[], report_type="html")
        letter = Report._render_template("l10n_fr_hr_career_interview.report_career_convocation_document", values)
        return Markup(letter.decode())

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
