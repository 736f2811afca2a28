from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CareerCase

CAREER_MODELS = ("hr.career.interview", "hr.career.obligation", "hr.career.training", "hr.career.progression")


@tagged("post_install", "-at_install")
class TestAccess(CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.training = cls.env["hr.career.training"].create({"employee_id": cls.employee.id, "name": "Anglais"})
        cls.training_colleague = cls.env["hr.career.training"].create(
            {"employee_id": cls.colleague.id, "name": "Excel"}
        )

    def assertCanRead(self, user, records):
        records.with_user(user).read(["display_name"])

    def assertCannotRead(self, user, records):
        with self.assertRaises(AccessError):
            records.with_user(user).read(["display_name"])

    def test_employee_reads_only_their_own(self):
        self.assertCanRead(self.user_employee, self.interview)
        self.assertCannotRead(self.user_employee, self.interview_colleague)
        seen = self.env["hr.career.interview"].with_user(self.user_employee).search([])
        self.assertEqual(seen, self.interview)
        own_obligations = self.employee.l10n_fr_career_obligation_ids
        self.assertCanRead(self.user_employee, own_obligations)
        self.assertCannotRead(self.user_employee, self.colleague.l10n_fr_career_obligation_ids)
        self.assertCanRead(self.user_employee, self.training)
        self.assertCannotRead(self.user_employee, self.training_colleague)

    def test_employee_cannot_write_their_own_interview(self):
        with self.assertRaises(AccessError):
            self.interview.with_user(self.user_employee).write({"location": "Chez moi"})
        with self.assertRaises(AccessError):
            self.env["hr.career.interview"].with_user(self.user_employee).create(
                {"employee_id": self.employee.id, "kind": "request"}
            )

    def test_manager_chain_reads_and_writes_below_only(self):
        for boss in (self.user_manager, self.user_director):
            self.assertCanRead(boss, self.interview)
            self.interview.with_user(boss).write({"location": "Salle 2"})
        self.assertCannotRead(self.user_manager, self.interview_colleague)
        with self.assertRaises(AccessError):
            self.interview_colleague.with_user(self.user_manager).write({"location": "Salle 3"})
        created = (
            self.env["hr.career.interview"]
            .with_user(self.user_manager)
            .create({"employee_id": self.employee.id, "kind": "request"})
        )
        self.assertEqual(created.company_id, self.company)
        self.assertCanRead(self.user_director, self.employee.l10n_fr_career_obligation_ids)
        self.assertCannotRead(self.user_manager, self.colleague.l10n_fr_career_obligation_ids)

    def test_interviewer_reads_the_interview_they_conduct(self):
        self.interview_colleague.interviewer_id = self.user_representative
        self.assertCanRead(self.user_representative, self.interview_colleague)
        self.assertCannotRead(self.user_representative, self.interview)

    def test_nobody_else_reads(self):
        for model in CAREER_MODELS:
            self.assertFalse(self.env[model].with_user(self.user_outsider).search([]), model)
        self.assertCannotRead(self.user_outsider, self.interview)

    def test_officer_sees_all_of_their_companies_only(self):
        Interview = self.env["hr.career.interview"].with_user(self.user_officer)
        seen = Interview.search([])
        self.assertIn(self.interview, seen)
        self.assertIn(self.interview_colleague, seen)
        self.assertNotIn(self.interview_b, seen)
        self.assertCannotRead(self.user_officer, self.interview_b)
        self.interview.with_user(self.user_officer).write({"location": "RH"})
        self.training_colleague.with_user(self.user_officer).write({"hours": 7})
        self.assertCanRead(self.user_officer_b, self.interview_b)
        self.assertCannotRead(self.user_officer_b, self.interview)

    def test_officer_of_two_companies_sees_the_allowed_ones(self):
        both = (
            self.env["hr.career.interview"]
            .with_user(self.user_officer_ab)
            .with_context(allowed_company_ids=[self.company.id, self.company_b.id])
        )
        self.assertIn(self.interview_b, both.search([]))
        only_a = both.with_context(allowed_company_ids=[self.company.id])
        self.assertNotIn(self.interview_b, only_a.search([]))

    def test_admin_may_delete_and_configure(self):
        self.interview_colleague.with_user(self.user_admin).unlink()
        with self.assertRaises(AccessError):
            self.interview.with_user(self.user_officer).with_context(allowed_company_ids=[self.company_b.id]).unlink()

    def test_staff_representatives_see_no_individual_record(self):
        for model in CAREER_MODELS:
            self.assertFalse(self.env[model].with_user(self.user_cse).search([]), model)
        for record in (self.interview, self.training, self.employee.l10n_fr_career_obligation_ids[:1]):
            self.assertCannotRead(self.user_cse, record)
        with self.assertRaises(AccessError):
            self.employee.with_user(self.user_cse).read(["l10n_fr_career_hire_date"])

    def test_obligations_are_never_written_by_users(self):
        obligation = self.employee.l10n_fr_career_obligation_ids[:1]
        for user in (self.user_manager, self.user_officer):
            with self.assertRaises(AccessError):
                obligation.with_user(user).write({"article": "x"})

    def test_policy_settings_for_career_admins_with_settings_rights_only(self):
        self.user_admin.groups_id |= self.env.ref("base.group_system")
        settings = self.env["res.config.settings"].with_user(self.user_admin).create({})
        settings.l10n_fr_career_notice_days = 10
        settings.execute()
        self.assertEqual(self.company.l10n_fr_career_notice_days, 10)
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_officer).create({})
