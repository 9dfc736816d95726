"""The board report as an accessible web page: the pack the PDF prints, as HTML.

A PDF is hard going with a screen reader or a magnifier, so each version of a month's
report is also a page: a heading per section, each table with its caption and header
cells, the charts given as the tables they draw, the commentary after its section's
figures, and the definitions used. It is read as the PDF is: a draft only by the PSD and
the OPCC, the full version only by those who may see small counts, and a board member
only the circulated version once it is published. Opening it is audited as a download of
that version's PDF is.
"""

from __future__ import annotations

from flask import render_template, request

from complaints.auth.permissions import Permission
from complaints.common.clock import london_date, london_today
from complaints.reports import pdf, signoff
from complaints.reports.highlights import AMBER_MARGIN, highlights
from complaints.reports.models import BoardReport, GeneratedReport, ReportVersion
from complaints.reports.periods import month_period
from complaints.reports.views.blueprint import bp
from complaints.reports.views.common import may_see_full, record, shown_sections, wanted_version
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
    made = settings_of(report)
    pack = pack_of(report, made)
    what = f"board report {report.month:%B %Y}, {version.value} version, as a web page"
    if generated is None:  # as the draft's PDF preview is audited
        record("export", "board_reports", f"Draft {what}", entity_id=report.id)
    else:  # as the published PDF's download is
        record("download", "generated_reports", f"Monthly {what}", entity_id=generated.id)
    db().commit()
    threshold = made.threshold
    sections = shown_sections(pack.sections, circulated=circulated, threshold=threshold)
    return render_template(
        "reports/board_html.html",
        report=report,
        pack=pack,
        version=version,
        circulated=circulated,
        threshold=threshold,
        generated=generated,
        generated_on=london_date(generated.generated_at) if generated else london_today(),
        last_day=month_period(pack.month).last_day,
        title=pdf.TITLE,
        about=pdf.cover_words(circulated, threshold, draft=report.is_draft),
        version_words=pdf.version_words(circulated, draft=report.is_draft),
        summary_rule=pdf.SUMMARY_RULE.format(margin=round(AMBER_MARGIN * 100)),
        highlights=highlights(pack, circulated=circulated, threshold=threshold),
        sections=sections,
        section_titles={s.key: s.title for s in sections},
        commentary=signoff.commentary_of(report),
        definitions=pdf.definitions_by_text(pack),
    )
