"""Disclosure control of the CSE figures, checked by attackers that share no
code with the suppression: subtraction from the published totals, exact
linear algebra, interval propagation with what the labels say, and a search
for a second table that publishes the same figures."""

import math
from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.disclosure import (
    BELOW,
    MASKED,
    MONTH,
    QUARTER,
    YEAR,
    Table,
    determined,
    extend,
    is_clean,
    period_bounds,
    periods_given,
    protect,
    release,
)

# -- what an attacker knows --------------------------------------------------


def published_view(table):
    """What the CSE sees, read as an attacker would: the grid of published
    numbers (None where masked), each masked entry's bounds from its label,
    and the sums of the table."""
    grid = table.published()
    known, bounds = {}, {}
    for i, row in enumerate(grid):
        for j, label in enumerate(row):
            total = i == table.rows or j == table.columns
            if label == BELOW:
                bounds[i, j] = (1, table.threshold - 1)
            elif label == MASKED:
                # An inner cell shown "masked" is not one of the "< N": at least N.
                bounds[i, j] = (1, math.inf) if total else (table.threshold, math.inf)
            else:
                known[i, j] = label
    equations = []  # (positions with coefficients): sum of cells minus total = 0
    height, width = len(grid), len(grid[0])
    if table.row_totals:
        for i in range(height):
            equations.append([((i, j), 1) for j in range(table.columns)] + [((i, table.columns), -1)])
    if table.column_totals:
        for j in range(width):
            equations.append([((i, j), 1) for i in range(table.rows)] + [((table.rows, j), -1)])
    return known, bounds, equations


def subtraction_attack(table):
    """Peel: a sum with one unknown gives it; repeat with what was found."""
    known, _bounds, equations = published_view(table)
    found = {}
    progress = True
    while progress:
        progress = False
        for equation in equations:
            unknown = [(p, c) for p, c in equation if p not in known and p not in found]
            if len(unknown) == 1:
                position, coefficient = unknown[0]
                rest = sum(c * {**known, **found}[p] for p, c in equation if p != position)
                found[position] = -rest * coefficient
                progress = True
    return found


def linear_attack(table):
    """Any linear combination of the sums (exact rational elimination): the
    masked entries whose unit vector is in the row space."""
    known, bounds, equations = published_view(table)
    unknowns = sorted(bounds)
    index = {p: k for k, p in enumerate(unknowns)}
    rows = []
    for equation in equations:
        row = [Fraction(0)] * (len(unknowns) + 1)
        for position, coefficient in equation:
            if position in index:
                row[index[position]] += coefficient
            else:
                row[-1] -= coefficient * known[position]
        rows.append(row)
    pivot_row = 0
    for column in range(len(unknowns)):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        rows[pivot_row] = [value / rows[pivot_row][column] for value in rows[pivot_row]]
        for r, row in enumerate(rows):
            if r != pivot_row and row[column]:
                rows[r] = [a - row[column] * b for a, b in zip(row, rows[pivot_row], strict=True)]
        pivot_row += 1
    found = {}
    for row in rows:
        support = [k for k in range(len(unknowns)) if row[k]]
        if len(support) == 1:
            found[unknowns[support[0]]] = row[-1] / row[support[0]]
    return found


def interval_attack(table):
    """Propagate the labels' bounds through the sums until nothing moves."""
    known, bounds, equations = published_view(table)
    low = {p: b[0] for p, b in bounds.items()}
    high = {p: b[1] for p, b in bounds.items()}
    for p, value in known.items():
        low[p] = high[p] = value
    for _round in range(200):
        changed = False
        for equation in equations:
            for position, coefficient in equation:
                # coefficient * x = - sum of the others
                others_low = sum(c * (low[p] if c > 0 else high[p]) for p, c in equation if p != position)
                others_high = sum(c * (high[p] if c > 0 else low[p]) for p, c in equation if p != position)
                lo, hi = (-others_high, -others_low) if coefficient > 0 else (others_low, others_high)
                if lo > low[position]:
                    low[position], changed = lo, True
                if hi < high[position]:
                    high[position], changed = hi, True
        if not changed:
            break
    return {p: low[p] for p in bounds if low[p] == high[p]}


