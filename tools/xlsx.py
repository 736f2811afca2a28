"""Small helpers to write the addon's spreadsheets with xlsxwriter."""

import io

from odoo.tools.misc import split_every, xlsxwriter

# Records read, and their cache dropped, this many at a time: a register of
# 50 000 rows keeps one chunk in memory, not the whole company.
CHUNK = 1000


def workbook_bytes(sheets):
    """An .xlsx file from ``[(sheet name, headers, rows), ...]``; ``rows``
    may be a generator: each row is written as it comes and flushed
    (xlsxwriter's ``constant_memory``), so the sheet never sits in memory.

    Text is written as text: a name that starts with "=" never becomes a
    formula.
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EAF0"})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, headers, rows in sheets:
        sheet = workbook.add_worksheet(name[:31])
        for column, header in enumerate(headers):  # wide enough for the header, never cut
            sheet.set_column(column, column, max(12, len(header) + 4))
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, headers, bold)
        for row_index, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                _write_cell(sheet, row_index, column, value, day)
    workbook.close()
    return output.getvalue()


def _write_cell(sheet, row, column, value, day):
    """One cell by its type: xlsxwriter's generic write() guesses the type of
    every string with regular expressions (numbers, URLs, formulas), most of
    a register's time; an empty value leaves the cell empty."""
    if value is None or value == "" or value is False:
        return
    if isinstance(value, str):
        sheet.write_string(row, column, value)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    elif hasattr(value, "isoformat"):
        sheet.write_datetime(row, column, value, day)
    else:
        sheet.write_string(row, column, str(value))


def download_action(env, name, content, res_model=False, res_id=False):
    """Store the file as an attachment and return the action that downloads it."""
    attachment = env["ir.attachment"].create(
        {
            "name": name,
            "raw": content,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "res_model": res_model,
            "res_id": res_id,
        }
    )
    return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "download"}


def register_action(records, sheet, filename, columns, prepare=None):
    """The download of a register: one row per record of ``records``, read
    with the user's rights, one column per ``(header, value)`` of
    ``columns``. ``value`` is a field name (a selection shows its label, a
    relation its name) or a function of the record. Read and written
    ``CHUNK`` records at a time; ``prepare(chunk)``, if given, runs before
    each chunk is read (what its functions need, computed once for it)."""
    labels = {}

    def cell(record, value):
        if callable(value):
            content = value(record)
        else:
            field = record._fields[value]
            content = record[value]
            if field.type == "selection":
                if value not in labels:
                    labels[value] = dict(field._description_selection(record.env))
                content = labels[value].get(content, "")
            elif field.type == "many2one":
                content = content.name
        return "" if content is None or content is False else content

    def rows():
        for ids in split_every(CHUNK, records.ids):
            chunk = records.browse(ids)
            if prepare:
                prepare(chunk)
            for record in chunk:
                yield [cell(record, value) for _header, value in columns]
            chunk.invalidate_recordset()

    content = workbook_bytes([(sheet, [header for header, _value in columns], rows())])
    return download_action(records.env, filename, content)
