import hashlib
from collections import Counter, defaultdict
from datetime import date

from markupsafe import escape

from odoo import Command, api, fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .. import bulk, engine, sentences

_lt = LazyTranslate(__name__)
# An interview still to hold.
OPEN_STATES = ("to_plan", "convened")

PLAN_ACTIVITY = "l10n_fr_hr_career_interview.mail_activity_type_career_interview"
OVERDUE_ACTIVITY = "l10n_fr_hr_career_interview.mail_activity_type_career_overdue"
VISIT_ACTIVITY = "l10n_fr_hr_career_interview.mail_activity_type_midcareer_visit"
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
# What planning reads of an open interview.
PLANNING_FIELDS = ["employee_id", "company_id", "kind", "state", "due_date", "obligation_id", "also_kinds"]
PLANNING_FIELDS += ["interviewer_id", "is_automatic"]
# Why the scheduler cancels an interview it planned, said in its chatter.
CANCEL_LEFT, CANCEL_DUPLICATE, CANCEL_OBSOLETE = "left", "duplicate", "obsolete"
CANCEL_REASONS = {
    CANCEL_LEFT: _lt("Cancelled by the scheduler: the employee has left."),
    CANCEL_DUPLICATE: _lt("Cancelled by the scheduler: another open interview answers the same obligation."),
    CANCEL_OBSOLETE: _lt("Cancelled by the scheduler: no open obligation needs it now."),
}

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
    def _store(self, employees, today=None, obligation_ids=None, planned=False, policies=None):
        """Ask the engine for each employee's obligations and store them.

        Writes only what differs, so running it twice writes nothing.
        Returns the engine's result per employee, and fills ``obligation_ids``
        (a dict), if given, with the stored obligations' ids by (employee id,
        code, due date). Context ``l10n_fr_career_defer`` (bulk imports)
        only marks the employees for the next daily pass.

        ``planned``: the caller plans the interviews and activities of these
        results (the scheduler); they are then looked at again on the
        engine's next change. Otherwise (a hook), the next daily pass plans.
        ``policies``: the companies' policies, when the caller has them.
        """
        if self.env.context.get("l10n_fr_career_defer"):
            self._mark_changed(employees)
            return {}
        # Locked, not only checked (see _lock_to_store).
        employees = self._lock_to_store(employees.sudo().with_context(active_test=False, tracking_disable=True))
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
        # One row update per employee: the next look rides with the summary
        # when both moved (it alone leaves write_date as it is).
        looks = self._next_looks(employees, results, planned)
        bulk.update_rows(employees, {i: {**values, **looks.pop(i, {})} for i, values in summaries.items()})
        bulk.update_rows(employees, looks, audit=False)
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
    def _sync(self, employees, today=None):
        """Store the employees' calendars, then plan what is due for planning:
        one interview per meeting the engine groups, its interviewer asked
        to act by an activity, the mid-career visit for HR. Returns the
        engine's results."""
        today = today or fields.Date.context_today(self)
        obligation_ids = {}
        # Once for storing and planning: a policy counts the company's headcount.
        policies = self._policies(employees)
        results = self._store(employees, today, obligation_ids, planned=True, policies=policies)
        self._plan(results, today, obligation_ids, policies)
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

    # -- planned interviews ------------------------------------------------------

    @api.model
    def _plan(self, results, today, obligation_ids, policies=None):
        """Planned interviews and their activities for ``results`` (the
        engine's, per employee); ``obligation_ids``: the stored obligations'
        ids by (employee id, code, due date).

        An interview appears when its planning date comes (due date minus
        the company's lead time), one per group of obligations the engine
        plans together; an open interview of a kind the group wants is
        reused (the user's first, one already convened before one to plan).
        """
        if not results:
            return
        Interview = self._quiet(self.env["hr.career.interview"])
        employees = self.env["hr.employee"].sudo().browse([employee.id for employee in results])
        # The managers' users in one read, not one manager at a time.
        employees.parent_id.fetch(["user_id"])
        open_interviews = Interview.search_fetch(
            [("employee_id", "in", employees.ids), ("state", "in", OPEN_STATES)],
            [*PLANNING_FIELDS, "answered_obligation_ids"],  # the relation too: read once, not per interview
        )
        open_by_employee = open_interviews.grouped("employee_id")
        policies = policies or self._policies(employees)
        # Looked up once per batch: the same few users take HR's share everywhere.
        responsibles = {company: company._l10n_fr_career_responsible() for company in employees.company_id}
        plan = _Plan(Interview)
        for employee, result in results.items():
            interviews = open_by_employee.get(employee, Interview)
            if self._has_left(employee, today):
                plan.cancel(interviews, CANCEL_LEFT)
                continue
            policy = policies[employee.company_id]
            context = (employee, policy, responsibles[employee.company_id], obligation_ids)
            for planned in engine.plan_interviews(result, policy, today):
                interviews = self._plan_meeting(plan, planned, interviews, context)
            for interview in interviews.filtered(lambda i: i.is_automatic and i.state == "to_plan"):
                answered = any(interview.kind in planned.kinds for planned, _i in plan.of_employee(employee))
                plan.cancel(interview, CANCEL_DUPLICATE if answered else CANCEL_OBSOLETE)
        self._cancel(plan.cancelled)
        created = self._create_interviews([values for values, _planned, _policy in plan.to_create])
        plan.kept += [(i, p, policy) for i, (_v, p, policy) in zip(created, plan.to_create, strict=True)]
        self._sync_activities(plan.kept, open_interviews | created, responsibles)
        self._sync_visit_activities(results, today, responsibles)

    @api.model
    def _plan_meeting(self, plan, planned, interviews, context):
        """Give ``planned`` (one meeting of the engine) an interview, reusing
        one of the employee's open ``interviews``; return those left."""
        employee, policy, responsible, obligation_ids = context
        while planned:
            interview = _best_open(interviews, planned)
            # One to plan takes the meeting's kind; one already convened
            # keeps its own and answers what asks no more of it.
            kind = planned.kind if not interview or interview.state == "to_plan" else interview.kind
            covered, rest = planned.answered_by(kind)
            values = self._interview_values(employee, engine.PlannedInterview(kind, covered), obligation_ids)
            if interview:
                interviews -= interview
                self._update_interview(interview, values, responsible)
                plan.keep(employee, interview, planned, policy)
            else:
                values["interviewer_id"] = self._default_interviewer(employee, responsible).id
                plan.add(employee, values, planned, policy)
            planned = rest
        return interviews

    @api.model
    def _interview_values(self, employee, planned, obligation_ids):
        answered = [obligation_ids.get((employee.id, *o.key)) for o in planned.obligations]
        # Filed under the obligation of its own kind (the earliest of them).
        own = next(
            (o for o in planned.obligations if engine.INTERVIEW_KIND_OF[o.code] == planned.kind), planned.obligations[0]
        )
        return {
            "employee_id": employee.id,
            "company_id": employee.company_id.id,
            "department_id": employee.department_id.id,
            "kind": planned.kind,
            "due_date": planned.due_date,
            "obligation_id": obligation_ids.get((employee.id, *own.key), False),
            "answered_obligation_ids": sorted(filter(None, answered)),
            "also_kinds": ",".join(sorted(planned.kinds - {planned.kind})) or False,
            "is_automatic": True,
        }

    @api.model
    def _update_interview(self, interview, values, responsible):
        """Point an open interview at its meeting, writing only what changed."""
        changes = {
            name: values[name]
            for name in ("kind", "due_date", "obligation_id", "also_kinds")
            if (interview[name].id if name == "obligation_id" else interview[name] or False) != values[name]
        }
        if interview.state != "to_plan":
            changes.pop("kind", None)
        if sorted(interview.answered_obligation_ids.ids) != values["answered_obligation_ids"]:
            changes["answered_obligation_ids"] = [Command.set(values["answered_obligation_ids"])]
        interviewer = interview.interviewer_id
        if interview.state == "to_plan" and (
            not interviewer
            or (
                interviewer != interview.employee_id.parent_id.user_id
                and not interview._interviewer_allowed(interviewer)
            )
        ):
            # No interviewer yet, or the manager changed: the default takes over.
            default = self._default_interviewer(interview.employee_id, responsible)
            if default != interviewer:
                changes["interviewer_id"] = default.id
        if changes:
            interview.write(changes)

    @api.model
    def _default_interviewer(self, employee, responsible):
        """The manager's internal user; without one, the company's HR
        responsible, when allowed to hold the interview (L. 6315-1: the
        employer holds it, through whom it chooses)."""
        manager_user = employee.parent_id.user_id
        if manager_user and not manager_user.share and manager_user != employee.user_id:
            return manager_user
        Interview = self.env["hr.career.interview"]
        if (
            responsible
            and responsible != employee.user_id
            and Interview._interviewer_allowed_for(employee, responsible)
        ):
            return responsible
        return self.env["res.users"]

    @api.model
    def _create_interviews(self, values_list):
        """The planned interviews, inserted as a set (see bulk.py), then
        checked with the constraints ``create()`` would run.

        Nothing else happens at creation of a planned interview: no message
        (the scheduler's creations are silent) and no recomputation (only a
        held or refused interview changes the calendar).
        """
        Interview = self.env["hr.career.interview"].sudo()
        if not values_list:
            return Interview
        defaults = Interview.default_get(["state", "mode", "duration", "report_version"])
        rows, answered = [], []
        for values in values_list:
            row = {**defaults, **values}
            answered.append(row.pop("answered_obligation_ids"))
            rows.append(row)
        interviews = Interview.browse(bulk.insert_rows(Interview, rows))
        pairs = [(interview.id, o) for interview, ids in zip(interviews, answered, strict=True) for o in ids]
        bulk.insert_relation(Interview, "answered_obligation_ids", pairs)
        self.env["hr.employee"].invalidate_model(["l10n_fr_career_interview_ids"])
        interviews._validate_fields(rows[0])
        return interviews

    @api.model
    def _has_left(self, employee, today):
        """Archived, or past the end of the contract: nobody can hold an
        interview with them any more."""
        end = employee._l10n_fr_career_end_date()
        return not employee.active or bool(end and end < today)

    @api.model
    def _cancel(self, cancelled):
        """Cancel the interviews the plan no longer wants ({reason: interviews}),
        their activities with them, each with the reason in its chatter."""
        for reason, interviews in cancelled.items():
            if interviews:
                interviews.write({"state": "cancelled"})
                body = self.env._(CANCEL_REASONS[reason])
                for interview in interviews:
                    interview._message_log(body=body)

    @api.model
    def _quiet(self, records):
        """The scheduler's own writes: no tracking, no creation message, and
        no mark of changed facts (they change none)."""
        return records.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, l10n_fr_career_scheduler_write=SCHEDULER_WRITE
        )

    # -- activities ---------------------------------------------------------------

    @api.model
    def _sync_activities(self, kept, open_interviews, responsibles):
        """One planning activity per interview still to plan, for its
        interviewer (else HR), due on the last day to convene the employee
        with the notice the company gives: late only when the obligation is
        at risk. Activities of interviews no longer to plan are removed."""
        plan_type = self.env.ref(PLAN_ACTIVITY)
        overdue_type = self.env.ref(OVERDUE_ACTIVITY)
        existing = self._activities_of(open_interviews, plan_type | overdue_type)
        current = {(activity.res_id, activity.activity_type_id.id): activity for activity in existing}
        to_create, renderers = [], {}
        for interview, planned, policy in kept:
            if interview.state != "to_plan":
                continue
            user = interview.interviewer_id or responsibles[interview.company_id]
            wanted = {
                "user_id": user.id,
                "date_deadline": planned.convene_by(policy),
                "note": self._activity_note(planned.obligations, user, renderers),
            }
            activity = current.pop((interview.id, plan_type.id), None)
            if activity is None:
                to_create.append(self._activity_values(interview, plan_type, wanted))
            else:
                changes = {name: value for name, value in wanted.items() if _activity_value(activity, name) != value}
                if changes:
                    activity.write(changes)
        self.env["mail.activity"].sudo().browse([activity.id for activity in current.values()]).unlink()
        self._create_activities(to_create)

    @api.model
    def _sync_visit_activities(self, results, today, responsibles):
        """HR organises the mid-career visit in the year of the 45th birthday."""
        visit_type = self.env.ref(VISIT_ACTIVITY)
        employees = self.env["hr.employee"].sudo().browse([employee.id for employee in results])
        current = {activity.res_id: activity for activity in self._activities_of(employees, visit_type)}
        to_create, renderers = [], {}
        for employee, result in results.items():
            visit = engine.midcareer_visit_to_organise(result, today) if employee.active else None
            activity = current.pop(employee.id, None)
            if visit and activity is None:
                user = responsibles[employee.company_id]
                wanted = {
                    "user_id": user.id,
                    "date_deadline": visit.due_date,
                    "note": self._activity_note([visit], user, renderers),
                }
                to_create.append(self._activity_values(employee, visit_type, wanted))
            elif activity and not visit:
                activity.action_feedback(feedback=self.env._("Mid-career visit recorded."))
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

    @api.model
    def _activity_note(self, obligations, user, renderers=None):
        """Why the activity exists, in its user's language: one escaped
        paragraph per obligation (safe HTML without parsing it again).
        ``renderers``: a dict the caller keeps over a batch, one renderer
        per language (it keeps the dates it formatted)."""
        renderers = {} if renderers is None else renderers
        # By user as well as by language: a user's language is a related
        # field, read once per batch rather than once per activity.
        render = renderers.get(("user", user.id))
        if render is None:
            lang = self._user_langs(user)[user.id] or self.env.lang or "en_US"
            if lang not in renderers:
                renderers[lang] = sentences.renderer(self.env, lang)
            render = renderers[("user", user.id)] = renderers[lang]
        return "".join(f"<p>{escape(render(obligation.text))}</p>" for obligation in obligations)

    @api.model
    def _user_langs(self, users):
        """{user id: language}, in one query: through the ORM, a user's
        language (a field of its partner) loads every column of the user
        and of the partner, with hr's access check on each."""
        self.env["res.partner"].flush_model(["lang"])
        self.env.cr.execute(
            SQL(
                "SELECT u.id, p.lang FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id IN %s",
                tuple(users.ids) or (0,),
            )
        )
        return dict.fromkeys(users.ids, False) | dict(self.env.cr.fetchall())

    @api.model
    def _activity_values(self, record, activity_type, wanted):
        return {
            "res_model_id": self.env["ir.model"]._get_id(record._name),
            "res_id": record.id,
            "activity_type_id": activity_type.id,
            "automated": True,
            **wanted,
        }

    @api.model
    def _create_activities(self, values_list):
        """Created through the ORM, in one batch: since activities appear
        only when there is something to do, a day brings few of them.

        Without the e-mail ``create()`` sends per activity assigned to
        someone else (``mail_activity_quick_update``): at installation a
        manager would get one per employee behind; the activity list and
        HR's daily digest say it once.
        """
        if not values_list:
            return self.env["mail.activity"]
        self._subscribe_assignees(values_list)
        return self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(values_list)

    @api.model
    def _subscribe_assignees(self, values_list):
        """Make each activity's user follow its record, as ``create()`` of
        the activities does, but with one ``mail.followers`` creation for
        the batch: ``create()`` subscribes one user at a time (a creation
        each), then finds them following and adds nothing."""
        Followers = self.env["mail.followers"].sudo()
        users = self.env["res.users"].sudo().browse({values["user_id"] for values in values_list} - {False})
        partners = users.partner_id.filtered("active")
        partner_of = {user.id: user.partner_id.id for user in users if user.partner_id in partners}
        customers = partners.filtered("partner_share").ids
        by_model = defaultdict(lambda: defaultdict(set))  # model id -> partner id -> record ids
        for values in values_list:
            if values.get("user_id") in partner_of:
                by_model[values["res_model_id"]][partner_of[values["user_id"]]].add(values["res_id"])
        new_followers = []
        for model_id, records_by_partner in by_model.items():
            model = self.env["ir.model"].sudo().browse(model_id).model
            res_ids = sorted(set().union(*records_by_partner.values()))
            following = {
                (res_id, partner_id)
                for _id, res_id, partner_id, _subtypes in Followers._get_subscription_data(
                    [(model, res_ids)], list(records_by_partner)
                )
            }
            for partner_id, records in records_by_partner.items():
                missing = sorted(res_id for res_id in records if (res_id, partner_id) not in following)
                if not missing:  # (none given, mail would make one for the record 0)
                    continue
                new, _update = Followers._add_default_followers(
                    model, missing, [partner_id], customer_ids=customers, check_existing=False
                )
                new_followers += [{**values, "res_id": res_id} for res_id, rows in new.items() for values in rows]
        if new_followers:
            Followers.with_context(default_partner_id=False).create(new_followers)

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


