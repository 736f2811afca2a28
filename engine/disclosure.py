"""Statistical disclosure control of the figures for the staff representatives.

Pure Python, no Odoo import. The CSE reads counts (interviews refused by
kind, action plans by type...). A count of 1 names someone in a team where
everybody knows everybody, so:

* **Primary suppression.** A count from 1 to N - 1 (N, the company's
  threshold, at least :data:`MIN_THRESHOLD`) is not published: an inner cell
  reads "< N" (:data:`BELOW`), a total reads "masked" (:data:`MASKED`).
* **Secondary suppression.** A table is published with its totals, so other
  entries are masked too (:data:`MASKED`; an inner cell so masked is at least
  N, a total at least 1) until no masked entry can be computed exactly from
  the published figures, the table's sums and what the labels say (0 is
  always shown, so a masked entry is at least 1). First the usual rule (a
  row or column with one masked entry gets a second one, its smallest
  non-zero entry, cells before totals), then :func:`determined`, an exact
  audit, until a fixed point.
* **Periods.** Figures are given for calendar years, quarters and months
  only, and the finer levels add up to the coarser ones. :func:`release`
  gives a year's months (quarters) only when none of its twelve months (four
  quarters) has a count from 1 to N - 1: then the year is clean too, nothing
  is masked at any level, and subtracting nested periods reveals nothing.
  Otherwise the figures are given for the year only, with suppression.

**The audit.** Write each total with a minus sign (the grand total with a
plus): every row and column of the extended table then sums to 0, and the
table is a bipartite graph (rows and columns as vertices, entries as
edges) whose vertex equations are the published sums. Changes of the masked
entries that keep every published figure are the circulations on the masked
edges; a masked entry at a bound of what the labels say (1 for "< N", N - 1,
N for a masked inner cell) may only move one way. The sum matrix is totally
unimodular, so an entry takes at least two integer values exactly when one
of its allowed moves lies on a directed cycle of allowed moves.
"""

import calendar
from dataclasses import dataclass, replace
from datetime import date

MIN_THRESHOLD = 3
# What a masked entry shows: BELOW is "< N" (an inner cell from 1 to N - 1),
# MASKED says nothing but "not zero".
BELOW = "below"
MASKED = "masked"

YEAR, QUARTER, MONTH = "year", "quarter", "month"
QUARTER_MONTHS = {quarter: tuple(range(3 * quarter - 2, 3 * quarter + 1)) for quarter in range(1, 5)}
# Sums with no equation: rows or columns without a published total.
_FREE = ("free",)


@dataclass(frozen=True)
class Table:
    """A table of counts with its totals and what is masked.

    ``values`` is the extended grid: ``rows`` x ``columns`` inner cells, then
    the row totals in column ``columns`` (when ``row_totals``) and the column
    totals in row ``rows`` (when ``column_totals``); the grand total, when
    both, at ``(rows, columns)``.
    """

    values: tuple
    rows: int
    columns: int
    row_totals: bool
    column_totals: bool
    threshold: int
    masked: frozenset = frozenset()

    def entries(self):
        """Every position of the extended grid, inner cells first."""
        height = self.rows + self.column_totals
        width = self.columns + self.row_totals
        return [(i, j) for i in range(height) for j in range(width)]

    def is_total(self, position):
        i, j = position
        return i == self.rows or j == self.columns

    def value(self, position):
        i, j = position
        return self.values[i][j]

    def label(self, position):
        """The published entry: the count, :data:`BELOW` or :data:`MASKED`."""
        if position not in self.masked:
            return self.value(position)
        if not self.is_total(position) and self.value(position) < self.threshold:
            return BELOW
        return MASKED

    def published(self):
        """The grid as published (see :meth:`label`)."""
        height = self.rows + self.column_totals
        width = self.columns + self.row_totals
        return [[self.label((i, j)) for j in range(width)] for i in range(height)]

    def bounds(self, position):
        """(low, high) the published labels give a masked entry; high None
        when unbounded."""
        label = self.label(position)
        if label == BELOW:
            return 1, self.threshold - 1
        if not self.is_total(position):
            return self.threshold, None
        return 1, None

    def lines(self):
        """The published sums, each as the positions it adds up (totals
        included): one per row when there are row totals, one per column when
        there are column totals."""
        lines = []
        if self.row_totals:
            lines += [[(i, j) for j in range(self.columns + 1)] for i in range(self.rows + self.column_totals)]
        if self.column_totals:
            lines += [[(i, j) for i in range(self.rows + 1)] for j in range(self.columns + self.row_totals)]
        return lines


