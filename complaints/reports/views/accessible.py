"""The board report as an accessible web page: the pack the PDF prints, as HTML.

A PDF is hard going with a screen reader or a magnifier, so each version of a month's
report is also a page: a heading per section, each table with its caption and header
cells, the charts given as the tables they draw, the commentary after its section's
figures, and the definitions used. It is read as the PDF is: a draft only by the PSD and
the OPCC, the full version only by those who may see small counts, and a board member
only the circulated version once it is published. Opening it is audited as a download of
that version's PDF is.

A published version's page is the one kept when the report was approved
(``views.pages``), checked against its SHA-256 as the PDF is when downloaded, so the page
and the PDF are one report; a draft's is worked out from the records each time.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from markupsafe import Markup

from complaints.auth.permissions import Permission
from complaints.reports import pdf, signoff
from complaints.reports.generation import ReportError, read_page
from complaints.reports.models import BoardReport, GeneratedReport, ReportVersion
from complaints.reports.views import pages
from complaints.reports.views.blueprint import bp
from complaints.reports.views.common import may_see_full, record, wanted_version
from complaints.reports.views.signoff import load, pack_of, settings_of
from complaints.web import db, refuse, requires


def _published(report: BoardReport, version: ReportVersion) -> GeneratedReport | None:
    """The PDF of this version made when the report was approved, if it has been."""
    made = [g for g in report.generated if g.version == version]
    return max(made, key=lambda g: (g.generated_at, g.id)) if made else None


@bp.route("/board/<id:report_id>/report.html")
@requires(Permission.VIEW_REPORTS)
def board_html(report_id: int):
    """A month's report as an accessible web page, in the version the user may read."""
    report = load(report_id)  # a draft does not exist for the board
    circulated = wanted_version(request.args.get("version"))
    version = ReportVersion.CIRCULATED if circulated else ReportVersion.FULL
    generated = None if report.is_draft else _published(report, version)
    if not report.is_draft and generated is None:
        refuse(404, "no such version of a published report")
    if generated is not None and not (generated.published or may_see_full()):
        refuse(404, "a report not published to the board")
    what = f"board report {report.month:%B %Y}, {version.value} version, as a web page"
    if generated is not None and generated.html_sha256 is not None:
        return _kept(report, generated, what)
    made = settings_of(report)
    pack = pack_of(report, made)
    if generated is None:  # as the draft's PDF preview is audited
        record("export", "board_reports", f"Draft {what}", entity_id=report.id)
    else:  # as the published PDF's download is
        record("download", "generated_reports", f"Monthly {what}", entity_id=generated.id)
    db().commit()
    content = pages.content(
        report_id=report.id,
        month=report.month,
        pack=pack,
        version=version,
        threshold=made.threshold,
        commentary=signoff.commentary_of(report),
        generated=generated,
        draft=report.is_draft,
        live=generated is not None,  # a version made before pages were kept
    )
    return render_template("reports/board_html.html", report=report, **content)


def _kept(report: BoardReport, generated: GeneratedReport, what: str):
    """The page kept at approval, only while it still matches its hash; always audited."""
    try:
        kept = read_page(current_app.config["FILES_DIR"], generated)
    except ReportError as refused:
        record("refused", "generated_reports", str(refused), entity_id=generated.id)
        db().commit()
        return render_template("reports/file_refused.html", report=generated), 409
    record(
        "download",
        "generated_reports",
        f"Monthly {what}, kept at approval (SHA-256 {generated.html_sha256})",
        entity_id=generated.id,
    )
    db().commit()
    return render_template(
        "reports/board_html.html",
        report=report,
        title=pdf.TITLE,
        kept=Markup(kept),  # noqa: S704 (rendered here at approval, and its hash checked)
    )
