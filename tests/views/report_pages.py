"""What the reports tests share: a hand-made pack served in place of the measures, and
reading the tables back out of a page."""

from __future__ import annotations

import datetime as dt
import html
import re

from complaints.common.clock import utcnow
from complaints.reports.periods import last_complete_month
from complaints.reports.tables import Figure, Kind, MonthlyPack, Table, show
from tests import factories, report_samples
from tests.signing import sign_in

THRESHOLD = 5


def month() -> dt.date:
    """The month the dashboards open on: the last complete one."""
    return last_complete_month(utcnow())


def sample(for_month: dt.date | None = None) -> MonthlyPack:
    return report_samples.sample_pack(for_month or month())


def client_as(app, db, role):
    """A client of its own, signed in as a new user of the role."""
    user = factories.user(db, role)
    db.commit()
    client = app.test_client()
    sign_in(client, user.email)
    return client


def serve(app, pack_for) -> None:
    """Make the reports pages read their pack from ``pack_for(month)``."""
    app.config["REPORT_PACK"] = lambda session, chosen, settings: pack_for(chosen)


def small_cells(pack: MonthlyPack) -> list[tuple[Table, int, int, Figure]]:
    """Every (table, row, column, figure) a circulated version must hide."""
    found = []
    for table in pack.tables:
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                counted = isinstance(cell, Figure) and cell.kind == Kind.COUNT
                if counted and cell.value and 0 < cell.value < THRESHOLD:
                    found.append((table, r, c, cell))
    return found


def expected(table: Table, *, circulated: bool) -> list[list[str]]:
    return [
        [show(c, circulated=circulated, threshold=THRESHOLD) for c in row] for row in table.rows
    ]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def page_table(page: str, key: str) -> tuple[list[str], list[list[str]]]:
    """The header and body rows of the table shown for ``key``, as the reader sees them."""
    start = page.index(f'id="{key}"')
    block = page[page.index("<table", start) : page.index("</table>", start)]
    head = block[: block.index("</thead>")]
    body = block[block.index("<tbody") :]
    header = [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
    rows = [
        [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]
    return header, rows


def chart_of(page: str, key: str) -> str | None:
    """The SVG drawn for ``key``, if any (between its anchor and its table)."""
    start = page.index(f'id="{key}"')
    segment = page[start : page.index("<table", start)]
    match = re.search(r"<svg.*?</svg>", segment, re.S)
    return match.group(0) if match else None
