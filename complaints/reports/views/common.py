"""What every reports page does: pick the month and version, get the pack, show its tables.

Every page shows one force's figures and reports: the user's own force, or for PSD staff
working for several the one chosen by ``?force=CODE`` (their first by default).
The pack comes from one function (``pack.monthly_pack`` unless the app is configured with
another ``REPORT_PACK``), so the dashboards, the CSV files and the PDF cannot disagree.
Board members get the circulated version only: asking for the full one is refused (403).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from flask import abort, current_app, request
from markupsafe import Markup

from complaints.auth.permissions import Permission, role_can
from complaints.common import audit
from complaints.forces.pages import combined, page_forces
from complaints.forces.pages import page_force as report_force
from complaints.forces.services import ALL_FORCES, is_single_force
from complaints.reports import svg
from complaints.reports.disclosure import secured
from complaints.reports.forms import parse_month
from complaints.reports.kept import kept_pack
from complaints.reports.pack import monthly_pack
from complaints.reports.periods import last_complete_month
from complaints.reports.plotting import TOTAL_WORDS, stated_totals
from complaints.reports.tables import (
    Figure,
    MonthlyPack,
    ReportSettings,
    Section,
    Table,
    show,
    summary_of,
)
from complaints.web import actor, db, refuse

CIRCULATED, FULL = "circulated", "full"


def force_code() -> str | None:
    """``force=CODE`` (or ``ALL``, combined) for the links of a page, when the user works
    for several forces; None (no parameter) when they work for one."""
    if len(actor().forces) < 2:
        return None
    return ALL_FORCES if combined() else report_force().code


def settings() -> ReportSettings:
    return ReportSettings.for_forces(page_forces(), current_app.config)


def file_tag() -> str:
    """What a downloaded file's name says of its forces once the installation has several:
    the force's code, or every code of a combined pack."""
    return "" if is_single_force(db()) else "-".join(f.code for f in page_forces())


def pack_for(month: dt.date) -> MonthlyPack:
    """The month's pack, kept from an earlier view while nothing it counts has changed."""
    make = current_app.config.get("REPORT_PACK") or monthly_pack
    made = settings()
    return secured(kept_pack(db(), month, made, make), made.threshold)


def may_see_full() -> bool:
    return role_can(actor().role, Permission.VIEW_FULL_REPORTS)


def wanted_version(text: str | None) -> bool:
    """Is the circulated version wanted? Full for those who may see it, unless they ask."""
    if text in (None, ""):
        return not may_see_full()
    if text not in (CIRCULATED, FULL):
        abort(400)
    if text == FULL and not may_see_full():
        refuse(403, "the full version of a report")
    return text == CIRCULATED


def month_from_query(now: dt.datetime) -> dt.date:
    """The month asked for in the URL (400 if it is not a complete month), or the last one."""
    text = request.args.get("month")
    if text in (None, ""):
        return last_complete_month(now)
    month = parse_month(text, now)
    if month is None:
        abort(400)
    return month


def record(action: str, entity_type: str, summary: str, *, entity_id: int | None = None) -> None:
    """Views, downloads and exports of reports go in the audit trail like any other."""
    audit.record(db(), action, entity_type=entity_type, entity_id=entity_id, summary=summary)


def of_force(summary: str) -> str:
    """An audit summary of figures, naming their force once the installation has several."""
    return summary if is_single_force(db()) else f"{summary} {file_tag()}"


@dataclass(frozen=True)
class ShownTable:
    """A table as one reader may see it: cells already formatted, the chart drawn."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[list[str]]
    numeric: list[bool]  # right-aligned columns
    chart: Markup | None
    definition: str
    note: str
    chart_totals: str = ""  # the totals the chart leaves out, in a sentence


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    summary: str
    tables: list[ShownTable]


def shown_table(table: Table, *, circulated: bool, threshold: int) -> ShownTable:
    numeric = [
        any(isinstance(row[i], Figure) for row in table.rows) for i in range(len(table.columns))
    ]
    return ShownTable(
        key=table.key,
        title=table.title,
        columns=table.columns,
        rows=[
            [show(c, circulated=circulated, threshold=threshold) for c in row] for row in table.rows
        ],
        numeric=numeric,
        chart=svg.chart(table, circulated=circulated, threshold=threshold),
        definition=table.definition,
        note=table.note,
        chart_totals=_totals_words(table, circulated=circulated, threshold=threshold),
    )


def _totals_words(table: Table, *, circulated: bool, threshold: int) -> str:
    totals = stated_totals(table, circulated=circulated, threshold=threshold)
    return f"{TOTAL_WORDS} {totals}." if totals else ""


def shown_sections(
    sections: Iterable[Section], *, circulated: bool, threshold: int
) -> list[ShownSection]:
    return [
        ShownSection(
            key=s.key,
            title=s.title,
            summary=summary_of(s, circulated=circulated, threshold=threshold),
            tables=[shown_table(t, circulated=circulated, threshold=threshold) for t in s.tables],
        )
        for s in sections
    ]
