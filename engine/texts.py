"""The sentences that explain obligations, data problems and the summary review.

Kept apart from the rules so that wording can change without touching the
computation. Every sentence names its dates and its article: HR must be able
to read it aloud to an employee or a labour inspector.

The engine speaks only in keys and values: a text is a tuple of parts
``((key, ((name, value), ...)), ...)``. Each key is one English source
sentence with named ``%(name)s`` placeholders, marked with :func:`_lt` so
that Odoo's extractor (the ``_lt`` keyword of its babel extraction) puts it
in the module's .pot; the Odoo layer (``tools/sentences.py``) translates it through
the module's .po and formats the values in the reader's language. The
:func:`render` below is the engine's own, English, for its tests and tools.
"""

from datetime import date


def _lt(source):
    """Mark ``source`` as a sentence to translate; the engine keeps it as is."""
    return source


# What an interview's outcome reads as, for ``basis_outcome``.
OUTCOMES = {
    "held": _lt("held"),
    "refused": _lt("offered and refused"),
}

# What a leave reads as, for ``leave`` (the keys of facts.RETURN_LEAVE_KINDS).
LEAVE_LABELS = {
    "maternity": _lt("a maternity leave"),
    "parental": _lt("a parental education leave"),
    "adoption": _lt("an adoption leave"),
    "sabbatical": _lt("a sabbatical leave"),
    "secured_mobility": _lt("a secured voluntary mobility period"),
    "long_illness": _lt("a long illness leave"),
    "union_mandate": _lt("a trade-union mandate"),
    "caregiver": _lt("a caregiver leave"),
}

# Values named here are keys of a dictionary of terms, translated too.
TERMS = {"basis_outcome": OUTCOMES, "leave": LEAVE_LABELS}
# Values named here are amounts in euros, grouped by thousands.
AMOUNTS = frozenset({"amount"})

