"""The history template (XLSX), written with xlsxwriter and read back with openpyxl.

One sheet per kind of fact the engine takes (engine/history.py), French
headers, a filled example row, the lists of kinds as data validation, and a
reference sheet of the company's employees. Reading finds the sheets and
columns by their headers, so that a file whose columns were moved still
reads. Pure: no Odoo import.
"""

import io
from datetime import date, datetime

import openpyxl
import xlsxwriter

from ..engine import history as H

# Every sheet starts with the three ways to find the employee.
EMPLOYEE_COLUMNS = [
    ("number", "Matricule", None, 14),
    ("email", "E-mail professionnel", None, 28),
    ("name", "Nom du salarié", None, 26),
]
INTERVIEW_KINDS = [label for key, label in H.INTERVIEW_KIND_LABELS.items() if key != "summary"]
OUTCOMES = list(H.OUTCOME_LABELS.values())
FLAGS = [H.YES, H.NO]
# sheet key: (sheet title, [(column key, header, list of values, width)], example cells)
LAYOUT = {
    H.INTERVIEW: (
        "Entretiens",
        [
            ("kind", "Type d'entretien", INTERVIEW_KINDS, 26),
            ("date", "Date", "date", 12),
            ("outcome", "Tenu ou refusé", OUTCOMES, 14),
        ],
        {"kind": "Entretien périodique", "date": date(2023, 3, 14), "outcome": "Tenu"},
    ),
    H.SUMMARY_REVIEW: (
        "États des lieux",
        [("date", "Date", "date", 12), ("outcome", "Tenu ou refusé", OUTCOMES, 14)],
        {"date": date(2024, 3, 12), "outcome": "Tenu"},
    ),
    H.TRAINING: (
        "Formations",
        [
            ("title", "Intitulé", None, 30),
            ("date", "Date", "date", 12),
            ("hours", "Heures", "hours", 8),
            ("mandatory", "Obligatoire", FLAGS, 12),
            ("certifying", "Certifiante", FLAGS, 12),
            ("vae", "VAE", FLAGS, 8),
        ],
        {
            "title": "Habilitation électrique",
            "date": date(2022, 6, 20),
            "hours": 14,
            "mandatory": H.YES,
            "certifying": H.NO,
            "vae": H.NO,
        },
    ),
    H.MIDCAREER_VISIT: (
        "Visites mi-carrière",
        [("date", "Date de la visite", "date", 16)],
        {"date": date(2024, 9, 5)},
    ),
    H.INFORMATION: (
        "Information embauche",
        [("date", "Date", "date", 12), ("mode", "Mode", list(H.INFORMATION_MODE_LABELS.values()), 28)],
        {"date": date(2016, 3, 1), "mode": H.INFORMATION_MODE_LABELS["paper"]},
    ),
    H.ABSENCE: (
        "Congés et absences",
        [
            ("kind", "Type de congé", list(H.LEAVE_KIND_LABELS.values()), 30),
            ("date", "Du", "date", 12),
            ("date_to", "Au (dernier jour)", "date", 16),
        ],
        {"kind": "Congé de maternité", "date": date(2021, 1, 4), "date_to": date(2021, 4, 25)},
    ),
}
# The example row: filled to show the expected values, never imported.
EXAMPLE_MARK = "EXEMPLE"
EXAMPLE_EMPLOYEE = {"number": EXAMPLE_MARK, "email": "marie.dupont@exemple.fr", "name": "Marie Dupont"}
REFERENCE_SHEET = "Salariés (référence)"
README_SHEET = "Lisez-moi"
README_LINES = [
    "Historique des entretiens de parcours professionnel : un onglet par type de fait.",
    "Chaque ligne désigne le salarié par son matricule, sinon son e-mail professionnel, sinon son nom exact.",
    "Dates au format jj/mm/aaaa. Les listes déroulantes donnent les types acceptés.",
    "La ligne EXEMPLE n'est jamais importée. L'onglet des salariés est une référence, il n'est pas lu.",
    "L'import vérifie chaque ligne et montre son effet avant d'écrire quoi que ce soit.",
]
# Rows kept after the header before a validation list stops (xlsxwriter needs a range).
VALIDATED_ROWS = 100000


