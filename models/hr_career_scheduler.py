import logging

from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, format_date

from .. import engine
from ..tools import groups, sentences, sql
from .hr_career_interview import OPEN_STATES

_logger = logging.getLogger(__name__)

# Overdue obligations listed one by one in the daily digest (the oldest).
DIGEST_ROWS = 30
# Employees per batch: each batch is one transaction of the cron, and its
# queries do not grow with its size (tested), so larger batches only cost memory.
BATCH_SIZE = 1000
# What PostgreSQL answers when another transaction writes the same rows (a
# user editing the employee or an interview): the employee is put aside for
# later, not reported as broken (the errors Odoo retries a request on).
CONCURRENCY_ERRORS = (errors.LockNotAvailable, errors.SerializationFailure, errors.DeadlockDetected)
# How long a batch waits for a row a user's transaction holds before it puts
# the employee aside: a web request holds its rows for well under a second.
LOCK_TIMEOUT = "2s"


class HrCareerScheduler(models.AbstractModel):
    """The daily run: batches of the employees due for a look, each stored
    and planned by the calendar service (``hr.career.calendar._sync``), its
    progress kept so that it resumes after an interruption, and what is
    overdue escalated to HR. Every step writes only what differs, so a
    second run on the same day changes nothing.

    Escalation is one digest per company and day, e-mailed to the company's
    HR responsible when the day's run is complete: what is overdue, by
    obligation, the oldest first, with a link to the list. Not one activity
    per overdue interview: the manager's own activity already turns late on
    the interview, and at installation a company that is behind would give
    HR thousands of activities, which nobody works through one by one.
    """

    _name = "hr.career.scheduler"
    _description = "Career interview scheduler"

    @api.model
    def _cron_run(self, batch_size=None):
        """One batch of the day's run over the employees; returns what remains.

        The progress (the day, the last employee id done, the employees put
        aside) is the one row of ``hr.career.scheduler.state``, written in
        the batch's own transaction, like everything the batch writes (COPY
        included), and the cron framework commits between calls: a process
        killed inside a batch loses the batch whole, which the next call
        does again; one killed between batches resumes after the last one
        committed. The domain shrinks, so the framework calls again while
        ``remaining`` is positive. Nothing is stamped on the employees: an
        unchanged run writes nothing.

        An employee whose rows another transaction holds (a user editing
        it or one of its interviews) is put aside, not waited for: it gets
        one more try once the walk is over, then the next day's run.
        """
        # The run itself must recompute, whatever the caller's context says.
        self = self.with_context(l10n_fr_career_defer=False)  # noqa: PLW0642
        today = fields.Date.context_today(self)
        state = self.env["hr.career.scheduler.state"]._of_day(today)
        # For this transaction only (the framework commits after each call).
        self.env.cr.execute(SQL("SELECT set_config('lock_timeout', %s, true)", LOCK_TIMEOUT))
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        if not state.last_employee_id and not state.deferred_employee_ids:
            try:  # the day's first call
                with self.env.cr.savepoint():
                    self._check_headcounts()
            except CONCURRENCY_ERRORS as error:
                # A user holds an employee of the company: tomorrow's run counts again.
                _logger.info("Career scheduler: headcounts not checked today (%s)", error)
        # Only the employees whose facts changed or whose calendar moves today.
        scope = [*self._scope_domain(), *self.env["hr.career.calendar"]._due_for_a_look_domain(today)]
        employees = Employee.search(
            [*scope, ("id", ">", state.last_employee_id)], limit=batch_size or BATCH_SIZE, order="id"
        )
        retry = not employees and bool(state.deferred_employee_ids)
        if retry:
            employees = Employee.search([*scope, ("id", "in", state.deferred_employee_ids)], order="id")
        busy = self._run_isolated(employees, today)
        if retry:
            if busy:
                _logger.warning("Career scheduler: employees %s still busy, left for the next run", busy)
            state.deferred_employee_ids = False
        elif employees:
            deferred = [*(state.deferred_employee_ids or ()), *busy]
            state.write({"last_employee_id": employees[-1].id, "deferred_employee_ids": deferred or False})
        remaining = Employee.search_count([*scope, ("id", ">", state.last_employee_id)])
        remaining += len(state.deferred_employee_ids or ())
        if not remaining:
            self._send_overdue_digests(today)
        # ``done`` counts the employees looked at, put aside or not: the
        # framework takes a call that did nothing for the end of the job.
        self.env["ir.cron"]._notify_progress(done=len(employees), remaining=remaining)
        return remaining

    @api.model
    def _scope_domain(self):
        """The employees the run looks at: the active ones, and those who left
        with an interview still open (the run cancels it, with its
        activities, and then leaves them alone)."""
        return ["|", ("active", "=", True), ("l10n_fr_career_interview_ids.state", "in", OPEN_STATES)]

    @api.model
    def _run_isolated(self, employees, today):
        """Run a batch; return the ids of the employees put aside because
        another transaction holds their rows.

        The batch first locks its employees, skipping those locked
        elsewhere; if it fails, it is retried one by one, so that one broken
        or busy employee never stops the others. Each try is a savepoint: an
        employee put aside leaves nothing written and releases its locks.
        """
        try:
            with self.env.cr.savepoint():
                free = self._lock(employees)
                self._run(free, today)
            return sorted(set(employees.ids) - set(free.ids))
        except CONCURRENCY_ERRORS as error:
            _logger.info("Career scheduler batch met a concurrent write (%s), retrying employee by employee", error)
        except Exception:
            _logger.info("Career scheduler batch failed, retrying employee by employee", exc_info=True)
        busy = []
        for employee in employees:
            try:
                with self.env.cr.savepoint():
                    if not self._lock(employee):
                        busy.append(employee.id)
                        continue
                    self._run(employee, today)
            except CONCURRENCY_ERRORS as error:
                _logger.info("Career calendar of employee %s put aside: %s", employee.id, error)
                busy.append(employee.id)
            except Exception as error:
                _logger.exception("Career calendar of employee %s could not be computed", employee.id)
                try:
                    with self.env.cr.savepoint():
                        self._report_failure(employee, error)
                except CONCURRENCY_ERRORS:
                    busy.append(employee.id)
        return busy

    @api.model
    def _lock(self, employees):
        """Lock the employees' rows until the end of the batch; return those
        no other transaction holds (the others are skipped, not waited for).

        A transaction holds an employee when it stores its calendar (see
        ``hr.career.calendar._lock_to_store``), writes it (a user's edit) or inserts a row
        referring to it (an interview planned by hand, a leave): FOR UPDATE, the
        strongest row lock, also conflicts with the foreign key's KEY SHARE
        lock, so that such an employee is put aside rather than planned
        twice. A row held elsewhere (one of the employee's interviews, an
        activity) is waited for ``LOCK_TIMEOUT`` at most; then the batch is
        retried one by one and that employee put aside.
        """
        free = sql.lock_rows(self.env.cr, employees._table, employees.ids)
        return employees.filtered(lambda employee: employee.id in free)

    @api.model
    def _run(self, employees, today):
        # Locked by _lock for the batch: storing does not lock them again.
        self.env["hr.career.calendar"]._sync(employees, today, locked=True)

    @api.model
    def _check_headcounts(self):
        """A company whose headcount is counted (not set) and crossed 50 since
        the last look owes, or no longer owes, the corrective top-up at the
        summary reviews to come: its employees are looked at again. One of
        them held by a user: the company is counted again tomorrow."""
        companies = self.env["res.company"].sudo().search([("l10n_fr_career_headcount", "=", 0)])
        counts = dict(
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=True)  # as the policy counts (res.company._l10n_fr_career_headcount)
            ._read_group([("company_id", "in", companies.ids)], ["company_id"], ["__count"])
        )
        crossed = companies.filtered(
            lambda company: (
                (counts.get(company, 0) >= engine.SANCTION_HEADCOUNT)
                != (company.l10n_fr_career_counted_headcount >= engine.SANCTION_HEADCOUNT)
            )
        )
        marked = self.env["hr.career.calendar"]._mark_companies_changed(crossed, skip_locked=True)
        for company in companies - (crossed - marked):
            if company.l10n_fr_career_counted_headcount != counts.get(company, 0):
                company.l10n_fr_career_counted_headcount = counts.get(company, 0)

    @api.model
    def action_recompute_all(self):
        """Full recompute (HR menu, upgrade): every employee is looked at by
        the daily job, started now; it shows its progress and resumes after
        an interruption like any run."""
        if not self.env.user.has_group(groups.ADMIN):
            raise AccessError(self.env._("Only a career interviews administrator recomputes every calendar."))
        self.env["hr.career.calendar"]._mark_all_changed()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._("Every career calendar is being recomputed in the background."),
                # Opened from the menu or by its URL, the page shows where
                # the figures will move, not a blank screen under the toast.
                "next": self.env["ir.actions.act_window"]._for_xml_id(
                    "l10n_fr_hr_career_interview.action_career_dashboard"
                ),
            },
        }

    @api.model
    def _start_walk_now(self):
        """Employees were marked (a large import): the day's walk starts over
        and the job is asked to run now. A walk already past them would
        otherwise leave them to tomorrow; starting over costs only the
        employees due for a look."""
        self.env["hr.career.scheduler.state"]._of_day(fields.Date.context_today(self)).write({"last_employee_id": 0})
        cron = self.env.ref("l10n_fr_hr_career_interview.ir_cron_career_recompute", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()

    @api.model
    def _report_failure(self, employee, error):
        problem = {
            "code": "recompute_failed",
            "parts": sentences.encode(engine.texts.part("recompute_failed", error=str(error))),
        }
        employee.sudo().write(
            {
                "l10n_fr_career_problems": [problem],
                "l10n_fr_career_has_problem": True,
            }
        )

    # -- escalation: the daily digest ---------------------------------------------

    @api.model
    def _send_overdue_digests(self, today):
        """Once per company and day, e-mail the HR responsible what is overdue."""
        Obligation = self.env["hr.career.obligation"].sudo()
        not_sent = ["|", ("l10n_fr_career_digest_date", "=", False), ("l10n_fr_career_digest_date", "!=", today)]
        for company in self.env["res.company"].sudo().search(not_sent):
            overdue = [
                ("company_id", "=", company.id),
                ("status", "=", engine.OVERDUE),
                ("employee_id.active", "=", True),
            ]
            try:
                with self.env.cr.savepoint():
                    counts = dict(Obligation._read_group(overdue, ["code"], ["__count"]))
                    if counts:
                        # By employee after the date, not by row id: a day shares its due date
                        # among many (the reform's), and row ids follow the order of storing.
                        oldest = Obligation.search(overdue, order="due_date, employee_id, code", limit=DIGEST_ROWS)
                        self._send_overdue_digest(company, counts, oldest)
                    company.l10n_fr_career_digest_date = today
            except CONCURRENCY_ERRORS as error:
                # Someone is editing the company: its digest goes with the
                # next run, rather than failing the batch that ends this one.
                _logger.warning("Career overdue digest of company %s not sent: %s", company.id, error)

    @api.model
    def _send_overdue_digest(self, company, counts, oldest):
        """The digest: ``counts`` per obligation code, the ``oldest`` overdue."""
        responsible = company._l10n_fr_career_responsible()
        env = self.with_context(lang=responsible.lang or self.env.lang).env
        codes = dict(oldest._fields["code"]._description_selection(env))
        total = sum(counts.values())
        action = env.ref("l10n_fr_hr_career_interview.action_hr_career_obligation_to_plan")
        body = env["ir.qweb"]._render(
            "l10n_fr_hr_career_interview.career_overdue_digest",
            {
                "company": company,
                "counts": sorted((codes[code], count) for code, count in counts.items()),
                "oldest": oldest.with_env(env),
                "more": total - len(oldest),
                "codes": codes,
                "list_url": f"{company.get_base_url()}/odoo/action-{action.id}",
                "format_date": lambda day: format_date(env, day),
            },
        )
        env["mail.mail"].sudo().create(
            {
                "subject": env._(
                    "%(company)s: %(count)s career obligations overdue", company=company.name, count=total
                ),
                "body_html": body,
                "email_from": company.partner_id.email_formatted or self.env.user.email_formatted,
                "recipient_ids": [(6, 0, responsible.partner_id.ids)],
                "auto_delete": False,
            }
        )


class HrCareerSchedulerState(models.Model):
    """Where the day's run of the scheduler stands: one row for the database.

    The run walks the employees of every company by id; this row keeps the
    day, the last employee done and the employees put aside for one more
    try at the end. It is written in each batch's transaction, so that it
    never says more than what was committed. Kept here, not on a company
    (the walk covers them all), not in ``ir.config_parameter`` (each write
    of which clears the caches of the whole registry) and not on the cron's
    record (the cron runner keeps it locked while the job runs).
    """

    _name = "hr.career.scheduler.state"
    _description = "Career scheduler progress"

    day = fields.Date(readonly=True, export_string_translation=False)
    last_employee_id = fields.Integer(readonly=True, export_string_translation=False)
    deferred_employee_ids = fields.Json(readonly=True, export_string_translation=False)

    @api.model
    def _of_day(self, today):
        """The row, its walk started afresh when ``today`` is a new day."""
        state = self.sudo().search([], order="id", limit=1) or self.sudo().create({})
        if state.day != today:
            state.write({"day": today, "last_employee_id": 0, "deferred_employee_ids": False})
        return state
