"""Making the monthly board report: both versions, kept by their SHA-256 and recorded.

A board member's copy can be checked later against the record (``find_by_sha256``): the
hash proves which figures the board was given and when. Only a month that has ended is
reported on, so the figures in a recorded report are the month's whole figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_today
from complaints.common.errors import Refused
from complaints.documents.storage import (
    FileStore,
    MissingFile,
    TamperedFile,
    check_digest,
)
from complaints.forces.models import Force
from complaints.forces.services import ForceError, force_by_code, is_single_force
from complaints.reports import pdf, periods
from complaints.reports.disclosure import secured
from complaints.reports.models import GeneratedReport, ReportVersion
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import MonthlyPack, ReportSettings


class ReportError(Refused):
    """A report that cannot be made or read; the message is for the user."""


@dataclass(frozen=True)
class AsPrinted:
    """What one version's PDF was printed from, for its web page to say the same."""

    generated: GeneratedReport  # flushed: its id is known
    pack: MonthlyPack  # the figures after the disclosure check the PDF passed
    threshold: int
    commentary: Mapping[str, Sequence[tuple[str, str]]]


# The content of a version's web page, as UTF-8. Pages are Jinja's, and so the view
# layer's (``reports.views.pages.kept_page``): a service is handed the function, never
# imports it, and keeps what it gives as the PDF's bytes are kept.
PageMaker = Callable[[AsPrinted], bytes]


def parse_month(text: str) -> dt.date:
    """'2026-10' as the first day of that month, or a refusal the user can act on."""
    month = periods.parse_month(text)
    if month is None:
        raise ReportError("Enter the month as a year and month, like 2026-10")
    return month


def force_to_report(session: Session, code: str | None) -> Force:
    """The force a report is made for (see ``force_by_code``), refused as a report error."""
    try:
        return force_by_code(session, code)
    except ForceError as error:
        raise ReportError(str(error)) from error


def filename_for(month: dt.date, version: ReportVersion, forces: str = "") -> str:
    """``forces``: the forces' codes, once an installation has several (``BED``)."""
    of = f"-{forces}" if forces else ""
    return f"complaints-board-report{of}-{month:%Y-%m}-{version.value}.pdf"


def render(
    pack: MonthlyPack,
    version: ReportVersion,
    settings: ReportSettings,
    generated_on: dt.date,
    *,
    commentary: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    draft: bool = False,
    html_link: str | None = None,
) -> bytes:
    return pdf.render(
        pack,
        circulated=version == ReportVersion.CIRCULATED,
        threshold=settings.threshold,
        generated_on=generated_on,
        commentary=commentary,
        draft=draft,
        html_link=html_link,
    )


def generate_monthly(
    session: Session,
    actor: Actor,
    month: dt.date,
    now: dt.datetime,
    settings: ReportSettings,
    files_dir: str | Path,
    pack: MonthlyPack | None = None,
    *,
    commentary: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    board_report_id: int | None = None,
    html_links: Mapping[ReportVersion, str] | None = None,
    page: PageMaker | None = None,
) -> list[GeneratedReport]:
    """Make, store and record the circulated and the full version of a month's report.

    ``pack`` is the month's figures when the caller has just built them (to show them
    first); otherwise they are built here. A report published after sign-off
    (``signoff.approve_report``) gives its commentary and its id, and where each version
    is a web page (``html_links``, printed on the cover) and ``page``, which makes that
    page's content from the very figures and commentary the PDF was printed from; the
    content is kept beside the PDF (``html_sha256``) so the page never drifts from it.
    The versions made are not given to the board here (``published``): that is the
    sign-off's to do.

    The circulated version is made only from a pack that passes the disclosure check,
    run here again whatever pack was given (``disclosure.secured``): further figures are
    withheld if needed, or the report is refused with the figures that would give a
    withheld count away; the check's result is recorded with the circulated version.
    """
    audit.acting(session, actor, now)
    if len(settings.forces) != 1:
        raise ReportError("A report is made and kept for one force: choose the force")
    (force_id,) = settings.forces
    month = month.replace(day=1)
    if not periods.month_ended(month, now):
        raise ReportError(
            f"The report for {month:%B %Y} can be made once the month has ended, "
            f"from {pdf.long_date(periods.month_period(month).end)}"
        )
    if pack is None:
        pack = monthly_pack(session, month, settings)
    elif pack.month != month or pack.force_name != settings.force_name:
        raise ValueError("The pack given is for another month or force")
    pack = _checked(pack, settings.threshold)
    store = FileStore(Path(files_dir))
    tag = "" if is_single_force(session) else session.get(Force, force_id).code
    made = []
    for version in (ReportVersion.CIRCULATED, ReportVersion.FULL):
        data = render(
            pack,
            version,
            settings,
            london_today(now),
            commentary=commentary,
            html_link=(html_links or {}).get(version),
        )
        report = GeneratedReport(
            board_report_id=board_report_id,
            force_id=force_id,
            month=month,
            version=version,
            generated_at=now,
            generated_by_id=actor.user_id,
            generated_by_name=actor.name[:200],
            sha256=store.put(data),
            size_bytes=len(data),
            filename=filename_for(month, version, tag),
        )
        session.add(report)
        made.append(report)
    session.flush()
    for report in made:
        if page is not None:  # the page links to its PDF, so only once the PDF has its id
            printed = AsPrinted(report, pack, settings.threshold, commentary or {})
            report.html_sha256 = store.put(page(printed))
        audit.record(
            session,
            "generate_report",
            entity_type="generated_reports",
            entity_id=report.id,
            summary=f"Monthly board report {month:%B %Y} for {settings.force_name}, "
            f"{report.version.value} version, SHA-256 {report.sha256}"
            + (f"; web page SHA-256 {report.html_sha256}" if report.html_sha256 else "")
            + (f"; {pack.checked.words()}" if report.version == ReportVersion.CIRCULATED else ""),
            actor=actor,
            now=now,
        )
    session.flush()
    return made


