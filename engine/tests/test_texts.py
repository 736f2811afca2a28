"""The engine's sentences: English sources with named values, rendered late."""

import re
from datetime import date

import engine as E
from engine import texts
from engine.facts import EmployeeFacts, InterviewFact, LeaveFact

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_sentence_keys_are_unique_across_kinds():
    kinds = (texts.OBLIGATION_SENTENCES, texts.PROBLEM_SENTENCES, texts.SUMMARY_SENTENCES)
    assert len(texts.SENTENCES) == sum(len(kind) for kind in kinds)


def test_every_sentence_is_english_with_named_placeholders_only():
    for key, source in texts.SENTENCES.items():
        assert source == source.strip(), key  # joined by a space when rendered
        assert "{" not in source and not re.search(r"%[^(]", source), key
        assert not re.search(r"[éèàùç]", source), key  # French comes from i18n/fr.po


def test_render_formats_dates_terms_and_amounts_by_name():
    parts = texts.part("O7", basis=date(2027, 3, 12), leave="maternity", grace=30, due=date(2027, 4, 11))
    parts += texts.part("topup_owed", amount=3000)
    rendered = E.render(parts)
    assert "back at work on 2027-03-12 after a maternity leave" in rendered
    assert "within 30 days, that is by 2027-04-11." in rendered
    assert "A 3,000 EUR corrective" in rendered


def test_render_uses_the_callers_translation_and_formats():
    parts = texts.part("O3_event", months=48, basis=date(2027, 3, 12), basis_outcome="held", due=date(2031, 3, 12))
    french = {
        texts.SENTENCES["O3_event"]: "Entretien périodique : %(months)s mois (%(basis_outcome)s le %(basis)s), "
        "au plus tard le %(due)s.",
        "held": "tenu",
    }
    rendered = E.render(parts, translate=lambda s: french.get(s, s), format_date=lambda d: d.strftime("%d/%m/%Y"))
    assert rendered == "Entretien périodique : 48 mois (tenu le 12/03/2027), au plus tard le 12/03/2031."


def test_a_translation_with_wrong_placeholders_falls_back_to_the_source():
    parts = texts.part("met", met_on=date(2027, 3, 12))
    assert E.render(parts, translate=lambda s: "Réalisé le %(jour)s.") == "Done on 2027-03-12."


def test_an_unknown_leave_kind_shows_as_its_key():
    assert "after company_leave," in E.render(
        texts.part("O7", basis=date(2027, 3, 12), leave="company_leave", grace=30, due=date(2027, 4, 11))
    )


def test_problems_are_codes_and_values():
    facts = EmployeeFacts(
        hire_date=None,
        interviews=(InterviewFact("periodic", date(2030, 1, 1)),),
        leaves=(LeaveFact("parental", date(2026, 5, 1), date(2026, 4, 1)),),
    )
    problems = {
        p.code: p for p in E.compute_obligations(facts, E.Policy(periodicity_months=60), date(2026, 11, 26)).problems
    }
    assert problems["interview_in_future"].parts == (("interview_in_future", (("date", date(2030, 1, 1)),)),)
    assert "held on 2030-01-01" in problems["interview_in_future"].message
    assert "An absence (a parental education leave)" in problems["leave_end_before_start"].message
    assert problems["policy_periodicity"].message.startswith("The periodicity must be between 1 and 48 months")


def test_every_key_the_engine_uses_has_its_placeholders_filled():
    """Each sentence's values are exactly its placeholders (no missing or stray value)."""
    facts = EmployeeFacts(
        hire_date=date(2012, 1, 4),
        birth_date=date(1966, 3, 1),
        interviews=(
            InterviewFact("periodic", date(2016, 1, 10)),
            InterviewFact("summary", date(2021, 2, 1), E.REFUSED),
        ),
        leaves=(LeaveFact("long_illness", date(2026, 1, 1), date(2026, 6, 30)),),
    )
    result = E.compute_obligations(facts, E.Policy(agreement_until=date(2026, 10, 1)), date(2026, 11, 26))
    for obligation in result.obligations:
        for key, values in obligation.text:
            assert set(PLACEHOLDER.findall(texts.SENTENCES[key])) == {name for name, _value in values}, key
