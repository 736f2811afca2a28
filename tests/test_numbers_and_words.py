"""Numbers and words that agree: one due date per interview, its
obligation's, wherever it is shown; a refusal dated as a refusal; counts
that say what they count; screens that name the employee and say what to fix.
"""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from .common import CareerCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-26")
class TestNumbersAndWords(CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.veteran = cls.env["hr.employee"].create(
            cls._employee_vals("Ancienne", None, l10n_fr_career_hire_date=date(2015, 3, 2), parent_id=cls.manager.id)
        )

    def _interview(self, **values):
        return self.env["hr.career.interview"].create({"employee_id": self.veteran.id, **values})

    # -- one due date per interview -------------------------------------------------

    def test_an_interview_entered_as_held_takes_the_due_date_it_met_not_the_next_open_one(self):
        held = self._interview(kind="periodic", state="held", held_on=date(2022, 5, 5))
        met = self.veteran.l10n_fr_career_obligation_ids.filtered(lambda o: o.interview_id == held)
        self.assertTrue(met, "the engine matched the interview held to an obligation")
        self.assertEqual(held.obligation_id, met.sorted("due_date")[:1])
        self.assertEqual(held.due_date, held.obligation_id.due_date)
        self.assertLessEqual(held.due_date, date(2022, 5, 5), "a late interview answers an obligation due before it")
        opened = self.veteran.l10n_fr_career_obligation_ids.filtered(
            lambda o: o.code == "O3" and o.fulfilment == "open"
        )
        self.assertNotIn(held.due_date, opened.mapped("due_date"))

    def test_a_refusal_answers_the_obligation_offered_and_is_dated_as_a_refusal(self):
        refused = self._interview(kind="periodic", state="refused", refused_on=date(2023, 6, 1))
        offered = refused.obligation_id
        self.assertEqual((offered.fulfilment, offered.interview_id), ("offered", refused))
        self.assertEqual(refused.due_date, offered.due_date)
        self.assertEqual(offered.refused_on, date(2023, 6, 1))
        met = self.veteran.l10n_fr_career_obligation_ids.filtered(lambda o: o.fulfilment in ("met", "met_late"))
        self.assertFalse(any(met.mapped("refused_on")))
        # The refusal's date never stands under "Met on" in the lists.
        for model, xmlid in (
            ("hr.career.obligation", "l10n_fr_hr_career_interview.hr_career_obligation_view_list"),
            ("hr.employee", "hr.view_employee_form"),
        ):
            arch = self.env[model].get_view(self.env.ref(xmlid).id)["arch"]
            self.assertIn('name="refused_on"', arch)
            self.assertIn("invisible=\"fulfilment == 'offered'\"", arch)

    def test_an_interview_planned_by_hand_takes_its_obligation_due_date(self):
        first = self.env["hr.career.interview"].create(
            {"employee_id": self.colleague.id, "kind": "first", "due_date": date(2030, 1, 1)}
        )
        self.assertEqual(first.obligation_id.code, "O2")
        self.assertEqual(first.due_date, first.obligation_id.due_date)

    def test_a_mandatory_training_meets_the_criterion_but_not_the_top_up_condition(self):
        self.company.l10n_fr_career_headcount = 60
        self.env["hr.career.training"].create(
            {
                "employee_id": self.veteran.id,
                "name": "Habilitation électrique",
                "date": date(2022, 3, 1),
                "is_mandatory": True,
            }
        )
        review = self._interview(kind="summary", state="held", held_on=date(2026, 11, 20))
        rows = review._summary_evaluation_for_report()["criteria"]
        training = next(i for i, row in enumerate(rows) if row["label"].startswith("At least one training"))
        self.assertTrue(rows[training]["met"])
        self.assertIn("mandatory", rows[training]["evidence"])
        self.assertFalse(rows[training + 1]["met"], "the top-up's condition, shown under the criterion, fails")
        self.assertIn("other than a mandatory one", rows[training + 1]["label"])
        self.assertTrue(review.sanction_ids)

    # -- counts that say what they count -----------------------------------------------

    def test_dashboard_employees_and_obligations_due_soon_agree(self):
        """The dashboard counts employees, the obligations list obligations:
        the same "due soon", one count per employee against one per row."""
        created = self.env["hr.employee"].create(
            [
                self._employee_vals(f"Bientôt {n}", None, l10n_fr_career_hire_date=date(2025, 12, 20 + n))
                for n in range(3)
            ]
        )
        # The employees stored on this frozen day (demo data is stored on the day of its install).
        scope = created | self.director | self.manager | self.employee | self.colleague | self.veteran
        Obligation = self.env["hr.career.obligation"]
        due_soon = Obligation.search([("status", "=", "due_soon"), ("employee_id", "in", scope.ids)])
        overdue_employees = Obligation.search(
            [("status", "=", "overdue"), ("employee_id", "in", scope.ids)]
        ).employee_id
        self.assertTrue(due_soon)
        employees = self.env["hr.employee"].search(
            [("l10n_fr_career_bucket", "=", "due_soon"), ("id", "in", scope.ids)]
        )
        self.assertEqual(employees, due_soon.employee_id - overdue_employees)
        search = self.env["hr.employee"].get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn("[('l10n_fr_career_bucket', '=', 'due_soon')]", search)
        labels = dict(self.env["hr.employee"]._fields["l10n_fr_career_bucket"].selection)
        self.assertEqual(labels["due_soon"], "Due soon")
        pivot = self.env.ref("l10n_fr_hr_career_interview.hr_employee_view_pivot_career")
        self.assertIn("Employees by career compliance", pivot.arch)

    # -- screens ---------------------------------------------------------------------

    def test_interviews_are_named_by_their_employee_first(self):
        self.assertTrue(self.interview.display_name.startswith("Salariée - "))
        activity = self.env["hr.career.interview"].get_views([(False, "activity")])["views"]["activity"]["arch"]
        self.assertIn('name="employee_id"', activity)

    def test_the_activity_view_shows_no_column_of_a_type_nobody_uses_on_interviews(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        data = self.env["mail.activity"].get_activity_data("hr.career.interview", [])
        self.assertNotIn(todo.id, [kind["id"] for kind in data["activity_types"]])
        self.assertIn(
            self.env.ref("l10n_fr_hr_career_interview.mail_activity_type_career_interview").id,
            [kind["id"] for kind in data["activity_types"]],
        )
        self.interview.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_manager.id)
        data = self.env["mail.activity"].get_activity_data("hr.career.interview", [])
        self.assertIn(todo.id, [kind["id"] for kind in data["activity_types"]])

    def test_data_to_fix_says_what_is_missing_per_employee(self):
        no_birth = self.env["hr.employee"].create(
            {"name": "Sans naissance", "l10n_fr_career_hire_date": date(2020, 1, 6)}
        )
        nothing = self.env["hr.employee"].create({"name": "Sans rien"})
        self.assertEqual(no_birth.l10n_fr_career_missing, "Birth date")
        self.assertEqual(nothing.l10n_fr_career_missing, "Hiring date, Birth date")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_hr_career_interview.action_hr_employee_career_data_missing"
        )
        list_view = {mode: view for view, mode in action["views"]}["list"]
        arch = self.env["hr.employee"].get_views([(list_view, "list")])["views"]["list"]["arch"]
        self.assertIn('name="l10n_fr_career_missing"', arch)

    def test_the_euros_at_stake_are_a_column_shown_by_default(self):
        arch = self.env.ref("l10n_fr_hr_career_interview.hr_employee_view_list_career_exposure").arch
        self.assertIn("l10n_fr_career_amount_at_stake", arch)
        self.assertNotIn("optional=", arch, "no column toggler over the last header")

    def test_a_delivered_report_file_is_not_offered_for_deletion(self):
        self.interview.write({"state": "held", "held_on": date(2026, 11, 20)})
        self.interview.action_deliver()
        attachment = self.interview.report_version_id.attachment_id
        store = Store()
        attachment._to_store(store)
        (data,) = store.get_result()["ir.attachment"]
        self.assertTrue(data["l10n_fr_career_locked"])
        other = self.env["ir.attachment"].create({"name": "note.txt", "raw": b"x"})
        store = Store()
        other._to_store(store)
        self.assertNotIn("l10n_fr_career_locked", store.get_result()["ir.attachment"][0])
