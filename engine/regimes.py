"""The laws in time: which rule was in force on which date.

An obligation is raised and judged under the regime in force on its due
date; one whose due date precedes the law that creates it is not raised.
Without this, a company that did everything the law asked at each date
would see its long-serving staff overdue for interviews that did not exist
yet (a mid-career interview "due" in 2012, say).

| regime      | in force                      | creates                      |
|-------------|-------------------------------|------------------------------|
| (none)      | before 7 March 2014           | no career-interview duty     |
| law_2014    | 7 March 2014 - 25 October 2025 | O1, O2/O3 every 2 years, O4 every 6 years, O7 at each return |
| visit_2021  | from 31 March 2022            | O5a, the mid-career visit    |
| law_2025    | from 26 October 2025          | O1-O7 of L. 6315-1 as rewritten |

The periodic chain crosses the reform: the next interview is counted from
the last one under the previous rhythm, and if that date falls on or after
the reform, under the new rhythm from the same interview; a link of the
previous rhythm that lapsed before the reform is missed under the previous
law, and the next one counts from the last interview held (Ministry of
Labour, questions-réponses of 12 February 2026, n° 2). The summary reviews
fall due by seniority, each under the law of its date: 6, 12, 18 years
before the reform, 8, 16, 24 years after it (L. 6315-1 II, "par référence
à l'ancienneté du salarié dans l'entreprise").

``SOURCES`` names, for each transition rule, the text it follows: the
explanations cite them, and README "Legal choices" lists them.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

LAW_2014_START = date(2014, 3, 7)  # loi n° 2014-288 of 5 March 2014, in force
REFORM_2025 = date(2025, 10, 26)  # loi n° 2025-989 of 24 October 2025, in force
VISIT_START = date(2022, 3, 31)  # loi n° 2021-1018 of 2 August 2021, L. 4624-2-2
# Ordonnance n° 2020-387, art. 1, as extended by ordonnance n° 2020-1501: the
# interviews of the previous law, periodic ones and états des lieux, falling
# due in 2020 or until 30 June 2021 could be held until 30 June 2021.
HEALTH_POSTPONED_FROM = date(2020, 1, 1)
HEALTH_POSTPONED_TO = date(2021, 6, 30)
# Loi n° 2018-771 (former L. 6315-1 III), in force 1 January 2019: a company,
# else branch, agreement could set another periodicity of the interviews.
PRIOR_AGREEMENT_EARLIEST = date(2019, 1, 1)

# The text each transition rule follows, and the sentences (texts.py) of
# the explanations it decides, which cite it.
SOURCES = {
    "health_postponement": ("ordonnances n° 2020-387 (art. 1) and n° 2020-1501", ("postponed",)),
    "prior_agreement": ("former L. 6315-1 III (loi n° 2018-771), from 01/01/2019", ("prior_agreement",)),
    "lapsed_link": (
        "Ministry of Labour questions-réponses of 12/02/2026, n° 2",
        ("O3_lapsed", "O3_lapsed_none", "missed_lapsed"),
    ),
    "shortened_delay": ("Ministry of Labour questions-réponses of 12/02/2026; art. 2222 Code civil", ("O2_shortened",)),
    "seniority": ("L. 6315-1 II; questions-réponses of 12/02/2026, n° 1", ("O4_seniority", "O4_staff_seniority")),
    "cumulative_sanction": ("L. 6315-1 II; Cass. soc. 21/01/2026, n° 24-12.972", ("topup_owed",)),
}


@dataclass(frozen=True)
class Regime:
    """One law in force between two dates, and the obligations it creates."""

    key: str
    start: date
    end: date | None  # last day in force; None: still in force
    articles: dict = field(default_factory=dict)  # obligation code -> article
    periodic_months: int | None = None  # None: the company's setting
    summary_months: int | None = None  # None: the company's setting
    first_interview_months: int = 12
    # Previous law: a return interview was offered after every listed leave;
    # the new one exempts a return preceded by an interview within 12 months.
    return_always: bool = False

    def in_force(self, day):
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def codes(self):
        return frozenset(self.articles)


LAW_2014 = Regime(
    key="law_2014",
    start=LAW_2014_START,
    end=REFORM_2025 - timedelta(days=1),
    articles={
        "O1": "L. 6315-1 I (loi 2014-288)",
        "O2": "L. 6315-1 I (loi 2014-288)",
        "O3": "L. 6315-1 I (loi 2014-288)",
        "O4": "L. 6315-1 II (loi 2014-288)",
        "O7": "L. 6315-1 I al. 3 (loi 2014-288)",
    },
    periodic_months=24,
    summary_months=72,
    first_interview_months=24,
    return_always=True,
)
VISIT_2021 = Regime(key="visit_2021", start=VISIT_START, end=None, articles={"O5a": "L. 4624-2-2"})
LAW_2025 = Regime(
    key="law_2025",
    start=REFORM_2025,
    end=None,
    articles={
        "O1": "L. 6315-1 I al. 1",
        "O2": "L. 6315-1 I al. 1",
        "O3": "L. 6315-1 I al. 2",
        "O4": "L. 6315-1 II",
        "O5": "L. 6315-1",
        "O6": "L. 6315-1",
        "O7": "L. 6315-1",
    },
)
REGIMES = (LAW_2014, VISIT_2021, LAW_2025)
BY_KEY = {regime.key: regime for regime in REGIMES}


def regime_for(code, due):
    """The regime that creates obligation ``code`` due on ``due``, or None:
    an obligation due before the law that creates it is not raised."""
    for regime in REGIMES:
        if code in regime.articles and regime.in_force(due):
            return regime
    return None


def health_postponed(due):
    """A previous-law interview or summary review due during the health
    crisis could be held until 30 June 2021: its due date then."""
    if HEALTH_POSTPONED_FROM <= due < HEALTH_POSTPONED_TO:
        return HEALTH_POSTPONED_TO
    return due
