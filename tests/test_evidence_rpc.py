"""Evidence no client can forge.

Every attack goes the way a client would send it: an authenticated session
calling ``/web/dataset/call_kw`` (or posting a portal form), with whatever
context it likes. Each must come back as an error, and the evidence, re-read
as superuser, must be exactly what it was.
"""

import base64
import hashlib
import json
import re
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ADMIN, CareerCase, call_kw

# The back door the freeze used to have: any client can send it.
ATTACK_CONTEXT = {"l10n_fr_career_reopen": True}
WRITERS = ("career_manager", "officer", "careeradmin", "sysadmin")


@tagged("post_install", "-at_install")
class TestEvidenceRpc(HttpCase, CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sysadmin = new_test_user(cls.env, "sysadmin", groups=f"base.group_system,{ADMIN}")
        cls.employee.work_contact_id.email = "salariee@example.com"
        Interview = cls.env["hr.career.interview"]
        cls.interview.write({"theme_skills": "Maîtrise de la paie", "state": "held", "held_on": date(2026, 11, 20)})
        cls.action = cls.env["hr.career.action"].create(
            {"interview_id": cls.interview.id, "description": "Excel avancé", "owner_id": cls.user_manager.id}
        )
        cls.interview.with_context(force_report_rendering=True).action_deliver()
        cls.v1 = cls.interview.report_version_id
        cls.v1_raw = cls.v1.attachment_id.raw
        # An interview to come, whose preparation the employee submitted.
        cls.upcoming = Interview.create(
            {
                "employee_id": cls.employee.id,
                "kind": "request",
                "state": "convened",
                "interviewer_id": cls.user_manager.id,
            }
        )
        preparation = (
            cls.env["hr.career.preparation"]
            .with_user(cls.user_employee)
            ._for_interview(cls.upcoming.with_user(cls.user_employee))
        )
        preparation.write({"wishes": "Devenir responsable paie"})
        preparation.action_submit()
        cls.preparation = preparation.sudo()

    # -- helpers ------------------------------------------------------------------

    def _call(self, login, model, method, args, kwargs=None, context=None):
        """``model.method(*args, **kwargs)`` over JSON-RPC in ``login``'s session."""
        return call_kw(self, login, model, method, args, kwargs, {**ATTACK_CONTEXT, **(context or {})})

    def assertRefused(self, login, model, method, args, kwargs=None):
        reply = self._call(login, model, method, args, kwargs)
        self.assertIn("error", reply, f"{login}: {model}.{method}{args} was not refused")
        return reply["error"]

    def assertDone(self, login, model, method, args, kwargs=None):
        reply = self._call(login, model, method, args, kwargs)
        self.assertNotIn("error", reply, f"{login}: {model}.{method}{args} failed: {reply.get('error')}")
        return reply.get("result")

    def test_only_a_career_admin_recomputes_every_calendar(self):
        """The full recompute empties every employee's next look and starts the
        job: no other role may set that off over RPC, whatever it sends."""
        self.env["hr.career.scheduler"]._run(self.employee, date(2026, 11, 29))
        look = self.employee.sudo().l10n_fr_career_next_look
        self.assertTrue(look)
        for login in ("career_employee", "career_manager", "officer", "career_cse"):
            self.assertRefused(login, "hr.career.scheduler", "action_recompute_all", [])
            self.assertEqual(self.employee.sudo().l10n_fr_career_next_look, look, login)
        self.assertDone("careeradmin", "hr.career.scheduler", "action_recompute_all", [])
        self.assertFalse(self.employee.sudo().l10n_fr_career_next_look)

    def test_settings_preview_runs_are_not_written_over_rpc(self):
        """The background preview's figures are the engine's: no role writes
        one, and only career administrators read them."""
        values = {
            "company_id": self.env.company.id,
            "user_id": self.user_admin.id,
            "key": "x",
            "day": "2026-12-01",
            "values": {},
            "is_done": True,
            "overdue_after": 0,
        }
        for login in ("career_employee", "career_manager", "officer", "career_cse", "careeradmin", "sysadmin"):
            self.assertRefused(login, "hr.career.what.if.run", "create", [values])
        for login in ("career_employee", "career_manager", "officer", "career_cse"):
            self.assertRefused(login, "hr.career.what.if.run", "search_read", [[]])
        self.assertDone("careeradmin", "hr.career.what.if.run", "search_read", [[]])
        self.assertRefused("careeradmin", "hr.career.what.if.run", "_for", [self.env.company.id, {}])

    def _evidence(self):
        """Everything an attack could alter, re-read from the database as superuser."""
        self.env.invalidate_all()
        interview = self.interview.sudo()
        versions = interview.report_version_ids.sorted("version")
        return {
            "interview": interview.read(
                [
                    "state",
                    "theme_skills",
                    "held_on",
                    "report_version_id",
                    "report_version",
                    "delivered_on",
                    "delivered_by_id",
                    "acknowledged_on",
                    "acknowledged_by",
                    "acknowledgement_mode",
                ]
            ),
            "actions": interview.action_ids.read(["description", "planned_date", "owner_id"]),
            "versions": versions.read(
                ["version", "sha256", "content_sha256", "delivered_on", "acknowledged_on", "reopened_on"]
            ),
            "files": [hashlib.sha256(version.attachment_id.raw).hexdigest() for version in versions],
            "version_files": self.env["ir.attachment"]
            .sudo()
            .search_count([("res_model", "=", "hr.career.report.version")]),
            "preparation": self.preparation.read(["state", "wishes", "submitted_on"]),
            "preparations": self.env["hr.career.preparation"].sudo().search_count([]),
        }

    def _csrf(self):
        page = self.url_open("/my/career-interviews/request").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    # -- 1. the freeze has no back door ------------------------------------------------

    def test_no_context_key_reopens_the_frozen_report(self):
        before = self._evidence()
        interview, action = [self.interview.id], self.action.ids
        for login in ("career_manager", "officer", "careeradmin"):
            self.assertRefused(login, "hr.career.interview", "write", [interview, {"theme_skills": "Réécrit"}])
            self.assertRefused(login, "hr.career.interview", "write", [interview, {"state": "held"}])
            self.assertRefused(login, "hr.career.interview", "action_mark_held", [interview])
            self.assertRefused(login, "hr.career.interview", "unlink", [interview])
            self.assertRefused(login, "hr.career.action", "write", [action, {"description": "Autre"}])
            self.assertRefused(login, "hr.career.action", "unlink", [action])
            self.assertRefused(
                login, "hr.career.action", "create", [{"interview_id": interview[0], "description": "Ajout"}]
            )
            self.assertRefused(
                login,
                "hr.career.interview",
                "write",
                [interview, {"action_ids": [(1, action[0], {"description": "X"})]}],
            )
            self.assertRefused(login, "hr.career.interview", "_reopen", [interview, "Sans le groupe RH ?"])
        self.assertRefused("career_manager", "hr.career.interview.reopen", "create", [{"interview_id": interview[0]}])
        for vals in ({"state": "draft"}, {"wishes": "Autre chose"}):
            self.assertRefused("career_employee", "hr.career.preparation", "write", [self.preparation.ids, vals])
        self.assertRefused("career_employee", "hr.career.preparation", "unlink", [self.preparation.ids])
        self.assertRefused(
            "career_employee", "hr.career.preparation", "create", [{"interview_id": interview[0], "wishes": "x"}]
        )
        self.assertEqual(self._evidence(), before)

    # -- 2. delivery and acknowledgement data are the server's ------------------------

    def test_delivery_data_cannot_be_written_by_any_group(self):
        before = self._evidence()
        interview = [self.interview.id]
        forged = [
            {"acknowledged_on": "2026-11-21 10:00:00", "acknowledged_by": "Salariée", "acknowledgement_mode": "portal"},
            {"delivered_on": "2020-01-06 10:00:00"},
            {"delivered_by_id": self.user_officer.id},
            {"report_version": 7},
            {"report_version_id": False},
        ]
        for login in WRITERS:
            for vals in forged:
                self.assertRefused(login, "hr.career.interview", "write", [interview, vals])
            self.assertRefused(login, "hr.career.report.version", "write", [self.v1.ids, forged[0]])
            self.assertRefused(
                login,
                "hr.career.report.version",
                "create",
                [{"interview_id": self.interview.id, "version": 9, "file_name": "faux.pdf", "sha256": "0" * 64}],
            )
        self.assertRefused(
            "career_manager",
            "hr.career.interview",
            "create",
            [{"employee_id": self.employee.id, "kind": "request", "state": "delivered", "held_on": "2020-01-06"}],
        )
        self.assertEqual(self._evidence(), before)

    def test_acknowledgement_comes_from_the_request_and_stays(self):
        before = self._evidence()
        interview = [self.interview.id]
        self.assertRefused(
            "career_manager", "hr.career.interview", "action_acknowledge", [interview], {"mode": "portal"}
        )
        self.assertRefused(
            "career_manager",
            "hr.career.interview",
            "action_acknowledge",
            [interview],
            {"mode": "portal", "by": "Salariée"},
        )
        for login in ("career_manager", "officer", "careeradmin"):
            self.assertRefused(login, "hr.career.interview", "action_acknowledge", [interview])
        self.assertRefused("career_manager", "hr.career.interview", "action_record_paper_acknowledgement", [interview])
        self.assertRefused("officer_b", "hr.career.interview", "action_record_paper_acknowledgement", [interview])
        self.assertRefused(
            "career_manager", "hr.career.interview", "_acknowledge", [interview, "portal", self.employee.id, "Salariée"]
        )
        self.assertEqual(self._evidence(), before)

        self.assertDone("career_employee", "hr.career.interview", "action_acknowledge", [interview])
        version = self.v1.sudo()
        self.assertEqual(version.acknowledgement_mode, "portal")
        self.assertEqual(version.acknowledged_partner_id, self.user_employee.partner_id)
        self.assertEqual(version.acknowledged_by, self.user_employee.name)
        self.assertEqual(self.interview.sudo().acknowledgement_mode, "portal")

        acknowledged = self._evidence()
        erase = {"acknowledged_on": False, "acknowledged_by": False, "acknowledgement_mode": False}
        for login in WRITERS:
            self.assertRefused(login, "hr.career.interview", "write", [interview, erase])
            self.assertRefused(login, "hr.career.report.version", "write", [self.v1.ids, erase])
        self.assertDone("officer", "hr.career.interview", "action_record_paper_acknowledgement", [interview])
        self.assertEqual(self._evidence(), acknowledged, "a second acknowledgement replaces nothing")
        with self.assertRaises(UserError):
            self.v1.sudo().write(erase)

    def test_acknowledgement_at_the_portal_by_the_employee_only(self):
        token = self._call("career_manager", "hr.career.interview", "read", [[self.interview.id], ["access_token"]])
        token = token["result"][0]["access_token"] or self.interview.sudo()._portal_ensure_token()
        url = f"/my/career-interviews/{self.interview.id}/acknowledge"
        # The manager holds the token (it is in the e-mailed link), yet is not the employee.
        csrf = self._csrf()
        with mute_logger("odoo.http"):
            response = self.url_open(url, data={"csrf_token": csrf, "access_token": token}, allow_redirects=False)
        self.assertEqual(response.status_code, 403)
        self.assertIn("Nothing", response.text)
        self.assertFalse(self.v1.sudo().acknowledged_on)
        self.authenticate("career_employee", "career_employee")
        response = self.url_open(url, data={"csrf_token": self._csrf()})
        self.assertIn("acknowledgement of receipt is recorded", response.text)
        self.env.invalidate_all()
        self.assertEqual(self.v1.sudo().acknowledgement_mode, "portal")
        self.assertEqual(self.v1.sudo().acknowledged_partner_id, self.user_employee.partner_id)

    def test_delivered_file_can_be_neither_overwritten_nor_deleted(self):
        attachment = self.v1.sudo().attachment_id
        self.assertTrue(self.v1_raw.startswith(b"%PDF"))
        self.assertEqual(hashlib.sha256(self.v1_raw).hexdigest(), self.v1.sha256)
        self.assertTrue(self.v1.is_intact)
        before = self._evidence()
        forged = base64.b64encode(b"%PDF-1.4 faux").decode()
        for login in WRITERS:
            self.assertRefused(login, "ir.attachment", "write", [attachment.ids, {"datas": forged}])
            self.assertRefused(login, "ir.attachment", "write", [attachment.ids, {"res_id": self.interview.id}])
            self.assertRefused(login, "ir.attachment", "unlink", [attachment.ids])
            self.assertRefused(
                login,
                "ir.attachment",
                "create",
                [
                    {
                        "name": "faux.pdf",
                        "datas": forged,
                        "res_model": "hr.career.report.version",
                        "res_id": self.v1.id,
                    }
                ],
            )
            self.assertRefused(login, "hr.career.report.version", "unlink", [self.v1.ids])
        # Not even the superuser, in the server's own process.
        for forge in (
            lambda: attachment.sudo().write({"raw": b"faux"}),
            lambda: attachment.sudo().unlink(),
            lambda: self.v1.sudo().unlink(),
            lambda: self.v1.sudo().write({"sha256": "0" * 64}),
        ):
            with self.assertRaises(UserError):
                forge()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.employee.sudo().unlink()  # the database keeps the versions of its interviews
        self.assertEqual(self._evidence(), before)
        self.assertTrue(self.v1.sudo().is_intact)
        self.authenticate("career_employee", "career_employee")
        served = self.url_open(f"/my/career-interviews/{self.interview.id}/report")
        self.assertEqual(served.content, self.v1_raw, "the portal serves the stored bytes")
        page = self.url_open(f"/my/career-interviews/{self.interview.id}").text
        self.assertIn(self.v1.sha256, page)
        self.assertIn("o_career_intact", page)

    # -- the legitimate path ---------------------------------------------------------------

    def test_hr_reopens_with_a_reason_and_redelivery_keeps_version_1(self):
        interview = [self.interview.id]
        blank = {"interview_id": interview[0], "reason": "   "}
        wizard = self.assertDone("officer", "hr.career.interview.reopen", "create", [blank])
        self.assertRefused("officer", "hr.career.interview.reopen", "action_reopen", [[wizard]])
        other_company = {"interview_id": interview[0], "reason": "Autre société"}
        wizard_b = self._call("officer_b", "hr.career.interview.reopen", "create", [other_company])
        if "result" in wizard_b:
            self.assertRefused("officer_b", "hr.career.interview.reopen", "action_reopen", [[wizard_b["result"]]])
        self.assertEqual(self.interview.sudo().state, "delivered")

        reason = "Erreur sur la date de la formation"
        wizard = self.assertDone(
            "officer", "hr.career.interview.reopen", "create", [{"interview_id": interview[0], "reason": reason}]
        )
        self.assertDone("officer", "hr.career.interview.reopen", "action_reopen", [[wizard]])
        interview_sudo = self.interview.sudo()
        self.assertEqual(interview_sudo.state, "held")
        note = interview_sudo.message_ids.filtered(lambda m: reason in (m.body or ""))
        self.assertEqual(len(note), 1, "the chatter says why")
        self.assertEqual(note.author_id, self.user_officer.partner_id, "and who")
        self.assertIn(self.user_officer.name, note.body)
        self.assertTrue(note.date, "and when")
        version_1 = self.v1.sudo()
        self.assertEqual(
            (version_1.reopened_by_id, version_1.reopen_reason), (self.user_officer, reason), "kept on the version"
        )

        self.assertDone("career_manager", "hr.career.interview", "write", [interview, {"theme_skills": "Corrigé"}])
        self.assertDone("career_manager", "hr.career.interview", "action_deliver", [interview])
        interview_sudo = self.interview.sudo()
        version_1, version_2 = interview_sudo.report_version_ids.sorted("version")
        self.assertEqual((version_1.version, version_2.version), (1, 2))
        self.assertEqual(interview_sudo.report_version_id, version_2)
        self.assertEqual(version_1.attachment_id.raw, self.v1_raw, "version 1 is byte-identical")
        self.assertEqual(version_1.sha256, hashlib.sha256(self.v1_raw).hexdigest())
        self.assertTrue(version_1.is_intact and version_2.is_intact)
        self.assertEqual(version_2.previous_sha256, version_1.sha256)
        self.assertFalse(version_2.acknowledged_on)
        self.assertEqual(json.loads(version_2.content_json)["themes"]["theme_skills"], "Corrigé")
        self.assertEqual(hashlib.sha256(version_2.content_json.encode()).hexdigest(), version_2.content_sha256)
        rendered = version_2.attachment_id.raw.decode()  # HTML: no PDF renderer inside a request under test
        self.assertIn(version_2.content_sha256, rendered, "the foot prints the content fingerprint")
        self.assertIn(version_1.sha256, rendered, "and the previous file's SHA-256")
        sent = interview_sudo.message_ids.filtered(lambda m: version_2.attachment_id in m.attachment_ids)
        self.assertIn(version_2.sha256, sent.body)

    # -- 4. nothing typed on the portal is lost -----------------------------------------

    def test_portal_preparation_on_a_delivered_interview_is_refused_and_kept(self):
        self.authenticate("career_employee", "career_employee")
        url = f"/my/career-interviews/{self.interview.id}"
        self.assertNotIn('name="wishes"', self.url_open(url).text, "no form that cannot be saved")
        typed = "Je voudrais devenir responsable de la paie"
        response = self.url_open(
            f"{url}/preparation", data={"csrf_token": self._csrf(), "wishes": typed, "save": "1"}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 409)
        self.assertIn("NOT saved", response.text)
        self.assertIn(typed, response.text)
        self.assertNotIn("was saved", response.text)
        self.assertFalse(self.interview.sudo().preparation_ids)

        url = f"/my/career-interviews/{self.upcoming.id}"
        self.assertNotIn('name="wishes"', self.url_open(url).text, "submitted: no form either")
        response = self.url_open(
            f"{url}/preparation", data={"csrf_token": self._csrf(), "wishes": "Autre chose"}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 409)
        self.assertIn("Autre chose", response.text)
        self.assertEqual(self._evidence()["preparation"][0]["wishes"], "Devenir responsable paie")
        self.assertNotIn("was saved", self.url_open(f"{url}?message=saved").text, "no link says saved")

    def test_portal_says_saved_only_once_stored(self):
        interview = self.env["hr.career.interview"].create(
            {"employee_id": self.employee.id, "kind": "request", "interviewer_id": self.user_manager.id}
        )
        self.authenticate("career_employee", "career_employee")
        url = f"/my/career-interviews/{interview.id}"
        response = self.url_open(f"{url}/preparation", data={"csrf_token": self._csrf(), "wishes": "Paie"})
        self.assertIn("Your preparation was saved.", response.text)
        self.assertEqual(interview.sudo().preparation_ids.wishes, "Paie")
        self.assertNotIn("was saved", self.url_open(url).text, "said once")
        response = self.url_open(
            f"{url}/preparation", data={"csrf_token": self._csrf(), "submit": "1"}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Write at least one line", response.text)