def _checked(pack: MonthlyPack, threshold: int) -> MonthlyPack:
    """The pack after a fresh disclosure check. Should the check have to withhold more, the
    circulated summaries, worded before, are left out rather than trusted."""
    pack = secured(pack, threshold, again=True)
    if pack.checked.further:
        sections = tuple(replace(s, circulated_summary="") for s in pack.sections)
        pack = replace(pack, sections=sections)
    return pack


def forces_to_combine(session: Session, codes: str) -> list[Force]:
    """The forces of a combined pack, from their codes separated by commas (NOR,EAS)."""
    wanted = [c.strip().upper() for c in codes.split(",") if c.strip()]
    forces = [force_to_report(session, code) for code in dict.fromkeys(wanted)]
    if len(forces) < 2:
        raise ReportError("A combined report sums two or more forces: give their codes")
    return forces


def render_combined(
    session: Session,
    actor: Actor,
    month: dt.date,
    now: dt.datetime,
    settings: ReportSettings,
) -> dict[ReportVersion, bytes]:
    """Both versions of a month's pack summing several forces, for a joint PSD's own
    management. It is not kept as any board's report (each board gets its own force's),
    so it is made on request and its making is audited."""
    audit.acting(session, actor, now)
    if len(settings.forces) < 2:
        raise ReportError("A combined report sums two or more forces")
    month = month.replace(day=1)
    if not periods.month_ended(month, now):
        raise ReportError(f"The report for {month:%B %Y} can be made once the month has ended")
    pack = _checked(monthly_pack(session, month, settings), settings.threshold)
    made = {v: render(pack, v, settings, london_today(now)) for v in ReportVersion}
    audit.record(
        session,
        "export",
        entity_type="report_pack",
        summary=f"Combined monthly report {month:%B %Y} for {settings.force_name}",
        actor=actor,
        now=now,
    )
    session.flush()
    return made


def read_report(files_dir: str | Path, report: GeneratedReport) -> bytes:
    """The report's bytes, refused if they are not the bytes that were recorded."""
    return _kept(files_dir, report.sha256, "file")


def read_page(files_dir: str | Path, report: GeneratedReport) -> str:
    """The content of the version's web page as approved, refused as ``read_report``
    refuses a PDF if it is not what was recorded."""
    if report.html_sha256 is None:
        raise ValueError("This version has no kept web page")
    return _kept(files_dir, report.html_sha256, "web page").decode("utf-8")


def _kept(files_dir: str | Path, digest: str, what: str) -> bytes:
    """A stored copy of a report (its ``what``: file, web page), refused in words for the
    reader when it is missing or no longer what was recorded."""
    try:
        return FileStore(Path(files_dir)).get(digest)
    except MissingFile as error:
        raise ReportError(f"This report's {what} is missing from the document store") from error
    except TamperedFile as error:
        raise ReportError(
            f"This report's {what} has changed since it was made, so it cannot be opened"
        ) from error


def open_report(
    session: Session,
    actor: Actor,
    files_dir: str | Path,
    report: GeneratedReport,
    now: dt.datetime,
) -> bytes:
    """The report's bytes for someone to download, with the download in the audit trail.

    Which version the actor may have (``VIEW_FULL_REPORTS`` for the full one) is the
    caller's check, made before this.
    """
    data = read_report(files_dir, report)
    audit.record(
        session,
        "download",
        entity_type="generated_reports",
        entity_id=report.id,
        summary=f"Monthly board report {report.month:%B %Y}, {report.version.value} version",
        actor=actor,
        now=now,
    )
    session.flush()
    return data


def find_by_sha256(
    session: Session, digest: str, forces: Collection[int]
) -> GeneratedReport | None:
    """The report of one of ``forces`` a copy with this SHA-256 was made as, if this system
    made it: another force's report is not found, as if it did not exist."""
    digest = (digest or "").strip().lower()
    try:
        check_digest(digest)
    except ValueError:
        return None
    return session.scalars(
        select(GeneratedReport)
        .where(GeneratedReport.sha256 == digest, GeneratedReport.force_id.in_(sorted(forces)))
        .order_by(GeneratedReport.generated_at, GeneratedReport.id)
    ).first()
