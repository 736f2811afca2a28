import random
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from ..engine.what_if import moved
from ..tools import sentences
from .common import ADMIN, OFFICER, CareerCase

WHAT_IF = "odoo.addons.l10n_fr_hr_career_interview.models.res_config_settings"
CALENDAR = "odoo.addons.l10n_fr_hr_career_interview.models.hr_career_calendar"


@freeze_time("2026-11-26 09:00:00")
@tagged("post_install", "-at_install")
class TestWhatIf(CareerCase):
    """The settings page tells what a change of the career settings would
    do before it is saved; saving, then the daily pass, must do exactly that."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_w = cls.env["res.company"].create(
            {"name": "Société simulée", "l10n_fr_career_headcount": 80, "l10n_fr_career_responsible_id": cls.env.uid}
        )
        only_w = {"company_id": cls.company_w.id, "company_ids": [cls.company_w.id]}
        # The Employees app of the settings is for HR managers with the settings rights.
        settings_rights = "base.group_system,hr.group_hr_manager"
        cls.user_settings_admin = new_test_user(cls.env, "whatif_admin", groups=f"{ADMIN},{settings_rights}", **only_w)
        cls.user_settings_only = new_test_user(cls.env, "whatif_system", groups=settings_rights, **only_w)
        cls.user_officer_w = new_test_user(cls.env, "whatif_officer", groups=OFFICER, **only_w)
        Employee = cls.env["hr.employee"].with_context(l10n_fr_career_no_information=True)
        Interview = cls.env["hr.career.interview"]

        def employee(name, hire, birthday, **values):
            return Employee.create(
                {
                    "name": name,
                    "company_id": cls.company_w.id,
                    "l10n_fr_career_hire_date": hire,
                    "birthday": birthday,
                    **values,
                }
            )

        def held(person, kind, day):
            Interview.create({"employee_id": person.id, "kind": kind, "state": "held", "held_on": day})

        # Nothing held since 2019: overdue, and 3 000 EUR at stake at the summary review.
        employee("Oubliée", date(2019, 3, 4), date(1985, 1, 1))
        # Next periodic interview 15/01/2029, or 15/01/2027 every 24 months.
        interviewed = employee("Suivi", date(2021, 3, 1), date(1980, 5, 5))
        held(interviewed, "first", date(2023, 2, 1))
        held(interviewed, "periodic", date(2025, 1, 15))
        # First interview due 12/01/2027: within 90 days, not 30.
        employee("Nouvelle", date(2026, 1, 12), date(1990, 1, 1))
        # Periodic interview in September 2024: due again in September 2026
        # under an agreement keeping the 2-year rhythm until 1 October 2026.
        agreement = employee("Accord", date(2015, 1, 5), date(1988, 2, 2))
        for kind, day in (("first", date(2016, 12, 1)), ("periodic", date(2018, 11, 5))):
            held(agreement, kind, day)
        for kind, day in (("summary", date(2020, 12, 15)), ("periodic", date(2022, 11, 3))):
            held(agreement, kind, day)
        held(agreement, "periodic", date(2024, 9, 15))
        # Back from maternity leave: the return interview.
        back = employee("Retour", date(2018, 6, 1), date(1992, 7, 7))
        cls.env["hr.career.absence"].create(
            {"employee_id": back.id, "kind": "maternity", "date_from": date(2026, 3, 1), "date_to": date(2026, 10, 31)}
        )
        # Left: outside the register the daily pass keeps up.
        employee("Partie", date(2010, 1, 4), date(1970, 3, 3), departure_date=date(2025, 6, 30), active=False)
        rng = random.Random(16)
        for index in range(20):
            hire = date(2026, 11, 26) - timedelta(days=rng.randint(30, 20 * 365))
            person = employee(f"Salarié {index}", hire, hire - timedelta(days=rng.randint(20 * 365, 40 * 365)))
            day = hire + timedelta(days=rng.randint(300, 900))
            while day < date(2026, 11, 1):
                if rng.random() < 0.7:
                    held(person, rng.choice(("first", "periodic", "periodic", "summary")), day)
                day += timedelta(days=rng.randint(500, 5 * 365))
        cls.WhatIf = cls.env["hr.career.what.if"]
        cls.employees_w = cls.WhatIf._employees(cls.company_w)

    # -- helpers -------------------------------------------------------------------

    def _run_daily_pass(self):
        self.env["hr.career.scheduler.state"].search([]).unlink()
        for _round in range(50):
            if not self.env["hr.career.scheduler"]._cron_run():
                return
        self.fail("the daily pass does not end")

    def _register(self):
        """What is stored of the company's calendars: the rows HR sees."""
        self.env.invalidate_all()
        obligations = self.env["hr.career.obligation"].search([("employee_id", "in", self.employees_w.ids)])
        statuses = obligations.mapped("status")
        return (
            {(o.employee_id.id, o.code, o.due_date) for o in obligations},
            statuses.count("overdue"),
            statuses.count("due_soon"),
            sum(self.employees_w.mapped("l10n_fr_career_amount_at_stake")),
        )

    def _settings_form(self, user=None):
        settings = self.env["res.config.settings"].with_user(user or self.user_settings_admin)
        return Form(settings.with_company(self.company_w))

    def _all_rows_written(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables")
        return self.env.cr.fetchone()[0]

    def _check_preview_then_save(self, values):
        """The preview of ``values``, then saving them and the daily pass:
        the register moves exactly as the preview said."""
        self._run_daily_pass()
        keys_before, overdue, due_soon, exposure = self._register()
        form = self._settings_form()
        for name, value in values.items():
            setattr(form, name, value)
        what_if = self.WhatIf.with_user(self.user_settings_admin)._preview(self.company_w, values)
        self.assertEqual(what_if.employees, len(self.employees_w))
        self.assertEqual(
            (what_if.overdue_before, what_if.due_soon_before, what_if.exposure_before), (overdue, due_soon, exposure)
        )
        self.assertTrue(form.l10n_fr_career_what_if_differs)
        self.assertIn(
            f"Obligations overdue: {what_if.overdue_before} → {what_if.overdue_after}", form.l10n_fr_career_what_if
        )
        form.save().execute()
        self.assertEqual([self.company_w[name] for name in values], list(values.values()))
        self._run_daily_pass()
        keys_after, overdue, due_soon, exposure = self._register()
        self.assertEqual(
            (what_if.moved, what_if.overdue_after, what_if.due_soon_after, what_if.exposure_after),
            (moved(keys_before, keys_after), overdue, due_soon, exposure),
        )
        return what_if

    # -- the figures are those of saving ------------------------------------------

    def test_shorter_periodicity(self):
        what_if = self._check_preview_then_save({"l10n_fr_career_periodicity_months": 24})
        self.assertGreaterEqual(what_if.moved, 2)
        self.assertGreater(what_if.overdue_after, what_if.overdue_before)

    def test_shorter_due_soon_period(self):
        what_if = self._check_preview_then_save({"l10n_fr_career_due_soon_days": 30})
        self.assertEqual(what_if.moved, 0)
        self.assertLess(what_if.due_soon_after, what_if.due_soon_before)

    def test_transition_agreement(self):
        what_if = self._check_preview_then_save(
            {"l10n_fr_career_agreement_until": date(2026, 10, 1), "l10n_fr_career_agreement_periodicity_months": 24}
        )
        self.assertGreaterEqual(what_if.moved, 1)

    def test_counted_headcount_below_50(self):
        what_if = self._check_preview_then_save({"l10n_fr_career_headcount": 0})
        self.assertEqual((what_if.moved, what_if.exposure_after), (0, 0))
        self.assertGreaterEqual(what_if.exposure_before, 3000)

    def test_lead_times_move_no_obligation(self):
        what_if = self._check_preview_then_save({"l10n_fr_career_lead_days": 30, "l10n_fr_career_notice_days": 15})
        self.assertFalse(what_if.changes_anything)

    # -- nothing written, shown only when something differs -------------------------

    def test_the_preview_writes_nothing(self):
        self._run_daily_pass()
        names = ["l10n_fr_career_periodicity_months", "l10n_fr_career_due_soon_days"]
        company_values = self.company_w.read(names)
        written = self._all_rows_written()
        form = self._settings_form()
        self.assertFalse(form.l10n_fr_career_what_if_differs, "shown only when something differs")
        self.assertFalse(form.l10n_fr_career_what_if)
        form.l10n_fr_career_periodicity_months = 24
        form.l10n_fr_career_due_soon_days = 30
        self.assertIn("obligations moved, added or removed", form.l10n_fr_career_what_if)
        self.assertIn("Obligations due soon (within 90 → 30 days)", form.l10n_fr_career_what_if)
        self.WhatIf.with_user(self.user_settings_admin)._preview(
            self.company_w, {"l10n_fr_career_agreement_until": date(2026, 10, 1)}
        )
        self.assertEqual(self._all_rows_written(), written, "no row inserted, updated or deleted")
        self.env.invalidate_all()
        self.assertEqual(self.company_w.read(names), company_values)
        self.assertFalse(
            self.employees_w.filtered(lambda e: not e.l10n_fr_career_next_look),
            "no employee marked for the daily pass: only saving marks them",
        )
        form.l10n_fr_career_periodicity_months = 48
        form.l10n_fr_career_due_soon_days = 90
        self.assertFalse(form.l10n_fr_career_what_if_differs, "back to the saved settings")

    def test_a_setting_the_law_refuses_is_said(self):
        form = self._settings_form()
        form.l10n_fr_career_periodicity_months = 60
        self.assertIn("48 months is applied", form.l10n_fr_career_what_if)

    def test_large_company_computes_in_the_background_when_asked(self):
        """Above the live limit the page never waits for the engine: asking
        queues a run, the cron computes it by batches, and the answer it
        keeps is the one the live preview gives."""
        Run = self.env["hr.career.what.if.run"]
        total = len(self.employees_w)
        with patch(f"{WHAT_IF}.LIVE_LIMIT", 5):
            form = self._settings_form()
            self.assertFalse(form.l10n_fr_career_what_if_asked)
            with patch.object(type(self.WhatIf), "_compare", autospec=True) as compare:
                form.l10n_fr_career_periodicity_months = 24
                self.assertIn(f"{total} employees", form.l10n_fr_career_what_if)
                form.l10n_fr_career_what_if_asked = True
                compare.assert_not_called()
            self.assertIn(f"0 of {total} employees", form.l10n_fr_career_what_if)
            run = Run.search([("company_id", "=", self.company_w.id)])
            self.assertEqual((len(run), run.total, run.done), (1, total, 0))
            Run._cron_run(batch_size=7)
            self.assertEqual((run.done, run.is_done), (7, False))
            form.l10n_fr_career_what_if_asked = False
            form.l10n_fr_career_what_if_asked = True
            self.assertIn(f"7 of {total} employees", form.l10n_fr_career_what_if)
            self.assertEqual(Run.search_count([]), 1, "asking again reuses the run")
            with patch.object(type(self.env["res.users"]), "_bus_send", autospec=True) as bus_send:
                while Run._cron_run(batch_size=7):
                    pass
            live = self.WhatIf.with_user(self.user_settings_admin)._preview_text(
                self.company_w, {"l10n_fr_career_periodicity_months": 24}
            )
            self.assertIn("overdue:", live)
            (requester, kind, message), _kwargs = bus_send.call_args
            self.assertEqual(
                (requester, kind, message["message"]), (self.user_settings_admin, "simple_notification", live)
            )
            form.l10n_fr_career_what_if_asked = False
            form.l10n_fr_career_what_if_asked = True
            self.assertEqual(form.l10n_fr_career_what_if, live)

    def test_a_background_run_outlived_by_a_save_is_dropped(self):
        Run = self.env["hr.career.what.if.run"].with_user(self.user_settings_admin)
        run = Run._for(self.company_w, {"l10n_fr_career_periodicity_months": 24})
        self.company_w.l10n_fr_career_due_soon_days = 45
        Run._cron_run(batch_size=7)
        self.assertFalse(run.exists())

    def test_background_runs_are_for_career_administrators_only(self):
        Run = self.env["hr.career.what.if.run"]
        Run.with_user(self.user_settings_admin)._for(self.company_w, {"l10n_fr_career_periodicity_months": 24})
        self.assertEqual(Run.with_user(self.user_settings_admin).search_count([]), 1)
        for user in (self.user_officer_w, self.user_settings_only):
            with self.assertRaises(AccessError, msg=user.login):
                Run.with_user(user).search([])
        other = new_test_user(
            self.env, "whatif_admin_b", groups=ADMIN, company_id=self.company_b.id, company_ids=[self.company_b.id]
        )
        self.assertEqual(Run.with_user(other).search_count([]), 0, "another company's run stays hidden")

    def test_the_stored_explanations_are_the_engines(self):
        """The register renders the explanation stored with each row: after a
        pass, word for word the engine's sentence of today, in each language."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self._run_daily_pass()
        obligations = self.env["hr.career.obligation"].search([("employee_id", "in", self.employees_w.ids)])
        self.assertTrue(obligations and all(obligations.mapped("explanation_parts")))
        results = self.env["hr.career.calendar"]._results(self.employees_w)
        engine_texts = {(e.id, *o.key): o.text for e, result in results.items() for o in result.obligations}
        for lang in ("fr_FR", "en_US"):
            render = sentences.renderer(self.env, lang)
            stored = obligations.with_context(lang=lang)._explanations()
            for record in obligations:
                expected = render(engine_texts[(record.employee_id.id, record.code, record.due_date)])
                self.assertEqual(stored[record.id], expected)
        with patch(f"{CALENDAR}.engine.compute_obligations", side_effect=AssertionError("engine run")):
            obligations.action_export_register_xlsx()

    # -- only for career administrators -------------------------------------------

    def test_refused_to_whoever_does_not_set_the_career_policy(self):
        values = {"l10n_fr_career_periodicity_months": 24}
        for user in (self.user_settings_only, self.user_officer_w, self.user_admin):
            with self.assertRaises(AccessError, msg=user.login):
                self.WhatIf.with_user(user)._preview(self.company_w, values)
        # Settings rights without the career administrators' group: no preview on the page.
        arch = self.env["res.config.settings"].with_user(self.user_settings_only).get_views([(False, "form")])
        self.assertIn('name="l10n_fr_career_periodicity_months"', arch["views"]["form"]["arch"])
        self.assertNotIn("l10n_fr_career_what_if", arch["views"]["form"]["arch"])
        settings = self.env["res.config.settings"].with_user(self.user_settings_only).with_company(self.company_w)
        with self.assertRaises(AccessError):
            settings.create({}).read(["l10n_fr_career_what_if"])
        arch = self.env["res.config.settings"].with_user(self.user_settings_admin).get_views([(False, "form")])
        self.assertIn('name="l10n_fr_career_what_if"', arch["views"]["form"]["arch"])
