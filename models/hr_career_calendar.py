import hashlib
from collections import Counter, defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL

from .. import engine
from ..tools import bulk, sentences, sql

# What storing compares on the employee: read in one query of these columns
# (a lazy read of one would load every column of hr.employee, and hr checks
# the access to each of them, per query).
STORED_EMPLOYEE_FIELDS = [
    "l10n_fr_career_next_obligation_id",
    "l10n_fr_career_next_due_date",
    "l10n_fr_career_problems",
    "l10n_fr_career_has_problem",
    "l10n_fr_career_bucket",
    "l10n_fr_career_summary_due_date",
    "l10n_fr_career_summary_failing",
    "l10n_fr_career_amount_at_stake",
    "l10n_fr_career_next_look",
    "department_id",
    "parent_id",
    "user_id",
    "active",
    "name",  # the activities' record names, computed one record at a time
]
# The next look of an employee nothing can change for: far enough.
NEVER = date(9999, 12, 31)


class HrCareerCalendar(models.AbstractModel):
    """The one path from an employee's facts to what is stored of their
    legal calendar.

    Facts are read here, handed to the engine, and its answer is stored: the
    obligations HR acts on, the employee's summary fields and the day the
    employee must be looked at again (the engine's next change). Every
    change of a fact comes in through :meth:`_facts_changed`, the daily
    scheduler through :meth:`_sync`, which hands the answers to
    ``hr.career.planner`` (interviews, activities); nothing else reads facts
    or decides what to store.
    """

    _name = "hr.career.calendar"
    _description = "Career interview calendar"

    # -- the one entry for a change of facts -----------------------------------

    @api.model
    def _facts_changed(self, employees, replan=False, later=False):
        """``employees``' facts changed: the one decision of what follows.

        - ``replan`` (a new manager, a departure): store and plan now, so
          that the planned interviews change hands or are cancelled at once;
        - ``later`` (only the planning moved: an interview planned by hand;
          or many employees at once: a time off type flagged), or an import
          (context ``l10n_fr_career_defer``): only mark them, the next daily
          pass stores and plans;
        - otherwise: store now, so that lists and filters are right at once;
          the next daily pass plans.
        """
        employees = employees.sudo().with_context(active_test=False)
        if not employees:
            return
        if later or self.env.context.get("l10n_fr_career_defer"):
            self._mark_changed(employees)
        elif replan:
            self._sync(employees)
        else:
            self._store(employees)

    # -- facts ------------------------------------------------------------------

    @api.model
    def _facts(self, employees, with_history=False):
        """The engine's facts for each employee id, read in a few batched queries.

        ``with_history`` adds trainings and progressions, which only the
        summary review needs.
        """
        employees = employees.sudo().with_context(active_test=False)
        # search_fetch() with the fields the facts need: one query each, and
        # not the many columns of the records (notes, reports) for nothing.
        employees.fetch(
            [
                "l10n_fr_career_hire_date",
                "birthday",
                "departure_date",
                "contract_id",
                "l10n_fr_career_information_date",
                "l10n_fr_midcareer_visit_date",
                "company_id",
            ]
        )
        employees.contract_id.fetch(["date_end"])
        interviews_by_employee = self.env["hr.career.interview"]._engine_facts_of(employees.ids)
        leaves_by_employee = self._leave_facts(employees)
        history = self._history_facts(employees) if with_history else defaultdict(dict)
        return {
            employee.id: engine.EmployeeFacts(
                hire_date=employee.l10n_fr_career_hire_date or None,
                birth_date=employee.birthday or None,
                end_date=employee._l10n_fr_career_end_date(),
                information_date=employee.l10n_fr_career_information_date or None,
                midcareer_visit_date=employee.l10n_fr_midcareer_visit_date or None,
                interviews=tuple(interviews_by_employee[employee.id]),
                leaves=tuple(leaves_by_employee[employee.id]),
                trainings=tuple(history[employee.id].get("trainings", ())),
                progressions=tuple(history[employee.id].get("progressions", ())),
            )
            for employee in employees
        }

    @api.model
    def _leave_facts(self, employees):
        """Flagged time off and the absences entered on the employee."""
        by_employee = defaultdict(list)
        # The flagged types by SQL: hr.leave.type's search() depends on the
        # current user's employee (hr_holidays), which costs queries that
        # vary with what the batch left in the cache.
        self.env["hr.leave.type"].flush_model(["l10n_fr_career_return_kind"])
        self.env.cr.execute(SQL("SELECT id FROM hr_leave_type WHERE l10n_fr_career_return_kind IS NOT NULL"))
        flagged_types = [row[0] for row in self.env.cr.fetchall()]
        leaves = (
            self.env["hr.leave"]
            .sudo()
            .search_fetch(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "=", "validate"),
                    ("holiday_status_id", "in", flagged_types),
                ],
                ["employee_id", "holiday_status_id", "request_date_from", "request_date_to"],
            )
        )
        for leave in leaves:
            by_employee[leave.employee_id.id].append(
                engine.LeaveFact(
                    leave.holiday_status_id.l10n_fr_career_return_kind,
                    leave.request_date_from,
                    leave.request_date_to,
                    leave.id,
                )
            )
        absences = (
            self.env["hr.career.absence"]
            .sudo()
            .search_fetch([("employee_id", "in", employees.ids)], ["employee_id", "kind", "date_from", "date_to"])
        )
        for absence in absences:
            by_employee[absence.employee_id.id].append(absence._engine_fact())
        return by_employee

    @api.model
    def _history_facts(self, employees):
        """Trainings and progressions (recorded, and read from the contracts)."""
        history = defaultdict(lambda: {"trainings": [], "progressions": []})
        trainings = (
            self.env["hr.career.training"]
            .sudo()
            .search_fetch(
                [("employee_id", "in", employees.ids)],
                ["employee_id", "date", "name", "is_mandatory", "is_certifying", "is_vae"],
            )
        )
        for training in trainings:
            history[training.employee_id.id]["trainings"].append(training._engine_fact())
        progressions = (
            self.env["hr.career.progression"]
            .sudo()
            .search_fetch([("employee_id", "in", employees.ids)], ["employee_id", "date", "kind", "note"])
        )
        for progression in progressions:
            history[progression.employee_id.id]["progressions"].append(progression._engine_fact())
        for employee_id, progression in self.env["hr.contract"]._l10n_fr_career_progressions(employees):
            history[employee_id]["progressions"].append(progression)
        return history

    # -- what the engine says, nothing written --------------------------------

    @api.model
    def _results(self, employees, today=None):
        """The engine's full calendar of each employee on ``today``, stored or not."""
        employees = employees.sudo().with_context(active_test=False)
        today = today or fields.Date.context_today(self)
        facts = self._facts(employees)
        policies = self._policies(employees)
        return {
            employee: engine.compute_obligations(facts[employee.id], policies[employee.company_id], today)
            for employee in employees
        }

    # -- storing it --------------------------------------------------------------

    @api.model
    def _store(self, employees, today=None, obligation_ids=None, planned=False, policies=None, locked=False):
        """Ask the engine for each employee's obligations and store them.

        Writes only what differs, so running it twice writes nothing.
        Returns the engine's result per employee, and fills ``obligation_ids``
        (a dict), if given, with the stored obligations' ids by (employee id,
        code, due date).

        ``planned``: the caller plans the interviews and activities of these
        results (the scheduler); they are then looked at again on the
        engine's next change. Otherwise (a hook), the next daily pass plans.
        ``policies``: the companies' policies, when the caller has them.
        ``locked``: the caller (the daily pass) holds the employees' rows.
        """
        employees = employees.sudo().with_context(active_test=False, tracking_disable=True)
        # Locked, not only checked (see _lock_to_store).
        employees = employees.filtered("id") if locked else self._lock_to_store(employees)
        if not employees:
            return {}
        today = today or fields.Date.context_today(self)
        facts = self._facts(employees, with_history=True)
        employees.fetch(STORED_EMPLOYEE_FIELDS)
        policies = policies or self._policies(employees)
        Obligation = self.env["hr.career.obligation"].sudo()
        # grouped() keeps one prefetch set: the fields load in one query.
        stored = employees.l10n_fr_career_obligation_ids.grouped("employee_id")
        ids_by_key = obligation_ids if obligation_ids is not None else {}
        to_create, to_delete = [], Obligation
        results, summaries = {}, {}
        for employee in employees:
            policy = policies[employee.company_id]
            result = engine.compute_obligations(facts[employee.id], policy, today)
            create_vals, stale, kept = self._sync_obligations(
                employee, engine.stored_calendar(result, policy), stored.get(employee, Obligation)
            )
            ids_by_key.update(kept)
            to_create += create_vals
            to_delete |= stale
            results[employee] = (result, engine.exposure(facts[employee.id], policy, today, result), policy)
        # Targeted invalidation, not unlink()'s whole-cache wipe (tools/bulk.py).
        bulk.delete_rows(to_delete)
        # The scheduler's own derived rows: inserted as a set (see tools/bulk.py).
        for obligation_id, row in zip(bulk.insert_rows(Obligation, to_create), to_create, strict=True):
            ids_by_key[row["employee_id"], row["code"], row["due_date"]] = obligation_id
        employees.invalidate_recordset(["l10n_fr_career_obligation_ids"])
        self._sync_closed_interviews(results, ids_by_key)
        for employee, (result, exposure, _policy) in results.items():
            changed = self._summary_changes(employee, result, exposure, ids_by_key)
            if changed:
                summaries[employee.id] = changed
        # One row update per employee: the next look rides with the summary
        # when both moved (it alone leaves write_date as it is).
        looks = self._next_looks(employees, results, planned)
        bulk.update_rows(employees, {i: {**values, **looks.pop(i, {})} for i, values in summaries.items()})
        bulk.update_rows(employees, looks, audit=False)
        return {employee: result for employee, (result, _exposure, _policy) in results.items()}

    @api.model
    def _sync_closed_interviews(self, results, ids_by_key):
        """Each interview held or refused shows the obligation it answered
        and that obligation's due date, as the engine matched them: never the
        next obligation open when it was entered, in the history, the portal
        and the documents alike. A delivered report is frozen: left as it was
        handed over. One query; only what differs is written."""
        answered = {}
        for employee, (result, _exposure, _policy) in results.items():
            for ref, obligation in engine.answered_obligation_of(result).items():
                answered[ref] = (ids_by_key.get((employee.id, *obligation.key)) or None, obligation.due_date)
        Interview = self.env["hr.career.interview"].sudo().with_context(tracking_disable=True)
        Interview.flush_model(["employee_id", "state", "obligation_id", "due_date"])
        self.env.cr.execute(
            SQL(
                "SELECT id, obligation_id, due_date FROM hr_career_interview"
                " WHERE employee_id = ANY(%s) AND state IN ('held', 'refused')",
                [employee.id for employee in results],
            )
        )
        for interview_id, obligation_id, due_date in self.env.cr.fetchall():
            expected = answered.get(interview_id, (None, None))
            if (obligation_id, due_date) != expected:
                Interview.browse(interview_id).write({"obligation_id": expected[0] or False, "due_date": expected[1]})

    @api.model
    def _sync_obligations(self, employee, obligations, stored):
        """Make the stored rows match ``obligations`` (the engine's stored
        calendar); return (values to create, stale records,
        {(employee id, code, due date): id} of those kept).

        A stored obligation is compared through its signature only, so an
        unchanged calendar costs one field read per obligation.
        """
        by_key = {(o.code, o.due_date): o for o in stored}
        to_create, kept = [], {}
        for obligation in obligations:
            values = _obligation_values(obligation)
            current = by_key.pop(obligation.key, None)
            if current is None:
                to_create.append(obligation_row(employee, obligation, values))
                continue
            kept[(employee.id, *obligation.key)] = current.id
            if current.signature != values["signature"]:
                current.write(values)
        return to_create, stored.browse([o.id for o in by_key.values()]), kept

    @api.model
    def _summary_changes(self, employee, result, exposure, ids_by_key):
        """The employee's summary fields that differ from what the engine says."""
        nxt = result.next_open()
        problems = [sentences.problem_row(problem) for problem in result.problems]
        values = {
            "l10n_fr_career_next_obligation_id": ids_by_key.get((employee.id, *nxt.key), False) if nxt else False,
            "l10n_fr_career_next_due_date": nxt.due_date if nxt else False,
            "l10n_fr_career_problems": problems or False,
            "l10n_fr_career_has_problem": bool(problems),
            "l10n_fr_career_bucket": exposure.bucket,
            "l10n_fr_career_summary_due_date": exposure.summary_due_date or False,
            "l10n_fr_career_summary_failing": exposure.summary_failing,
            "l10n_fr_career_amount_at_stake": exposure.amount_at_stake,
        }
        return {name: value for name, value in values.items() if _differs(employee, name, value)}

    @api.model
    def _next_looks(self, employees, results, planned):
        """The day each employee must be looked at again, where it moved:
        the engine's next change once planned, else the next daily pass."""
        looks = {}
        for employee, (result, _exposure, policy) in results.items():
            look = (engine.next_change(result, policy) or NEVER) if planned else False
            if (employee.l10n_fr_career_next_look or False) != look:
                looks[employee.id] = {"l10n_fr_career_next_look": look}
        return looks

    # -- storing and planning: what the daily pass does ------------------------

    @api.model
    def _sync(self, employees, today=None, locked=False):
        """Store the employees' calendars, then have the planner plan what is
        due for planning (hr.career.planner). Returns the engine's results.
        ``locked``: the caller (the daily pass) holds the employees' rows."""
        today = today or fields.Date.context_today(self)
        obligation_ids = {}
        # Once for storing and planning: a policy counts the company's headcount.
        policies = self._policies(employees)
        results = self._store(employees, today, obligation_ids, planned=True, policies=policies, locked=locked)
        self.env["hr.career.planner"]._plan(results, today, obligation_ids, policies)
        return results

    @api.model
    def _policies(self, employees):
        """The engine's policy of each of the employees' companies."""
        return {company: company._l10n_fr_career_policy() for company in employees.sudo().company_id}

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
        cr, table = self.env.cr, employees._table
        free = sql.lock_rows(cr, table, ids, "NO KEY UPDATE")
        held = [record_id for record_id in ids if record_id not in free]
        # Those that do not exist any more are not locked either.
        if held and sql.lock_rows(cr, table, held, "NO KEY UPDATE", skip_locked=False):
            sql.fail_as_serialization(cr, "career calendar stored meanwhile by another transaction")
        return employees.browse([record_id for record_id in ids if record_id in free])

    # -- the mark of changed facts -----------------------------------------------

    @api.model
    def _mark_changed(self, employees):
        """The facts of ``employees`` changed without a recomputation (an
        import, a deferred write): the next daily pass looks at them.

        One indexed column set to NULL (tools/sql.clear_next_look)."""
        sql.clear_next_look(self.env.cr, employees._table, ids=employees.ids)
        employees.invalidate_recordset(["l10n_fr_career_next_look"])

    @api.model
    def _mark_companies_changed(self, companies, skip_locked=False):
        """A setting of ``companies`` changed: all their employees are looked at.

        ``skip_locked`` (the daily job, which must not wait for users):
        employees another transaction holds are left as they are; returns
        the companies whose employees were all marked.
        """
        if not companies:
            return companies
        Employee = self.env["hr.employee"]
        marked = Counter(
            sql.clear_next_look(self.env.cr, Employee._table, company_ids=companies.ids, skip_locked=skip_locked)
        )
        self.env["hr.employee"].invalidate_model(["l10n_fr_career_next_look"])
        if not skip_locked:
            return companies
        totals = dict(
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([("company_id", "in", companies.ids)], ["company_id"], ["__count"])
        )
        return companies.filtered(lambda company: marked[company.id] == totals.get(company, 0))

    @api.model
    def _mark_all_changed(self):
        """Every calendar is computed again (module install or upgrade: the
        rules may have changed): marked only, so that nobody waits; the daily
        job is asked to start now and does it in batches, with its progress."""
        sql.clear_next_look(self.env.cr, self.env["hr.employee"]._table)
        self.env["hr.employee"].invalidate_model(["l10n_fr_career_next_look"])
        cron = self.env.ref("l10n_fr_hr_career_interview.ir_cron_career_recompute", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()

    @api.model
    def _due_for_a_look_domain(self, today):
        """Employees whose facts changed or whose calendar moves by ``today``."""
        return ["|", ("l10n_fr_career_next_look", "=", False), ("l10n_fr_career_next_look", "<=", today)]


def _obligation_values(obligation):
    """What is stored of an obligation (its explanation as parts, rendered on read)."""
    values = {
        "window_start": obligation.window_start,
        "fulfilment": obligation.fulfilment,
        "met_on": obligation.met_on or False,
        "interview_id": obligation.met_by.ref if obligation.met_by else False,
        "article": obligation.article,
        "regime": obligation.regime,
        "explanation_parts": sentences.encode(obligation.text),
    }
    # str(), not repr(): a date is the same date whatever its class.
    values["signature"] = hashlib.sha1("|".join(map(str, values.values())).encode()).hexdigest()
    return values


def obligation_row(employee, obligation, values=None):
    """An obligation of ``employee`` as a row of hr.career.obligation (to
    insert, or to show unsaved with ``new()``)."""
    return {
        **(values or _obligation_values(obligation)),
        "employee_id": employee.id,
        "company_id": employee.company_id.id,
        "department_id": employee.department_id.id,
        "code": obligation.code,
        "due_date": obligation.due_date,
    }


def _differs(record, name, value):
    current = record[name]
    if isinstance(current, models.BaseModel):
        current = current.id
    return (current or False) != (value or False)
