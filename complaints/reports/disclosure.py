"""Can a reader of the circulated report work out a count it withholds? Checked as
statistical offices audit their tables (tau-ARGUS): by linear programming.

Everything the circulated version publishes is a constraint on the counts it hides: a
published count is fixed; a column's parts add up to its total, and the parts of one
quantity to that quantity wherever it is stated (``Figure.part_of``, ``Figure.measure``);
a share printed as a whole number s% of a base B puts the count it is of between
(s - 0.5)B/100 and (s + 0.5)B/100, which for a base under 100 is a single count; a
withheld count is at least 1 (a 0 is always shown) and a withheld share's count lies
between 0 and its base. The reader is taken to know every share's base. For each hidden
count the smallest and the largest value meeting all of that are found with SciPy's
HiGHS solver; the count is protected only when they are at least ``PROTECTION`` apart.

``secured`` runs the check on a protected pack and, where a count is not protected,
withholds one more figure stating a quantity it is tied to (the smallest, a part before
a whole) and checks again, until every hidden count is protected; it refuses the report,
naming the counts, if nothing is left to withhold. The result is kept with the pack
(``MonthlyPack.checked``) and recorded when the report is made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from scipy.optimize import linprog

from complaints.common.errors import Refused
from complaints.reports.tables import (
    PROTECTION,
    Figure,
    Kind,
    MonthlyPack,
    Table,
    protected,
    suppressed,
)

_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Place:
    """Where a figure is printed: the table, the row and the column, as the reader sees them."""

    table: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}: {self.row}, {self.column}"


@dataclass(frozen=True)
class Leak:
    """A withheld count a reader can pin to a range narrower than ``PROTECTION``."""

    place: Place
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.place} (between {self.low:.1f} and {self.high:.1f})"


@dataclass(frozen=True)
class Check:
    """What the check found: how many withheld counts it tried, the ones still leaking,
    and how many figures it withheld beyond the table-by-table rule to protect them."""

    hidden: int
    leaks: tuple[Leak, ...] = ()
    further: tuple[Place, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.leaks

    def words(self) -> str:
        """The result for the report's audit event."""
        if self.leaks:
            return "disclosure check failed: " + "; ".join(str(leak) for leak in self.leaks)
        extra = (
            f", after withholding {len(self.further)} further figure"
            f"{'' if len(self.further) == 1 else 's'}"
            if self.further
            else ""
        )
        return (
            f"disclosure check passed: each of {self.hidden} withheld count"
            f"{'' if self.hidden == 1 else 's'} could be anything over a range of at least "
            f"{PROTECTION}{extra}"
        )


class DisclosureRefused(Refused):
    """The circulated version would let a reader work out a withheld count."""

    def __init__(self, leaks: Iterable[Leak]) -> None:
        self.leaks = tuple(leaks)
        super().__init__(
            "The circulated version cannot be published: these withheld figures could be "
            "worked out from the rest: " + "; ".join(str(leak) for leak in self.leaks)
        )


# Building the constraints. ---------------------------------------------------------------


@dataclass
class _Quantity:
    value: float  # the true value: the model only states relations it satisfies
    low: float = 0.0
    high: float | None = None
    published: bool = False
    hidden_at: Place | None = None  # where it is printed withheld, if it is a count
    cells: list[tuple[int, int, int]] = field(default_factory=list)  # where it is stated
    whole: bool = False  # a total, or a quantity whose parts are stated


