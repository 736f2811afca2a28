from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CareerCase


@tagged("post_install", "-at_install")
class TestInterviewerRule(CareerCase):
    def test_managers_of_the_chain_may_interview(self):
        self.interview.interviewer_id = self.user_manager
        self.interview.interviewer_id = self.user_director  # n+2

    def test_management_representative_may_interview(self):
        self.interview.interviewer_id = self.user_representative

    def test_anyone_else_is_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(ValidationError, "manager above the employee"):
            self.interview.interviewer_id = self.user_colleague
        with self.assertRaisesRegex(ValidationError, "cannot hold"):
            self.interview_colleague.interviewer_id = self.user_manager  # not above her

    def test_the_employee_cannot_interview_themselves(self):
        with self.assertRaises(ValidationError):
            self.interview.interviewer_id = self.user_employee

    def test_manager_chain_survives_a_cycle(self):
        self.director.parent_id = self.employee  # a data error, not a hang
        chain = self.employee._l10n_fr_career_manager_chain()
        self.assertEqual(chain, self.manager | self.director)
