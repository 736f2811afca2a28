import hashlib
from collections import Counter, defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL

from .. import bulk, engine

# The next look of an employee nothing can change for: far enough.
NEVER = date(9999, 12, 31)
# In the context of the scheduler's own writes on interviews (cancelling
# what it planned, pointing it at an obligation): they change no fact and
# must not make the employee look changed. An object, so no client can send it.
SCHEDULER_WRITE = object()


def written_by_scheduler(env):
    return env.context.get("l10n_fr_career_scheduler_write") is SCHEDULER_WRITE


class HrCareerCalendar(models.AbstractModel):
    """The one path from an employee's facts to what is stored of their
    legal calendar.

    Facts are read here, handed to the engine, and its answer is stored: the
    obligations HR acts on, the employee's summary fields and the day the
    employee must be looked at again (the engine's next change). Employee
    and fact hooks, the daily scheduler and the full-calendar view all come
    through here; nothing else reads facts or decides what to store.
    """

    _name = "hr.career.calendar"
    _description = "Career interview calendar"

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
        leaves = (
            self.env["hr.leave"]
            .sudo()
            .search_fetch(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "=", "validate"),
                    ("holiday_status_id.l10n_fr_career_return_kind", "!=", False),
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
        policies = {company: company._l10n_fr_career_policy() for company in employees.company_id}
        return {
            employee: engine.compute_obligations(facts[employee.id], policies[employee.company_id], today)
            for employee in employees
        }

    # -- storing it --------------------------------------------------------------

    @api.model
    def _store(self, employees, today=None, obligation_ids=None, planned=False):
        """Ask the engine for each employee's obligations and store them.

        Writes only what differs, so running it twice writes nothing.
        Returns the engine's result per employee, and fills ``obligation_ids``
        (a dict), if given, with the stored obligations' ids by (employee id,
        code, due date). Context ``l10n_fr_career_defer`` (bulk imports)
        only marks the employees for the next daily pass.

        ``planned``: the caller plans the interviews and activities of these
        results (the scheduler); they are then looked at again on the
        engine's next change. Otherwise (a hook), the next daily pass plans.
        """
        if self.env.context.get("l10n_fr_career_defer"):
            self._mark_changed(employees)
            return {}
        # Locked, not only checked (see hr.career.scheduler._lock_to_store).
        employees = self.env["hr.career.scheduler"]._lock_to_store(
            employees.sudo().with_context(active_test=False, tracking_disable=True)
        )
        if not employees:
            return {}
        today = today or fields.Date.context_today(self)
        facts = self._facts(employees, with_history=True)
        policies = {company: company._l10n_fr_career_policy() for company in employees.company_id}
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
        # Targeted invalidation, not unlink()'s whole-cache wipe (bulk.py).
        bulk.delete_rows(to_delete)
        # The scheduler's own derived rows: inserted as a set (see bulk.py).
        for obligation_id, row in zip(bulk.insert_rows(Obligation, to_create), to_create, strict=True):
            ids_by_key[row["employee_id"], row["code"], row["due_date"]] = obligation_id
        employees.invalidate_recordset(["l10n_fr_career_obligation_ids"])
        for employee, (result, exposure, _policy) in results.items():
            changed = self._summary_changes(employee, result, exposure, ids_by_key)
            if changed:
                summaries[employee.id] = changed
        bulk.update_rows(employees, summaries)
        bulk.update_rows(employees, self._next_looks(employees, results, planned), audit=False)
        return {employee: result for employee, (result, _exposure, _policy) in results.items()}

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
                to_create.append(
                    {
                        **values,
                        "employee_id": employee.id,
                        "company_id": employee.company_id.id,
                        "department_id": employee.department_id.id,
                        "code": obligation.code,
                        "due_date": obligation.due_date,
                    }
                )
                continue
            kept[(employee.id, *obligation.key)] = current.id
            if current.signature != values["signature"]:
                current.write(values)
        return to_create, stored.browse([o.id for o in by_key.values()]), kept

    @api.model
    def _summary_changes(self, employee, result, exposure, ids_by_key):
        """The employee's summary fields that differ from what the engine says."""
        nxt = result.next_open()
        problems = [{"code": p.code, "en": p.text("en"), "fr": p.text("fr")} for p in result.problems]
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

    # -- the mark of changed facts -----------------------------------------------

    @api.model
    def _mark_changed(self, employees):
        """The facts of ``employees`` changed without a recomputation (an
        import, a deferred write): the next daily pass looks at them.

        One indexed column set to NULL, without write_date or chatter."""
        ids = employees.ids
        if not ids:
            return
        self.env.cr.execute(SQL("UPDATE hr_employee SET l10n_fr_career_next_look = NULL WHERE id IN %s", tuple(ids)))
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
        rows = SQL("SELECT id FROM hr_employee WHERE company_id IN %s", tuple(companies.ids))
        if skip_locked:
            rows = SQL("%s FOR UPDATE SKIP LOCKED", rows)
        self.env.cr.execute(
            SQL(
                "UPDATE hr_employee SET l10n_fr_career_next_look = NULL WHERE id IN (%s) RETURNING company_id",
                rows,
            )
        )
        marked = Counter(company_id for (company_id,) in self.env.cr.fetchall())
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
        """Every calendar is computed again by the next daily pass (module
        upgrade: the rules may have changed)."""
        self.env.cr.execute(SQL("UPDATE hr_employee SET l10n_fr_career_next_look = NULL"))
        self.env["hr.employee"].invalidate_model(["l10n_fr_career_next_look"])

    @api.model
    def _due_for_a_look_domain(self, today):
        """Employees whose facts changed or whose calendar moves by ``today``."""
        return ["|", ("l10n_fr_career_next_look", "=", False), ("l10n_fr_career_next_look", "<=", today)]


def _obligation_values(obligation):
    """What is stored of an obligation (its explanation is computed on read)."""
    values = {
        "window_start": obligation.window_start,
        "fulfilment": obligation.fulfilment,
        "met_on": obligation.met_on or False,
        "interview_id": obligation.met_by.ref if obligation.met_by else False,
        "article": obligation.article,
        "regime": obligation.regime,
    }
    # str(), not repr(): a date is the same date whatever its class.
    values["signature"] = hashlib.sha1("|".join(map(str, values.values())).encode()).hexdigest()
    return values


def _differs(record, name, value):
    current = record[name]
    if isinstance(current, models.BaseModel):
        current = current.id
    return (current or False) != (value or False)
