"""Set-based writes for the rows the addon derives and owns (COPY, UPDATE FROM VALUES).

Why not ``create()``: measured on this addon's models in Odoo 18, one ORM
create costs about 0.2 ms per obligation (defaults, precomputes, access
checks). The first run of a 50 000-employee company makes some 250 000
obligation rows and tens of thousands of planned interviews: minutes
through the ORM, seconds in sets.

Only the addon's own tables go through here (obligations, planned
interviews, the employee's summary columns), written with the ORM's own
column conversion (:meth:`Field.convert_to_column_insert`) and audit
columns; the caller checks the rows' constraints and invalidates the caches
it made stale. What other modules own (activities, messages) goes through
their ORM, and everything a user edits through ``create()`` and ``write()``.
"""

import io
import json

from odoo.tools import SQL
from odoo.tools.misc import split_every

CHUNK = 1000
NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _id_text(value):
    return str(value) if value else NULL


def _number_text(value):
    return NULL if value is None or value is False else str(value)


def _string_text(value):
    return NULL if value is None or value is False else str(value).translate(_COPY_ESCAPES)


# The one type table: field types whose write value is already the column
# value (False meaning NULL), with how COPY's text format writes it.
PLAIN_TYPES = {
    "boolean": lambda value: "t" if value else "f",
    "many2one": _id_text,
    "date": _id_text,
    "datetime": _id_text,
    "integer": _number_text,
    "float": _number_text,
    "char": _string_text,
    "text": _string_text,
    "selection": _string_text,
}


def insert_rows(model, rows, validate=True):
    """Insert ``rows`` (dicts of field name -> value, all with the same keys)
    into ``model``'s table; return their new ids, in the same order.

    The ids are drawn from the table's sequence first, then the rows go in
    with one COPY: no statement of thousands of parameters to compose,
    quote and parse. ``validate=False`` skips the fields' own checks (HTML
    sanitising), for values the caller built safe.
    """
    if not rows:
        return []
    env = model.env
    names = list(rows[0])
    formats = [(name, _copy_format(model._fields[name], model, validate)) for name in names]
    columns, audit = ["id", *names], []
    if model._log_access:
        columns += ["create_uid", "create_date", "write_uid", "write_date"]
        audit = [_copy_text(value) for value in (env.uid, env.cr.now(), env.uid, env.cr.now())]
    env.cr.execute(
        SQL("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", model._table, len(rows))
    )
    ids = [row[0] for row in env.cr.fetchall()]
    lines = io.StringIO()
    for record_id, row in zip(ids, rows, strict=True):
        values = [text_of(row[name]) for name, text_of in formats]
        lines.write("\t".join([str(record_id), *values, *audit]) + "\n")
    lines.seek(0)
    env.cr.copy_expert(
        SQL("COPY %s (%s) FROM STDIN", SQL.identifier(model._table), SQL(", ").join(map(SQL.identifier, columns))).code,
        lines,
    )
    # COPY goes straight to psycopg2: count it, so that query counts
    # (assertQueryCount, the benchmark) still tell the truth.
    env.cr.sql_log_count += 1
    return ids


def insert_relation(model, field_name, pairs):
    """Insert ``pairs`` (record id, comodel id) into the relation table of
    ``model``'s many2many field ``field_name``, with one COPY, and
    invalidate the field on those records."""
    if not pairs:
        return
    field = model._fields[field_name]
    lines = io.StringIO("".join(f"{record_id}\t{other_id}\n" for record_id, other_id in pairs))
    model.env.cr.copy_expert(
        SQL(
            "COPY %s (%s, %s) FROM STDIN",
            SQL.identifier(field.relation),
            SQL.identifier(field.column1),
            SQL.identifier(field.column2),
        ).code,
        lines,
    )
    model.env.cr.sql_log_count += 1
    model.browse({record_id for record_id, _other in pairs}).invalidate_recordset([field_name])


def _copy_format(field, model, validate):
    """value -> its COPY text, as the ORM would have stored it.

    Plain types are formatted directly (this runs for every value of every
    row); the others go through the field's own column conversion.
    """
    if _is_plain(field, validate):
        return PLAIN_TYPES.get(field.type, _string_text)  # html not validated: a string
    convert = _converter(field, model, validate)
    return lambda value: _copy_text(convert(value))


