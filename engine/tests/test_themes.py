from engine.themes import sections_for


def test_base_themes_always():
    assert sections_for("periodic", 30) == {"base"}
    assert sections_for("first", None) == {"base"}


def test_midcareer_by_kind_or_from_45():
    assert "midcareer" in sections_for("midcareer", 44)
    assert "midcareer" in sections_for("periodic", 45)
    assert "midcareer" not in sections_for("periodic", 44)


def test_end_of_career_by_kind_or_from_58():
    assert "pre60" in sections_for("pre60", 57)
    assert "pre60" in sections_for("return", 58)
    assert "pre60" not in sections_for("periodic", 57)
    assert sections_for("periodic", 59) == {"base", "midcareer", "pre60"}


def test_summary_section_for_the_summary_review():
    assert "summary" in sections_for("summary", 40)
