"""The company questions "to prepare" on the portal, and the answers through
/web/dataset/call_kw with a real session: each role allowed and refused."""

import re

from odoo import Command
from odoo.tests import HttpCase, tagged

from . import test_evidence_rpc
from .common import CareerCase

TEMPLATE = "hr.career.question.template"
ANSWER = "hr.career.interview.answer"


@tagged("post_install", "-at_install")
class TestPortalQuestions(HttpCase, CareerCase):
    # The JSON-RPC helpers of the evidence tests (a session per login, any
    # context the client likes), reused as they are.
    _call = test_evidence_rpc.TestEvidenceRpc._call
    assertRefused = test_evidence_rpc.TestEvidenceRpc.assertRefused
    assertDone = test_evidence_rpc.TestEvidenceRpc.assertDone

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env[TEMPLATE].search([("state", "=", "published")]).action_withdraw()
        cls.template = cls.env[TEMPLATE].create(
            {
                "name": "Entretien périodique",
                "kind": "periodic",
                "question_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "section": "theme_skills",
                            "label": "Compétences développées ?",
                            "to_prepare": True,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "section": "theme_training",
                            "label": "Une formation cette année ?",
                            "answer_type": "yes_no",
                            "to_prepare": True,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "section": "company",
                            "label": "Organisation souhaitée",
                            "answer_type": "choice",
                            "to_prepare": True,
                            "option_ids": [
                                Command.create({"name": "Sur site"}),
                                Command.create({"name": "Télétravail"}),
                            ],
                        }
                    ),
                    Command.create({"sequence": 4, "section": "theme_cpf", "label": "CEP présenté (interne) ?"}),
                ],
            }
        )
        cls.template.action_publish()
        cls.interview.write(
            {"kind": "periodic", "state": "convened", "scheduled_at": "2030-01-10 09:00:00", "location": "Salle Vauban"}
        )
        # Listed by theme (skills, training, CPF), the company's section last.
        cls.skills, cls.training, cls.internal, cls.organisation = cls.interview.answer_ids
        cls.remote = cls.organisation.question_id.option_ids[1]
        cls.token = cls.interview._portal_ensure_token()
        cls.url = f"/my/career-interviews/{cls.interview.id}"

    def _csrf(self, url):
        # A form's hidden input, else the page's own (a page without a form).
        return re.search(r'csrf_token(?:" value=|: )"([^"]+)"', self.url_open(url).text).group(1)

    def _post(self, data, url=None):
        url = url or self.url
        return self.url_open(
            f"{self.url}/preparation", data={"csrf_token": self._csrf(url), **data}, allow_redirects=False
        )

    def _answers(self):
        return {
            f"answer_{self.skills.id}": "Paie et DSN",
            f"answer_{self.training.id}": "yes",
            f"answer_{self.organisation.id}": str(self.remote.id),
        }

    # -- the portal -------------------------------------------------------------------

    def test_the_employee_prepares_the_company_questions(self):
        self.authenticate("career_employee", "career_employee")
        page = self.url_open(self.url).text
        for row in (self.skills, self.training, self.organisation):
            self.assertIn(f'name="answer_{row.id}"', page)
        self.assertNotIn(f'name="answer_{self.internal.id}"', page, "not a question to prepare")
        self.assertIn("Télétravail", page)
        response = self._post({**self._answers(), "save": "1"})
        self.assertEqual(response.status_code, 303)
        preparation = self.interview.preparation_ids
        self.assertEqual(preparation.state, "draft")
        mine = preparation.answer_ids.sorted("sequence")
        self.assertEqual(
            mine.mapped("label"), ["Compétences développées ?", "Une formation cette année ?", "Organisation souhaitée"]
        )
        self.assertEqual(
            (mine[0].value_text, mine[1].value_yes_no, mine[2].value_option_id), ("Paie et DSN", "yes", self.remote)
        )
        page = self.url_open(self.url).text
        self.assertIn("Paie et DSN", page, "the draft comes back in the form")
        self.assertFalse(self.skills.with_user(self.user_manager).prepared_display, "private until submitted")
        self._post({**self._answers(), f"answer_{self.training.id}": "no", "submit": "1"})
        self.env.invalidate_all()  # the requests wrote beside this test's cache
        self.assertEqual(preparation.state, "submitted")
        self.assertEqual(mine[1].value_yes_no, "no")
        self.assertEqual(self.skills.with_user(self.user_manager).prepared_display, "Paie et DSN")
        self.assertEqual(self.organisation.with_user(self.user_manager).prepared_display, "Télétravail")
        page = self.url_open(self.url).text
        self.assertNotIn(f'name="answer_{self.skills.id}"', page, "submitted: no form")
        self.assertIn("o_career_prepared_answer", page)
        self.assertFalse(self.skills.value_text, "the interview's own answer is the interviewer's")

    def test_an_answer_not_offered_is_refused(self):
        self.authenticate("career_employee", "career_employee")
        other = self.template.copy().question_ids[2].option_ids[0]
        for value in (str(other.id), "not an id"):
            response = self._post({f"answer_{self.organisation.id}": value, f"answer_{self.skills.id}": "Paie"})
            self.assertEqual(response.status_code, 400)
            self.assertIn("NOT saved", response.text)
            self.assertIn("Paie", response.text, "the text typed comes back")
        response = self._post({f"answer_{self.training.id}": "maybe"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.interview.preparation_ids.answer_ids)

    def test_another_employee_gets_nothing(self):
        self.authenticate("colleague", "colleague")
        self.assertEqual(self.url_open(self.url).status_code, 404)
        response = self._post({**self._answers(), "save": "1"}, url="/my/career-interviews/request")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.interview.preparation_ids)

    def test_a_token_alone_does_not_prepare(self):
        """The e-mail link shows the convocation; it proves nothing about who
        holds it, so it neither shows nor saves the employee's notes."""
        url = f"{self.url}?access_token={self.token}"
        page = self.url_open(url).text
        self.assertIn("Salle Vauban", page)
        self.assertNotIn('name="wishes"', page)
        self.assertNotIn(f'name="answer_{self.skills.id}"', page)
        self.assertIn("o_career_login_to_prepare", page)
        for login in (None, "colleague"):
            if login:
                self.authenticate(login, login)
            response = self._post({"access_token": self.token, "wishes": "Devenir paie", **self._answers()}, url=url)
            self.assertEqual(response.status_code, 403, login)
            self.assertIn("NOT saved", response.text)
            self.assertIn("Devenir paie", response.text, "the text typed comes back")
            self.assertFalse(self.interview.preparation_ids, login)
        # The employee's own session with the same link: allowed.
        self.authenticate("career_employee", "career_employee")
        response = self._post({"access_token": self.token, "wishes": "Devenir paie", **self._answers()}, url=url)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self.interview.preparation_ids.answer_ids), 3)

    # -- JSON-RPC --------------------------------------------------------------------

    def test_answers_over_rpc(self):
        row = [self.skills.id]
        for login in ("career_manager", "director", "officer"):
            self.assertDone(login, ANSWER, "write", [row, {"value_text": f"Écrit par {login}"}])
        self.assertEqual(self.skills.value_text, "Écrit par officer")
        self.assertEqual(
            self.assertDone("career_employee", ANSWER, "read", [row, ["value_text"]])[0]["value_text"],
            "Écrit par officer",
        )
        self.assertRefused("career_employee", ANSWER, "write", [row, {"value_text": "Moi"}])
        for login in ("colleague", "outsider", "career_cse", "officer_b"):
            self.assertRefused(login, ANSWER, "read", [row, ["value_text"]])
            self.assertRefused(login, ANSWER, "write", [row, {"value_text": "X"}])
        for login in ("career_manager", "officer", "careeradmin"):
            self.assertRefused(login, ANSWER, "write", [row, {"label": "Autre question"}])
            self.assertRefused(login, ANSWER, "unlink", [row])
            self.assertRefused(
                login,
                ANSWER,
                "create",
                [{**self.env[ANSWER]._snapshot(self.skills.question_id), "interview_id": self.interview.id}],
            )
            self.assertRefused(
                login, "hr.career.interview", "write", [self.interview.ids, {"question_template_id": False}]
            )
        self.assertEqual(self.skills.label, "Compétences développées ?")

        # The employee's preparation: theirs until submitted.
        preparation = self.env["hr.career.preparation"].create({"interview_id": self.interview.id})
        preparation._l10n_fr_career_write_answers({self.skills.id: "Brouillon"})
        mine = preparation.answer_ids.ids
        self.assertDone("career_employee", ANSWER, "write", [mine, {"value_text": "Paie"}])
        for login in ("career_manager", "officer"):
            self.assertRefused(login, ANSWER, "read", [mine, ["value_text"]])
        preparation.action_submit()
        self.assertRefused("career_employee", ANSWER, "write", [mine, {"value_text": "Changé"}])
        self.assertDone("career_manager", ANSWER, "read", [mine, ["value_text"]])
        self.assertEqual(preparation.answer_ids.value_text, "Paie")

    def test_templates_over_rpc(self):
        template = self.template.ids
        for login in ("career_employee", "career_manager", "officer"):
            self.assertDone(login, TEMPLATE, "read", [template, ["name", "version"]])
            self.assertRefused(login, TEMPLATE, "write", [template, {"name": "Autre"}])
            self.assertRefused(login, TEMPLATE, "action_new_version", [template])
            self.assertRefused(login, TEMPLATE, "create", [{"name": "Nouveau", "kind": "first"}])
        self.assertRefused("officer_b", TEMPLATE, "read", [template, ["name"]])
        self.assertRefused("careeradmin", TEMPLATE, "write", [template, {"name": "Used: kept"}])
        self.assertRefused("careeradmin", TEMPLATE, "write", [template, {"state": "draft"}])
        draft = self.assertDone("careeradmin", TEMPLATE, "action_new_version", [template])["res_id"]
        self.assertDone("careeradmin", TEMPLATE, "write", [[draft], {"name": "Entretien périodique 2"}])
        self.assertDone("careeradmin", TEMPLATE, "action_publish", [[draft]])
        self.assertEqual(self.template.state, "archived")
