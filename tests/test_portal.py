import re
from datetime import date, datetime

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCareerPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_user = new_test_user(cls.env, "portal_manager", groups="base.group_user")
        cls.manager = cls.env["hr.employee"].create({"name": "Manager", "user_id": cls.manager_user.id})
        cls.portal_user = new_test_user(cls.env, "portal_employee", groups="base.group_portal")
        cls.other_portal_user = new_test_user(cls.env, "portal_other", groups="base.group_portal")
        partner = cls.env["res.partner"].create({"name": "Paula Portail", "email": "paula@example.com"})
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "Paula Portail",
                "work_contact_id": partner.id,
                "parent_id": cls.manager.id,
                "l10n_fr_career_portal_user_id": cls.portal_user.id,
                "l10n_fr_career_hire_date": date(2020, 1, 6),
                "birthday": date(1990, 1, 1),
            }
        )
        cls.other = cls.env["hr.employee"].create(
            {
                "name": "Octave Autre",
                "l10n_fr_career_portal_user_id": cls.other_portal_user.id,
                "l10n_fr_career_hire_date": date(2021, 1, 4),
            }
        )
        Interview = cls.env["hr.career.interview"]
        cls.convened = Interview.create(
            {
                "employee_id": cls.employee.id,
                "kind": "first",
                "state": "convened",
                "interviewer_id": cls.manager_user.id,
                "scheduled_at": datetime(2030, 1, 10, 9, 0),
                "mode": "onsite",
                "location": "Salle Vauban",
            }
        )
        cls.delivered = Interview.create(
            {
                "employee_id": cls.employee.id,
                "kind": "periodic",
                "interviewer_id": cls.manager_user.id,
                "theme_skills": "Paie",
                "state": "held",
                "held_on": date(2025, 1, 10),
            }
        )
        cls.delivered.with_context(force_report_rendering=True).action_deliver()
        cls.delivered.message_post(body="SECRET NOTE FOR HR", subtype_xmlid="mail.mt_note")
        cls.other_interview = Interview.create({"employee_id": cls.other.id, "kind": "first"})
        cls.token = cls.convened._portal_ensure_token()

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _csrf(self, url):
        return re.search(r'name="csrf_token" value="([^"]+)"', self.url_open(url).text).group(1)

    def test_owner_sees_list_page_and_report(self):
        self.authenticate("portal_employee", "portal_employee")
        listing = self._get("/my/career-interviews")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Periodic interview", listing.text)
        self.assertNotIn("Octave", listing.text)
        page = self._get(f"/my/career-interviews/{self.convened.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Salle Vauban", page.text)
        report = self._get(f"/my/career-interviews/{self.delivered.id}/report")
        self.assertEqual(report.headers["Content-Type"], "application/pdf")
        self.assertTrue(report.content.startswith(b"%PDF"))
        delivered_page = self._get(f"/my/career-interviews/{self.delivered.id}").text
        self.assertNotIn("SECRET NOTE", delivered_page)

    def test_another_employee_gets_nothing(self):
        self.authenticate("portal_other", "portal_other")
        for url in (f"/my/career-interviews/{self.convened.id}", f"/my/career-interviews/{self.delivered.id}/report"):
            response = self._get(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn("Salle Vauban", response.text)
        csrf = self._csrf("/my/career-interviews/request")
        response = self.url_open(
            f"/my/career-interviews/{self.delivered.id}/acknowledge", data={"csrf_token": csrf}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.delivered.acknowledged_on)

    def test_anonymous_needs_the_right_token_for_that_interview(self):
        self.assertIn(self._get("/my/career-interviews").status_code, (302, 303))
        self.assertEqual(self._get(f"/my/career-interviews/{self.convened.id}").status_code, 404)
        self.assertEqual(self._get(f"/my/career-interviews/{self.convened.id}?access_token=wrong").status_code, 404)
        with_token = self._get(f"/my/career-interviews/{self.convened.id}?access_token={self.token}")
        self.assertEqual(with_token.status_code, 200)
        self.assertIn("Salle Vauban", with_token.text)
        other = self._get(f"/my/career-interviews/{self.delivered.id}/report?access_token={self.token}")
        self.assertEqual(other.status_code, 404, "a token opens its own interview only")

    def test_internal_employee_sees_their_own(self):
        interview = self.env["hr.career.interview"].create({"employee_id": self.manager.id, "kind": "request"})
        self.authenticate("portal_manager", "portal_manager")
        self.assertEqual(self._get(f"/my/career-interviews/{interview.id}").status_code, 200)
        self.assertEqual(self._get(f"/my/career-interviews/{self.convened.id}").status_code, 404)

    def test_preparation_with_token_by_its_employee(self):
        # The link in the convocation e-mail carries the token; preparing
        # also takes the employee's own login (a token alone is refused:
        # tests/test_portal_questions.py).
        self.authenticate("portal_employee", "portal_employee")
        csrf = self._csrf(f"/my/career-interviews/{self.convened.id}?access_token={self.token}")
        self.url_open(
            f"/my/career-interviews/{self.convened.id}/preparation",
            data={"csrf_token": csrf, "access_token": self.token, "wishes": "Devenir paie", "submit": "1"},
        )
        preparation = self.convened.preparation_ids
        self.assertEqual((preparation.wishes, preparation.state), ("Devenir paie", "submitted"))

    def test_request_an_interview(self):
        self.authenticate("portal_employee", "portal_employee")
        csrf = self._csrf("/my/career-interviews/request")
        self.url_open("/my/career-interviews/request", data={"csrf_token": csrf, "reason": "Reconversion"})
        requested = self.env["hr.career.interview"].search(
            [("employee_id", "=", self.employee.id), ("kind", "=", "request")]
        )
        self.assertEqual(len(requested), 1)
        self.assertEqual(requested.activity_ids.user_id, self.manager_user)

    def test_home_counter(self):
        self.authenticate("portal_employee", "portal_employee")
        response = self.make_jsonrpc_request("/my/counters", {"counters": ["career_interview_count"]})
        self.assertEqual(response["career_interview_count"], 2)

    def test_portal_tour(self):
        url = f"/my/career-interviews/{self.convened.id}?access_token={self.token}"
        self.start_tour(url, "l10n_fr_career_portal_tour", login="portal_employee")
        self.assertEqual(self.convened.preparation_ids.state, "submitted")
        self.assertEqual(self.delivered.acknowledgement_mode, "portal")

    def test_page_says_which_obligations_the_interview_answers(self):
        """One meeting answers several obligations, and the portal says
        which, with their due dates in French; another employee's
        obligations never show."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["l10n_fr_hr_career_interview"], ["fr_FR"], overwrite=True)
        user = new_test_user(self.env, "portal_double", groups="base.group_portal", lang="fr_FR", tz="Europe/Paris")
        # Hired in 2019, never interviewed: the periodic interview and the
        # summary review fell due the same day; one meeting is planned for both.
        double = self.env["hr.employee"].create(
            {
                "name": "Delphine Double",
                "l10n_fr_career_portal_user_id": user.id,
                "l10n_fr_career_hire_date": date(2019, 1, 29),
                "l10n_fr_career_information_date": date(2019, 1, 29),
                "birthday": date(1984, 6, 12),
            }
        )
        self.env["hr.career.calendar"]._sync(double)
        interview = self.env["hr.career.interview"].search([("employee_id", "=", double.id)])
        self.assertEqual(len(interview), 1)
        answered = interview.answered_obligation_ids
        self.assertEqual(sorted(answered.mapped("code")), ["O3", "O4"])

        self.authenticate("portal_double", "portal_double")
        # Followed: a French user is sent to the /fr/ address of the page.
        page = self.url_open(f"/my/career-interviews/{interview.id}").text
        card = re.search(r'id="career_obligations"(.*?)</ul>', page, re.DOTALL)
        self.assertTrue(card, "the page has the obligations the interview answers")
        words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card.group(1)))
        self.assertIn("Obligations légales couvertes", words)
        self.assertIn("Cet entretien vaut aussi pour : Entretien périodique", words)
        for obligation in answered:
            label = dict(obligation._fields["code"]._description_selection(obligation.with_context(lang="fr_FR").env))
            self.assertIn(f"{label[obligation.code]} échéance le {obligation.due_date:%d/%m/%Y}", words)
        self.assertNotIn("Paula", page)

        # Paula's own interview answers none of Delphine's obligations.
        self.authenticate("portal_employee", "portal_employee")
        page = self.url_open(f"/my/career-interviews/{self.convened.id}").text
        self.assertIn("Salle Vauban", page)
        self.assertNotIn("career_obligations", page)
        self.assertEqual(self.url_open(f"/my/career-interviews/{interview.id}").status_code, 404)
