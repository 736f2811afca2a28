"""The next day anything the engine says of an employee can change.

With unchanged facts, what the engine answers moves only with the calendar:
a status (upcoming, due soon, overdue), a chain link that turns missed, a
departure that closes everything, a window that opens, an obligation that
enters or leaves the stored calendar, an interview to plan, the summary
review counted in the exposure. The daily scheduler needs to look at an
employee again only on that day, or when a fact changes.

The date returned may come early (a look that finds nothing new costs one
computation), never late: the property tests check that every day before it
gives the same answers.
"""

from datetime import timedelta
from functools import lru_cache

from .exposure import HORIZON_DAYS
from .obligations import STORED_AHEAD_DAYS, add_months
from .planning import planning_date


@lru_cache(maxsize=8192)
def _leaves_look_back(due, months):
    """The first day whose look-back (``months`` before it) starts after
    ``due``: month ends make it the day after the anniversary, or close.
    Cached: a population shares its due dates, and this runs for every
    obligation already answered."""
    day = add_months(due, months) - timedelta(days=3)
    while add_months(day, -months) <= due:
        day += timedelta(days=1)
    return day


def _gone_from_look_back(due, months, today):
    """Whether ``due`` left the look-back of every day after ``today``
    (a bound, without the month arithmetic: a month has at most 31 days)."""
    return due + timedelta(days=31 * months + 1) <= today


def next_change(result, policy):
    """The first day after ``result.today`` whose answers may differ from
    today's, or None when nothing the calendar says will ever move."""
    today = result.today
    days = set(result.watch)
    look_back_months = 12 * policy.summary_period_years
    for obligation in result.obligations:
        if obligation.is_open:
            days.add(obligation.window_start)  # window opens: stored, visit to organise
            days.add(obligation.due_date - timedelta(days=STORED_AHEAD_DAYS))  # enters the stored calendar
            days.add(obligation.due_date - timedelta(days=HORIZON_DAYS))  # counted in the exposure
            days.add(planning_date(obligation, policy))  # to plan, with its activity
        elif not _gone_from_look_back(obligation.due_date, look_back_months, today):
            days.add(_leaves_look_back(obligation.due_date, look_back_months))
    coming = [day for day in days if day > today]
    return min(coming) if coming else None