# The calendar (L. 6315-1, L. 4624-2-2), one sentence per way an obligation
# is counted, then the sentences appended to it.
OBLIGATION_SENTENCES = {
    "O1": _lt(
        "Inform the employee at hiring on %(hire)s that the career interview exists, of its rhythm and of "
        "the career guidance service (CEP)."
    ),
    "O2": _lt("First career interview within the year after hiring on %(hire)s: by %(due)s at the latest."),
    "O3_event": _lt(
        "Periodic interview: %(months)s months after the last interview (%(basis_outcome)s on %(basis)s), "
        "that is by %(due)s."
    ),
    "O3_missed": _lt(
        "Periodic interview: %(months)s months after the missed due date of %(basis)s, that is by %(due)s."
    ),
    "O4_first": _lt(
        "First summary review: %(years)s years after hiring on %(hire)s, that is by %(due)s; it may be held "
        "from %(window)s."
    ),
    "O4_event": _lt(
        "Summary review: %(years)s years after the previous one (%(basis_outcome)s on %(basis)s), that is by %(due)s."
    ),
    "O4_missed": _lt("Summary review: %(years)s years after the missed due date of %(basis)s, that is by %(due)s."),
    "O5a": _lt(
        "Mid-career medical visit to organise during the calendar year of the %(age)sth birthday (%(year)s), "
        "by %(due)s."
    ),
    "O5_visit": _lt(
        "Mid-career interview within 2 months after the mid-career medical visit of %(basis)s: by %(due)s."
    ),
    "O5_default": _lt(
        "Mid-career interview: the mid-career visit date is not known; by default, 2 months after the end of "
        "the year of the %(age)sth birthday, that is by %(due)s. Organise the visit first."
    ),
    "O6": _lt("Interview during the 2 years before the 60th birthday on %(due)s: from %(window)s."),
    "O7": _lt(
        "Return interview: back at work on %(basis)s after %(leave)s, with no interview held in the previous "
        "12 months; to offer within %(grace)s days, that is by %(due)s."
    ),
    "O2_law_2014": _lt(
        "First career interview: 2 years after hiring on %(hire)s (an interview every 2 years), that is by %(due)s."
    ),
    "O2_transition": _lt(
        "First interview: the first year after hiring on %(hire)s ended before 26/10/2025; the interview "
        "stays due on the previous law's date, 2 years after hiring, that is by %(due)s."
    ),
    "O3_staff_2014": _lt(
        "Career interview every 2 years, counted from 07/03/2014 for an employee already employed then: by %(due)s."
    ),
    "O4_staff_2014": _lt(
        "First summary review: %(years)s years after 07/03/2014 for an employee already employed then, that "
        "is by %(due)s."
    ),
    "O7_law_2014": _lt(
        "Return interview: back at work on %(basis)s after %(leave)s; to offer at every return, within "
        "%(grace)s days, that is by %(due)s."
    ),
    "O2_shortened": _lt(
        "First interview: hired on %(hire)s, before 26/10/2025; the new one-year delay runs from the reform "
        "and never beyond the previous law's 2 years (Ministry of Labour Q&A of 12/02/2026; art. 2222 Code civil), "
        "that is by %(due)s."
    ),
    "O3_lapsed": _lt(
        "Periodic interview: %(months)s months after the last interview (%(basis_outcome)s on %(basis)s), the "
        "interview due under the previous rules having lapsed (Ministry of Labour Q&A of 12/02/2026, n° 2), that "
        "is by %(due)s."
    ),
    "O3_lapsed_none": _lt(
        "Periodic interview: no interview held; %(months)s months after the start of the count on %(basis)s, "
        "the interview due under the previous rules having lapsed (Ministry of Labour Q&A of 12/02/2026, n° 2), "
        "that is by %(due)s."
    ),
    "O4_seniority": _lt(
        "Summary review at %(years)s years of seniority (hired on %(hire)s), that is by %(due)s; it may be held "
        "from %(window)s."
    ),
    "O4_staff_seniority": _lt(
        "Summary review at %(years)s years counted from 07/03/2014 for an employee already employed then, that "
        "is by %(due)s; it may be held from %(window)s."
    ),
    "prior_agreement": _lt(
        "Periodicity of %(months)s months set by a company agreement applied from %(start)s (former L. 6315-1 "
        "III, loi 2018-771)."
    ),
    "missed_lapsed": _lt(
        "Not done while the previous rules applied (until %(end)s): missed under the previous law "
        "(Ministry of Labour Q&A of 12/02/2026, n° 2)."
    ),
    "postponed": _lt("Due date of %(nominal)s postponed to 30/06/2021 by ordonnances 2020-387 and 2020-1501."),
    "missed_departed": _lt("Not done before the contract ended on %(end)s."),
    "regime_law_2014": _lt(
        "Rule of the previous law (L. 6315-1 as written by loi 2014-288, in force from 07/03/2014 to 25/10/2025)."
    ),
    "regime_law_2025": _lt("Rule of loi 2025-989 (L. 6315-1, in force since 26/10/2025)."),
    "regime_visit_2021": _lt("Rule of loi 2021-1018 (L. 4624-2-2, in force since 31/03/2022)."),
    "agreement": _lt("Rhythm of the collective agreement applied until %(until)s."),
    "met": _lt("Done on %(met_on)s."),
    "met_late": _lt("Done late on %(met_on)s."),
    "offered": _lt("Offered and refused by the employee on %(met_on)s."),
    "missed": _lt("Not done: the next due date has already passed."),
    # A return interview checked and not raised (L. 6315-1 I, since 26/10/2025).
    "return_not_due": _lt(
        "No return interview due for the return on %(back)s: an interview was held on %(held_on)s, within "
        "the previous 12 months."
    ),
}

