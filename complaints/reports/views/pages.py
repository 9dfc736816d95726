"""The content of a board report's web page: what its PDF prints, as the page shows it.

One home for it, used two ways. A draft is a preview: its page is rendered from the
month's figures as they are each time it is opened. A published version's page is
rendered once, when the OPCC approves the report, from the very figures and commentary
its PDF is printed from (``kept_page``, handed to ``signoff.approve_report``), and kept
beside the PDF under its SHA-256; opening it later serves those bytes. So if a result
comes in late or a case is reopened after approval, the dashboards move but the board's
web page still says what its PDF says. Only the content inside the page's main area is
kept: the header, navigation and sign-in around it stay live.

A version made before pages were kept has no kept page; it is rendered afresh and says
that its figures are the records' as they are now (``live``), rather than being refused:
its PDF's cover links to the page, and the PDF stays the report as approved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from typing import Any

from flask import current_app, has_request_context, render_template

from complaints.common.clock import london_date, london_today
from complaints.reports import pdf
from complaints.reports.generation import AsPrinted
from complaints.reports.highlights import AMBER_MARGIN, highlights
from complaints.reports.models import GeneratedReport, ReportVersion
from complaints.reports.periods import month_period
from complaints.reports.tables import MonthlyPack
from complaints.reports.views.common import shown_sections

CONTENT = "reports/_board_page.html"  # the page's main content, kept or not


def content(
    *,
    report_id: int | None,
    month: dt.date,
    pack: MonthlyPack,
    version: ReportVersion,
    threshold: int,
    commentary: Mapping[str, Sequence[tuple[str, str]]],
    generated: GeneratedReport | None,
    draft: bool,
    live: bool = False,
) -> dict[str, Any]:
    """What ``CONTENT`` shows: ``live`` for a published version worked out afresh."""
    circulated = version == ReportVersion.CIRCULATED
    sections = shown_sections(pack.sections, circulated=circulated, threshold=threshold)
    return {
        "report_id": report_id,
        "month": month,
        "draft": draft,
        "live": live,
        "pack": pack,
        "version": version,
        "circulated": circulated,
        "threshold": threshold,
        "generated": generated,
        "generated_on": london_date(generated.generated_at) if generated else london_today(),
        "today": london_today(),
        "last_day": month_period(pack.month).last_day,
        "title": pdf.TITLE,
        "about": pdf.cover_words(circulated, threshold, draft=draft),
        "version_words": pdf.version_words(circulated, draft=draft),
        "summary_rule": pdf.SUMMARY_RULE.format(margin=round(AMBER_MARGIN * 100)),
        "highlights": highlights(pack, circulated=circulated, threshold=threshold),
        "sections": sections,
        "section_titles": {s.key: s.title for s in sections},
        "commentary": commentary,
        "definitions": pdf.definitions_by_text(pack),
    }


def kept_page(printed: AsPrinted) -> bytes:
    """A version's page content as approved (a ``generation.PageMaker``). Approval from the
    command line (the demo's) has no request, so links are then made in one of the app's
    own, as they would be for a request to its root."""
    generated = printed.generated
    facts = content(
        report_id=generated.board_report_id,
        month=generated.month,
        pack=printed.pack,
        version=generated.version,
        threshold=printed.threshold,
        commentary=printed.commentary,
        generated=generated,
        draft=False,
    )
    requested = nullcontext() if has_request_context() else current_app.test_request_context()
    with requested:
        return render_template(CONTENT, **facts).encode("utf-8")