def extend(cells, row_totals=True, column_totals=True):
    """The grid of ``cells`` with its row totals, column totals and grand
    total."""
    grid = [list(row) + ([sum(row)] if row_totals else []) for row in cells]
    if column_totals:
        width = len(grid[0]) if grid else 0
        grid.append([sum(row[j] for row in grid) for j in range(width)])
    return tuple(tuple(row) for row in grid)


def _check(cells, threshold):
    if threshold < MIN_THRESHOLD:
        raise ValueError(f"the privacy threshold is at least {MIN_THRESHOLD}, not {threshold}")
    if not cells or not cells[0]:
        raise ValueError("a table has at least one cell")
    width = len(cells[0])
    for row in cells:
        if len(row) != width:
            raise ValueError("every row of a table has the same number of cells")
        for count in row:
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ValueError(f"a count is a non-negative integer, not {count!r}")


def is_clean(cells, threshold, row_totals=True, column_totals=True):
    """True when no count of the table, totals included, is from 1 to
    ``threshold`` - 1: it is published as it is."""
    _check(cells, threshold)
    return all(count == 0 or count >= threshold for row in extend(cells, row_totals, column_totals) for count in row)


def _vertices(table, position):
    """The row and column sums an entry belongs to (free when unpublished)."""
    i, j = position
    row = ("row", i) if table.row_totals else _FREE
    column = ("column", j) if table.column_totals else _FREE
    return row, column


def _moves(table, position):
    """The arcs along which a masked entry may move, in the signed table
    (totals negated, grand total positive): (row, column) when its signed
    value may grow, (column, row) when it may shrink."""
    row, column = _vertices(table, position)
    value = table.value(position)
    low, high = table.bounds(position)
    up = high is None or value < high
    down = value > low
    i, j = position
    if (i == table.rows) != (j == table.columns):
        up, down = down, up
    return ([(row, column)] if up else []) + ([(column, row)] if down else [])


def _reaches(arcs, start, goal):
    graph = {}
    for tail, head in arcs:
        graph.setdefault(tail, []).append(head)
    seen, todo = {start}, [start]
    while todo:
        vertex = todo.pop()
        if vertex == goal:
            return True
        for head in graph.get(vertex, ()):
            if head not in seen:
                seen.add(head)
                todo.append(head)
    return False


def determined(table, positions=None):
    """The masked entries (of ``positions``, default all) whose value follows
    exactly from what is published: the other entries, the sums, and the
    bounds of the labels (see the module's docstring)."""
    moves = {position: _moves(table, position) for position in table.masked}
    exposed = set()
    for position in table.masked if positions is None else positions:
        others = [arc for other, arcs in moves.items() if other != position for arc in arcs]
        free = any(tail == head or _reaches(others, head, tail) for tail, head in moves[position])
        if not free:
            exposed.add(position)
    return exposed


def _order(table, position):
    return (table.is_total(position), table.value(position), position)


def _candidates(table, positions):
    return sorted(
        (p for p in positions if p not in table.masked and table.value(p) > 0), key=lambda p: _order(table, p)
    )


def _complement(table, position):
    """The entry to mask so that ``position`` is no longer exposed: the
    smallest one of its row or column that frees it, else the smallest of its
    row or column, else the smallest anywhere."""
    near = _candidates(table, {p for line in table.lines() if position in line for p in line})
    for candidate in near:
        if not determined(replace(table, masked=table.masked | {candidate}), [position]):
            return candidate
    candidates = near or _candidates(table, table.entries())
    if not candidates:  # pragma: no cover - every non-zero entry masked is safe (see the tests)
        raise AssertionError(f"{position} stays exposed with every non-zero entry masked")
    return candidates[0]


