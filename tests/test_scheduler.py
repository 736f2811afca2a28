from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CareerCase

PLAN = "l10n_fr_hr_career_interview.mail_activity_type_career_interview"
OVERDUE = "l10n_fr_hr_career_interview.mail_activity_type_career_overdue"
VISIT = "l10n_fr_hr_career_interview.mail_activity_type_midcareer_visit"


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestScheduler(CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.l10n_fr_career_responsible_id = cls.user_officer
        # First interview due 2027-01-10: within the 60 days lead time.
        cls.employee.l10n_fr_career_hire_date = date(2026, 1, 10)
        # First interview due 2026-06-01: overdue.
        cls.colleague.l10n_fr_career_hire_date = date(2025, 6, 1)
        cls.Scheduler = cls.env["hr.career.scheduler"]

    def _run_all(self, batch_size=50):
        self.env["hr.career.scheduler.state"].search([]).unlink()
        for _round in range(200):
            if not self.Scheduler._cron_run(batch_size=batch_size):
                return
        self.fail("the scheduler domain does not shrink")

    def _activities(self, records, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def _queries_of_run(self, employees):
        """SQL queries of one scheduler run over ``employees``, caches cold."""
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.Scheduler._run(employees, date(2026, 11, 26))
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def _open_interviews(self, employee):
        return self.env["hr.career.interview"].search(
            [("employee_id", "=", employee.id), ("state", "in", ("to_plan", "convened"))]
        )

    def _state(self):
        interviews = self.env["hr.career.interview"].search([])
        activities = self.env["mail.activity"].search([("res_model", "in", ("hr.career.interview", "hr.employee"))])
        obligations = self.env["hr.career.obligation"].search([])
        return (
            sorted((i.id, i.kind, i.state, i.due_date, i.interviewer_id.id, str(i.write_date)) for i in interviews),
            sorted((a.id, a.res_id, a.user_id.id, a.date_deadline, str(a.write_date)) for a in activities),
            sorted((o.id, o.signature) for o in obligations),
        )

    def test_open_obligation_gets_one_interview_and_one_activity_for_the_manager(self):
        self._run_all()
        interview = self._open_interviews(self.employee)
        self.assertEqual(interview, self.interview, "the existing open interview is reused")
        self.assertEqual(interview.due_date, date(2027, 1, 10))
        self.assertEqual(interview.obligation_id.code, "O2")
        activity = self._activities(interview, PLAN)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_manager)
        # Planned 60 days before due (11/11/2026); the deadline is the last day
        # to convene with the 8 days' notice: late only when the obligation is at risk.
        self.assertEqual(activity.date_deadline, date(2027, 1, 2))
        self.assertIn("01/10/2027", str(activity.note), "in the manager's language (en_US)")
        # Following the interview, as mail.activity's create() makes its user, once.
        followers = interview.message_follower_ids.filtered(lambda f: f.partner_id == self.user_manager.partner_id)
        self.assertEqual(len(followers), 1)
        self.assertEqual(followers.subtype_ids, self.env["mail.message.subtype"].default_subtypes(interview._name)[0])

    def test_a_second_run_changes_nothing(self):
        self._run_all()
        tables = ("hr_career_obligation", "hr_career_interview", "mail_activity", "mail_followers", "hr_employee")
        before, written = self._state(), self._rows_written(tables)
        with freeze_time("2026-11-26 18:00:00"):
            self._run_all(batch_size=2)
        self.assertEqual(before, self._state())
        self.assertEqual(self._rows_written(tables), written)

    def test_employee_without_manager_goes_to_hr(self):
        self.interview.unlink()
        self.employee.parent_id = False
        self._run_all()
        created = self._open_interviews(self.employee)
        self.assertTrue(created.is_automatic)
        self.assertEqual(created.interviewer_id, self.user_officer, "the HR responsible holds it")
        self.assertEqual(self._activities(created, PLAN).user_id, self.user_officer)
        self.assertIn(self.user_officer.partner_id, created.message_partner_ids)

    def test_interviews_and_activities_appear_on_their_planning_date(self):
        later = self.env["hr.employee"].create(
            {
                "name": "Plus tard",
                "l10n_fr_career_hire_date": date(2026, 4, 1),  # first interview due 01/04/2027
                "birthday": date(1990, 1, 1),
                "parent_id": self.manager.id,
            }
        )
        self._run_all()
        self.assertFalse(self._open_interviews(later), "due in four months: nothing to do yet")
        self.assertTrue(later.l10n_fr_career_obligation_ids.filtered(lambda o: o.code == "O2"), "but listed")
        with freeze_time("2027-01-31 09:00:00"):  # 60 days before 01/04/2027
            self._run_all()
            interview = self._open_interviews(later)
            self.assertEqual(interview.kind, "first")
            activity = self._activities(interview, PLAN)
            self.assertEqual((activity.user_id, activity.date_deadline), (self.user_manager, date(2027, 3, 24)))

    def test_an_interview_planned_too_early_by_an_older_version_is_cancelled(self):
        ahead = self.env["hr.career.interview"].create(
            {"employee_id": self.colleague.id, "kind": "periodic", "due_date": date(2030, 6, 1)}
        )
        ahead.is_automatic = True
        self._run_all()
        self.assertEqual(ahead.state, "cancelled")
        self.assertIn("no open obligation needs it now", ahead.message_ids[0].body)

    def test_holding_one_meeting_meets_every_obligation_it_answers(self):
        self.env["hr.career.absence"].create(
            {
                "employee_id": self.colleague.id,
                "kind": "sabbatical",
                "date_from": date(2026, 5, 1),
                "date_to": date(2026, 11, 13),
            }
        )
        self._run_all()
        (meeting,) = self._open_interviews(self.colleague)
        self.assertEqual(sorted(meeting.answered_obligation_ids.mapped("code")), ["O2", "O7"])
        meeting.write({"state": "held", "held_on": date(2026, 11, 25)})
        answered = self.colleague.l10n_fr_career_obligation_ids.filtered(lambda o: o.code in ("O2", "O7"))
        self.assertEqual({o.code: o.fulfilment for o in answered}, {"O2": "met_late", "O7": "met"})
        self.assertTrue(all(o.interview_id == meeting for o in answered), "both met by the one meeting")
        overdue = self.colleague.l10n_fr_career_obligation_ids.filtered(lambda o: o.status == "overdue")
        self.assertEqual(overdue.mapped("code"), ["O1"], "only the information at hiring, not an interview")

    def test_manager_change_moves_the_activity(self):
        self._run_all()
        activity = self._activities(self.interview, PLAN)
        self.assertEqual(activity.user_id, self.user_manager)
        new_manager = self.env["hr.employee"].create(
            {"name": "Nouveau manager", "user_id": self.user_outsider.id, "l10n_fr_career_hire_date": date(2020, 1, 6)}
        )
        self.employee.parent_id = new_manager
        self.assertEqual(self.interview.interviewer_id, self.user_outsider)
        self.assertEqual(self._activities(self.interview, PLAN).user_id, self.user_outsider)
        self.assertEqual(len(self._activities(self.interview, PLAN)), 1)

    def _digests(self, user):
        return self.env["mail.mail"].search(
            [("subject", "ilike", "career obligations overdue"), ("recipient_ids", "in", user.partner_id.ids)]
        )

    def test_overdue_obligations_escalate_to_hr_in_one_digest_a_day(self):
        self._run_all()
        digest = self._digests(self.user_officer)
        self.assertEqual(len(digest), 1, "one digest for the company")
        self.assertEqual(len(self._digests(self.user_officer_b)), 1, "and one for the other company")
        self.assertIn("Collègue", digest.body_html)  # the colleague's first interview, due 01/06/2026
        self.assertIn("/odoo/action-", digest.body_html)
        self.assertNotIn("Salarié B", digest.body_html, "another company's employee")
        # No activity per overdue interview: the manager's own one is late.
        interview = self._open_interviews(self.colleague)
        self.assertFalse(self._activities(interview, OVERDUE))
        self.assertEqual(self._activities(interview, PLAN).user_id, self.user_director)
        # Once a day: a second run the same day sends nothing more.
        self._run_all()
        self.assertEqual(self._digests(self.user_officer), digest)
        with freeze_time("2026-11-27 09:00:00"):
            self._run_all()
        self.assertEqual(len(self._digests(self.user_officer)), 2)

    def test_held_interview_closes_its_activities(self):
        self._run_all()
        interview = self._open_interviews(self.colleague)
        self.assertTrue(self._activities(interview, PLAN))
        interview.write({"state": "held", "held_on": date(2026, 11, 25)})
        self.assertFalse(self._activities(interview, PLAN))
        self._run_all()
        self.assertFalse(self._open_interviews(self.colleague), "the next interview is years away")

    def test_cancelled_interview_loses_its_activities(self):
        self._run_all()
        self.interview.action_cancel()
        self.assertFalse(self._activities(self.interview, PLAN))

    def test_a_broken_employee_does_not_stop_the_others(self):
        self.colleague.l10n_fr_career_obligation_ids.unlink()
        Calendar = type(self.env["hr.career.calendar"])
        original = Calendar._facts
        broken = self.employee

        def facts_or_fail(model, employees, with_history=False):
            if broken in employees:
                raise ValueError("corrupted record")
            return original(model, employees, with_history)

        with (
            patch.object(Calendar, "_facts", facts_or_fail),
            self.assertLogs("odoo.addons.l10n_fr_hr_career_interview.models.hr_career_scheduler", "ERROR"),
        ):
            self._run_all()
        self.assertTrue(self.employee.l10n_fr_career_has_problem)
        self.assertIn("corrupted record", self.employee.with_context(lang="en_US").l10n_fr_career_problem_text)
        self.assertTrue(self.colleague.l10n_fr_career_obligation_ids, "the others were computed")
        self.assertTrue(self._open_interviews(self.colleague))

    def test_midcareer_visit_activity_then_interview(self):
        quadra = self.env["hr.employee"].create(
            {
                "name": "Quadra",
                "l10n_fr_career_hire_date": date(2012, 1, 2),
                "birthday": date(1981, 5, 5),
                "parent_id": self.manager.id,
            }
        )
        self._run_all()
        visit = self._activities(quadra, VISIT)
        self.assertEqual((visit.user_id, visit.date_deadline), (self.user_officer, date(2026, 12, 31)))
        quadra.l10n_fr_midcareer_visit_date = date(2026, 11, 20)
        self._run_all()
        self.assertFalse(self._activities(quadra, VISIT))
        # One meeting: the overdue summary review answers the mid-career
        # interview (due two months after the visit) too.
        (meeting,) = self._open_interviews(quadra)
        self.assertEqual(meeting.kind, "summary")
        self.assertIn("midcareer", meeting.also_kinds)
        midcareer = meeting.answered_obligation_ids.filtered(lambda o: o.code == "O5")
        self.assertEqual(midcareer.due_date, date(2027, 1, 20))

    def test_return_interview_only_without_an_interview_in_the_12_months_before(self):
        leave_type = self.env["hr.leave.type"].create(
            {
                "name": "Parental",
                "requires_allocation": "no",
                "leave_validation_type": "no_validation",
                "l10n_fr_career_return_kind": "parental",
            }
        )
        self.env["hr.leave"].create(
            {
                "employee_id": self.colleague.id,
                "holiday_status_id": leave_type.id,
                "request_date_from": date(2026, 7, 1),
                "request_date_to": date(2026, 11, 13),
            }
        )
        self._run_all()
        # Back on 14/11/2026 with the first interview overdue: one meeting, the
        # first interview, that is also the return interview.
        (meeting,) = self._open_interviews(self.colleague)
        self.assertEqual((meeting.kind, meeting.also_kinds), ("first", "return"))
        self.assertEqual(sorted(meeting.answered_obligation_ids.mapped("code")), ["O2", "O7"])
        interviewed = self.env["hr.employee"].create(
            {"name": "Interviewée", "l10n_fr_career_hire_date": date(2020, 1, 6), "birthday": date(1990, 1, 1)}
        )
        self.env["hr.career.interview"].create(
            {"employee_id": interviewed.id, "kind": "periodic", "state": "held", "held_on": date(2026, 2, 1)}
        )
        self.env["hr.career.absence"].create(
            {
                "employee_id": interviewed.id,
                "kind": "union_mandate",
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 11, 13),
            }
        )
        self.assertFalse(interviewed.l10n_fr_career_obligation_ids.filtered(lambda o: o.code == "O7"))

    def test_query_count_does_not_grow_with_the_batch(self):
        """Same kind of employees (each with an overdue interview and two
        activities): 5 or 25 in a batch cost the same queries."""
        lot = self.env["hr.employee"].create(
            [
                {
                    "name": f"Lot {index}",
                    "l10n_fr_career_hire_date": date(2025, 6, 1 + index),
                    "birthday": date(1980, 2, 1 + index),
                    "parent_id": self.manager.id,
                }
                for index in range(25)
            ]
        )
        self.Scheduler._run(lot, date(2026, 11, 26))

        self._queries_of_run(lot[:3])  # warms the caches the first run filled only in part
        small_count, large_count = self._queries_of_run(lot[:5]), self._queries_of_run(lot)
        self.assertEqual(small_count, large_count)

    def test_first_run_query_count_does_not_grow_with_the_batch(self):
        """The first run creates everything (obligations, planned interviews,
        activities): 5 or 25 new employees in a batch cost the same queries."""

        def lot(prefix, size):
            return (
                self.env["hr.employee"]
                .with_context(l10n_fr_career_defer=True)
                .create(
                    [
                        {
                            "name": f"{prefix} {index}",
                            "l10n_fr_career_hire_date": date(2025, 6, 1 + index),
                            "birthday": date(1980, 2, 1 + index),
                            "parent_id": self.manager.id,
                        }
                        for index in range(size)
                    ]
                )
            )

        small, large = lot("Petit", 5), lot("Grand", 25)
        self._queries_of_run(lot("Premier", 3))  # warms the caches (activity types, models, the HR responsible)
        small_count, large_count = self._queries_of_run(small), self._queries_of_run(large)
        self.assertEqual(small_count, large_count)
        planned = self.env["hr.career.interview"].search([("employee_id", "in", large.ids), ("state", "=", "to_plan")])
        # Each is overdue for the first interview and the mid-career one (45
        # in 2025): one meeting answers both.
        self.assertEqual(planned.mapped("kind"), ["midcareer"] * 25)
        self.assertEqual(set(planned.mapped("also_kinds")), {"first"})
        self.assertEqual(len(self._activities(planned, PLAN)), 25)

    def test_install_only_marks_and_the_screens_say_how_far_the_pass_is(self):
        """At install and upgrade nothing is computed in the transaction: the
        employees are marked, the daily job asked to start, and an employee
        not reached yet says how far the pass is in the company."""
        company = self.env["res.company"].create({"name": "Nouvelle"})
        staff = (
            self.env["hr.employee"]
            .with_company(company)
            .with_context(l10n_fr_career_defer=True)
            .create([{"name": f"Arrivé {n}", "l10n_fr_career_hire_date": date(2020, 1, 6)} for n in range(3)])
        )
        self.assertFalse(any(staff.mapped("l10n_fr_career_bucket")), "a deferred creation computes nothing")
        triggers = self.env["ir.cron.trigger"].search_count([])
        self.env["hr.career.calendar"]._mark_all_changed()
        self.assertEqual(self.env["ir.cron.trigger"].search_count([]), triggers + 1, "the daily job is asked to start")
        self.assertFalse(self.env["hr.career.obligation"].search_count([("employee_id", "in", staff.ids)]))
        self.assertIn("0 of 3 employees", staff[0].l10n_fr_career_pending_text)
        self.Scheduler._run(staff[:1], date(2026, 11, 26))
        staff.invalidate_recordset()
        self.assertFalse(staff[0].l10n_fr_career_pending_text)
        self.assertIn("1 of 3 employees", staff[1].l10n_fr_career_pending_text)


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestInformationAndConvocation(CareerCase):
    def test_new_hire_is_informed_once_with_proof(self):
        partner = self.env["res.partner"].create({"name": "Nina", "email": "nina@example.com"})
        nina = self.env["hr.employee"].create(
            {
                "name": "Nina",
                "work_contact_id": partner.id,
                "l10n_fr_career_hire_date": date(2026, 11, 23),
                "birthday": date(1995, 3, 3),
            }
        )
        self.assertEqual(nina.l10n_fr_career_information_date, date(2026, 11, 26))
        self.assertEqual(nina.l10n_fr_career_information_mode, "email")
        message = nina.l10n_fr_career_information_message_id
        self.assertIn("CEP", message.body)
        self.assertIn(partner, message.partner_ids)
        nina.l10n_fr_career_hire_date = date(2026, 11, 24)
        self.assertEqual(nina.l10n_fr_career_information_message_id, message, "not sent twice")
        self.assertEqual(nina.l10n_fr_career_obligation_ids.filtered(lambda o: o.code == "O1").status, "met")

    def test_old_hires_are_informed_by_the_batch_action_or_on_paper(self):
        self.assertFalse(self.employee.l10n_fr_career_information_date)
        self.employee.work_contact_id.email = "salariee@example.com"
        self.colleague.work_contact_id.email = False
        wizard = (
            self.env["hr.career.interview.inform"]
            .with_context(active_model="hr.employee", active_ids=(self.employee | self.colleague).ids)
            .create({"mode": "email"})
        )
        with self.assertRaisesRegex(UserError, "Collègue"):
            wizard.action_apply()
        wizard.employee_ids = self.employee
        wizard.action_apply()
        self.assertEqual(self.employee.l10n_fr_career_information_mode, "email")
        paper = self.env["hr.career.interview.inform"].create(
            {"employee_ids": [(6, 0, self.colleague.ids)], "mode": "paper", "paper_date": date(2026, 11, 2)}
        )
        paper.action_apply()
        self.assertEqual(self.colleague.l10n_fr_career_information_date, date(2026, 11, 2))
        self.assertEqual(self.colleague.l10n_fr_career_information_mode, "paper")
        self.assertTrue(self.colleague.l10n_fr_career_information_message_id)

    def _convocation(self, when, **values):
        self.employee.work_contact_id.email = "salariee@example.com"
        return (
            self.env["hr.career.interview.convene"]
            .with_context(default_interview_id=self.interview.id)
            .create(
                {
                    "scheduled_at": when,
                    "mode": "onsite",
                    "location": "Salle Vauban",
                    "interviewer_id": self.user_manager.id,
                    **values,
                }
            )
        )

    def test_convocation_checks_the_notice_period(self):
        wizard = self._convocation(datetime(2026, 12, 1, 10, 0))
        self.assertTrue(wizard.is_short_notice)
        with self.assertRaisesRegex(UserError, "less than 8 days"):
            wizard.action_send()
        wizard.confirm_short_notice = True
        wizard.action_send()
        self.assertEqual(self.interview.state, "convened")

    def test_convocation_sends_proof_ics_and_meeting_and_rescheduling_keeps_history(self):
        self._convocation(datetime(2026, 12, 10, 9, 0), message="Apportez vos souhaits de formation.").action_send()
        interview = self.interview
        self.assertEqual(interview.state, "convened")
        self.assertEqual(interview.convened_by_id, self.env.user)
        message = interview.convocation_message_id
        self.assertIn("Salle Vauban", message.body)
        self.assertIn("Apportez vos souhaits", message.body)
        self.assertEqual(message.attachment_ids.mapped("name"), ["convocation.ics"])
        self.assertIn(b"BEGIN:VCALENDAR", message.attachment_ids.raw)
        event = interview.calendar_event_id
        self.assertEqual(event.start, datetime(2026, 12, 10, 9, 0))
        self.assertEqual(
            set(event.partner_ids.ids), {self.employee.work_contact_id.id, self.user_manager.partner_id.id}
        )
        self._convocation(datetime(2026, 12, 11, 14, 0), location="Salle Colbert").action_send()
        self.assertEqual(interview.calendar_event_id, event)
        self.assertEqual(event.start, datetime(2026, 12, 11, 14, 0))
        self.assertNotEqual(interview.convocation_message_id, message)
        self.assertIn("changed", interview.convocation_message_id.body)
        self.assertIn(message, interview.message_ids, "the first convocation stays in the history")
