import logging
from collections import defaultdict

from markupsafe import escape
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, format_date

from .. import bulk, engine
from .hr_career_calendar import SCHEDULER_WRITE
from .hr_career_interview import OPEN_STATES

_logger = logging.getLogger(__name__)

PLAN_ACTIVITY = "l10n_fr_hr_career_interview.mail_activity_type_career_interview"
OVERDUE_ACTIVITY = "l10n_fr_hr_career_interview.mail_activity_type_career_overdue"
VISIT_ACTIVITY = "l10n_fr_hr_career_interview.mail_activity_type_midcareer_visit"
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
    """The daily run: recompute each employee's calendar through the engine,
    keep one planned interview and one activity per open obligation, escalate
    what is overdue to HR. Every step writes only what differs, so a second
    run on the same day changes nothing.

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
        ``_lock_to_store``), writes it (a user's edit) or inserts a row
        referring to it (an interview planned by hand, a leave): FOR UPDATE, the
        strongest row lock, also conflicts with the foreign key's KEY SHARE
        lock, so that such an employee is put aside rather than planned
        twice. A row held elsewhere (one of the employee's interviews, an
        activity) is waited for ``LOCK_TIMEOUT`` at most; then the batch is
        retried one by one and that employee put aside.
        """
        if not employees:
            return employees
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE SKIP LOCKED",
                SQL.identifier(employees._table),
                tuple(employees.ids),
            )
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        return employees.filtered(lambda employee: employee.id in free)

    @api.model
    def _lock_to_store(self, employees):
        """The employees that still exist, their rows locked until the end of
        the transaction: what storing a calendar does first, whoever stores
        it (one query, as ``exists()``).

        Two transactions storing the same employee's calendar take turns.
        One that finds an employee locked (by a batch of the daily run, or a
        user's edit) waits for the other to end, then fails with a
        serialization error, as PostgreSQL does when a row changed under it:
        what it read is older than what the other stored, and storing it
        would duplicate the other's obligations. Odoo retries a request
        that fails so, on fresh data; the daily run puts the employee aside.
        """
        ids = tuple(record_id for record_id in employees._ids if isinstance(record_id, int))
        if not ids:
            return employees.browse()
        table = SQL.identifier(employees._table)
        self.env.cr.execute(
            SQL("SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE SKIP LOCKED", table, ids)
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        held = tuple(record_id for record_id in ids if record_id not in free)
        if held:
            # Those that do not exist any more are not locked either.
            self.env.cr.execute(SQL("SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE", table, held))
            if self.env.cr.fetchall():
                self.env.cr.execute(
                    "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure', "
                    "MESSAGE = 'career calendar stored meanwhile by another transaction'; END $$",
                    log_exceptions=False,
                )
        return employees.browse([record_id for record_id in ids if record_id in free])

    @api.model
    def _run(self, employees, today):
        obligation_ids = {}
        results = self.env["hr.career.calendar"]._store(employees, today, obligation_ids, planned=True)
        self._plan(results, today, obligation_ids)

    @api.model
    def _plan_employees(self, employees):
        """Re-plan some employees now (their manager changed, say)."""
        self._run(employees, fields.Date.context_today(self))

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
        if not self.env.user.has_group("l10n_fr_hr_career_interview.group_career_admin"):
            raise AccessError(self.env._("Only a career interviews administrator recomputes every calendar."))
        self.env["hr.career.calendar"]._mark_all_changed()
        self.env.ref("l10n_fr_hr_career_interview.ir_cron_career_recompute").sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._("Every career calendar is being recomputed in the background."),
            },
        }

    @api.model
    def _report_failure(self, employee, error):
        problem = {
            "code": "recompute_failed",
            "en": f"The career calendar could not be computed: {error}",
            "fr": f"Le calendrier des entretiens n'a pas pu être calculé : {error}",
        }
        employee.sudo().write(
            {
                "l10n_fr_career_problems": [problem],
                "l10n_fr_career_has_problem": True,
            }
        )

    # -- planning ---------------------------------------------------------------

    @api.model
    def _plan(self, results, today, obligation_ids):
        """Planned interviews and activities for ``results`` (the engine's,
        per employee); ``obligation_ids``: the stored obligations' ids by
        (employee id, code, due date)."""
        if not results:
            return
        Interview = (
            self.env["hr.career.interview"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True, l10n_fr_career_scheduler_write=SCHEDULER_WRITE)
        )
        employees = self.env["hr.employee"].sudo().browse([e.id for e in results])
        # The managers' users in one read: the loop below compares each
        # interviewer with the manager's user, one manager at a time otherwise.
        employees.parent_id.fetch(["user_id"])
        open_interviews = Interview.search([("employee_id", "in", employees.ids), ("state", "in", OPEN_STATES)])
        # employee id -> kind -> open interviews (one prefetch set for all)
        by_employee = defaultdict(dict)
        for (employee, kind), interviews in open_interviews.grouped(lambda i: (i.employee_id, i.kind)).items():
            by_employee[employee.id][kind] = interviews
        policies = {c: c._l10n_fr_career_policy() for c in employees.company_id}
        # Looked up once per run: the same few users take HR's share everywhere.
        responsibles = {c: c._l10n_fr_career_responsible() for c in employees.company_id}
        planned, to_create, duplicates = [], [], Interview
        for employee, result in results.items():
            policy = policies[employee.company_id]
            open_by_kind = by_employee.get(employee.id, {})
            if self._has_left(employee, today):
                self._cancel_after_departure(open_by_kind)
                continue
            wanted = engine.to_plan(result, policy, today)
            for kind, obligation in wanted.items():
                interview, extra = self._one_open(open_by_kind.pop(kind, Interview))
                duplicates |= extra
                values = self._interview_values(employee, obligation, obligation_ids)
                if interview:
                    self._update_interview(interview, values)
                    planned.append((interview, obligation, policy))
                else:
                    to_create.append((values, obligation, policy))
            self._cancel_obsolete(open_by_kind)
        self._cancel_duplicates(duplicates)
        created = self._create_interviews([values for values, _o, _p in to_create])
        planned += [(interview, o, p) for interview, (_v, o, p) in zip(created, to_create, strict=True)]
        self._sync_activities(planned, today, responsibles)
        self._sync_visit_activities(results, today, responsibles)

    @api.model
    def _interview_values(self, employee, obligation, obligation_ids):
        return {
            "employee_id": employee.id,
            "company_id": employee.company_id.id,
            "department_id": employee.department_id.id,
            "kind": engine.INTERVIEW_KIND_OF[obligation.code],
            "due_date": obligation.due_date,
            "obligation_id": obligation_ids.get((employee.id, *obligation.key), False),
            "interviewer_id": self._manager_user(employee).id,
            "is_automatic": True,
        }

    @api.model
    def _create_interviews(self, values_list):
        """The planned interviews, inserted as a set (see bulk.py).

        Each is valid by construction: the employee's own company and
        department, the open obligation it answers, the direct manager as
        interviewer (always allowed) and the model's defaults, read once.
        Nothing else happens at creation of a planned interview: no message
        (the scheduler's creations are silent) and no recomputation (only a
        held or refused interview changes the calendar).
        """
        Interview = self.env["hr.career.interview"].sudo()
        if not values_list:
            return Interview
        defaults = Interview.default_get(["state", "mode", "duration", "report_version"])
        rows = [{**defaults, **values} for values in values_list]
        interviews = Interview.browse(bulk.insert_rows(Interview, rows))
        self.env["hr.employee"].invalidate_model(["l10n_fr_career_interview_ids"])
        return interviews

    @api.model
    def _manager_user(self, employee):
        """The manager's internal user, who holds the interview by default."""
        manager_user = employee.parent_id.user_id
        if manager_user and not manager_user.share and manager_user != employee.user_id:
            return manager_user
        return self.env["res.users"]

    @api.model
    def _update_interview(self, interview, values):
        """Point an existing open interview at the obligation, writing only changes."""
        changes = {
            name: values[name]
            for name in ("due_date", "obligation_id")
            if (interview[name].id if name == "obligation_id" else interview[name]) != values[name]
        }
        interviewer = interview.interviewer_id
        if (
            interview.state == "to_plan"
            and interviewer
            and interviewer != interview.employee_id.parent_id.user_id  # the usual case, allowed
            and not interview._interviewer_allowed(interviewer)
        ):
            changes["interviewer_id"] = False  # the manager changed: the new one takes over
        if changes:
            interview.write(changes)

    @api.model
    def _has_left(self, employee, today):
        """Archived, or past the end of the contract: nobody can hold an
        interview with them any more."""
        end = employee._l10n_fr_career_end_date()
        return not employee.active or bool(end and end < today)

    @api.model
    def _cancel_after_departure(self, open_by_kind):
        """Every interview still open for someone who left, planned by the
        scheduler or by hand, is cancelled with its activities."""
        for interviews in open_by_kind.values():
            interviews.write({"state": "cancelled"})
            for interview in interviews:
                interview._message_log(body=self.env._("Cancelled by the scheduler: the employee has left."))

    @api.model
    def _one_open(self, interviews):
        """The open interview of a kind that answers the obligation, and the
        scheduler's own extras of that kind.

        Two open interviews of one kind come from a race: a user planned one
        by hand while a batch, which could not see it yet, planned its own.
        The user's is kept; the scheduler's extra is cancelled.
        """
        if len(interviews) < 2:
            return interviews, interviews.browse()
        extras = interviews.filtered(lambda i: i.is_automatic and i.state == "to_plan")
        kept = (interviews - extras)[:1] or interviews[:1]
        return kept, extras - kept

    @api.model
    def _cancel_duplicates(self, interviews):
        if interviews:
            interviews.write({"state": "cancelled"})
            for interview in interviews:
                interview._message_log(
                    body=self.env._("Cancelled by the scheduler: another open interview answers the same obligation.")
                )

    @api.model
    def _cancel_obsolete(self, open_by_kind):
        """Interviews the scheduler planned for obligations now met otherwise
        (``open_by_kind`` holds the kinds no open obligation wants)."""
        for interviews in open_by_kind.values():
            obsolete = interviews.filtered(lambda i: i.is_automatic and i.state == "to_plan")
            if obsolete:
                obsolete.write({"state": "cancelled"})
                for interview in obsolete:
                    interview._message_log(
                        body=self.env._("Cancelled by the scheduler: the obligation is no longer open.")
                    )

    # -- activities ---------------------------------------------------------------

    @api.model
    def _sync_activities(self, planned, today, responsibles):
        """One planning activity per interview to plan (escalations of earlier
        versions, one per overdue interview, are removed: see the digest)."""
        if not planned:
            return
        interviews = self.env["hr.career.interview"].sudo().browse([i.id for i, _o, _p in planned])
        plan_type = self.env.ref(PLAN_ACTIVITY)
        overdue_type = self.env.ref(OVERDUE_ACTIVITY)
        existing = self._activities_of(interviews, plan_type | overdue_type)
        current = {(a.res_id, a.activity_type_id.id): a for a in existing}
        model_id = self.env["ir.model"]._get_id("hr.career.interview")
        to_create = []
        for interview, obligation, policy in planned:
            wanted = {}
            if interview.state == "to_plan":
                user = self._interviewer_or_responsible(interview, responsibles[interview.company_id])
                wanted[plan_type.id] = (user, engine.activity_date(obligation, policy))
            for type_id, (user, deadline) in wanted.items():
                activity = current.pop((interview.id, type_id), None)
                if activity is None:
                    to_create.append(self._activity_values(interview, type_id, user, deadline, obligation, model_id))
                elif activity.user_id != user or activity.date_deadline != deadline:
                    activity.write({"user_id": user.id, "date_deadline": deadline})
        self.env["mail.activity"].sudo().browse([a.id for a in current.values()]).unlink()
        self._create_activities(to_create)

    @api.model
    def _activities_of(self, records, activity_types):
        """The activities of these types on ``records``, whoever they are for."""
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", records._name),
                    ("res_id", "in", records.ids),
                    ("activity_type_id", "in", activity_types.ids),
                ]
            )
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
                        oldest = Obligation.search(overdue, order="due_date, id", limit=DIGEST_ROWS)
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

    @api.model
    def _interviewer_or_responsible(self, interview, responsible):
        """The interviewer; else the manager, who becomes the interviewer; else HR."""
        if interview.interviewer_id:
            return interview.interviewer_id
        manager_user = self._manager_user(interview.employee_id)
        if manager_user:
            interview.interviewer_id = manager_user
            return manager_user
        return responsible

    @api.model
    def _activity_values(self, record, type_id, user, deadline, obligation, model_id=None):
        """An automated activity on ``record`` explaining ``obligation`` in the user's language.

        ``model_id``: the id of ``record``'s model, when the caller has it
        (looked up once per batch rather than once per activity)."""
        return {
            "res_model_id": model_id or self.env["ir.model"]._get_id(record._name),
            "res_model": record._name,
            "res_id": record.id,
            "res_name": record.display_name,
            "activity_type_id": type_id,
            "user_id": user.id,
            "user_tz": user.tz or False,
            "date_deadline": deadline,
            "automated": True,
            "active": True,
            # One escaped paragraph: safe HTML without parsing it again.
            "note": f"<p>{escape(obligation.explanation[engine.lang_of(user.lang)])}</p>",
        }

    @api.model
    def _sync_visit_activities(self, results, today, responsibles):
        """HR organises the mid-career visit in the year of the 45th birthday."""
        visit_type = self.env.ref(VISIT_ACTIVITY)
        employees = self.env["hr.employee"].sudo().browse([e.id for e in results])
        existing = self._activities_of(employees, visit_type)
        current = {a.res_id: a for a in existing}
        model_id = self.env["ir.model"]._get_id("hr.employee")
        to_create = []
        for employee, result in results.items():
            visit = engine.midcareer_visit_to_organise(result, today) if employee.active else None
            activity = current.pop(employee.id, None)
            if visit and activity is None:
                user = responsibles[employee.company_id]
                to_create.append(self._activity_values(employee, visit_type.id, user, visit.due_date, visit, model_id))
            elif activity and not visit:
                activity.action_feedback(feedback=self.env._("Mid-career visit recorded."))
        self._create_activities(to_create)

    @api.model
    def _create_activities(self, values_list):
        """Inserted as a set (see bulk.py): the first run makes one per open
        obligation of the whole company.

        What ``mail.activity.create`` would add is left out on purpose: no
        e-mail per activity (at install a manager would get one per
        employee) and no follower subscription (the interviewer reaches the
        interview through the record rules; following thousands of records
        would mail them every message). The activity counters of the
        assignees are refreshed as create() does.
        """
        if not values_list:
            return self.env["mail.activity"]
        Activity = self.env["mail.activity"].sudo()
        activities = Activity.browse(bulk.insert_rows(Activity, values_list, validate=False))
        for model in {values["res_model"] for values in values_list}:
            self.env[model].invalidate_model()
        today = fields.Date.context_today(self)
        due_by_user = defaultdict(int)
        for values in values_list:
            if values["date_deadline"] <= today:
                due_by_user[values["user_id"]] += 1
        for user in self.env["res.users"].browse(list(due_by_user)):
            user._bus_send("mail.activity/updated", {"activity_created": True, "count_diff": due_by_user[user.id]})
        return activities


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
