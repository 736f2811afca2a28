"""The legal calendar of L. 6315-1 (O1-O7), computed from facts.

Conventions:
- a due date is the anniversary itself; an interview held on or before it
  meets the obligation, one held after it meets it late;
- an interview offered and refused with proof counts as offered for the
  employer (fulfilment OFFERED, shown as refused, never as held);
- a chain obligation (periodic, summary) left undone while the next one of
  the same chain has already fallen due is MISSED: it can no longer be made
  good, only the current one can, and the next due date is counted from the
  missed one;
- each obligation is raised and judged under the law in force on its due
  date (regimes.py): none before the law that creates it;
- no obligation is raised past the end of the contract, and once the
  contract has ended nothing is open: what was not met is missed.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property, lru_cache

from dateutil.relativedelta import relativedelta

from . import facts as F
from . import regimes as R
from .texts import part, render

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
    """Data the engine could not trust: the sentence of ``code`` says what it did instead."""

    code: str
    field: str = ""
    values: tuple = ()  # ((name, value), ...) of the sentence

    @property
    def parts(self):
        """The problem as a text, ((key, ((name, value), ...)),), like Obligation.text."""
        return ((self.code, self.values),)

    @property
    def message(self):
        """The problem in English (the engine's tests and tools)."""
        return render(self.parts)

    def text(self, lang):
        """Transitional: English whatever ``lang``; the Odoo layer renders ``parts``."""
        return self.message


def _problem(code, field_name, **values):
    return DataProblem(code, field_name, tuple(values.items()))


@dataclass(frozen=True)
class Obligation:
    code: str
    window_start: date
    due_date: date
    fulfilment: str = OPEN
    met_on: date | None = None
    met_by: object = None  # the InterviewFact that met it
    status: str = UPCOMING
    regime: str = ""  # the key of the law it was raised under (regimes.py)
    article: str = ""
    # The explanation's parts, ((sentence key, ((name, value), ...)), ...):
    # cheap to build and compare; rendered only when read.
    text: tuple = ()

    @cached_property
    def explanation(self):
        """Transitional, English under both keys: the Odoo layer renders
        ``text`` in the reader's language (sentences.render)."""
        english = render(self.text)
        return {"fr": english, "en": english}

    @property
    def kind(self):
        return KINDS[self.code]

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
    notes: tuple = ()  # texts (parts) of what was checked and not raised
    today: date | None = None  # the day the statuses are for
    # Days after ``today`` on which a comparison with the day made above
    # turns the other way (a status, a chain link missed, a departure...):
    # see changes.next_change.
    watch: frozenset = frozenset()

    def next_open(self):
        """The open obligation with the earliest due date, or None."""
        open_ones = [o for o in self.obligations if o.is_open]
        return min(open_ones, key=lambda o: o.due_date) if open_ones else None


# The stored calendar (what the Odoo layer keeps as rows): open obligations
# due within this many days, or whose window has opened.
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

    Each is raised and judged under the law in force on its due date
    (regimes.py). Never raises on bad data: what cannot be computed is
    reported in ``problems`` and the rest is computed anyway.
    """
    problems = [_problem(code, "policy") for code, _message in policy.problems()]
    watch = set()
    clean, data_problems = _clean_facts(facts, today, watch)
    problems.extend(data_problems)
    ctx = _Context(clean, policy, today, watch)
    obligations = []
    if clean.hire_date:
        obligations.extend(_information(ctx))
        obligations.extend(_periodic_chain(ctx))
        obligations.extend(_summary_chain(ctx))
        obligations.extend(_return_interviews(ctx))
    if clean.birth_date:
        obligations.extend(_midcareer(ctx))
        obligations.extend(_pre60(ctx))
    if clean.end_date:
        obligations = _until_departure(obligations, clean.end_date, today)
        watch.add(clean.end_date + timedelta(days=1))
    ordered = tuple(sorted(obligations, key=lambda o: (o.due_date, o.code)))
    return ObligationResult(ordered, tuple(problems), tuple(ctx.notes), today, frozenset(d for d in watch if d > today))


def _until_departure(obligations, end, today):
    """Nothing falls due after the contract has ended (L. 6315-1 applies to
    the employment; a fixed-term contract's end is the Choice of the module),
    and once it has ended nothing is open: what was not met is missed."""
    kept = [o for o in obligations if o.due_date <= end]
    if end >= today:
        return kept
    return [_missed_at_departure(o, end) if o.is_open else o for o in kept]


def _missed_at_departure(obligation, end):
    return replace(
        obligation,
        fulfilment=MISSED,
        status=STATUS_MISSED,
        text=obligation.text + _texts("missed_departed", end=end),
    )


# -- facts checking ---------------------------------------------------------


def _clean_facts(facts, today, watch):
    """Drop what cannot be trusted, and say why (``watch``: the days on which
    a date dropped for being in the future stops being so)."""
    problems = []
    changes = {}
    if not facts.hire_date:
        problems.append(_problem("missing_hire_date", "hire_date"))
    if not facts.birth_date:
        problems.append(_problem("missing_birth_date", "birth_date"))
    elif facts.birth_date > today or (facts.hire_date and add_months(facts.birth_date, 14 * 12) > facts.hire_date):
        problems.append(_problem("implausible_birth_date", "birth_date"))
        changes["birth_date"] = None
    if facts.end_date and facts.hire_date and facts.end_date < facts.hire_date:
        problems.append(_problem("end_before_hire", "end_date"))
        changes["end_date"] = None
    leaves = _clean_leaves(facts.leaves, problems)
    if leaves != facts.leaves:
        changes["leaves"] = leaves
    if facts.birth_date:
        watch.add(facts.birth_date)
    interviews = _clean_interviews(facts, today, problems)
    watch.update(i.date for i in facts.interviews if i.date)
    if interviews != facts.interviews:
        changes["interviews"] = interviews
    return (replace(facts, **changes) if changes else facts), problems


def _clean_leaves(leaves, problems):
    kept = []
    for leave in leaves:
        if not leave.start or (leave.end and leave.end < leave.start):
            problems.append(_problem("leave_end_before_start", "leaves", leave=leave.kind))
            continue
        kept.append(leave)
    return tuple(kept)


def _clean_interviews(facts, today, problems):
    kept = []
    for interview in facts.interviews:
        if not interview.date or interview.outcome not in (F.HELD, F.REFUSED):
            problems.append(_problem("interview_without_date", "interviews"))
            continue
        if interview.date > today:
            problems.append(_problem("interview_in_future", "interviews", date=interview.date))
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
    def __init__(self, facts, policy, today, watch):
        self.facts = facts
        self.policy = policy
        self.today = today
        self.notes = []
        self.watch = watch

    def first_event(self, start, strictly_after=False, kinds=None):
        """First held or refused interview on/after ``start`` (of ``kinds``)."""
        for event in self.facts.interviews:
            if kinds and event.kind not in kinds and not event.also.intersection(kinds):
                continue
            if event.date > start or (event.date == start and not strictly_after):
                return event
        return None

    def first_interview(self):
        """The first interview held or offered that was not a summary review."""
        return next((i for i in self.facts.interviews if i.kind != F.SUMMARY), None)


def _texts(key, **values):
    """The parts of an explanation, rendered later by :func:`texts.render`."""
    return part(key, **values)


def _fulfilment(event, due):
    if not event:
        return OPEN, None
    if event.outcome == F.REFUSED:
        return OFFERED, event
    return (MET if event.date <= due else MET_LATE), event


_OUTCOME_SENTENCE = {MET: "met", MET_LATE: "met_late", OFFERED: "offered"}


def _with_outcome(text, fulfilment, met_on):
    """The explanation ends with how the obligation was answered, if it was."""
    if fulfilment == MISSED:
        return text + _texts("missed")
    outcome = _OUTCOME_SENTENCE.get(fulfilment)
    return text + _texts(outcome, met_on=met_on) if outcome else text


@dataclass(frozen=True)
class _Due:
    """What an obligation is before it is judged: when, and under which law."""

    code: str
    window_start: date
    due: date
    regime: R.Regime
    text: tuple
    rhythm: object = None  # the _Rhythm of a chain link


def _make(ctx, due, event, fulfilment=None, met_on=None, extra=()):
    """The obligation ``due``, judged: its status on ``ctx.today`` and how it ended.

    ``event``: the interview that answers it, if any; ``fulfilment`` and
    ``met_on`` force the outcome (an information, a visit, a missed link).
    """
    found, event = _fulfilment(event, due.due)
    fulfilment = fulfilment or found
    met_on = met_on or (event.date if event else None)
    if fulfilment == OPEN:
        # Due soon from this day, overdue from the next.
        ctx.watch.add(due.due - timedelta(days=ctx.policy.due_soon_days))
        ctx.watch.add(due.due + timedelta(days=1))
    text = _with_outcome(due.text + extra, fulfilment, met_on) if not extra else due.text + extra
    text += _texts(f"regime_{due.regime.key}")
    return Obligation(
        code=due.code,
        window_start=due.window_start,
        due_date=due.due,
        fulfilment=fulfilment,
        met_on=met_on,
        met_by=event,
        status=status_on(fulfilment, due.due, ctx.today, ctx.policy),
        regime=due.regime.key,
        article=due.regime.articles[due.code],
        text=text,
    )


def _raised(code, window_start, due, text):
    """``_Due`` under the law in force on ``due``; None before that law existed."""
    regime = R.regime_for(code, due)
    return _Due(code, window_start, due, regime, text) if regime else None


# -- O1 ---------------------------------------------------------------------


def _information(ctx):
    hire = ctx.facts.hire_date
    due = _raised("O1", hire, hire, _texts("O1", hire=hire))
    if due is None:
        return []  # hired before 7 March 2014: no information was required
    informed = ctx.facts.information_date
    fulfilment = (MET if informed <= hire else MET_LATE) if informed else OPEN
    return [_make(ctx, due, None, fulfilment, informed)]


# -- O2, O3: the periodic chain ----------------------------------------------


@dataclass(frozen=True)
class _Rhythm:
    """The next link of a chain counted from an anchor date."""

    due: date
    regime: R.Regime
    months: int
    agreed: bool = False  # a company agreement kept the previous rhythm
    nominal: date | None = None  # the due date before a postponement
    prior_agreement: bool = False  # the previous law's rhythm set by an agreement (former III)

    @property
    def previous_rules(self):
        """Counted by the previous law's rhythm, or an agreement that kept it."""
        return self.regime is R.LAW_2014 or self.agreed


def _previous_rules_end(ctx):
    """The first day the new rhythm governs the company: the reform, or the
    day after a company agreement stopped keeping the previous rules."""
    until = ctx.policy.effective_agreement_until()
    return until + timedelta(days=1) if until and until >= R.REFORM_2025 else R.REFORM_2025


def _periodic_rhythm(ctx, anchor):
    """The previous law's rhythm (24 months, or an agreement's under the
    former L. 6315-1 III) while it lands before the reform, postponed to
    30/06/2021 in the health crisis; else the transition agreement's while
    it lands before its end; else the new law's, counted from the same
    anchor (never before the reform)."""
    policy = ctx.policy
    months = policy.previous_periodicity(anchor)
    previous = add_months(anchor, months)
    if previous < R.REFORM_2025:
        postponed = R.health_postponed(previous)
        return _Rhythm(postponed, R.LAW_2014, months, nominal=previous, prior_agreement=months != 24)
    until = policy.effective_agreement_until()
    agreed = add_months(anchor, policy.agreement_periodicity_months)
    if until and agreed <= until:
        due = max(agreed, R.REFORM_2025)
        return _Rhythm(due, R.LAW_2025, policy.agreement_periodicity_months, agreed=True, nominal=due)
    return _new_rhythm(ctx, anchor)


def _new_rhythm(ctx, anchor):
    months = ctx.policy.effective_periodicity()
    due = max(add_months(anchor, months), R.REFORM_2025)
    return _Rhythm(due, R.LAW_2025, months, nominal=due)


def _basis_values(anchor, rhythm, event):
    values = {"basis": anchor, "due": rhythm.due}
    if event:
        values["basis_outcome"] = "held" if event.outcome == F.HELD else "refused"
    return values


def _rhythm_notes(ctx, rhythm, anchor):
    """The sentences that say which rule set the rhythm, beyond the law's own."""
    text = ()
    if rhythm.prior_agreement:
        text += _texts("prior_agreement", months=rhythm.months, start=ctx.policy.prior_agreement_from)
    if rhythm.nominal and rhythm.due != rhythm.nominal:
        text += _texts("postponed", nominal=rhythm.nominal)
    if rhythm.agreed:
        text += _texts("agreement", until=ctx.policy.effective_agreement_until())
    return text


def _periodic_link(ctx, anchor, basis_kind, event):
    rhythm = _periodic_rhythm(ctx, anchor)
    text = _texts(f"O3_{basis_kind}", months=rhythm.months, **_basis_values(anchor, rhythm, event))
    return _Due("O3", anchor, rhythm.due, rhythm.regime, text + _rhythm_notes(ctx, rhythm, anchor), rhythm)


def _lapsed_link(ctx, anchor, event):
    """The first link of the new rhythm after a link of the previous rules
    lapsed: counted from the last interview held or offered (``event``),
    else from the start of the count (Q-R of 12/02/2026, n° 2)."""
    rhythm = _new_rhythm(ctx, anchor)
    if event:
        text = _texts("O3_lapsed", months=rhythm.months, **_basis_values(anchor, rhythm, event))
    else:
        text = _texts("O3_lapsed_none", months=rhythm.months, basis=anchor, due=rhythm.due)
    return _Due("O3", anchor, rhythm.due, rhythm.regime, text, rhythm)


def _lapsed_before_new_rules(ctx, link, following, event):
    """Whether ``link``, counted by the previous rules, lapsed before the new
    rhythm took over: due before then, not answered by then, and the link
    after it would fall under the new rhythm. Such a link is a breach of the
    previous law, not an obligation still owed (Q-R of 12/02/2026, n° 2)."""
    under_previous = link.regime is R.LAW_2014 or (link.rhythm is not None and link.rhythm.agreed)
    if not under_previous or following.rhythm.previous_rules:
        return False
    switch = _previous_rules_end(ctx)
    if link.due >= switch or (event and event.date < switch):
        return False
    ctx.watch.add(switch)
    return ctx.today >= switch


def _periodic_chain(ctx):
    """The first interview, then one every period counted from the last one.

    Any interview held or refused answers the periodic one (L. 6315-1 I).
    A link left undone while the next one has fallen due is missed, and the
    next is counted from its due date; a link of the previous rules that
    lapsed before the new rhythm took over is missed, and the next counts
    from the last interview held (Q-R of 12/02/2026, n° 2).
    """
    link = _first_interview(ctx)
    anchor, strict, last = link.window_start, False, None
    result = []
    while True:
        event = ctx.first_event(max(anchor, link.window_start), strict and anchor >= link.window_start)
        following = _periodic_link(ctx, link.due, "missed", None)
        if _lapsed_before_new_rules(ctx, link, following, event):
            switch = _previous_rules_end(ctx)
            text = _texts("missed_lapsed", end=switch - timedelta(days=1))
            result.append(_make(ctx, link, None, MISSED, extra=text))
            basis = last.date if last else _first_interview(ctx).window_start
            anchor, link = basis, _lapsed_link(ctx, basis, last)
            strict = last is not None
            continue
        if event is None:
            ctx.watch.add(following.due + timedelta(days=1))  # missed once the next one is past due
        if (event and event.date >= following.due) or (event is None and following.due < ctx.today):
            result.append(_make(ctx, link, None, MISSED))
            anchor, link = link.due, following
        else:
            result.append(_make(ctx, _unless_held_before_the_crisis(link, event), event))
            if event is None:
                return result
            anchor, link, last = event.date, _periodic_link(ctx, event.date, "event", event), event
        strict = True


def _unless_held_before_the_crisis(link, event):
    """``link`` with the previous law's own due date when it was postponed
    by the health crisis but answered before the crisis began: the
    ordinances postponed the interviews still to hold (ord. 2020-387 and
    2020-1501), not those already held. Otherwise the link answered early
    and the next one, counted from that meeting and postponed too, would
    both fall due on 30/06/2021."""
    rhythm = link.rhythm
    if (
        event is None
        or rhythm is None
        or rhythm.nominal is None
        or rhythm.due == rhythm.nominal
        or event.date >= R.HEALTH_POSTPONED_FROM
    ):
        return link
    text = tuple(item for item in link.text if item[0] != "postponed")
    return replace(link, due=rhythm.nominal, text=text)


def _first_interview(ctx):
    """The first link: the first interview, under the law of its time.

    Staff present on 7 March 2014 counted their two years from that date.
    A hire before the reform owes it on the previous law's date (hiring +
    2 years), unless the new one-year delay, counted from the reform (a
    shorter delay runs from the new law's entry into force, art. 2222 Code
    civil, the Ministry's method), ends first. A later hire, within the
    year (L. 6315-1 I al. 1).
    """
    hire = ctx.facts.hire_date
    if hire < R.LAW_2014_START:
        due = add_months(R.LAW_2014_START, R.LAW_2014.periodic_months)
        return _Due("O3", R.LAW_2014_START, due, R.LAW_2014, _texts("O3_staff_2014", due=due))
    if hire >= R.REFORM_2025:
        one_year = add_months(hire, R.LAW_2025.first_interview_months)
        return _Due("O2", hire, one_year, R.LAW_2025, _texts("O2", hire=hire, due=one_year))
    previous = add_months(hire, R.LAW_2014.first_interview_months)
    shortened = add_months(R.REFORM_2025, R.LAW_2025.first_interview_months)
    if previous < R.REFORM_2025:
        due = R.health_postponed(previous)
        text = _texts("O2_law_2014", hire=hire, due=due)
        if due != previous:
            text += _texts("postponed", nominal=previous)
        return _Due("O2", hire, due, R.LAW_2014, text)
    if previous <= shortened:
        return _Due("O2", hire, previous, R.LAW_2014, _texts("O2_transition", hire=hire, due=previous))
    return _Due("O2", hire, shortened, R.LAW_2025, _texts("O2_shortened", hire=hire, due=shortened))


# -- O4: the summary reviews, by seniority -------------------------------------------


def _seniority_start(ctx):
    """Where seniority counts from for the reviews: the hiring, or 7 March
    2014 for staff employed then (the previous law's reading, kept so that a
    review is never due before the law that created it)."""
    return max(ctx.facts.hire_date, R.LAW_2014_START)


def _summary_dues(ctx):
    """The summary reviews' due dates, each under the law of its date:
    every 6 years of seniority before the reform (postponed to 30/06/2021
    in the health crisis), at the agreement's rhythm while an agreement kept
    the previous rules, every 8 years (the setting) after (L. 6315-1 II)."""
    start = _seniority_start(ctx)
    policy = ctx.policy
    switch = _previous_rules_end(ctx)
    horizon = max(ctx.today, ctx.facts.end_date or ctx.today) + timedelta(days=366 * 30)
    rules = [(R.LAW_2014.summary_months, R.LAW_2014, False, lambda due: due < R.REFORM_2025)]
    if switch > R.REFORM_2025:
        rules.append((policy.agreement_summary_months, R.LAW_2025, True, lambda due: R.REFORM_2025 <= due < switch))
    new_months = 12 * policy.summary_period_years
    rules.append((new_months, R.LAW_2025, False, lambda due: due >= switch))
    dues = []
    for months, regime, agreed, governs in rules:
        count = 1
        while (nominal := add_months(start, months * count)) <= horizon:
            if governs(nominal):
                due = R.health_postponed(nominal) if regime is R.LAW_2014 else nominal
                dues.append(_Rhythm(due, regime, months, agreed=agreed, nominal=nominal))
            count += 1
    return sorted(dues, key=lambda rhythm: rhythm.due)


def _summary_due(ctx, rhythm, first):
    """One review as an obligation: its window and its explanation.

    Any review may be held from 12 months before its due date; the first
    one after hiring under the new law, from 7 years after the first
    interview (L. 6315-1 II). Either way the window opens no later than
    the day the review is planned, so that a review the addon plans counts.
    """
    start = _seniority_start(ctx)
    planned = rhythm.due - timedelta(days=ctx.policy.summary_lead_days)
    window = add_months(rhythm.nominal, -12)
    first_interview = ctx.first_interview() if first else None
    if first and rhythm.regime is R.LAW_2025 and not rhythm.agreed and first_interview:
        window = add_months(first_interview.date, 84)
    window = min(window, planned)
    years = rhythm.months // 12
    if start > ctx.facts.hire_date:
        text = _texts("O4_staff_seniority", years=years * _rank(start, rhythm), due=rhythm.due, window=window)
    elif first:
        text = _texts("O4_first", years=years, hire=start, due=rhythm.due, window=window)
    else:
        text = _texts("O4_seniority", years=years * _rank(start, rhythm), hire=start, due=rhythm.due, window=window)
    if rhythm.due != rhythm.nominal:
        text += _texts("postponed", nominal=rhythm.nominal)
    if rhythm.agreed:
        text += _texts("agreement", until=ctx.policy.effective_agreement_until())
    return _Due("O4", window, rhythm.due, rhythm.regime, text, rhythm)


def _rank(start, rhythm):
    """Which multiple of its period the review is (1 for the first)."""
    count = 1
    while add_months(start, rhythm.months * count) < rhythm.nominal:
        count += 1
    return count


def _summary_chain(ctx):
    """Each review by seniority, answered by a review held in its window and
    before the next one falls due; one not held when the next has fallen due
    is missed. Held reviews do not move the dates: seniority does."""
    dues = _summary_dues(ctx)
    result, used = [], None
    for index, rhythm in enumerate(dues):
        link = _summary_due(ctx, rhythm, first=index == 0)
        following = dues[index + 1].due if index + 1 < len(dues) else None
        event = ctx.first_event(link.window_start, kinds=(F.SUMMARY,))
        while event and used and event.date <= used:
            event = ctx.first_event(event.date, strictly_after=True, kinds=(F.SUMMARY,))
        if event and following and event.date >= following:
            event = None  # it answers a later review
        if event is None and following:
            ctx.watch.add(following + timedelta(days=1))
            if following < ctx.today:
                result.append(_make(ctx, link, None, MISSED))
                continue
        result.append(_make(ctx, link, event))
        if event is None:
            return result
        used = event.date
    return result


# -- O5a, O5, O6: age-based -------------------------------------------------


def _midcareer(ctx):
    """The mid-career visit (L. 4624-2-2, since 31 March 2022) in the year of
    the 45th birthday, and the interview within 2 months after it (since
    26 October 2025)."""
    facts, policy = ctx.facts, ctx.policy
    age = policy.midcareer_visit_age
    year = facts.birth_date.year + age
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    visit = facts.midcareer_visit_date
    if facts.hire_date and year_end < facts.hire_date and not visit:
        return []  # turned 45 before joining: the visit was another employer's
    result = []
    visit_due = _raised("O5a", year_start, year_end, _texts("O5a", age=age, year=year, due=year_end))
    if visit_due:
        fulfilment = (MET if visit <= year_end else MET_LATE) if visit else OPEN
        result.append(_make(ctx, visit_due, None, fulfilment, visit))
    if visit:
        start, due = visit, add_months(visit, 2)
        text = _texts("O5_visit", basis=visit, due=due)
    else:
        start, due = year_start, add_months(year_end, 2)
        text = _texts("O5_default", age=age, due=due)
    interview_due = _raised("O5", start, due, text)
    if interview_due:
        result.append(_make(ctx, interview_due, ctx.first_event(start, kinds=(F.MIDCAREER,))))
    return result


def _pre60(ctx):
    facts = ctx.facts
    birthday_58 = add_months(facts.birth_date, 58 * 12)
    birthday_60 = add_months(facts.birth_date, 60 * 12)
    if facts.hire_date and birthday_60 < facts.hire_date:
        return []
    start = max(birthday_58, facts.hire_date) if facts.hire_date else birthday_58
    # The window runs until the eve of the 60th birthday: one that ended
    # before the reform was never open under the law that created it.
    if R.regime_for("O6", birthday_60 - timedelta(days=1)) is None:
        return []
    due = _raised("O6", start, birthday_60, _texts("O6", due=birthday_60, window=start))
    event = ctx.first_event(start, kinds=(F.PRE60,))
    ctx.watch.add(birthday_60 + timedelta(days=1))
    if (not event or event.date > birthday_60) and birthday_60 < ctx.today:
        # The window closed with the 60th birthday: nothing can make it good.
        return [_make(ctx, due, None, MISSED)]
    return [_make(ctx, due, event)]


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
    """An interview offered on each return from a listed leave: always under
    the previous law; since the reform, unless an interview was held in the
    12 months before the return."""
    result = []
    grace = ctx.policy.return_grace_days
    for absence in _absences(ctx):
        back = absence.end + timedelta(days=1)
        if back <= ctx.facts.hire_date:
            continue
        due = back + timedelta(days=grace)
        # Judged by the law in force on the day of the return, the day it is owed.
        regime = R.regime_for("O7", back)
        if regime is None:
            continue
        if not regime.return_always:
            since = add_months(back, -12)
            recent = [i for i in ctx.facts.interviews if i.outcome == F.HELD and since <= i.date < back]
            if recent:
                ctx.notes.append(_texts("return_not_due", back=back, held_on=recent[-1].date))
                continue
        key = "O7_law_2014" if regime.return_always else "O7"
        text = _texts(key, basis=back, leave=absence.kind, grace=grace, due=due)
        result.append(_make(ctx, _Due("O7", back, due, regime, text), ctx.first_event(back)))
    return result
