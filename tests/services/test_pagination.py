"""Lists count no further than they must: a page past what was counted counts further,
and a list longer than the count says "more than"."""

from __future__ import annotations

from sqlalchemy import select

from complaints.cases.models import Case
from complaints.common.pagination import paginate
from tests import factories


def test_a_long_list_counts_only_a_little_past_the_page(db):
    made = [factories.complaint(db).id for _ in range(23)]
    query = select(Case).order_by(Case.id)
    first = paginate(db, query, 1, 5, cap=10)
    assert [c.id for c in first.items] == made[:5]
    assert (first.total, first.more, first.pages) == (10, True, 3)
    assert first.shown_total == "more than 10"
    further = paginate(db, query, 3, 5, cap=10)  # the page after the count stopped
    assert [c.id for c in further.items] == made[10:15]
    assert (further.total, further.more, further.pages) == (15, True, 4)
    last = paginate(db, query, 5, 5, cap=10)
    assert [c.id for c in last.items] == made[20:]
    assert (last.total, last.more, last.pages, last.shown_total) == (23, False, 5, "23")


def test_a_page_beyond_the_end_shows_the_last_page(db):
    made = [factories.complaint(db).id for _ in range(7)]
    page = paginate(db, select(Case).order_by(Case.id), 9, 5, cap=10)
    assert (page.number, page.total, page.more) == (2, 7, False)
    assert [c.id for c in page.items] == made[5:]