# Data problems, keyed by their code: what could not be trusted, and what
# the engine did instead.
PROBLEM_SENTENCES = {
    "missing_hire_date": _lt(
        "The hiring date is missing: the first, periodic, summary and return interviews cannot be dated."
    ),
    "missing_birth_date": _lt("The birth date is missing: the mid-career and pre-60 interviews cannot be dated."),
    "implausible_birth_date": _lt(
        "The birth date is in the future or less than 14 years before the hiring date: please check it."
    ),
    "end_before_hire": _lt("The contract end date is before the hiring date: it is ignored."),
    "leave_end_before_start": _lt("An absence (%(leave)s) ends before it starts: it is ignored."),
    "interview_without_date": _lt("An interview marked as held or refused has no date: it is ignored."),
    "interview_in_future": _lt("An interview is recorded as held on %(date)s, a date still to come: it is ignored."),
    "policy_periodicity": _lt("The periodicity must be between 1 and 48 months (L. 6315-1 I); 48 months is applied."),
    "policy_agreement_end": _lt(
        "An agreement may keep the previous rules until 1 October 2026 at the latest; that date is applied."
    ),
    "policy_prior_agreement_months": _lt(
        "The periodicity agreed before the reform must be between 1 and 72 months; the law's 24 months are applied."
    ),
    "policy_prior_agreement_start": _lt(
        "The periodicity agreed before the reform needs the date the agreement applied from; the law's 24 months "
        "are applied."
    ),
    # Reported by the Odoo scheduler when an employee's calendar fails.
    "recompute_failed": _lt("The career calendar could not be computed: %(error)s"),
}

# The summary review (L. 6315-1 II) and the corrective top-up (L. 6323-13).
SUMMARY_SENTENCES = {
    "criterion_interviews": _lt("Interviews due were held"),
    "criterion_training": _lt("At least one training action followed"),
    "criterion_certification": _lt("Certification elements acquired (training or VAE)"),
    "criterion_progression": _lt("Salary or professional progression"),
    "topup_owed": _lt(
        "A %(amount)s EUR corrective CPF top-up is owed: the interviews due were not all held and no training "
        "other than a mandatory one was followed over the period (both failures, L. 6315-1 II; Cass. soc. "
        "21/01/2026, n° 24-12.972)."
    ),
    "headcount_on": _lt("Headcount on %(day)s, the date of the review: %(headcount)s."),
    "topup_small_company": _lt(
        "Company of fewer than 50 employees: no corrective top-up, but failed criteria may ground a claim for damages."
    ),
    "topup_not_owed_both": _lt(
        "No corrective top-up: the interviews due were held or offered and at least one non-mandatory "
        "training was followed."
    ),
    "topup_not_owed_interviews": _lt("No corrective top-up: the interviews due were held or offered."),
    "topup_not_owed_training": _lt("No corrective top-up: at least one non-mandatory training was followed."),
}

# One namespace: a problem's code or a criterion's key is its sentence's key.
SENTENCES = {**OBLIGATION_SENTENCES, **PROBLEM_SENTENCES, **SUMMARY_SENTENCES}


def sources():
    """Every English source sentence and term of the engine (what the .po must translate)."""
    return {*SENTENCES.values(), *OUTCOMES.values(), *LEAVE_LABELS.values()}


def part(key, **values):
    """One part of a text: the sentence ``key`` and its values."""
    return ((key, tuple(values.items())),)


def _same(source):
    return source


def _grouped(amount):
    return f"{amount:,}"


def render(parts, translate=_same, format_date=date.isoformat, format_amount=_grouped):
    """The sentences of ``parts``, joined by a space.

    English by default; the Odoo layer passes its translation of a source
    and its formats of a date and an amount for the reader's language. A
    translation whose placeholders do not match its source is not used.
    """
    return " ".join(_sentence(key, values, translate, format_date, format_amount) for key, values in parts)


def _sentence(key, values, translate, format_date, format_amount):
    source = SENTENCES[key]
    shown = {}
    for name, value in values:
        if name in TERMS:
            # A key the engine has no term for (a leave kind added later) shows as is.
            term = TERMS[name].get(value)
            value = translate(term) if term else value
        elif name in AMOUNTS:
            value = format_amount(value)
        elif isinstance(value, date):
            value = format_date(value)
        shown[name] = value
    try:
        return translate(source) % shown
    except (KeyError, TypeError, ValueError):
        return source % shown


def lang_of(code):
    """Transitional, until the Odoo layer renders every sentence with
    ``tools/sentences.py``: French for any French code, English otherwise."""
    return "fr" if (code or "").startswith("fr") else "en"