def _is_plain(field, validate):
    """Whether the field's write value is its column value (see PLAIN_TYPES)."""
    if field.translate or field.company_dependent:
        return False
    return field.type in PLAIN_TYPES or (field.type == "html" and not validate)


def _copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return NULL
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, (dict, list)) or hasattr(value, "adapted"):
        value = json.dumps(getattr(value, "adapted", value))
    return str(value).translate(_COPY_ESCAPES)


def update_rows(records, values_by_id, audit=None):
    """Write ``{id: {field name: value}}`` on ``records``' table, one statement
    per set of fields, and invalidate those fields on ``records``.

    Pending ORM writes to those fields are flushed first, so that neither
    side overwrites the other. ``audit`` (default: the model's
    ``_log_access``) also stamps ``write_uid``/``write_date``; a technical
    column (the scheduler's next look) leaves them alone.
    """
    if not values_by_id:
        return
    model = records.browse()
    audit = model._log_access if audit is None else audit
    by_fields = {}
    for record_id, values in values_by_id.items():
        by_fields.setdefault(tuple(sorted(values)), []).append((record_id, values))
    env = model.env
    for names, items in by_fields.items():
        model.flush_model(names)
        fields = [model._fields[name] for name in names]
        converters = [_converter(field, model, True) for field in fields]
        columns = [*names, *(("write_uid", "write_date") if audit else ())]
        column_fields = [*fields, *(_audit_fields(model) if audit else ())]
        stamps = (env.uid, env.cr.now()) if audit else ()
        for chunk in split_every(CHUNK, items):
            rows = SQL(", ").join(
                SQL(
                    "%s",
                    (
                        record_id,
                        *(convert(values[name]) for name, convert in zip(names, converters, strict=True)),
                        *stamps,
                    ),
                )
                for record_id, values in chunk
            )
            assignments = SQL(", ").join(
                SQL("%s = __new.%s::%s", SQL.identifier(name), SQL.identifier(name), SQL(field.column_type[1]))
                for name, field in zip(columns, column_fields, strict=True)
            )
            env.cr.execute(
                SQL(
                    "UPDATE %s SET %s FROM (VALUES %s) AS __new(id, %s) WHERE %s.id = __new.id",
                    SQL.identifier(model._table),
                    assignments,
                    rows,
                    SQL(", ").join(SQL.identifier(name) for name in columns),
                    SQL.identifier(model._table),
                )
            )
        records.browse([record_id for record_id, _values in items]).invalidate_recordset(columns)


def delete_rows(records):
    """Delete ``records`` (rows the scheduler owns, with nothing to clean up
    beyond the database's own foreign keys) and invalidate only what pointed
    at them.

    ``unlink()`` empties the whole ORM cache, since it cannot know what the
    database's cascades changed: run in a user's transaction (a contract
    saved, say) that makes every later read of that transaction query
    again. Here the fields that refer to the model are known: only they are
    invalidated.
    """
    if not records:
        return
    env = records.env
    env.flush_all()
    for chunk in split_every(CHUNK, records.ids):
        env.cr.execute(SQL("DELETE FROM %s WHERE id IN %s", SQL.identifier(records._table), tuple(chunk)))
    for model_name, field_name in _referring_fields(env.registry, records._name):
        env[model_name].invalidate_model([field_name])
    records.invalidate_recordset()


def _referring_fields(registry, model_name):
    """(model, field) pairs of the relational fields whose comodel is ``model_name``."""
    return [
        (name, field.name)
        for name, model in registry.items()
        if not model._abstract
        for field in model._fields.values()
        if field.relational and field.comodel_name == model_name
    ]


def _converter(field, model, validate):
    """value -> column value, as the ORM converts it for an INSERT."""
    if _is_plain(field, validate):
        if field.type == "boolean":
            return bool
        return lambda value: None if value is False else value
    return lambda value: field.convert_to_column_insert(value, model, None, validate)


def _audit_fields(model):
    return [model._fields["write_uid"], model._fields["write_date"]]