def protect(cells, threshold, row_totals=True, column_totals=True):
    """The table of ``cells`` (rows of non-negative counts) with its totals,
    primary and secondary suppression applied (see the module's docstring)."""
    _check(cells, threshold)
    table = Table(
        values=extend(cells, row_totals, column_totals),
        rows=len(cells),
        columns=len(cells[0]),
        row_totals=row_totals,
        column_totals=column_totals,
        threshold=threshold,
    )
    masked = {p for p in table.entries() if 0 < table.value(p) < threshold}
    while True:
        # The usual rule first: no sum with a single masked entry.
        changed = True
        while changed:
            changed = False
            for line in table.lines():
                if sum(p in masked for p in line) == 1:
                    masked.add(_candidates(replace(table, masked=frozenset(masked)), line)[0])
                    changed = True
        table = replace(table, masked=frozenset(masked))
        exposed = sorted(determined(table))
        if not exposed:
            return table
        masked.add(_complement(table, exposed[0]))


def period_months(kind, index=None):
    """The months (1-12) of a calendar period of a year."""
    if kind == YEAR:
        return tuple(range(1, 13))
    if kind == QUARTER and index in QUARTER_MONTHS:
        return QUARTER_MONTHS[index]
    if kind == MONTH and index in range(1, 13):
        return (index,)
    raise ValueError(f"no calendar period {kind} {index}")


def period_bounds(kind, year, index=None):
    """First and last day of a calendar year, quarter or month."""
    months = period_months(kind, index)
    return date(year, months[0], 1), date(year, months[-1], calendar.monthrange(year, months[-1])[1])


def add_tables(tables):
    """Cell by cell sum of tables of the same shape."""
    return [[sum(cells) for cells in zip(*rows, strict=True)] for rows in zip(*tables, strict=True)]


def release(monthly, shapes, threshold, kind, index=None):
    """The published tables of one calendar period, or None when its figures
    are only given for the enclosing period.

    ``monthly`` holds, for each table, the twelve month tables of one year
    (cells only); ``shapes`` its ``(row_totals, column_totals)``. The tables
    are released or not together. Months are given only when every month of
    the year is clean, quarters only when every quarter is (see
    :func:`is_clean`); then the year is clean too and nothing is masked. The
    year is always given, with suppression (:func:`protect`).

    Why the whole year: with a month given whenever it is clean, the year
    minus the clean months is the sum of the others, which may be a count of
    1 or 2; and a month refused says that it holds such a count.
    """
    months = period_months(kind, index)
    if len(monthly) != len(shapes) or any(len(year) != 12 for year in monthly):
        raise ValueError("one list of twelve month tables per shape")
    if kind != YEAR:
        parts = [(m,) for m in range(1, 13)] if kind == MONTH else list(QUARTER_MONTHS.values())
        for year, shape in zip(monthly, shapes, strict=True):
            for part in parts:
                if not is_clean(add_tables([year[m - 1] for m in part]), threshold, *shape):
                    return None
    return [
        protect(add_tables([year[m - 1] for m in months]), threshold, *shape)
        for year, shape in zip(monthly, shapes, strict=True)
    ]


def periods_given(displays, threshold):
    """How many of ``displays`` each kind of period gives, in their year:
    ``{YEAR: n, QUARTER: q, MONTH: m}``. Each display is ``(monthly,
    shapes)`` as :func:`release` takes them, its tables released together.
    The year is always given; months and quarters are given or withheld for
    the whole year at once (see :func:`release`), so the first one decides."""
    given = {YEAR: len(displays)}
    for kind in (QUARTER, MONTH):
        given[kind] = sum(release(monthly, shapes, threshold, kind, 1) is not None for monthly, shapes in displays)
    return given
