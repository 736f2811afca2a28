"""A campaign over a period: what the calendar requires by manager and
month, planned in one action by the scheduler's own planning, followed to
the delivered report; and who may see it."""

from collections import Counter
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import CareerCase, call_kw

PLAN = "l10n_fr_hr_career_interview.mail_activity_type_career_interview"
INTERVIEW_CODES = ("O2", "O3", "O4", "O5", "O6", "O7")
TABLES = ("hr_career_obligation", "hr_career_interview", "mail_activity", "mail_followers", "hr_employee")


class CampaignCase(CareerCase):
    """The first quarter of 2027 seen on 26/11/2026: the first interviews of
    the four employees hired on 02/03/2026 (due 02/03/2027, planned by
    themselves only from 01/01/2027), two hires of January and February
    2026 under the manager, one whose summary review and periodic interview
    fall on the same day, and one hire whose first interview is due in May,
    after the quarter; and one whose summary review and periodic interview
    fall in the first quarter of 2028, a day apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.l10n_fr_career_responsible_id = cls.user_officer
        Employee = cls.env["hr.employee"]
        cls.january = Employee.create(
            cls._employee_vals("Janvier", None, parent_id=cls.manager.id, l10n_fr_career_hire_date=date(2026, 1, 15))
        )
        cls.february = Employee.create(
            cls._employee_vals("Février", None, parent_id=cls.manager.id, l10n_fr_career_hire_date=date(2026, 2, 10))
        )
        cls.may = Employee.create(
            cls._employee_vals("Mai", None, parent_id=cls.director.id, l10n_fr_career_hire_date=date(2026, 5, 20))
        )
        # Hired 02/03/2020: the état des lieux of 8 years is due 02/03/2028,
        # the periodic interview (last one held 01/03/2024) the day before.
        cls.veteran = Employee.create(
            cls._employee_vals("Ancienne", None, parent_id=cls.director.id, l10n_fr_career_hire_date=date(2020, 3, 2))
        )
        Interview = cls.env["hr.career.interview"]
        for kind, held_on in (("first", date(2022, 1, 10)), ("periodic", date(2024, 3, 1))):
            Interview.create({"employee_id": cls.veteran.id, "kind": kind, "state": "held", "held_on": held_on})
        cls.campaign = (
            cls.env["hr.career.campaign"]
            .with_user(cls.user_officer)
            .create({"period_type": "quarter", "date_from": date(2027, 1, 1), "date_to": date(2027, 3, 31)})
        )

    def _period_obligations(self, company=None, period=(date(2027, 1, 1), date(2027, 3, 31))):
        """The obligations an interview answers due in ``period`` (with the
        demo data, the demo company's too: the tests count on top of them)."""
        return self.env["hr.career.obligation"].search(
            [
                ("company_id", "=", (company or self.company).id),
                ("due_date", ">=", period[0]),
                ("due_date", "<=", period[1]),
                ("code", "in", INTERVIEW_CODES),
            ]
        )

    def _open_interviews(self, employees):
        return self.env["hr.career.interview"].search(
            [("employee_id", "in", employees.ids), ("state", "in", ("to_plan", "convened"))]
        )

    def _state(self):
        interviews = self.env["hr.career.interview"].search([])
        activities = self.env["mail.activity"].search([("res_model", "in", ("hr.career.interview", "hr.employee"))])
        return (
            sorted((i.id, i.kind, i.state, i.due_date, i.interviewer_id.id, str(i.write_date)) for i in interviews),
            sorted((a.id, a.res_id, a.user_id.id, a.date_deadline, str(a.write_date)) for a in activities),
        )


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestCampaign(CampaignCase):
    def test_period_name_and_dates_follow_the_quarter_or_the_year(self):
        self.assertEqual(self.campaign.name, "Campaign Q1 2027")
        self.assertEqual(self.campaign.company_id, self.company)
        draft = Form(self.env["hr.career.campaign"].with_user(self.user_officer))
        self.assertEqual((draft.date_from, draft.date_to), (date(2026, 10, 1), date(2026, 12, 31)))
        self.assertEqual(draft.name, "Campaign Q4 2026")
        draft.date_from = date(2027, 5, 17)
        self.assertEqual((draft.date_from, draft.date_to), (date(2027, 4, 1), date(2027, 6, 30)))
        self.assertEqual(draft.name, "Campaign Q2 2027")
        draft.period_type = "year"
        self.assertEqual((draft.date_from, draft.date_to), (date(2027, 1, 1), date(2027, 12, 31)))
        self.assertEqual(draft.name, "Campaign 2027")
        draft.name = "Entretiens 2027"
        self.assertEqual(draft.save().name, "Entretiens 2027")

    def test_required_interviews_by_manager_and_month_are_the_period_obligations(self):
        obligations = self._period_obligations()
        ours = self.director | self.manager | self.employee | self.colleague | self.january | self.february
        self.assertEqual(obligations.filtered(lambda o: o.employee_id in ours).mapped("code"), ["O2"] * 6)
        self.assertFalse(obligations.filtered(lambda o: o.employee_id in (self.may, self.employee_b, self.veteran)))
        campaign = self.campaign
        self.assertEqual(campaign.required_count, len(obligations))
        self.assertEqual(campaign.to_plan_count, len(obligations.filtered(lambda o: not o.answering_interview_ids)))
        # The pivot the stat button opens holds exactly these obligations.
        action = campaign.action_open_required()
        Obligation = self.env["hr.career.obligation"].with_user(self.user_officer)
        self.assertEqual(sorted(Obligation.search(action["domain"]).ids), sorted(obligations.ids))
        # By manager and month: the employees to meet, as the obligations say.
        expected = Counter()
        for manager, month, _employee in {
            (o.employee_id.parent_id, o.due_date.replace(day=1), o.employee_id) for o in obligations
        }:
            expected[manager, month] += 1
        cells = Obligation._read_group(
            action["domain"], ["manager_id", "due_date:month"], ["employee_id:count_distinct"]
        )
        self.assertEqual({(m, month): n for m, month, n in cells}, dict(expected))
        self.assertEqual(expected[self.manager, date(2027, 1, 1)], 1)  # Janvier
        self.assertEqual(expected[self.director, date(2027, 3, 1)], 2)  # Manager, Collègue
        table = str(campaign.load_html)
        for name in ("Manager", "Directrice", "Jan 2027", "Mar 2027", "No manager"):
            self.assertIn(name, table)

    def test_plan_all_plans_each_meeting_with_its_activity_once(self):
        employees = self._period_obligations().employee_id
        self.assertFalse(self._open_interviews(self.january | self.february), "not planned yet")
        self.campaign.with_user(self.user_officer).action_plan_all()
        self.assertEqual(self.campaign.state, "running")
        self.assertEqual(self.campaign.to_plan_count, 0)
        obligations = self._period_obligations()
        for obligation in obligations.filtered(lambda o: o.fulfilment == "open"):
            interview = obligation.answering_interview_ids.filtered(lambda i: i.state in ("to_plan", "convened"))
            self.assertEqual(len(interview), 1, obligation.display_name)
        # One activity per interview to plan, for the manager, as the daily pass gives.
        interviews = self._open_interviews(employees).filtered(lambda i: i.state == "to_plan")
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "hr.career.interview"),
                ("res_id", "in", interviews.ids),
                ("activity_type_id", "=", self.env.ref(PLAN).id),
            ]
        )
        self.assertEqual(sorted(activities.mapped("res_id")), sorted(interviews.ids))
        january = self._open_interviews(self.january)
        self.assertEqual(january.interviewer_id, self.user_manager)
        self.assertEqual(activities.filtered(lambda a: a.res_id == january.id).user_id, self.user_manager)
        # What falls after the quarter waits for its planning date.
        self.assertFalse(self._open_interviews(self.may))
        answering = (obligations.answering_interview_ids | obligations.interview_id).filtered(
            lambda i: i.state != "cancelled"
        )
        self.assertEqual(self.campaign.planned_count, len(answering))
        self.assertGreaterEqual(len(answering), 6)

        # The hand-made interviews of the period got their interviewer and activity too.
        self.assertEqual(self.interview_colleague.interviewer_id, self.user_director)

        before, written = self._state(), self._rows_written(TABLES)
        self.campaign.with_user(self.user_officer).action_plan_all()
        self.assertEqual(self._state(), before, "planning twice changes nothing")
        self.assertEqual(self._rows_written(TABLES), written)
        # Nor does the daily pass: it keeps what the campaign planned ahead.
        self.env["hr.career.scheduler"]._run(employees, date(2026, 11, 26))
        self.assertEqual(self._state(), before)

    def test_one_meeting_for_the_summary_review_and_the_periodic_interview(self):
        """Planned a year ahead, as the daily pass would on their planning
        date: one interview of the kind that asks the most, answering both."""
        self.assertFalse(self._open_interviews(self.veteran))
        campaign = (
            self.env["hr.career.campaign"]
            .with_user(self.user_officer)
            .create({"date_from": date(2028, 1, 1), "date_to": date(2028, 3, 31)})
        )
        obligations = self._period_obligations(period=(date(2028, 1, 1), date(2028, 3, 31)))
        self.assertEqual(campaign.required_count, len(obligations))
        self.assertEqual(obligations.filtered(lambda o: o.employee_id == self.veteran).mapped("code"), ["O3", "O4"])
        campaign.action_plan_all()
        meeting = self._open_interviews(self.veteran)
        self.assertEqual(len(meeting), 1)
        self.assertEqual(meeting.kind, "summary")
        self.assertEqual(sorted(meeting.answered_obligation_ids.mapped("code")), ["O3", "O4"])
        self.assertEqual((campaign.to_plan_count, campaign.planned_percent), (0, 100.0))
        self.assertIn(meeting, self.env["hr.career.interview"].search(campaign.action_open_planned()["domain"]))

    def test_progress_follows_the_interviews(self):
        campaign = self.campaign
        campaign.with_user(self.user_officer).action_plan_all()
        planned = campaign.planned_count
        self.assertGreaterEqual(planned, 6)
        # (With the demo data, its interviews of the period are on top.)
        convened, held, delivered = campaign.convened_count, campaign.held_count, campaign.delivered_count
        self.assertEqual(campaign.planned_percent, 100.0)
        first, second = self._open_interviews(self.january), self._open_interviews(self.february)
        first.write({"state": "convened", "scheduled_at": "2026-12-10 09:00:00"})
        campaign.invalidate_recordset()
        self.assertEqual((campaign.convened_count, campaign.held_count), (convened + 1, held))
        self.assertEqual(campaign.convened_percent, round(100.0 * (convened + 1) / planned, 1))
        with freeze_time("2026-12-10 10:00:00"):
            first.action_mark_held()
            second.action_mark_held()
            first.action_deliver()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.planned_count, planned, "held early, still the period's")
        self.assertEqual(
            (campaign.convened_count, campaign.held_count, campaign.delivered_count),
            (convened + 2, held + 2, delivered + 1),
        )
        self.assertEqual(campaign.held_percent, round(100.0 * (held + 2) / planned, 1))
        self.assertEqual(campaign.delivered_percent, round(100.0 * (delivered + 1) / planned, 1))
        listed = self.env["hr.career.interview"].search(campaign.action_open_delivered()["domain"])
        self.assertIn(first, listed)
        self.assertEqual(len(listed), delivered + 1)

    def test_progress_queries_do_not_grow_with_the_headcount(self):
        def queries(count):
            Employee = self.env["hr.employee"]
            Employee.create(
                [
                    self._employee_vals(f"Lot {i}", None, parent_id=self.manager.id)
                    | {"l10n_fr_career_hire_date": date(2026, 1 + i % 3, 5)}
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            campaign = self.campaign.with_user(self.user_officer)
            campaign.read(["required_count", "planned_percent", "held_count", "load_html"])
            return self.cr.sql_log_count - start, campaign.required_count

        queries(1)  # fills the caches (rules, views) the first read fills
        small, required = queries(5)
        large, more = queries(30)
        self.assertEqual(more, required + 30)
        self.assertEqual(small, large)

    def test_only_draft_campaigns_are_deleted_and_closed_ones_are_not_planned(self):
        campaign = self.campaign.with_user(self.user_officer)
        campaign.action_plan_all()
        with self.assertRaises(UserError):
            campaign.unlink()
        campaign.action_close()
        with self.assertRaises(UserError):
            campaign.action_plan_all()
        # Closing cancels nothing: the daily pass keeps the period planned.
        before = self._state()
        self.env["hr.career.scheduler"]._run(self._period_obligations().employee_id, date(2026, 11, 27))
        self.assertEqual(self._state(), before)


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26 09:00:00")
class TestCampaignAccess(CampaignCase):
    def test_officers_and_admins_only(self):
        Campaign = self.env["hr.career.campaign"]
        for user in (self.user_officer, self.user_admin, self.user_officer_ab):
            self.assertIn(self.campaign, Campaign.with_user(user).search([]), user.login)
        for user in (self.user_employee, self.user_manager, self.user_director, self.user_representative):
            with self.assertRaises(AccessError, msg=user.login):
                Campaign.with_user(user).search([])
            with self.assertRaises(AccessError, msg=user.login):
                self.campaign.with_user(user).read(["required_count"])
            with self.assertRaises(AccessError, msg=user.login):
                self.campaign.with_user(user).action_plan_all()
            with self.assertRaises(AccessError, msg=user.login):
                Campaign.with_user(user).create({"date_from": date(2027, 4, 1), "date_to": date(2027, 6, 30)})
        self.assertEqual(self.campaign.state, "draft")

    def test_other_company_refused(self):
        Campaign = self.env["hr.career.campaign"].with_user(self.user_officer_b)
        self.assertFalse(Campaign.search([]))
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_officer_b).read(["required_count"])
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_officer_b).action_plan_all()
        own = Campaign.create({"date_from": date(2027, 1, 1), "date_to": date(2027, 3, 31)})
        self.assertEqual(own.company_id, self.company_b)
        self.assertEqual(own.required_count, len(self._period_obligations(self.company_b)))
        own.action_plan_all()
        self.assertFalse(self._open_interviews(self.january), "the other company's period only")

    def test_a_user_without_campaigns_still_moves_a_planned_interview(self):
        """The planner reads the campaigns for whoever triggers it: an HR
        user outside the career groups changes a manager, the interview the
        campaign planned moves to the new one, not cancelled nor refused."""
        hr_user = new_test_user(self.env, "hr_only", groups="hr.group_hr_user")
        self.campaign.with_user(self.user_officer).action_plan_all()
        self.january.with_user(hr_user).parent_id = self.director
        self.assertEqual(self._open_interviews(self.january).interviewer_id, self.user_director)


