"""The engine's sentences in the reader's language.

The engine (engine/texts.py) gives a text as parts, ((key, ((name, value),
...)), ...), each key one English source sentence marked with ``_lt`` so
that it lands in the module's .pot. Here each source is translated through
the module's .po, as ``env._`` does for the module's own strings, and the
values are formatted for the language: dates in its date format (12/03/2027
in French), amounts grouped by its thousands separator.

Data problems are stored on the employee as JSON: ``{"code", "parts"}``, the
parts with their dates as ``{"date": "2027-03-12"}``, and rendered when read.
Rows stored before, ``{"code", "en", "fr"}``, are still read.
"""

from datetime import date

from odoo.tools import format_date, formatLang
from odoo.tools.translate import code_translations

from .. import engine

MODULE = "l10n_fr_hr_career_interview"


def renderer(env, lang=None):
    """A function parts -> text in ``lang`` (default: the environment's),
    reusing its translations and formatted dates over many texts."""
    lang = lang or env.lang or "en_US"
    translations = {} if lang == "en_US" else code_translations.get_python_translations(MODULE, lang)
    number_env = env(context=dict(env.context, lang=lang))
    dates = {}
    numeric = _numeric_date_format(env, lang)

    def translate(source):
        return translations.get(source) or source

    def show_date(day):
        if day not in dates:
            # A numeric format (the French one) is the same through strftime,
            # without format_date's look-up of the language at each call.
            dates[day] = day.strftime(numeric) if numeric else format_date(env, day, lang_code=lang)
        return dates[day]

    def show_amount(amount):
        return formatLang(number_env, amount, digits=0)

    def render(parts):
        return engine.render(parts, translate=translate, format_date=show_date, format_amount=show_amount)

    return render


def _numeric_date_format(env, lang):
    """The language's date format when it has only numbers (day, month,
    year), else None: names of days or months need babel's locale."""
    date_format = env["res.lang"]._get_data(code=lang).date_format or ""
    if not date_format or any(code in date_format for code in ("%a", "%A", "%b", "%B", "%p", "%c", "%x")):
        return None
    return date_format


def render(env, parts, lang=None):
    """The text ``parts`` in ``lang`` (default: the environment's)."""
    return renderer(env, lang)(parts)


# -- data problems, stored as JSON ----------------------------------------------------


def problem_row(problem):
    """What is stored of an engine DataProblem: its code and its parts, JSON-ready."""
    return {"code": problem.code, "parts": encode(problem.parts)}


def problem_texts(env, rows, lang=None):
    """Stored problems in words, in ``lang`` (default: the environment's)."""
    lang = lang or env.lang or "en_US"
    render_parts = renderer(env, lang)
    return [_problem_text(render_parts, row, lang) for row in rows or ()]


def _problem_text(render_parts, row, lang):
    if "parts" not in row:  # stored before the engine spoke in keys
        return row.get("fr" if lang.startswith("fr") else "en") or row.get("en", "")
    try:
        return render_parts(decode(row["parts"]))
    except KeyError:  # a sentence a later version no longer has: its code says what it was
        return row.get("code", "")


def encode(parts):
    """Parts as JSON values (lists and objects, dates as {"date": iso})."""
    return [[key, {name: _encode_value(value) for name, value in values}] for key, values in parts]


def decode(rows):
    """The parts that :func:`encode` gave, with their dates back."""
    return tuple((key, tuple((name, _decode_value(value)) for name, value in values.items())) for key, values in rows)


def _encode_value(value):
    return {"date": value.isoformat()} if isinstance(value, date) else value


def _decode_value(value):
    if isinstance(value, dict) and set(value) == {"date"}:
        return date.fromisoformat(value["date"])
    return value


# -- numbers as a French reader writes them ---------------------------------------------


def amount_text(env, amount, lang=None):
    """A whole amount grouped by the language's thousands separator:
    ``3 000`` in French (the currency is written beside it)."""
    lang = lang or env.lang or "en_US"
    return formatLang(env(context=dict(env.context, lang=lang)), amount or 0, digits=0)


def hours_text(hours):
    """A duration as a French reader writes it: ``7 h``, ``1 h 30``; never a
    decimal (``7.0``) nor a clock time (``07:00``)."""
    minutes = round((hours or 0) * 60)
    text = f"{minutes // 60}\u00a0h"
    return f"{text}\u00a0{minutes % 60:02d}" if minutes % 60 else text