def second_tables(table, window=2):
    """For each masked entry, the values it takes among the tables that
    publish exactly the same figures, searched within ``window`` of the
    truth. One value only means the attacker may have found it; two or more
    are a proof that it cannot be recovered."""
    known, bounds, equations = published_view(table)
    unknowns = sorted(bounds)
    ranges = [
        range(max(bounds[p][0], table.value(p) - window), min(bounds[p][1], table.value(p) + window) + 1)
        for p in unknowns
    ]
    seen = {p: set() for p in unknowns}
    order = {p: k for k, p in enumerate(unknowns)}
    # An equation is checked as soon as its last unknown is set.
    checks = {k: [] for k in range(len(unknowns))}
    for equation in equations:
        involved = [order[p] for p, _c in equation if p in order]
        if involved:
            checks[max(involved)].append(equation)
    values = {}

    def search(k):
        if all(len(v) > 1 for v in seen.values()):
            return True
        if k == len(unknowns):
            for p in unknowns:
                seen[p].add(values[p])
            return False
        for value in ranges[k]:
            values[unknowns[k]] = value
            consistent = all(sum(c * values.get(p, known.get(p, 0)) for p, c in e) == 0 for e in checks[k])
            if consistent and search(k + 1):
                return True
        return False

    search(0)
    return seen


def assert_safe(table):
    masked = table.masked
    for attack in (subtraction_attack, linear_attack, interval_attack):
        recovered = set(attack(table)) & masked
        assert not recovered, f"{attack.__name__} recovers {sorted(recovered)} of {table.values}"
    assert not determined(table)


# -- examples ----------------------------------------------------------------


def test_one_refusal_is_shown_below_the_threshold_and_the_totals_do_not_give_it():
    # kinds x (held, refused): one periodic interview refused.
    table = protect([[4, 0], [7, 1], [3, 0]], 3, row_totals=False)
    assert table.published() == [[4, 0], [7, BELOW], [3, 0], [14, MASKED]]
    assert table.bounds((1, 1)) == (1, 2)
    assert_safe(table)


def test_a_lone_masked_cell_gets_the_smallest_non_zero_cell_of_its_row_and_column():
    table = protect([[1, 5, 9], [4, 6, 8], [7, 3, 10]], 3)
    assert table.label((0, 0)) == BELOW
    # The smallest non-zero cells of row 0 and column 0 are masked with it.
    assert (0, 1) in table.masked and (1, 0) in table.masked
    assert_safe(table)
    for position in table.masked - {(0, 0)}:
        assert table.label(position) == MASKED


def test_two_small_cells_whose_labels_give_them_away_are_protected():
    # 1 + 1 + 3 = 5: with "< 3" read as 1 or 2, a total of 5 minus the 3
    # leaves 2 for the two cells, so both are 1. The usual rule (two masked
    # cells in the row) is not enough: the audit masks more.
    table = protect([[1, 1, 3], [3, 4, 5], [4, 6, 7]], 3)
    assert {(0, 0), (0, 1)} <= table.masked
    assert len(table.masked) > 4
    assert_safe(table)
    naive = replace(table, masked=frozenset({(0, 0), (0, 1), (1, 0), (1, 1)}))
    assert interval_attack(naive).get((0, 0)) == 1
    assert (0, 0) in determined(naive)


def test_a_small_total_is_masked_and_never_labelled_below():
    # a + b = total with total "< 3" would give a = b = 1: totals say nothing.
    table = protect([[1, 1], [5, 9]], 3)
    assert table.label((0, 2)) == MASKED
    assert_safe(table)


def test_tables_without_totals_and_a_single_count():
    assert protect([[2]], 3, row_totals=False, column_totals=False).published() == [[BELOW]]
    assert protect([[0]], 3, row_totals=False, column_totals=False).published() == [[0]]
    assert protect([[12]], 5, row_totals=False, column_totals=False).published() == [[12]]


def test_no_count_below_the_threshold_nothing_masked():
    table = protect([[0, 3], [5, 0]], 3)
    assert not table.masked
    assert table.published() == [[0, 3, 3], [5, 0, 5], [5, 3, 8]]


def test_the_threshold_is_at_least_3_and_counts_are_non_negative_integers():
    for threshold in (0, 1, 2):
        with pytest.raises(ValueError):
            protect([[1]], threshold)
    for cells in ([[-1]], [[1.5]], [[1, 2], [3]], []):
        with pytest.raises(ValueError):
            protect(cells, 3)


