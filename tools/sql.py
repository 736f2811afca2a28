"""The raw statements the calendar and the scheduler run, in the manner of
``odoo/tools/sql.py``: small functions on a cursor, each saying why it is
not written through the ORM. Table names come from the models
(``records._table``), never typed by hand."""

from odoo.tools import SQL

# The column the daily pass reads to find who to look at: NULL means "facts
# changed, look at once" (hr.employee.l10n_fr_career_next_look).
NEXT_LOOK = "l10n_fr_career_next_look"


def lock_rows(cr, table, ids, strength="UPDATE", skip_locked=True):
    """Lock the rows ``ids`` of ``table`` until the end of the transaction,
    in id order (no deadlock between two lockers); return the ids locked.

    ``strength``: ``UPDATE`` (the daily pass: also conflicts with the KEY
    SHARE lock of a row being inserted that refers to it) or ``NO KEY
    UPDATE`` (storing a calendar). ``skip_locked``: rows another
    transaction holds are left out rather than waited for.
    """
    if not ids:
        return set()
    wait = SQL(" SKIP LOCKED") if skip_locked else SQL()
    cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR %s%s",
            SQL.identifier(table),
            tuple(ids),
            SQL(strength),
            wait,
        )
    )
    return {row[0] for row in cr.fetchall()}


def fail_as_serialization(cr, message):
    """End the transaction as PostgreSQL does when a row changed under it:
    Odoo retries a request that fails so, on fresh data."""
    cr.execute(
        SQL(
            "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = %s; END $$",
            message,
        ),
        log_exceptions=False,
    )


def clear_next_look(cr, table, ids=None, company_ids=None, skip_locked=False):
    """Empty the next look of the employees ``ids`` (or of every employee of
    ``company_ids``, or of everyone): the next daily pass looks at them.

    One indexed column set to NULL, without write_date, tracking or chatter:
    a mark, not a change of the employee. Returns the company id of each
    row marked. ``skip_locked``: rows another transaction holds are left.
    """
    if ids is not None and not ids or company_ids is not None and not company_ids:
        return []
    table = SQL.identifier(table)
    if ids is not None:
        rows = SQL("SELECT id FROM %s WHERE id IN %s", table, tuple(ids))
    elif company_ids is not None:
        rows = SQL("SELECT id FROM %s WHERE company_id IN %s", table, tuple(company_ids))
    else:
        rows = SQL("SELECT id FROM %s", table)
    if skip_locked:
        rows = SQL("%s FOR UPDATE SKIP LOCKED", rows)
    cr.execute(
        SQL(
            "UPDATE %s SET %s = NULL WHERE id IN (%s) RETURNING company_id",
            table,
            SQL.identifier(NEXT_LOOK),
            rows,
        )
    )
    return [company_id for (company_id,) in cr.fetchall()]


def user_langs(cr, user_ids):
    """{user id: language}, in one query: through the ORM, a user's language
    (a field of its partner) loads every column of the user and of the
    partner, with hr's access check on each."""
    cr.execute(
        SQL(
            "SELECT u.id, p.lang FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id IN %s",
            tuple(user_ids) or (0,),
        )
    )
    return dict.fromkeys(user_ids, False) | dict(cr.fetchall())
