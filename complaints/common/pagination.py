"""One page of a query's results, with what a GOV.UK pagination component needs.

Lists never count everything: the count stops a little past the page asked for (at least
``COUNT_CAP`` rows), so a list of a million cases costs what a list of a thousand does,
and says "more than 1,000" where it stopped. Each page further on counts further.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, literal_column, select
from sqlalchemy.orm import Session

T = TypeVar("T")
COUNT_CAP = 1000


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    total: int  # every match, or where the count stopped when ``more``
    more: bool = False  # there are more matches than ``total``

    @property
    def pages(self) -> int:
        """The pages known so far: one more than counted when the count stopped."""
        return max(1, math.ceil(self.total / self.per_page) + (1 if self.more else 0))

    @property
    def shown_total(self) -> str:
        """The count as a person reads it: "1,234", or "more than 1,000"."""
        return f"more than {self.total:,}" if self.more else f"{self.total:,}"

    @property
    def first_item(self) -> int:
        return 0 if not self.total else (self.number - 1) * self.per_page + 1

    @property
    def last_item(self) -> int:
        return min(self.total, self.number * self.per_page)

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link, with None where GOV.UK shows an ellipsis."""
        shown = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        out: list[int | None] = []
        for n in numbers:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


def _rows_only(query: Select[Any]) -> Select[Any]:
    """The query's rows with none of their columns: counting them needs only the rows'
    existence, which an index can answer alone, where a whole case row is a read of the
    table each. A DISTINCT or GROUP BY counts by its columns, so keeps them."""
    if query._distinct or query._distinct_on or query._group_by_clauses:
        return query
    return query.with_only_columns(literal_column("1"), maintain_column_froms=True)


def paginate(
    session: Session, query: Select[Any], number: int, per_page: int, cap: int = COUNT_CAP
) -> Page[Any]:
    number = max(1, number)
    limit = max(cap, number * per_page) + 1
    counted = _rows_only(query.order_by(None)).limit(limit).subquery()
    found = session.scalar(select(func.count()).select_from(counted)) or 0
    more = found == limit
    total = found - 1 if more else found
    number = min(number, max(1, math.ceil(total / per_page)))
    items = list(session.scalars(query.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, number=number, per_page=per_page, total=total, more=more)
