"""A company's history, read from a spreadsheet, checked before it becomes facts.

A company that installs the addon has years of interviews, reviews,
trainings, visits and leaves recorded elsewhere. Each row of the history
template (tools/history_template.py) is checked here against what the
engine can take as a fact of the employee: a day that happened (not in the
future), within the employment (not before the hiring, not after the
departure), of a kind the law knows, not twice. The caller matches the
employees and reads what is recorded already; nothing here reads a database.

Each row comes back accepted, already recorded (skipped: importing the same
file twice changes nothing) or refused with the code of its reason. The
accepted rows then become the employees' facts (``with_rows``), and
``effect`` tells what they do to the register through the same figures as
the settings preview (what_if.figures).
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from .facts import HELD, REFUSED, RETURN_LEAVE_KINDS, InterviewFact, LeaveFact, TrainingFact
from .what_if import figures

# The kinds of fact, one sheet of the template each.
INTERVIEW = "interview"
SUMMARY_REVIEW = "summary"
TRAINING = "training"
MIDCAREER_VISIT = "midcareer_visit"
INFORMATION = "information"
ABSENCE = "absence"
SHEETS = (INTERVIEW, SUMMARY_REVIEW, TRAINING, MIDCAREER_VISIT, INFORMATION, ABSENCE)
# Facts an employee has once: a second row is a conflict, not another fact.
SINGLE_FACTS = (MIDCAREER_VISIT, INFORMATION)

# The template is French: its lists show these labels; the keys are accepted too.
INTERVIEW_KIND_LABELS = {
    "first": "Premier entretien",
    "periodic": "Entretien périodique",
    "midcareer": "Entretien de mi-carrière",
    "pre60": "Entretien des 60 ans",
    "return": "Retour de congé",
    "request": "À la demande du salarié",
    "summary": "État des lieux récapitulatif",
}
OUTCOME_LABELS = {HELD: "Tenu", REFUSED: "Refusé"}
LEAVE_KIND_LABELS = {
    "maternity": "Congé de maternité",
    "parental": "Congé parental d'éducation",
    "adoption": "Congé d'adoption",
    "sabbatical": "Congé sabbatique",
    "secured_mobility": "Mobilité volontaire sécurisée",
    "long_illness": "Longue maladie",
    "union_mandate": "Mandat syndical",
    "caregiver": "Congé de proche aidant",
}
INFORMATION_MODE_LABELS = {"email": "E-mail", "paper": "Papier, remis en main propre"}
YES, NO = "Oui", "Non"
_TRUE = {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
_FALSE = {"non", "n", "no", "false", "faux", "0", ""}

# Outcomes of a row.
ACCEPTED = "accepted"
ALREADY = "already"
REFUSED_ROW = "refused"

# Reasons a row is refused (the caller words them in the user's language).
EMPLOYEE_UNKNOWN = "employee_unknown"
EMPLOYEE_AMBIGUOUS = "employee_ambiguous"
DATE_MISSING = "date_missing"
DATE_INVALID = "date_invalid"
DATE_FUTURE = "date_future"
BEFORE_HIRE = "before_hire"
AFTER_DEPARTURE = "after_departure"
KIND_UNKNOWN = "kind_unknown"
OUTCOME_UNKNOWN = "outcome_unknown"
FLAG_INVALID = "flag_invalid"
TITLE_MISSING = "title_missing"
HOURS_INVALID = "hours_invalid"
END_BEFORE_START = "end_before_start"
DUPLICATE_IN_FILE = "duplicate_in_file"
CONFLICT_RECORDED = "conflict_recorded"
REASONS = (
    EMPLOYEE_UNKNOWN,
    EMPLOYEE_AMBIGUOUS,
    DATE_MISSING,
    DATE_INVALID,
    DATE_FUTURE,
    BEFORE_HIRE,
    AFTER_DEPARTURE,
    KIND_UNKNOWN,
    OUTCOME_UNKNOWN,
    FLAG_INVALID,
    TITLE_MISSING,
    HOURS_INVALID,
    END_BEFORE_START,
    DUPLICATE_IN_FILE,
    CONFLICT_RECORDED,
)


@dataclass(frozen=True)
class HistoryRow:
    """One row of the file, its cells as read (strings, numbers, dates)."""

    sheet: str
    row: int  # the row number the spreadsheet shows
    cells: dict  # column key -> value
    employee: object = None  # the caller's reference of the matched employee
    match_error: str = ""  # EMPLOYEE_UNKNOWN or EMPLOYEE_AMBIGUOUS


@dataclass(frozen=True)
class EmployeeRecord:
    """What is recorded of a matched employee, for the checks."""

    hire_date: date | None = None
    end_date: date | None = None  # departure or end of a fixed-term contract
    keys: frozenset = frozenset()  # fact_key() of what is recorded
    midcareer_visit_date: date | None = None
    information_date: date | None = None


@dataclass(frozen=True)
class Verdict:
    row: HistoryRow
    outcome: str  # ACCEPTED, ALREADY or REFUSED_ROW
    reason: str = ""
    fact: dict = field(default_factory=dict)  # the parsed fact, when the row parsed
    other_row: int = 0  # for a duplicate: the row it repeats


def normalise(value):
    """Text to compare: spaces collapsed, case folded; a whole number read as
    a float from a spreadsheet (1234.0) as written (1234)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()).casefold()