def build_template(employees=()):
    """The template as XLSX bytes; ``employees``: (number, e-mail, name) of the
    company's employees, listed on the reference sheet."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    styles = _styles(workbook)
    readme = workbook.add_worksheet(README_SHEET)
    readme.set_column(0, 0, 110)
    for index, line in enumerate(README_LINES):
        readme.write(index, 0, line)
    for sheet in H.SHEETS:
        _fact_sheet(workbook, styles, sheet)
    reference = workbook.add_worksheet(REFERENCE_SHEET)
    _header(reference, styles, EMPLOYEE_COLUMNS)
    for index, values in enumerate(employees, start=1):
        for column, value in enumerate(values):
            reference.write(index, column, value or "")
    workbook.close()
    return output.getvalue()


def _styles(workbook):
    return {
        "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1}),
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        "example": workbook.add_format({"italic": True, "font_color": "#808080"}),
        "example_date": workbook.add_format({"italic": True, "font_color": "#808080", "num_format": "dd/mm/yyyy"}),
    }


def _header(worksheet, styles, columns):
    for index, (_key, header, _values, width) in enumerate(columns):
        worksheet.write(0, index, header, styles["header"])
        worksheet.set_column(index, index, width)
    worksheet.freeze_panes(1, 0)


def _fact_sheet(workbook, styles, sheet):
    title, columns, example = LAYOUT[sheet]
    columns = EMPLOYEE_COLUMNS + columns
    worksheet = workbook.add_worksheet(title)
    _header(worksheet, styles, columns)
    cells = {**EXAMPLE_EMPLOYEE, **example}
    for index, (key, _header_text, values, width) in enumerate(columns):
        value = cells.get(key, "")
        if isinstance(value, date):
            worksheet.write_datetime(1, index, value, styles["example_date"])
        else:
            worksheet.write(1, index, value, styles["example"])
        if values == "date":
            worksheet.set_column(index, index, width, styles["date"])
        _validate(worksheet, index, values)


def _validate(worksheet, column, values):
    """A drop-down list for the kinds, a date or a number check elsewhere."""
    if isinstance(values, list):
        rule = {"validate": "list", "source": values, "error_title": "Valeur inconnue"}
    elif values == "date":
        rule = {"validate": "date", "criteria": ">", "value": datetime(1950, 1, 1), "error_title": "Date attendue"}
    elif values == "hours":
        rule = {"validate": "decimal", "criteria": ">=", "value": 0, "error_title": "Nombre d'heures attendu"}
    else:
        return
    worksheet.data_validation(1, column, VALIDATED_ROWS, column, rule)


def read_rows(data):
    """The rows of a filled template: [(sheet key, row number, {column key: value})],
    sheets in the template's order, the example and empty rows left out.

    Raises ValueError when the file is not a spreadsheet or has none of the
    template's sheets."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise ValueError("not an XLSX file") from error
    titles = {" ".join(name.split()).casefold(): name for name in workbook.sheetnames}
    rows, found = [], False
    for sheet in H.SHEETS:
        name = titles.get(LAYOUT[sheet][0].casefold())
        if name is None:
            continue
        found = True
        rows += _sheet_rows(sheet, workbook[name])
    workbook.close()
    if not found:
        raise ValueError("no sheet of the template")
    return rows


def _sheet_rows(sheet, worksheet):
    headers = {header.casefold(): key for key, header, _values, _width in EMPLOYEE_COLUMNS + LAYOUT[sheet][1]}
    keys = None
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if keys is None:
            keys = [headers.get(" ".join(str(value or "").split()).casefold()) for value in values]
            continue
        cells = {key: _clean(value) for key, value in zip(keys, values, strict=False) if key}
        if not any(value not in (None, "") for value in cells.values()):
            continue
        if str(cells.get("number") or "").strip() == EXAMPLE_MARK:
            continue
        yield sheet, number, cells


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def build_refused(columns, rows):
    """The refused rows as XLSX bytes: ``columns`` the headers, ``rows`` lists of values."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "constant_memory": True})
    styles = _styles(workbook)
    worksheet = workbook.add_worksheet("Lignes refusées")
    for index, header in enumerate(columns):
        worksheet.write(0, index, header, styles["header"])
        worksheet.set_column(index, index, 22)
    for number, values in enumerate(rows, start=1):
        for index, value in enumerate(values):
            if isinstance(value, date):
                worksheet.write_datetime(number, index, value, styles["date"])
            else:
                worksheet.write(number, index, "" if value is None else value)
    workbook.close()
    return output.getvalue()
