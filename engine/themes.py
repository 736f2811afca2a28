"""Which themes an interview must cover (L. 6315-1), by kind and age."""

# L. 6315-1 I: the themes of every interview.
BASE_THEMES = ("skills", "path", "training", "wishes", "cpf")
# Age from which the mid-career themes (workstation, wear, doctor's advice)
# and the end-of-career themes belong in any interview.
MIDCAREER_AGE = 45
PRE60_AGE = 58


def sections_for(kind, age):
    """The sections of the interview form: always the base themes, plus
    mid-career from 45 or for a mid-career interview, plus end of career in
    the years before 60 or for a pre-60 interview, plus the 8-year file for a
    summary review. ``age`` may be None (unknown birth date)."""
    sections = {"base"}
    if kind == "midcareer" or (age is not None and age >= MIDCAREER_AGE):
        sections.add("midcareer")
    if kind == "pre60" or (age is not None and age >= PRE60_AGE):
        sections.add("pre60")
    if kind == "summary":
        sections.add("summary")
    return sections