@tagged("post_install", "-at_install")
class TestCampaignRpc(HttpCase, CampaignCase):
    def _call(self, login, method, args, kwargs=None, context=None):
        return call_kw(self, login, "hr.career.campaign", method, args, kwargs, context)

    def test_refused_over_rpc_except_to_officers_of_the_company(self):
        ids = self.campaign.ids
        calls = [
            ("read", [ids, ["required_count", "load_html"]]),
            ("action_plan_all", [ids]),
            ("write", [ids, {"date_to": "2027-12-31"}]),
            ("unlink", [ids]),
        ]
        for login in ("career_employee", "career_manager", "director", "officer_b"):
            for method, args in calls:
                self.assertIn("error", self._call(login, method, args), f"{login}: {method} was not refused")
            self.assertEqual(self._call(login, "search", [[]]).get("result", []), [], login)
        for login in ("career_employee", "career_manager", "director"):
            reply = self._call(login, "create", [{"date_from": "2027-04-01", "date_to": "2027-06-30"}])
            self.assertIn("error", reply, f"{login}: create was not refused")
        # An officer of the other company creates in their own company only.
        reply = self._call(
            "officer_b", "create", [{"company_id": self.company.id, "date_from": "2027-04-01", "date_to": "2027-06-30"}]
        )
        self.assertIn("error", reply)
        # A context naming the other company gives nothing more.
        reply = self._call("officer_b", "action_plan_all", [ids], context={"allowed_company_ids": [self.company.id]})
        self.assertIn("error", reply)
        self.assertEqual(self.campaign.state, "draft")
        self.assertFalse(self._open_interviews(self.january))
        reply = self._call("officer", "action_plan_all", [ids])
        self.assertNotIn("error", reply, reply.get("error"))
        self.assertEqual(self.campaign.state, "running")
        self.assertTrue(self._open_interviews(self.january))
