"""The sentences that explain each obligation, in French and in English.

Kept apart from the rules so that wording can change without touching the
computation. Every sentence names its dates and its article: HR must be able
to read it aloud to an employee or a labour inspector.
"""

from functools import lru_cache

LANGS = ("fr", "en")


def lang_of(code):
    """The engine's language for a user's language code: French for any
    French (fr_FR, fr_BE...), English otherwise."""
    return "fr" if (code or "").startswith("fr") else "en"


LEAVE_LABELS = {
    "fr": {
        "maternity": "un congé de maternité",
        "parental": "un congé parental d'éducation",
        "adoption": "un congé d'adoption",
        "sabbatical": "un congé sabbatique",
        "secured_mobility": "une période de mobilité volontaire sécurisée",
        "long_illness": "un arrêt de longue maladie",
        "union_mandate": "un mandat syndical",
        "caregiver": "un congé de proche aidant",
    },
    "en": {
        "maternity": "a maternity leave",
        "parental": "a parental education leave",
        "adoption": "an adoption leave",
        "sabbatical": "a sabbatical leave",
        "secured_mobility": "a secured voluntary mobility period",
        "long_illness": "a long illness leave",
        "union_mandate": "a trade-union mandate",
        "caregiver": "a caregiver leave",
    },
}

