"""Signing off a month's report: its page, each side's commentary, the draft as a PDF, and
the OPCC's approval that publishes it to the board.

A draft is for the PSD and the OPCC only: to a board member it does not exist (404), so
the board never reads a report before the OPCC has approved it.
"""

from __future__ import annotations

import io

from flask import current_app, flash, redirect, render_template, request, send_file, url_for

from complaints.auth.permissions import Permission
from complaints.common.clock import london_today, utcnow
from complaints.common.errors import Refused
from complaints.forces.models import Force
from complaints.reports import generation, signoff
from complaints.reports.disclosure import secured
from complaints.reports.forms import ApproveReportForm, CommentaryForm
from complaints.reports.kept import kept_pack
from complaints.reports.models import BoardReport, CommentaryVoice, ReportVersion
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import MonthlyPack, ReportSettings
from complaints.reports.views.blueprint import bp
from complaints.reports.views.common import may_see_full, record, wanted_version
from complaints.reports.views.pages import kept_page
from complaints.saving import save, status_of
from complaints.web import actor, db, refuse, requires


def load(report_id: int) -> BoardReport:
    """A report of one of the user's forces; a draft only for those who may see drafts."""
    report = db().get(BoardReport, report_id)
    if report is None or report.force_id not in actor().forces:
        refuse(404, "no such board report")
    if report.is_draft and not may_see_full():
        refuse(404, "a draft board report")  # the board never sees a draft
    return report


def settings_of(report: BoardReport) -> ReportSettings:
    return ReportSettings.for_forces([db().get(Force, report.force_id)], current_app.config)


def pack_of(report: BoardReport, made: ReportSettings) -> MonthlyPack:
    """The report's month's figures, as the dashboards have them."""
    make = current_app.config.get("REPORT_PACK") or monthly_pack
    return secured(kept_pack(db(), report.month, made, make), made.threshold)


def html_link(report: BoardReport, version: ReportVersion) -> str:
    """Where a version of the report is a web page (``accessible.board_html``), in full,
    for the PDF's cover."""
    return url_for("reports.board_html", report_id=report.id, version=version.value, _external=True)


def commentary_by_voice(report: BoardReport) -> dict[tuple[str, CommentaryVoice], str]:
    return {(c.section, c.voice): c.text for c in report.commentaries}


@bp.route("/board/<id:report_id>")
@requires(Permission.VIEW_REPORTS)
def board_report(report_id: int):
    """A month's report as it is signed off: its state, the commentary on each section,
    and once published, its PDFs."""
    report = load(report_id)
    record("view", "board_reports", f"{report.month:%B %Y}", entity_id=report.id)
    db().commit()
    generated = [
        g
        for g in report.generated
        if may_see_full() or (g.version == ReportVersion.CIRCULATED and g.published)
    ]
    return render_template(
        "reports/board_report.html",
        report=report,
        sections=signoff.SECTIONS,
        voices=list(CommentaryVoice),
        headings=signoff.HEADINGS,
        written=commentary_by_voice(report),
        my_voice=signoff.voice_of(actor()),
        may_approve=signoff.may_approve(actor()),
        may_see_full=may_see_full(),
        generated=generated,
    )


@bp.route("/board/<id:report_id>/commentary/<section>", methods=["GET", "POST"])
@requires(Permission.MAKE_REPORTS)
def commentary(report_id: int, section: str):
    """Write or change your side's commentary on one section of a draft."""
    report = load(report_id)
    voice = signoff.voice_of(actor())
    if voice is None:
        refuse(403, "commentary is written by the PSD's head and the OPCC")
    if section not in signoff.SECTION_TITLES:
        refuse(404, f"no section {section[:40]}")
    if not report.is_draft:
        flash("This report has been approved: its commentary cannot change.", "error")
        return redirect(url_for("reports.board_report", report_id=report.id))
    item = next(c for c in report.commentaries if c.section == section and c.voice == voice)
    form = CommentaryForm()
    if request.method == "GET":
        form.stamp(item)
        form.text.data = item.text
    if form.validate_on_submit() and save(
        item,
        form,
        lambda: signoff.write_commentary(db(), actor(), item, form.text.data or "", utcnow()),
    ):
        flash(f"Commentary on {signoff.SECTION_TITLES[section]} saved.", "success")
        return redirect(
            url_for("reports.board_report", report_id=report.id, _anchor=f"commentary-{section}")
        )
    return render_template(
        "reports/commentary.html",
        form=form,
        report=report,
        section=section,
        title=signoff.SECTION_TITLES[section],
        heading=signoff.HEADINGS[voice],
        conflict=getattr(form, "conflict", None),
        theirs=item.text if getattr(form, "conflict", None) is not None else None,
    ), status_of(form)


@bp.route("/board/<id:report_id>/draft.pdf")
@requires(Permission.VIEW_FULL_REPORTS)
def preview(report_id: int):
    """The draft as a PDF, with its commentary so far, marked as a draft on every page."""
    report = load(report_id)
    if not report.is_draft:
        return redirect(url_for("reports.board_report", report_id=report.id))
    circulated = wanted_version(request.args.get("version"))
    version = ReportVersion.CIRCULATED if circulated else ReportVersion.FULL
    made = settings_of(report)
    data = generation.render(
        pack_of(report, made),
        version,
        made,
        london_today(),
        commentary=signoff.commentary_of(report),
        draft=True,
        html_link=html_link(report, version),
    )
    record(
        "export",
        "board_reports",
        f"Draft board report {report.month:%B %Y}, {version.value} version",
        entity_id=report.id,
    )
    db().commit()
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        download_name=f"draft-{generation.filename_for(report.month, version)}",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/board/<id:report_id>/approve", methods=["GET", "POST"])
@requires(Permission.APPROVE_REPORTS)
def approve(report_id: int):
    """The OPCC approves the draft: both versions are made, frozen with their web pages,
    and the circulated one is published to the board."""
    report = load(report_id)
    if not report.is_draft:
        flash("This report has already been approved and published.", "error")
        return redirect(url_for("reports.board_report", report_id=report.id))
    form = ApproveReportForm()
    if form.validate_on_submit():
        session = db()
        made = settings_of(report)
        try:
            signoff.approve_report(
                session,
                actor(),
                report,
                utcnow(),
                made,
                current_app.config["FILES_DIR"],
                pack_of(report, made),
                html_links={v: html_link(report, v) for v in ReportVersion},
                page=kept_page,
            )
        except Refused as refused:
            session.rollback()
            form.confirm.errors = [*form.confirm.errors, str(refused)]
        else:
            session.commit()
            flash(
                f"The report for {report.month:%B %Y} is approved and published to the board.",
                "success",
            )
            return redirect(url_for("reports.board_report", report_id=report.id))
    return render_template(
        "reports/approve.html",
        form=form,
        report=report,
        written=sum(1 for c in report.commentaries if c.text.strip()),
    ), (400 if form.errors else 200)