class _Model:
    """The quantities a circulated pack states or withholds, and what ties them."""

    def __init__(self, pack: MonthlyPack, threshold: int, told_small: bool = False) -> None:
        self.threshold = threshold
        self.told_small = told_small
        self.quantities: dict[tuple, _Quantity] = {}
        self.equal: list[tuple[dict[tuple, float], float]] = []  # sum(coef * q) == rhs
        self.below: list[tuple[dict[tuple, float], float]] = []  # sum(coef * q) <= rhs
        self.tables = pack.tables
        for t, table in enumerate(self.tables):
            self._figures(t, table)
        for t, table in enumerate(self.tables):  # once every stated whole is known
            for i in range(1, len(table.columns)):
                self._sums(t, table, i)
        self.groups = self._components()

    def _quantity(self, key: tuple, value: float) -> _Quantity:
        found = self.quantities.get(key)
        if found is None:
            found = self.quantities[key] = _Quantity(float(value))
        return found

    def place(self, t: int, r: int, i: int) -> Place:
        table = self.tables[t]
        return Place(table.title, str(table.rows[r][0]), table.columns[i])

    def _count_key(self, t: int, r: int, i: int, f: Figure) -> tuple:
        return ("measure", f.measure) if f.measure else ("cell", t, r, i)

    def _part_key(self, t: int, r: int, i: int, f: Figure) -> tuple:
        """The count a share is of: the count printed beside it in its row (the nearest to
        its left with that value), or the same quantity wherever the share is restated."""
        if f.measure:
            return ("share", f.measure)
        row = self.tables[t].rows[r]
        for j in range(i - 1, 0, -1):
            c = row[j]
            if isinstance(c, Figure) and c.kind == Kind.COUNT and c.value == f.part:
                return self._count_key(t, r, j, c)
        return ("share", t, r, i)

    def _base_key(self, t: int, r: int, i: int, f: Figure, part: tuple) -> tuple | None:
        row = self.tables[t].rows[r]
        for j in range(1, len(row)):
            c = row[j]
            if (
                isinstance(c, Figure)
                and c.kind == Kind.COUNT
                and c.value == f.base
                and self._count_key(t, r, j, c) != part
            ):
                return self._count_key(t, r, j, c)
        return None

    def _base_withheld(self, t: int, share: Figure) -> bool:
        """Whether the count a share is of is withheld in the share's own table (a hidden
        total): a reader who cannot see the base learns no bound from it."""
        return any(
            isinstance(c, Figure)
            and c.kind == Kind.COUNT
            and c.value == share.base
            and suppressed(c, self.threshold)
            for row in self.tables[t].rows
            for c in row[1:]
        )

    def _figures(self, t: int, table: Table) -> None:
        for r, row in enumerate(table.rows):
            for i, f in enumerate(row):
                if i == 0 or not isinstance(f, Figure) or f.value is None:
                    continue
                if f.kind == Kind.COUNT:
                    self._count(t, r, i, f)
                elif f.kind == Kind.PERCENT and f.part is not None and f.base:
                    self._share(t, r, i, f)

    def _count(self, t: int, r: int, i: int, f: Figure) -> None:
        q = self._quantity(self._count_key(t, r, i, f), f.value)
        q.whole = q.whole or f.total
        if suppressed(f, self.threshold):
            q.low = max(q.low, min(1.0, float(f.value)))
            q.hidden_at = q.hidden_at or self.place(t, r, i)
            if self.told_small and f.withheld:  # "*", not "fewer than 5": at least 5
                q.low = max(q.low, float(self.threshold))
            elif self.told_small:
                q.high = float(self.threshold - 1)
        else:
            q.published = True
            q.cells.append((t, r, i))

    def _share(self, t: int, r: int, i: int, f: Figure) -> None:
        key = self._part_key(t, r, i, f)
        q = self._quantity(key, f.part)
        q.whole = q.whole or f.total
        if suppressed(f, self.threshold):
            base = self._base_key(t, r, i, f, key)
            if base is not None:
                self.below.append(({key: 1.0, base: -1.0}, 0.0))
            elif f.base >= self.threshold and not self._base_withheld(t, f):
                q.high = f.base if q.high is None else min(q.high, f.base)
            if key[0] == "share":
                q.hidden_at = q.hidden_at or self.place(t, r, i)
            return
        printed = float(f"{f.value:.0f}")
        q.low = max(q.low, (printed - 0.5) * f.base / 100)
        high = min(float(f.base), (printed + 0.5) * f.base / 100)
        q.high = high if q.high is None else min(q.high, high)
        q.cells.append((t, r, i))

    def _sums(self, t: int, table: Table, i: int) -> None:
        """A column's parts add up to its total, and the parts of one quantity to it."""
        cells = [
            (r, row[i])
            for r, row in enumerate(table.rows)
            if isinstance(row[i], Figure) and row[i].value is not None
        ]
        counts = [(r, f) for r, f in cells if f.kind == Kind.COUNT]
        totals = [(r, f) for r, f in counts if f.total]
        if len(totals) == 1:
            (r0, total), parts = totals[0], [(r, f) for r, f in counts if not f.total]
            self._adds_up(
                self._count_key(t, r0, i, total),
                [self._count_key(t, r, i, f) for r, f in parts],
            )
        wholes: dict[str, list[tuple]] = defaultdict(list)
        for r, f in counts:
            if f.part_of and not f.total:
                wholes[f.part_of].append(self._count_key(t, r, i, f))
        for whole, parts in wholes.items():
            value = sum(self.quantities[p].value for p in parts)
            self._quantity(("measure", whole), value).whole = True
            self._adds_up(("measure", whole), parts)
        shares = [(r, f) for r, f in cells if f.kind == Kind.PERCENT and f.part is not None]
        total_shares = [(r, f) for r, f in shares if f.total and f.base]
        if len(total_shares) == 1:
            (r0, total), parts = total_shares[0], [(r, f) for r, f in shares if not f.total]
            self._adds_up(
                self._part_key(t, r0, i, total),
                [self._part_key(t, r, i, f) for r, f in parts if f.base],
            )

    def _adds_up(self, whole: tuple, parts: list[tuple]) -> None:
        """whole == sum(parts), stated only if the figures bear it out (a breakdown that
        leaves some out, or counts one thing twice, ties nothing)."""
        if whole not in self.quantities or not parts or whole in parts:
            return
        terms: dict[tuple, float] = defaultdict(float)
        for p in parts:
            terms[p] += 1.0
        terms[whole] -= 1.0
        if abs(sum(c * self.quantities[k].value for k, c in terms.items())) > _TOLERANCE:
            return
        self.quantities[whole].whole = True
        self.equal.append((dict(terms), 0.0))

    # Solving. ----------------------------------------------------------------------------

    def _components(self) -> list[tuple[list[tuple], list, list]]:
        """The quantities tied to each other, with their constraints: solved separately."""
        parent = {k: k for k in self.quantities}

        def root(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for terms, _ in (*self.equal, *self.below):
            first, *rest = terms
            for k in rest:
                parent[root(k)] = root(first)
        groups: dict[tuple, list[tuple]] = defaultdict(list)
        for k in self.quantities:
            groups[root(k)].append(k)
        found = []
        for keys in groups.values():
            members = set(keys)
            found.append(
                (
                    keys,
                    [c for c in self.equal if next(iter(c[0])) in members],
                    [c for c in self.below if next(iter(c[0])) in members],
                )
            )
        return found

    def bounds(self, key: tuple) -> tuple[float, float | None]:
        q = self.quantities[key]
        if q.published:
            return (q.value, q.value)
        return (q.low, q.high)

    def _program(self, keys: list[tuple], equal: list, below: list) -> _Program:
        program = _Program(keys, equal, below, [self.bounds(k) for k in keys])
        for k in keys:
            value = self.quantities[k].value
            program.seen[k] = (value, value)
        return program

    def leaks(self, solved: dict | None = None) -> tuple[list[tuple[tuple, int, Leak]], int]:
        """Each hidden count not protected, with its quantity and the group of quantities
        tied to it; and how many hidden counts were tried. ``solved`` keeps each group's
        ranges between checks of one pack, so a group nothing changed in is not solved
        again."""
        solved = {} if solved is None else solved
        leaking, tried = [], 0
        for n, (keys, equal, below) in enumerate(self.groups):
            signature = (
                tuple((k, self.bounds(k), self.quantities[k].hidden_at) for k in keys),
                tuple(tuple(terms.items()) for terms, _ in equal),
                tuple(tuple(terms.items()) for terms, _ in below),
            )
            if signature not in solved:
                solved[signature] = self._solve(keys, equal, below)
            for key, low, high in solved[signature]:
                tried += 1
                q = self.quantities[key]
                if high - low < PROTECTION - _TOLERANCE:
                    leaking.append((key, n, Leak(q.hidden_at, low, high)))
        return leaking, tried

    def _solve(self, keys: list[tuple], equal: list, below: list) -> list:
        """The range of each hidden quantity of a group.

        Every solution found is a set of values consistent with what is published, so a
        quantity already seen to take values ``PROTECTION`` apart needs no solving of its
        own: a group is first solved for the greatest sum of its hidden quantities (the
        true figures being another such set of values), and then only for the quantities
        not yet seen to vary widely enough.
        """
        hidden = [k for k in keys if self.quantities[k].hidden_at is not None]
        if not hidden:
            return []
        if not equal and not below:  # nothing ties them: each has its own bounds
            return [(k, *self._bounded(k)) for k in hidden]
        program = self._program(keys, equal, below)
        program.optimise(hidden, -1.0)
        found = []
        for key in hidden:
            if self.quantities[key].published:  # withheld in one place, printed in another
                found.append((key, *self._bounded(key)))
                continue
            if program.spread(key) < PROTECTION:
                low = program.optimise([key], 1.0)
                high = program.optimise([key], -1.0) if program.spread(key) < PROTECTION else None
                found.append((key, low, program.seen[key][1] if high is None else high))
            else:
                found.append((key, *program.seen[key]))
        return found

    def _bounded(self, key: tuple) -> tuple[float, float]:
        low, high = self.bounds(key)
        return low, float("inf") if high is None else high

    def to_withhold(self, key: tuple, group: int) -> tuple | None:
        """A published quantity to withhold so that ``key`` is no longer pinned: one tied to
        it by a sum (the smallest, a part before a whole), else any of its group."""
        keys, equal, below = self.groups[group]
        tied = [k for terms, _ in (*equal, *below) if key in terms for k in terms if k != key]
        for candidates in (tied, keys):
            shown = [
                k
                for k in dict.fromkeys(candidates)
                if self.quantities[k].cells and self.quantities[k].value > 0
            ]
            if shown:
                return min(
                    shown,
                    key=lambda k: (self.quantities[k].whole, self.quantities[k].value),
                )
        return None


class _Program:
    """One group's linear program: its quantities, constraints and bounds, and the least
    and greatest value each quantity has taken in the solutions found so far."""

    def __init__(self, keys: list[tuple], equal: list, below: list, bounds: list) -> None:
        self.keys = keys
        self.index = {k: n for n, k in enumerate(keys)}
        self.a_eq, self.b_eq = self._rows(equal)
        self.a_ub, self.b_ub = self._rows(below)
        self.bounds = bounds
        self.seen = {k: (float("inf"), float("-inf")) for k in keys}

    def _rows(self, constraints: list) -> tuple:
        matrix = [[0.0] * len(self.keys) for _ in constraints]
        for m, (terms, _) in enumerate(constraints):
            for k, c in terms.items():
                matrix[m][self.index[k]] = c
        return (matrix or None), ([rhs for _, rhs in constraints] or None)

    def spread(self, key: tuple) -> float:
        low, high = self.seen[key]
        return high - low

    def optimise(self, keys: list[tuple], sign: float) -> float:
        """The least (sign 1) or greatest (sign -1) sum of these quantities."""
        objective = [0.0] * len(self.keys)
        for k in keys:
            objective[self.index[k]] = sign
        result = linprog(
            objective,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=self.bounds,
            method="highs",
        )
        if result.status == 3:  # unbounded: no greatest value
            for k in keys:
                self.seen[k] = (self.seen[k][0], float("inf"))
            return float("inf")
        if result.status != 0:
            raise RuntimeError(f"The disclosure check could not be solved: {result.message}")
        for k, n in self.index.items():
            low, high = self.seen[k]
            self.seen[k] = (min(low, result.x[n]), max(high, result.x[n]))
        return sign * result.fun


# Checking and securing a pack. -----------------------------------------------------------


def check(pack: MonthlyPack, threshold: int, *, told_small: bool = False) -> Check:
    """The check of a circulated pack as it stands, withholding nothing more.

    ``told_small``: the reader is told which withheld counts are below the threshold and
    which are not, as the report's two markers ("fewer than 5" and "*") once told them.
    """
    leaking, tried = _Model(pack, threshold, told_small).leaks()
    return Check(tried, tuple(leak for _, _, leak in leaking))


def secured(pack: MonthlyPack, threshold: int, *, again: bool = False) -> MonthlyPack:
    """The protected pack with whatever more must be withheld for every hidden count to
    pass the check, and the check it passed; refused if no withholding can make it pass.

    A pack already checked is returned as it is, unless ``again``.
    """
    if pack.checked is not None and not again:
        return pack
    pack = protected(pack, threshold)
    further: list[Place] = []
    solved: dict = {}
    while True:
        model = _Model(pack, threshold)
        leaking, tried = model.leaks(solved)
        if not leaking:
            return replace(pack, checked=Check(tried, (), tuple(further)))
        chosen: dict[tuple, None] = {}
        done: set[int] = set()
        for key, group, _ in leaking:
            if group in done:
                continue  # one figure at a time in each group of tied quantities
            pick = model.to_withhold(key, group)
            if pick is not None:
                chosen[pick] = None
                done.add(group)
        if not chosen:
            raise DisclosureRefused(leak for _, _, leak in leaking)
        cells = {cell for k in chosen for cell in model.quantities[k].cells}
        further += [model.place(*cell) for cell in sorted(cells)]
        pack = protected(_withhold(pack, cells), threshold)


def _withhold(pack: MonthlyPack, cells: set[tuple[int, int, int]]) -> MonthlyPack:
    """The pack with the figures at these (table, row, column) places withheld."""
    changed = []
    n = 0
    for section in pack.sections:
        tables = []
        for table in section.tables:
            rows = tuple(
                tuple(
                    replace(c, withheld=True) if (n, r, i) in cells else c
                    for i, c in enumerate(row)
                )
                for r, row in enumerate(table.rows)
            )
            tables.append(replace(table, rows=rows))
            n += 1
        changed.append(replace(section, tables=tuple(tables)))
    return replace(pack, sections=tuple(changed))
