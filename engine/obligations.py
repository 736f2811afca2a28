"""The legal calendar O1-O7 of L. 6315-1 (brief §2), computed from facts.

Conventions (brief §2 notes):
- a due date is the anniversary itself; an interview held on or before it
  meets the obligation, one held after it meets it late;
- an interview offered and refused with proof counts as offered for the
  employer (fulfilment OFFERED, shown as refused, never as held);
- a chain obligation (periodic, summary) left undone while the next one of
  the same chain has already fallen due is MISSED: it can no longer be made
  good, only the current one can, and the next due date is counted from the
  missed one;
- no obligation is raised past the end of the contract (brief §1 Choice).
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property, lru_cache

from dateutil.relativedelta import relativedelta

from . import facts as F
from .texts import render

# Fulfilment: what the facts say about an obligation.
OPEN = "open"
MET = "met"
MET_LATE = "met_late"
OFFERED = "offered"
MISSED = "missed"

# Status on a reference date, the word HR filters on.
UPCOMING = "upcoming"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
STATUS_MET = "met"
STATUS_REFUSED = "refused"
STATUS_MISSED = "missed"

ARTICLES = {
    "O1": "L. 6315-1 I al. 1",
    "O2": "L. 6315-1 I al. 1",
    "O3": "L. 6315-1 I al. 2",
    "O4": "L. 6315-1 II",
    "O5a": "L. 4624-2-2",
    "O5": "L. 6315-1",
    "O6": "L. 6315-1",
    "O7": "L. 6315-1",
}
KINDS = {
    "O1": "information",
    "O2": F.FIRST,
    "O3": F.PERIODIC,
    "O4": F.SUMMARY,
    "O5a": "midcareer_visit",
    "O5": F.MIDCAREER,
    "O6": F.PRE60,
    "O7": F.RETURN,
}
# Obligations answered by an interview (the others are an information and a
# medical visit); the summary review checks these were held.
INTERVIEW_CODES = ("O2", "O3", "O4", "O5", "O6", "O7")


@dataclass(frozen=True)
class DataProblem:
    code: str
    message: str  # English
    field: str = ""
    message_fr: str = ""

    def text(self, lang):
        return self.message_fr if lang == "fr" and self.message_fr else self.message


_PROBLEMS_FR = {
    "missing_hire_date": "La date d'embauche manque : les entretiens premier, "
    "périodiques, récapitulatifs et de retour ne peuvent pas être datés.",
    "missing_birth_date": "La date de naissance manque : les entretiens de "
    "mi-carrière et des 60 ans ne peuvent pas être datés.",
    "implausible_birth_date": "La date de naissance est dans le futur ou moins "
    "de 14 ans avant l'embauche : vérifiez-la.",
    "end_before_hire": "La date de fin du contrat précède la date d'embauche : elle est ignorée.",
    "leave_end_before_start": "Une absence se termine avant de commencer : elle est ignorée.",
    "interview_without_date": "Un entretien tenu ou refusé n'a pas de date : il est ignoré.",
    "interview_in_future": "Un entretien est enregistré comme tenu à une date future : il est ignoré.",
    "policy_periodicity": "La périodicité doit être comprise entre 1 et 48 mois "
    "(L. 6315-1 I) ; 48 mois sont appliqués.",
    "policy_agreement_end": "Un accord ne peut maintenir les anciennes règles "
    "que jusqu'au 1er octobre 2026 au plus tard ; cette date est appliquée.",
}


def _problem(code, message, field_name):
    return DataProblem(code, message, field_name, _PROBLEMS_FR.get(code, ""))


@dataclass(frozen=True)
class Obligation:
    code: str
    window_start: date
    due_date: date
    fulfilment: str = OPEN
    met_on: date | None = None
    met_by: object = None  # the InterviewFact that met it
    status: str = UPCOMING
    # The explanation's parts, ((sentence key, ((name, value), ...)), ...):
    # cheap to build and compare; rendered only when read.
    text: tuple = ()

    @cached_property
    def explanation(self):
        """lang -> the sentence that explains the obligation."""
        return render(self.text)

    @property
    def kind(self):
        return KINDS[self.code]

    @property
    def article(self):
        return ARTICLES[self.code]

    @property
    def key(self):
        """Stable identity of the obligation, to sync stored copies."""
        return (self.code, self.due_date)

    @property
    def is_open(self):
        return self.fulfilment == OPEN


@dataclass(frozen=True)
class ObligationResult:
    obligations: tuple
    problems: tuple
    notes: tuple = ()  # lang -> sentence dicts for what was checked and not raised
    today: date | None = None  # the day the statuses are for

    def next_open(self):
        """The open obligation with the earliest due date, or None."""
        open_ones = [o for o in self.obligations if o.is_open]
        return min(open_ones, key=lambda o: o.due_date) if open_ones else None


# The stored calendar (what the Odoo layer keeps as rows, brief §2 notes):
# open obligations due within this many days, or whose window has opened.
STORED_AHEAD_DAYS = 731


def stored_calendar(result, policy):
    """The obligations of ``result`` that HR acts on or checks, to be kept as rows.

    Open ones whose window has opened or that fall due within 24 months,
    the next open one whatever its date, and those closed within the summary
    review's look-back (8 years). Dates further ahead and older history stay
    in the full calendar, computed when it is shown.
    """
    ahead = result.today + timedelta(days=STORED_AHEAD_DAYS)
    since = add_months(result.today, -12 * policy.summary_period_years)
    upcoming = result.next_open()
    return tuple(
        o
        for o in result.obligations
        if o is upcoming
        or (o.due_date <= ahead or o.window_start <= result.today if o.is_open else o.due_date >= since)
    )


def due_soon_limit(today, policy):
    """Last due date that counts as "due soon" on ``today``."""
    return today + timedelta(days=policy.due_soon_days)


def status_on(fulfilment, due_date, today, policy):
    """The status of an obligation on ``today`` (the only date-relative rule)."""
    if fulfilment in (MET, MET_LATE):
        return STATUS_MET
    if fulfilment == OFFERED:
        return STATUS_REFUSED
    if fulfilment == MISSED:
        return STATUS_MISSED
    if due_date < today:
        return OVERDUE
    if due_date <= due_soon_limit(today, policy):
        return DUE_SOON
    return UPCOMING


def compute_obligations(facts, policy, today):
    """Every obligation of the calendar for one employee, on ``today``.

    Never raises on bad data: what cannot be computed is reported in
    ``problems`` and the rest is computed anyway.
    """
    problems = [_problem(code, msg, "policy") for code, msg in policy.problems()]
    clean, data_problems = _clean_facts(facts, today)
    problems.extend(data_problems)
    ctx = _Context(clean, policy, today)
    obligations = []
    if clean.hire_date:
        obligations.append(_information(ctx))
        obligations.extend(_periodic_chain(ctx))
        obligations.extend(_summary_chain(ctx))
        obligations.extend(_return_interviews(ctx))
    if clean.birth_date:
        obligations.extend(_midcareer(ctx))
        obligations.extend(_pre60(ctx))
    if clean.end_date:
        # brief §1 Choice: nothing falls due after the contract has ended.
        obligations = [o for o in obligations if o.due_date <= clean.end_date]
    ordered = tuple(sorted(obligations, key=lambda o: (o.due_date, o.code)))
    return ObligationResult(ordered, tuple(problems), tuple(ctx.notes), today)


# -- facts checking ---------------------------------------------------------


def _clean_facts(facts, today):
    """Drop what cannot be trusted, and say why."""
    problems = []
    changes = {}
    if not facts.hire_date:
        problems.append(
            _problem(
                "missing_hire_date",
                "The hiring date is missing: the first, periodic, summary and return interviews cannot be dated.",
                "hire_date",
            )
        )
    if not facts.birth_date:
        problems.append(
            _problem(
                "missing_birth_date",
                "The birth date is missing: the mid-career and pre-60 interviews cannot be dated.",
                "birth_date",
            )
        )
    elif facts.birth_date > today or (facts.hire_date and add_months(facts.birth_date, 14 * 12) > facts.hire_date):
        problems.append(
            _problem(
                "implausible_birth_date",
                "The birth date is in the future or less than 14 years before the hiring date: please check it.",
                "birth_date",
            )
        )
        changes["birth_date"] = None
    if facts.end_date and facts.hire_date and facts.end_date < facts.hire_date:
        problems.append(
            _problem(
                "end_before_hire",
                "The contract end date is before the hiring date: it is ignored.",
                "end_date",
            )
        )
        changes["end_date"] = None
    leaves = _clean_leaves(facts.leaves, problems)
    if leaves != facts.leaves:
        changes["leaves"] = leaves
    interviews = _clean_interviews(facts, today, problems)
    if interviews != facts.interviews:
        changes["interviews"] = interviews
    return (replace(facts, **changes) if changes else facts), problems


def _clean_leaves(leaves, problems):
    kept = []
    for leave in leaves:
        if not leave.start or (leave.end and leave.end < leave.start):
            problems.append(
                _problem(
                    "leave_end_before_start",
                    f"A leave ({leave.kind}) ends before it starts: it is ignored.",
                    "leaves",
                )
            )
            continue
        kept.append(leave)
    return tuple(kept)


def _clean_interviews(facts, today, problems):
    kept = []
    for interview in facts.interviews:
        if not interview.date or interview.outcome not in (F.HELD, F.REFUSED):
            problems.append(
                _problem(
                    "interview_without_date",
                    "An interview marked as held or refused has no date: it is ignored.",
                    "interviews",
                )
            )
            continue
        if interview.date > today:
            problems.append(
                _problem(
                    "interview_in_future",
                    f"An interview is recorded as held on {interview.date.isoformat()}, "
                    "a date still to come: it is ignored.",
                    "interviews",
                )
            )
            continue
        if facts.hire_date and interview.date < facts.hire_date:
            continue  # held under a previous contract: not this employment's
        kept.append(interview)
    return tuple(sorted(kept, key=lambda i: i.date))


# -- shared helpers ---------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def add_months(day, count):
    """``day`` moved by ``count`` months (dateutil's end-of-month rule).

    Memoised: a company's calendar adds the same few periods to the same
    hiring dates and anniversaries over and over.
    """
    return day + _months(count)


@lru_cache(maxsize=256)
def _months(count):
    return relativedelta(months=count)


class _Context:
    def __init__(self, facts, policy, today):
        self.facts = facts
        self.policy = policy
        self.today = today
        self.notes = []

    def first_event(self, start, strictly_after=False, kinds=None):
        """First held or refused interview on/after ``start`` (of ``kinds``)."""
        for event in self.facts.interviews:
            if kinds and event.kind not in kinds:
                continue
            if event.date > start or (event.date == start and not strictly_after):
                return event
        return None

    def agreement_applies(self, due):
        until = self.policy.effective_agreement_until()
        return bool(until and due <= until)


def _texts(key, **values):
    """The parts of an explanation, rendered later by :func:`texts.render`."""
    return ((key, tuple(values.items())),)


def _fulfilment(event, due):
    if not event:
        return OPEN, None
    if event.outcome == F.REFUSED:
        return OFFERED, event
    return (MET if event.date <= due else MET_LATE), event


_OUTCOME_SENTENCE = {MET: "met", MET_LATE: "met_late", OFFERED: "offered", MISSED: "missed"}


def _with_outcome(text, fulfilment, met_on):
    """The explanation ends with how the obligation was answered, if it was."""
    outcome = _OUTCOME_SENTENCE.get(fulfilment)
    return text + ((outcome, (("met_on", met_on),)),) if outcome else text


def _make(ctx, code, window_start, due, event, text, fulfilment=None):
    """The obligation, with its status on ``ctx.today`` and how it ended."""
    found, event = _fulfilment(event, due)
    fulfilment = fulfilment or found
    met_on = event.date if event else None
    return Obligation(
        code=code,
        window_start=window_start,
        due_date=due,
        fulfilment=fulfilment,
        met_on=met_on,
        met_by=event,
        status=status_on(fulfilment, due, ctx.today, ctx.policy),
        text=_with_outcome(text, fulfilment, met_on),
    )


# -- O1 ---------------------------------------------------------------------


def _information(ctx):
    hire = ctx.facts.hire_date
    informed = ctx.facts.information_date
    fulfilment = OPEN
    if informed:
        fulfilment = MET if informed <= hire else MET_LATE
    return Obligation(
        code="O1",
        window_start=hire,
        due_date=hire,
        fulfilment=fulfilment,
        met_on=informed,
        status=status_on(fulfilment, hire, ctx.today, ctx.policy),
        text=_with_outcome(_texts("O1", hire=hire), fulfilment, informed),
    )


# -- O2, O3, O4: the chains -------------------------------------------------


def _chain(ctx, first, period_of, next_window, kinds, code, text_of):
    """Walk a chain of obligations each counted from the previous one.

    ``first`` is (code, window_start, due, text) of the first link; ``period_of``
    gives the months counted from an anchor date; ``next_window``
    gives the window opening of the next link from (anchor, due).
    """
    link_code, window_start, due, text = first
    anchor, strict = window_start, False
    result = []
    while True:
        event = ctx.first_event(max(anchor, window_start), strict and anchor >= window_start, kinds)
        next_due = add_months(due, period_of(due))
        if event and event.date >= next_due:
            # Undone while the next one fell due: missed, counted on from due.
            result.append(_make(ctx, link_code, window_start, due, None, text, MISSED))
            anchor, basis_kind = due, "missed"
        elif event is None and next_due < ctx.today:
            result.append(_make(ctx, link_code, window_start, due, None, text, MISSED))
            anchor, basis_kind = due, "missed"
        else:
            obligation = _make(ctx, link_code, window_start, due, event, text)
            result.append(obligation)
            if event is None:
                return result
            anchor, basis_kind = event.date, "event"
        strict, link_code = True, code
        due = add_months(anchor, period_of(anchor))
        window_start = next_window(anchor, due)
        text = text_of(anchor, due, basis_kind, event if basis_kind == "event" else None)


def _periodic_chain(ctx):
    hire = ctx.facts.hire_date
    first_due = add_months(hire, 12)
    # The first link is the first interview (O2); the others are periodic.
    first = ("O2", hire, first_due, _texts("O2", hire=hire, due=first_due))

    def period_of(anchor):
        months = ctx.policy.agreement_periodicity_months
        if ctx.agreement_applies(add_months(anchor, months)):
            return months
        return ctx.policy.effective_periodicity()

    def text_of(anchor, due, basis_kind, event):
        values = {"months": period_of(anchor), "basis": anchor, "due": due}
        if event:
            values["basis_outcome"] = "held" if event.outcome == F.HELD else "refused"
        text = _texts(f"O3_{basis_kind}", **values)
        return _with_agreement(ctx, text, due, ctx.agreement_applies(due))

    return _chain(ctx, first, period_of, lambda anchor, due: anchor, None, "O3", text_of)


def _summary_chain(ctx):
    hire = ctx.facts.hire_date
    policy = ctx.policy

    def period_of(anchor):
        months = policy.agreement_summary_months
        if ctx.agreement_applies(add_months(anchor, months)):
            return months
        return 12 * policy.summary_period_years

    first_due = add_months(hire, period_of(hire))
    first_held = next((i for i in ctx.facts.interviews if i.outcome == F.HELD), None)
    if first_held:
        # L. 6315-1 II: the first review may come 7 years after the first interview.
        first_window = min(add_months(first_held.date, 7 * 12), first_due)
    else:
        first_window = add_months(first_due, -12)
    years = policy.summary_period_years
    first_text = _texts("O4_first", years=years, hire=hire, due=first_due, window=first_window)

    def text_of(anchor, due, basis_kind, event):
        values = {"years": years, "basis": anchor, "due": due}
        if event:
            values["basis_outcome"] = "held" if event.outcome == F.HELD else "refused"
        return _with_agreement(ctx, _texts(f"O4_{basis_kind}", **values), due, ctx.agreement_applies(due))

    return _chain(
        ctx,
        ("O4", first_window, first_due, _with_agreement(ctx, first_text, first_due, ctx.agreement_applies(first_due))),
        period_of,
        lambda anchor, due: add_months(due, -12),
        (F.SUMMARY,),
        "O4",
        text_of,
    )


def _with_agreement(ctx, text, due, applies):
    if not applies:
        return text
    return text + _texts("agreement", until=ctx.policy.effective_agreement_until())


# -- O5a, O5, O6: age-based -------------------------------------------------


def _midcareer(ctx):
    facts, policy = ctx.facts, ctx.policy
    age = policy.midcareer_visit_age
    year = facts.birth_date.year + age
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    visit = facts.midcareer_visit_date
    result = []
    if facts.hire_date and year_end < facts.hire_date and not visit:
        return result  # turned 45 before joining: the visit was another employer's
    fulfilment = (MET if visit <= year_end else MET_LATE) if visit else OPEN
    visit_ob = Obligation(
        code="O5a",
        window_start=year_start,
        due_date=year_end,
        fulfilment=fulfilment,
        met_on=visit,
        status=status_on(fulfilment, year_end, ctx.today, policy),
        text=_with_outcome(_texts("O5a", age=age, year=year, due=year_end), fulfilment, visit),
    )
    result.append(visit_ob)
    if visit:
        start, due = visit, add_months(visit, 2)
        text = _texts("O5_visit", basis=visit, due=due)
    else:
        start, due = year_start, add_months(year_end, 2)
        text = _texts("O5_default", age=age, due=due)
    event = ctx.first_event(start, kinds=(F.MIDCAREER,))
    result.append(_make(ctx, "O5", start, due, event, text))
    return result


def _pre60(ctx):
    facts = ctx.facts
    birthday_58 = add_months(facts.birth_date, 58 * 12)
    birthday_60 = add_months(facts.birth_date, 60 * 12)
    if facts.hire_date and birthday_60 < facts.hire_date:
        return []
    start = max(birthday_58, facts.hire_date) if facts.hire_date else birthday_58
    event = ctx.first_event(start, kinds=(F.PRE60,))
    fulfilment = None
    if (not event or event.date > birthday_60) and birthday_60 < ctx.today:
        # The window closed with the 60th birthday: nothing can make it good.
        fulfilment, event = MISSED, None
    return [_make(ctx, "O6", start, birthday_60, event, _texts("O6", due=birthday_60, window=start), fulfilment)]


# -- O7: return from leave --------------------------------------------------


def _absences(ctx):
    """Flagged leaves, consecutive ones merged (maternity then parental...)."""
    leaves = sorted(
        (lv for lv in ctx.facts.leaves if lv.kind in ctx.policy.return_leave_kinds and lv.end),
        key=lambda lv: lv.start,
    )
    merged = []
    for leave in leaves:
        # A gap of a weekend or less is one absence: the return is at its end.
        if merged and leave.start <= merged[-1].end + timedelta(days=3):
            last = merged[-1]
            merged[-1] = replace(last, end=max(last.end, leave.end))
            continue
        merged.append(leave)
    return merged


def _return_interviews(ctx):
    result = []
    grace = ctx.policy.return_grace_days
    for absence in _absences(ctx):
        back = absence.end + timedelta(days=1)
        if back <= ctx.facts.hire_date:
            continue
        since = add_months(back, -12)
        recent = [i for i in ctx.facts.interviews if i.outcome == F.HELD and since <= i.date < back]
        if recent:
            ctx.notes.append(_texts_note(back, recent[-1].date))
            continue
        due = back + timedelta(days=grace)
        event = ctx.first_event(back)
        text = _texts("O7", basis=back, leave=absence.kind, grace=grace, due=due)
        result.append(_make(ctx, "O7", back, due, event, text))
    return result


def _texts_note(back, held_on):
    return {
        "fr": f"Pas d'entretien de retour dû pour la reprise du {back.strftime('%d/%m/%Y')} : "
        f"un entretien a été tenu le {held_on.strftime('%d/%m/%Y')}, dans les 12 mois précédents.",
        "en": f"No return interview due for the return on {back.isoformat()}: an interview "
        f"was held on {held_on.isoformat()}, within the previous 12 months.",
    }
