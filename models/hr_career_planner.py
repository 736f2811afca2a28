from collections import defaultdict

from markupsafe import escape

from odoo import Command, api, models
from odoo.tools.translate import LazyTranslate

from .. import engine
from ..tools import bulk, sentences, sql
from ..tools.trust import quiet_writes
from .hr_career_interview import OPEN_STATES

_lt = LazyTranslate(__name__)

PLAN_ACTIVITY = "l10n_fr_hr_career_interview.mail_activity_type_career_interview"
OVERDUE_ACTIVITY = "l10n_fr_hr_career_interview.mail_activity_type_career_overdue"
VISIT_ACTIVITY = "l10n_fr_hr_career_interview.mail_activity_type_midcareer_visit"
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


class HrCareerPlanner(models.AbstractModel):
    """From the engine's answer to the work people see: the interviews it
    plans, the activities that ask their interviewers to act, and the
    followers those activities need.

    ``hr.career.calendar`` stores what the engine says; the planner only
    acts on it, for the employees the daily pass (or a change of manager)
    hands it, with the stored obligations' ids. Its own writes change no
    fact: they never mark an employee changed (``_quiet``).
    """

    _name = "hr.career.planner"
    _description = "Career interview planner"

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
        policies = policies or self.env["hr.career.calendar"]._policies(employees)
        # Looked up once per batch: the same few users take HR's share everywhere.
        responsibles = {company: company._l10n_fr_career_responsible() for company in employees.company_id}
        # A campaign planned ahead keeps its interviews: what it planned is
        # planned again, not cancelled as not due for planning yet.
        horizons = self.env["hr.career.campaign"]._planning_horizons(employees.company_id)
        plan = _Plan(Interview)
        for employee, result in results.items():
            interviews = open_by_employee.get(employee, Interview)
            if self._has_left(employee, today):
                plan.cancel(interviews, CANCEL_LEFT)
                continue
            policy = policies[employee.company_id]
            context = (employee, policy, responsibles[employee.company_id], obligation_ids)
            due_by = horizons.get(employee.company_id.id)
            for planned in engine.plan_interviews(result, policy, today, due_by=due_by):
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
        # Filed under the obligation that gives the meeting its due date, the
        # earliest it answers: the interview shows one due date, that
        # obligation's, beside it (the others are listed with theirs).
        own = min(planned.obligations, key=lambda o: (o.due_date, engine.INTERVIEW_KIND_OF[o.code] != planned.kind))
        return {
            "employee_id": employee.id,
            "company_id": employee.company_id.id,
            "department_id": employee.department_id.id,
            "kind": planned.kind,
            "due_date": own.due_date,
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
        """The planned interviews, inserted as a set (see tools/bulk.py), then
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
        """The planner's own writes: no tracking, no creation message, and
        no mark of changed facts (they change none)."""
        return quiet_writes(records)

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
        """{user id: language} (see tools.sql.user_langs)."""
        self.env["res.partner"].flush_model(["lang"])
        return sql.user_langs(self.env.cr, users.ids)

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
