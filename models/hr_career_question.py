import re
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The sections a company question goes under: the themes of L. 6315-1 (the
# interview's own fields, so that their labels and translations are the
# law's), then the company's own section.
THEME_SECTIONS = (
    "theme_skills",
    "theme_path",
    "theme_training",
    "theme_wishes",
    "theme_cpf",
    "mid_workstation",
    "mid_wear",
    "mid_doctor",
    "pre60_employment",
    "pre60_end_of_career",
)
COMPANY_SECTION = "company"
SECTIONS = (*THEME_SECTIONS, COMPANY_SECTION)
# The block of the interview form a section belongs to (engine.sections_for):
# the mid-career and end-of-career themes are shown only when they apply.
SECTION_BLOCK = {
    **dict.fromkeys(("theme_skills", "theme_path", "theme_training", "theme_wishes", "theme_cpf"), "base"),
    **dict.fromkeys(("mid_workstation", "mid_wear", "mid_doctor"), "midcareer"),
    **dict.fromkeys(("pre60_employment", "pre60_end_of_career"), "pre60"),
    COMPANY_SECTION: "base",
}
# The only answers a career interview asks for: it is not an evaluation
# (L. 6315-1: it "ne porte pas sur l'évaluation du travail du salarié"), so
# there is no scale, score or rating among them.
ANSWER_TYPES = [("text", "Free text"), ("yes_no", "Yes or no"), ("choice", "Choice list")]

# A choice list is a rating in disguise when its options are grades: numbers
# or fractions, stars, letters, levels, or the vocabulary of appraisals.
_NUMERIC = re.compile(r"^[\d\s.,/%+\-–]+$")
_STARS = re.compile(r"^[\s*★☆✩✭⭐]+$")
_LETTER = re.compile(r"^[a-f][+-]?$")
_LEVEL = re.compile(r"^(niveau|level|note|grade|echelon|score)\s*\d")
_GRADES = {
    "excellent",
    "tres bien",
    "bien",
    "assez bien",
    "tres satisfaisant",
    "satisfaisant",
    "peu satisfaisant",
    "insatisfaisant",
    "moyen",
    "passable",
    "insuffisant",
    "tres insuffisant",
    "mediocre",
    "faible",
    "tres bon",
    "bon",
    "mauvais",
    "acquis",
    "non acquis",
    "en cours d'acquisition",
    "a ameliorer",
    "au-dela des attentes",
    "depasse les attentes",
    "conforme aux attentes",
    "en dessous des attentes",
    "outstanding",
    "very good",
    "good",
    "fair",
    "average",
    "poor",
    "satisfactory",
    "unsatisfactory",
    "exceeds expectations",
    "meets expectations",
    "below expectations",
    "needs improvement",
}
# A question that asks to grade, whatever the type of its answer: a scale
# ("de 1 à 5", "sur 10", "/20"), stars, a score or a performance.
_SCALE_LABEL = re.compile(
    r"(\b[01]\s*(a|to|-|–)\s*(3|4|5|6|7|10|20|100)\b|\bsur\s+(5|10|20|100)\b|/\s*(5|10|20|100)\b"
    r"|\betoiles?\b|\bstars?\b|\brating\b|\bscore\b|\bperformance\b)",
)


def _plain(text):
    """Lower case, without accents or surrounding spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip().lower()


def is_rating_scale(options):
    """True when a list of choice options grades the employee."""
    plain = [_plain(option) for option in options if option and option.strip()]
    if not plain:
        return False
    if all(_NUMERIC.match(option) for option in plain):
        return True
    if any(_STARS.match(option) or _LEVEL.match(option) for option in plain):
        return True
    if len(plain) > 1 and all(_LETTER.match(option) for option in plain):
        return True
    return sum(option.rstrip(".!") in _GRADES for option in plain) >= 2


def asks_for_a_grade(label):
    """True when the question itself asks to rate or score."""
    return bool(_SCALE_LABEL.search(_plain(label)))


def section_selection(records):
    """The legal themes, labelled as the interview labels them (and
    translated with it), then the company's own section."""
    interview_fields = records.env["hr.career.interview"]._fields
    themes = [(name, interview_fields[name]._description_string(records.env)) for name in THEME_SECTIONS]
    return [*themes, (COMPANY_SECTION, records.env._("Company's own questions"))]


class HrCareerQuestion(models.Model):
    """A question a company adds to its interviews, under a legal theme or in
    its own section. Asked as free text, yes or no, or a choice list: never
    as a rating (L. 6315-1: the interview is not an evaluation)."""

    _name = "hr.career.question"
    _description = "Company question of a career interview template"
    _order = "template_id, sequence, id"
    _check_company_auto = True

    template_id = fields.Many2one("hr.career.question.template", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    section = fields.Selection(section_selection, "Section", required=True, default=COMPANY_SECTION)
    label = fields.Char("Question", required=True)
    help_text = fields.Text("Guidance", help="Shown under the question, to the interviewer and to the employee.")
    answer_type = fields.Selection(ANSWER_TYPES, "Answer", required=True, default="text")
    option_ids = fields.One2many("hr.career.question.option", "question_id", "Options", copy=True)
    options_summary = fields.Char("Choices offered", compute="_compute_options_summary")
    to_prepare = fields.Boolean(
        "Prepared by the employee", help="The employee answers it on the portal before the interview."
    )

    @api.depends("option_ids.name")
    def _compute_options_summary(self):
        for question in self:
            question.options_summary = " / ".join(question.option_ids.mapped("name"))

    @api.constrains("label", "answer_type", "option_ids")
    def _check_not_an_evaluation(self):
        allowed = {key for key, _label in ANSWER_TYPES}
        for question in self:
            if question.answer_type not in allowed or asks_for_a_grade(question.label):
                raise ValidationError(question._not_an_evaluation_message())
            if question.answer_type != "choice":
                continue
            options = question.option_ids.mapped("name")
            if len(options) < 2:
                raise ValidationError(
                    self.env._("The choice list of “%(question)s” needs at least two options.", question=question.label)
                )
            if is_rating_scale(options):
                raise ValidationError(question._not_an_evaluation_message())

    def _not_an_evaluation_message(self):
        return self.env._(
            "“%(question)s” grades the employee. A career interview is not an evaluation of their work "
            "(L. 6315-1 of the Labour Code): ask it as free text, yes or no, or a list of choices that are not "
            "a scale, a score or grades.",
            question=self.label,
        )

    @api.model_create_multi
    def create(self, vals_list):
        templates = self.env["hr.career.question.template"].browse([vals.get("template_id") for vals in vals_list])
        templates._check_questions_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.template_id._check_questions_editable()
        if "template_id" in vals:
            self.env["hr.career.question.template"].browse(vals["template_id"])._check_questions_editable()
        return super().write(vals)

    def unlink(self):
        self.template_id._check_questions_editable()
        return super().unlink()