class _Plan:
    """What one planning pass decides: interviews kept (with the meeting
    they answer), to create and to cancel (by reason)."""

    def __init__(self, interviews):
        self.kept = []  # (interview, planned meeting, policy)
        self.to_create = []  # (values, planned meeting, policy)
        self.cancelled = defaultdict(interviews.browse)
        self._by_employee = defaultdict(list)

    def keep(self, employee, interview, planned, policy):
        self.kept.append((interview, planned, policy))
        self._by_employee[employee.id].append((planned, interview))

    def add(self, employee, values, planned, policy):
        self.to_create.append((values, planned, policy))
        self._by_employee[employee.id].append((planned, None))

    def cancel(self, interviews, reason):
        self.cancelled[reason] |= interviews

    def of_employee(self, employee):
        return self._by_employee[employee.id]


def _best_open(interviews, planned):
    """The open interview to reuse for ``planned``, if any: of a kind the
    meeting answers; of its very kind first, then one already convened,
    then one planned by hand (a user's), then the oldest."""
    candidates = interviews.filtered(lambda interview: interview.kind in planned.kinds)
    if not candidates:
        return candidates
    return min(
        candidates,
        key=lambda i: (i.kind != planned.kind, i.state == "to_plan", i.is_automatic, i.id),
    )


def _activity_value(activity, name):
    value = activity[name]
    if name == "user_id":
        return value.id
    if name == "note":
        return str(value or "")
    return value