_SENTENCES = {
    "fr": {
        "O1": "Informer le salarié dès son embauche le {hire} de l'existence de "
        "l'entretien de parcours professionnel, de son rythme et du conseil en "
        "évolution professionnelle (CEP).",
        "O2": "Premier entretien de parcours professionnel dans l'année qui suit "
        "l'embauche du {hire} : au plus tard le {due}.",
        "O3_event": "Entretien périodique : {months} mois après le dernier "
        "entretien ({basis_outcome} le {basis}), soit au plus tard le {due}.",
        "O3_missed": "Entretien périodique : {months} mois après l'échéance "
        "manquée du {basis}, soit au plus tard le {due}.",
        "O4_first": "Premier état des lieux récapitulatif : {years} ans après "
        "l'embauche du {hire}, soit au plus tard le {due} ; il peut être tenu "
        "à partir du {window}.",
        "O4_event": "État des lieux récapitulatif : {years} ans après le "
        "précédent ({basis_outcome} le {basis}), soit au plus tard le {due}.",
        "O4_missed": "État des lieux récapitulatif : {years} ans après "
        "l'échéance manquée du {basis}, soit au plus tard le {due}.",
        "O5a": "Visite médicale de mi-carrière à organiser pendant l'année "
        "civile des {age} ans ({year}), au plus tard le {due}.",
        "O5_visit": "Entretien de mi-carrière dans les 2 mois qui suivent la "
        "visite médicale de mi-carrière du {basis} : au plus tard le {due}.",
        "O5_default": "Entretien de mi-carrière : la date de la visite de "
        "mi-carrière n'est pas connue ; à défaut, au plus tard 2 mois après la "
        "fin de l'année des {age} ans, soit le {due}. Organisez d'abord la "
        "visite.",
        "O6": "Entretien dans les 2 années qui précèdent le 60e anniversaire du {due} : à partir du {window}.",
        "O7": "Entretien de retour : reprise le {basis} après {leave}, sans "
        "entretien tenu dans les 12 mois précédents ; à proposer dans les "
        "{grace} jours, soit au plus tard le {due}.",
        "O2_law_2014": "Premier entretien professionnel : 2 ans après "
        "l'embauche du {hire} (un entretien tous les 2 ans), soit au plus tard le {due}.",
        "O2_transition": "Premier entretien : la première année après "
        "l'embauche du {hire} s'est achevée avant le 26/10/2025 ; l'entretien "
        "reste dû à la date de l'ancienne loi, 2 ans après l'embauche, soit "
        "au plus tard le {due}.",
        "O3_staff_2014": "Entretien professionnel tous les 2 ans, comptés à "
        "partir du 07/03/2014 pour le salarié déjà présent à cette date : au "
        "plus tard le {due}.",
        "O4_staff_2014": "Premier état des lieux récapitulatif : {years} ans "
        "après le 07/03/2014 pour le salarié déjà présent à cette date, soit "
        "au plus tard le {due}.",
        "O7_law_2014": "Entretien de retour : reprise le {basis} après "
        "{leave} ; à proposer à chaque reprise, dans les {grace} jours, soit "
        "au plus tard le {due}.",
        "postponed": " Échéance du {nominal} reportée au 30/06/2021 par les ordonnances n° 2020-387 et n° 2020-1501.",
        "missed_departed": " Non réalisé avant la fin du contrat le {end}.",
        "regime_law_2014": " Règle de l'ancienne loi (L. 6315-1 issu de la loi "
        "n° 2014-288, en vigueur du 07/03/2014 au 25/10/2025).",
        "regime_law_2025": " Règle de la loi n° 2025-989 (L. 6315-1, en vigueur depuis le 26/10/2025).",
        "regime_visit_2021": " Règle de la loi n° 2021-1018 (L. 4624-2-2, en vigueur depuis le 31/03/2022).",
        "agreement": " Rythme de l'accord collectif appliqué jusqu'au {until}.",
        "met": " Réalisé le {met_on}.",
        "met_late": " Réalisé en retard le {met_on}.",
        "offered": " Proposé et refusé par le salarié le {met_on}.",
        "missed": " Non réalisé : l'échéance suivante est déjà passée.",
        "held": "tenu",
        "refused": "proposé et refusé",
    },
    "en": {
        "O1": "Inform the employee at hiring on {hire} that the career "
        "interview exists, of its rhythm and of the career guidance service "
        "(CEP).",
        "O2": "First career interview within the year after hiring on {hire}: by {due} at the latest.",
        "O3_event": "Periodic interview: {months} months after the last "
        "interview ({basis_outcome} on {basis}), that is by {due}.",
        "O3_missed": "Periodic interview: {months} months after the missed due date of {basis}, that is by {due}.",
        "O4_first": "First summary review: {years} years after hiring on "
        "{hire}, that is by {due}; it may be held from {window}.",
        "O4_event": "Summary review: {years} years after the previous one "
        "({basis_outcome} on {basis}), that is by {due}.",
        "O4_missed": "Summary review: {years} years after the missed due date of {basis}, that is by {due}.",
        "O5a": "Mid-career medical visit to organise during the calendar year "
        "of the {age}th birthday ({year}), by {due}.",
        "O5_visit": "Mid-career interview within 2 months after the mid-career medical visit of {basis}: by {due}.",
        "O5_default": "Mid-career interview: the mid-career visit date is not "
        "known; by default, 2 months after the end of the year of the {age}th "
        "birthday, that is by {due}. Organise the visit first.",
        "O6": "Interview during the 2 years before the 60th birthday on {due}: from {window}.",
        "O7": "Return interview: back at work on {basis} after {leave}, with "
        "no interview held in the previous 12 months; to offer within {grace} "
        "days, that is by {due}.",
        "O2_law_2014": "First career interview: 2 years after hiring on "
        "{hire} (an interview every 2 years), that is by {due}.",
        "O2_transition": "First interview: the first year after hiring on "
        "{hire} ended before 26/10/2025; the interview stays due on the "
        "previous law's date, 2 years after hiring, that is by {due}.",
        "O3_staff_2014": "Career interview every 2 years, counted from "
        "07/03/2014 for an employee already employed then: by {due}.",
        "O4_staff_2014": "First summary review: {years} years after "
        "07/03/2014 for an employee already employed then, that is by {due}.",
        "O7_law_2014": "Return interview: back at work on {basis} after "
        "{leave}; to offer at every return, within {grace} days, that is by {due}.",
        "postponed": " Due date of {nominal} postponed to 30/06/2021 by ordonnances 2020-387 and 2020-1501.",
        "missed_departed": " Not done before the contract ended on {end}.",
        "regime_law_2014": " Rule of the previous law (L. 6315-1 as written by "
        "loi 2014-288, in force from 07/03/2014 to 25/10/2025).",
        "regime_law_2025": " Rule of loi 2025-989 (L. 6315-1, in force since 26/10/2025).",
        "regime_visit_2021": " Rule of loi 2021-1018 (L. 4624-2-2, in force since 31/03/2022).",
        "agreement": " Rhythm of the collective agreement applied until {until}.",
        "met": " Done on {met_on}.",
        "met_late": " Done late on {met_on}.",
        "offered": " Offered and refused by the employee on {met_on}.",
        "missed": " Not done: the next due date has already passed.",
        "held": "held",
        "refused": "offered and refused",
    },
}


@lru_cache(maxsize=1 << 14)
def format_date(value, lang):
    if not value:
        return ""
    if lang == "fr":
        return value.strftime("%d/%m/%Y")
    return value.isoformat()


def sentence(key, lang, **values):
    """The sentence ``key`` in ``lang``, dates formatted for that language."""
    texts = _SENTENCES[lang]
    formatted = {
        name: format_date(value, lang) if hasattr(value, "isoformat") else value for name, value in values.items()
    }
    if "basis_outcome" in formatted:
        formatted["basis_outcome"] = texts[formatted["basis_outcome"]]
    if "leave" in formatted:
        formatted["leave"] = LEAVE_LABELS[lang].get(formatted["leave"], formatted["leave"])
    return texts[key].format(**formatted)


def render(parts):
    """lang -> the sentences of ``parts``, ((key, ((name, value), ...)), ...), joined."""
    return {lang: "".join(sentence(key, lang, **dict(values)) for key, values in parts) for lang in LANGS}