def test_extend_adds_row_column_and_grand_totals():
    assert extend([[1, 2], [3, 4]]) == ((1, 2, 3), (3, 4, 7), (4, 6, 10))
    assert extend([[1, 2], [3, 4]], row_totals=False) == ((1, 2), (3, 4), (4, 6))
    assert extend([[1, 2], [3, 4]], column_totals=False) == ((1, 2, 3), (3, 4, 7))


def test_calendar_periods():
    assert period_bounds(YEAR, 2026) == (date(2026, 1, 1), date(2026, 12, 31))
    assert period_bounds(QUARTER, 2026, 2) == (date(2026, 4, 1), date(2026, 6, 30))
    assert period_bounds(MONTH, 2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
    for kind, index in ((QUARTER, 5), (MONTH, 0), (MONTH, 13), ("day", 1), ("week", None)):
        with pytest.raises(ValueError):
            period_bounds(kind, 2026, index)


ZERO = [[0, 0], [0, 0]]


def year_of(**months):
    """Twelve 2x2 month tables, zero but for ``m<month>=cells``."""
    return [months.get(f"m{m}", ZERO) for m in range(1, 13)]


def test_months_are_given_only_when_every_month_of_the_year_is_clean():
    clean = year_of(m1=[[3, 0], [0, 4]], m5=[[0, 5], [3, 0]])
    shapes = [(True, True)]
    january = release([clean], shapes, 3, MONTH, 1)
    assert january[0].published() == [[3, 0, 3], [0, 4, 4], [3, 4, 7]]
    assert release([clean], shapes, 3, QUARTER, 2)[0].published()[2][2] == 8
    # One refusal in March: no month of the year is given (January, clean,
    # would give March as the first quarter minus January); the quarters
    # are all clean (4, 0, 8, 0 in the first cell), so they are given.
    one = year_of(m1=[[3, 0], [0, 4]], m3=[[1, 0], [0, 0]], m5=[[0, 5], [3, 0]])
    assert release([one], shapes, 3, MONTH, 1) is None
    assert release([one], shapes, 3, MONTH, 3) is None
    assert release([one], shapes, 3, QUARTER, 1)[0].values[0][0] == 4
    # Another one in August: the third quarter holds 1, only the year is given.
    two = year_of(m1=[[3, 0], [0, 4]], m3=[[1, 0], [0, 0]], m5=[[0, 5], [3, 0]], m8=[[0, 1], [0, 0]])
    assert release([two], shapes, 3, QUARTER, 1) is None
    assert release([two], shapes, 3, QUARTER, 3) is None
    year = release([two], shapes, 3, YEAR)[0]
    assert year.values[0][0] == 4 and year.values[0][1] == 6
    assert_safe(year)


def test_quarters_may_be_given_when_months_are_not():
    # 1 in January and 2 in February: months are not clean, the quarter is.
    year = year_of(m1=[[1, 0], [0, 3]], m2=[[2, 0], [0, 3]], m7=[[3, 3], [3, 3]])
    shapes = [(True, True)]
    assert release([year], shapes, 3, MONTH, 7) is None
    first = release([year], shapes, 3, QUARTER, 1)[0]
    assert not first.masked and first.values[0][0] == 3
    assert not release([year], shapes, 3, YEAR)[0].masked


def test_tables_of_one_display_are_released_together():
    clean = year_of(m1=[[3, 0], [0, 4]])
    small = year_of(m2=[[1, 0], [0, 0]])
    assert release([clean, small], [(True, True), (False, True)], 3, MONTH, 1) is None
    assert release([clean, clean], [(True, True), (False, True)], 3, MONTH, 1) is not None


def test_periods_given_say_for_each_kind_how_many_displays_release_their_year():
    clean = year_of(m1=[[3, 0], [0, 4]], m5=[[0, 5], [3, 0]])
    one_in_march = year_of(m1=[[3, 0], [0, 4]], m3=[[1, 0], [0, 0]], m5=[[0, 5], [3, 0]])
    shapes = [(True, True)]
    assert periods_given([([clean], shapes)], 3) == {YEAR: 1, QUARTER: 1, MONTH: 1}
    assert periods_given([([clean], shapes), ([one_in_march], shapes)], 3) == {YEAR: 2, QUARTER: 2, MONTH: 1}
    two = year_of(m3=[[1, 0], [0, 0]], m8=[[0, 1], [0, 0]])
    assert periods_given([([two], shapes)], 3) == {YEAR: 1, QUARTER: 0, MONTH: 0}


def test_a_month_given_whenever_it_is_clean_would_leak_through_the_year():
    """Why :func:`release` asks every month of the year to be clean."""
    year = year_of(m1=[[3, 0], [0, 3]], m2=[[1, 0], [0, 0]], m3=[[0, 0], [0, 3]])
    published_year = release([year], [(True, True)], 3, YEAR)[0]
    # A per-month rule would give January and March (clean): the year's
    # inner cell (0, 0) minus them would be February's 1.
    assert published_year.label((0, 0)) == 4
    assert published_year.values[0][0] - 3 - 0 == 1
    assert release([year], [(True, True)], 3, MONTH, 1) is None
    assert release([year], [(True, True)], 3, MONTH, 3) is None


# -- properties ----------------------------------------------------------------

count = st.one_of(st.just(0), st.integers(1, 4), st.integers(0, 15))


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 4))
    columns = draw(st.integers(1, 4))
    cells = [[draw(count) for _ in range(columns)] for _ in range(rows)]
    return cells, draw(st.integers(3, 5)), draw(st.booleans()), draw(st.booleans())


