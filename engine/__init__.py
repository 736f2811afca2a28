"""Pure legal engine of the "entretien de parcours professionnel".

Facts in, obligations out. Nothing here imports Odoo: the Odoo models build
:class:`EmployeeFacts` and :class:`Policy`, call :func:`compute_obligations`
or :func:`evaluate_summary_review`, and store what comes back. Every legal
rule of the addon lives in this package, so it can be read, tested and
argued about without a database.
"""

from .changes import next_change
from .exposure import Exposure, exposure
from .facts import (
    HELD,
    REFUSED,
    EmployeeFacts,
    InterviewFact,
    LeaveFact,
    Policy,
    ProgressionFact,
    TrainingFact,
)
from .obligations import (
    DUE_SOON,
    MET,
    MET_LATE,
    MISSED,
    OFFERED,
    OPEN,
    OVERDUE,
    STATUS_MET,
    STATUS_MISSED,
    STATUS_REFUSED,
    UPCOMING,
    DataProblem,
    Obligation,
    ObligationResult,
    compute_obligations,
    due_soon_limit,
    status_on,
    stored_calendar,
)
from .planning import (
    CODE_OF_KIND,
    INTERVIEW_KIND_OF,
    KIND_RANK,
    PlannedInterview,
    answered_obligation_of,
    convene_by,
    midcareer_visit_to_organise,
    plan_interviews,
    planning_date,
    short_notice,
)
from .summary import (
    CORRECTIVE_TOPUP_EUR,
    SANCTION_HEADCOUNT,
    Criterion,
    SummaryEvaluation,
    evaluate_summary_review,
)
from .texts import lang_of, render
from .themes import sections_for
from .what_if import WhatIf, compare