def _choice(value, labels):
    """The key of ``labels`` ({key: French label}) that ``value`` names, or None."""
    wanted = normalise(value)
    for key, label in labels.items():
        if wanted in (normalise(key), normalise(label)):
            return key
    return None


def parse_date(value):
    """A date from a cell: a date, a datetime, or text dd/mm/yyyy or yyyy-mm-dd.
    Returns (date or None, reason or "")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, DATE_MISSING
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = str(value).strip()
    for separator, order in (("/", (2, 1, 0)), ("-", (0, 1, 2)), (".", (2, 1, 0))):
        parts = text.split(separator)
        if len(parts) == 3 and all(part.isdigit() for part in parts):
            try:
                return date(*(int(parts[i]) for i in order)), ""
            except ValueError:
                return None, DATE_INVALID
    return None, DATE_INVALID


def parse_flag(value):
    """Oui / Non (or yes, no, 1, 0, x, empty). Returns (bool or None)."""
    if isinstance(value, bool):
        return value
    text = normalise(value)
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def parse_hours(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0.0
    try:
        hours = float(str(value).replace(",", ".").replace("h", "").strip())
    except ValueError:
        return None
    return hours if hours >= 0 else None


def parse_fact(row):
    """The fact a row states, as a dict, or (None, reason)."""
    cells = row.cells
    day, problem = parse_date(cells.get("date"))
    if problem:
        return None, problem
    fact = {"sheet": row.sheet, "date": day}
    parser = _PARSERS.get(row.sheet)
    if parser:
        problem = parser(cells, fact)
    return (None, problem) if problem else (fact, "")


def _parse_interview(cells, fact):
    fact["kind"] = _choice(cells.get("kind"), INTERVIEW_KIND_LABELS)
    if not fact["kind"]:
        return KIND_UNKNOWN
    return _parse_outcome(cells, fact)


def _parse_summary(cells, fact):
    fact["kind"] = "summary"
    return _parse_outcome(cells, fact)


def _parse_outcome(cells, fact):
    fact["outcome"] = _choice(cells.get("outcome") or OUTCOME_LABELS[HELD], OUTCOME_LABELS)
    return "" if fact["outcome"] else OUTCOME_UNKNOWN


def _parse_training(cells, fact):
    fact["title"] = " ".join(str(cells.get("title") or "").split())
    if not fact["title"]:
        return TITLE_MISSING
    fact["hours"] = parse_hours(cells.get("hours"))
    if fact["hours"] is None:
        return HOURS_INVALID
    for name in ("mandatory", "certifying", "vae"):
        fact[name] = parse_flag(cells.get(name))
        if fact[name] is None:
            return FLAG_INVALID
    return ""


def _parse_information(cells, fact):
    fact["mode"] = _choice(cells.get("mode") or "paper", INFORMATION_MODE_LABELS)
    return "" if fact["mode"] else KIND_UNKNOWN


def _parse_absence(cells, fact):
    fact["kind"] = _choice(cells.get("kind"), LEAVE_KIND_LABELS)
    if fact["kind"] not in RETURN_LEAVE_KINDS:
        return KIND_UNKNOWN
    end = cells.get("date_to")
    fact["date_to"] = None
    if end not in (None, ""):
        fact["date_to"], problem = parse_date(end)
        if problem:
            return problem
        if fact["date_to"] < fact["date"]:
            return END_BEFORE_START
    return ""


_PARSERS = {
    INTERVIEW: _parse_interview,
    SUMMARY_REVIEW: _parse_summary,
    TRAINING: _parse_training,
    INFORMATION: _parse_information,
    ABSENCE: _parse_absence,
}


def fact_key(fact):
    """What makes a fact the same fact: importing it twice must find it."""
    sheet, day = fact["sheet"], fact["date"]
    if sheet in (INTERVIEW, SUMMARY_REVIEW):
        return ("interview", fact["kind"], day)
    if sheet == TRAINING:
        return ("training", day, normalise(fact["title"]))
    if sheet == ABSENCE:
        return ("absence", fact["kind"], day)
    return (sheet, day)


def _in_file_key(fact):
    """Within one file, a fact the employee has once is repeated by any second row."""
    return (fact["sheet"],) if fact["sheet"] in SINGLE_FACTS else fact_key(fact)


def check_rows(rows, records, today):
    """A verdict for each row (HistoryRow), in order.

    ``records``: {employee reference: EmployeeRecord} of the matched
    employees. A row is refused for the first reason found; a repeated row
    is refused as a duplicate of the first one that was not refused.
    """
    seen, verdicts = {}, []
    for row in rows:
        verdict = _check_row(row, records, today)
        if verdict.outcome != REFUSED_ROW:
            key = (row.employee, _in_file_key(verdict.fact))
            if key in seen:
                verdict = Verdict(row, REFUSED_ROW, DUPLICATE_IN_FILE, verdict.fact, seen[key])
            else:
                seen[key] = row.row
        verdicts.append(verdict)
    return verdicts


def _check_row(row, records, today):
    if row.match_error:
        return Verdict(row, REFUSED_ROW, row.match_error)
    fact, problem = parse_fact(row)
    if problem:
        return Verdict(row, REFUSED_ROW, problem)
    record = records.get(row.employee) or EmployeeRecord()
    problem = _dates_problem(fact, record, today)
    if problem:
        return Verdict(row, REFUSED_ROW, problem, fact)
    recorded = _single_recorded(fact, record)
    if fact_key(fact) in record.keys or recorded == fact["date"]:
        return Verdict(row, ALREADY, "", fact)
    if recorded:
        return Verdict(row, REFUSED_ROW, CONFLICT_RECORDED, fact)
    return Verdict(row, ACCEPTED, "", fact)


def _dates_problem(fact, record, today):
    days = [fact["date"], *([fact["date_to"]] if fact.get("date_to") else [])]
    if fact["date"] > today:
        return DATE_FUTURE
    if record.hire_date and fact["date"] < record.hire_date:
        return BEFORE_HIRE
    if record.end_date and max(days) > record.end_date:
        return AFTER_DEPARTURE
    return ""


def _single_recorded(fact, record):
    if fact["sheet"] == MIDCAREER_VISIT:
        return record.midcareer_visit_date
    if fact["sheet"] == INFORMATION:
        return record.information_date
    return None


def with_rows(facts, accepted):
    """``facts`` (EmployeeFacts) with the facts of the accepted verdicts added."""
    interviews, trainings, leaves = list(facts.interviews), list(facts.trainings), list(facts.leaves)
    changes = {}
    for verdict in accepted:
        fact = verdict.fact
        sheet = fact["sheet"]
        if sheet in (INTERVIEW, SUMMARY_REVIEW):
            interviews.append(InterviewFact(fact["kind"], fact["date"], fact["outcome"]))
        elif sheet == TRAINING:
            trainings.append(
                TrainingFact(fact["date"], fact["title"], fact["mandatory"], fact["certifying"], fact["vae"])
            )
        elif sheet == ABSENCE:
            leaves.append(LeaveFact(fact["kind"], fact["date"], fact["date_to"]))
        elif sheet == MIDCAREER_VISIT:
            changes["midcareer_visit_date"] = fact["date"]
        elif sheet == INFORMATION:
            changes["information_date"] = fact["date"]
    return replace(facts, interviews=tuple(interviews), trainings=tuple(trainings), leaves=tuple(leaves), **changes)


@dataclass(frozen=True)
class Effect:
    """The register of the employees a file touches, before and after it."""

    employees: int = 0
    overdue_before: int = 0
    overdue_after: int = 0
    due_soon_before: int = 0
    due_soon_after: int = 0
    met_before: int = 0
    met_after: int = 0
    exposure_before: int = 0
    exposure_after: int = 0


def effect(groups, today):
    """What the accepted rows do to the register, on ``today``.

    ``groups``: [(policy, {employee: facts before}, {employee: facts after})],
    one per company. The figures are those of the settings preview
    (what_if.figures): stored obligations overdue, due soon and met, and the
    euros at stake at the summary reviews of the next 24 months.
    """
    total = Effect()
    for policy, before_facts, after_facts in groups:
        before = figures(before_facts, policy, today)
        after = figures(after_facts, policy, today)
        total = Effect(
            employees=total.employees + len(after_facts),
            overdue_before=total.overdue_before + before.overdue,
            overdue_after=total.overdue_after + after.overdue,
            due_soon_before=total.due_soon_before + before.due_soon,
            due_soon_after=total.due_soon_after + after.due_soon,
            met_before=total.met_before + before.met,
            met_after=total.met_after + after.met,
            exposure_before=total.exposure_before + before.amount_at_stake,
            exposure_after=total.exposure_after + after.amount_at_stake,
        )
    return total