@settings(max_examples=400, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_masked_entry_can_be_recovered(case):
    cells, threshold, row_totals, column_totals = case
    table = protect(cells, threshold, row_totals, column_totals)
    grid = extend(cells, row_totals, column_totals)
    # Primary suppression: no published count from 1 to N - 1, totals included.
    for position in table.entries():
        value = table.value(position)
        assert value == grid[position[0]][position[1]]
        if 0 < value < threshold:
            assert position in table.masked
        if position not in table.masked:
            assert table.label(position) == value
        else:
            assert value > 0
    # Secondary suppression: subtraction, linear algebra, bounds.
    assert_safe(table)
    # And a second table publishing the same figures, for every masked entry.
    if len(table.masked) <= 12:
        values = second_tables(table)
        for position in table.masked:
            assert len(values[position]) > 1, f"{position} of {cells} has a single value {values[position]}"


@settings(max_examples=300, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.data())
def test_the_audit_finds_exactly_the_recoverable_entries(case, data):
    """determined() against the search for second tables, on any mask."""
    cells, threshold, row_totals, column_totals = case
    base = protect(cells, threshold, row_totals, column_totals)
    non_zero = [p for p in base.entries() if base.value(p) > 0]
    mask = data.draw(st.sets(st.sampled_from(non_zero), max_size=9)) if non_zero else set()
    table = Table(
        values=base.values,
        rows=base.rows,
        columns=base.columns,
        row_totals=row_totals,
        column_totals=column_totals,
        threshold=threshold,
        masked=frozenset(mask),
    )
    values = second_tables(table)
    single = {p for p in table.masked if len(values[p]) == 1}
    assert determined(table) == single
    # The weaker attackers never find what the audit calls safe.
    for attack in (subtraction_attack, linear_attack, interval_attack):
        assert set(attack(table)) & table.masked <= single


@st.composite
def years(draw):
    rows, columns = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    small = st.one_of(st.just(0), st.just(0), st.integers(0, 4))
    return [[[draw(small) for _ in range(columns)] for _ in range(rows)] for _ in range(12)]


@settings(max_examples=150, database=None, deadline=None)
@given(years(), st.integers(3, 4), st.booleans(), st.booleans())
def test_nested_periods_never_reveal_a_masked_figure(monthly, threshold, row_totals, column_totals):
    """Whatever months and quarters are given, the year is the sum of them
    and nothing is masked anywhere; otherwise only the year is given."""
    shape = [(row_totals, column_totals)]
    year = release([monthly], shape, threshold, YEAR)[0]
    assert_safe(year)
    months = [release([monthly], shape, threshold, MONTH, m) for m in range(1, 13)]
    quarters = [release([monthly], shape, threshold, QUARTER, q) for q in range(1, 5)]
    for released in (months, quarters):
        given_ = [tables_[0] for tables_ in released if tables_ is not None]
        assert len(given_) in (0, len(released)), "all or none of a year's months (quarters)"
        if given_:
            assert not year.masked
            assert all(not t.masked and is_clean([list(r) for r in t.values], threshold, False, False) for t in given_)
            assert [
                [sum(t.values[i][j] for t in given_) for j in range(len(year.values[0]))]
                for i in range(len(year.values))
            ] == [list(r) for r in year.values]
    if any(m is not None for m in months):
        assert all(q is not None for q in quarters)
