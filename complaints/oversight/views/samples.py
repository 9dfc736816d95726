"""Dip samples: draw one, review each sampled case against the checklist, close it, and
download its report. A sample and its cases are for the reviewer who drew it alone."""

from __future__ import annotations

import io

from flask import flash, redirect, render_template, send_file, url_for
from sqlalchemy import select

from complaints.auth.permissions import Permission
from complaints.cases import deadlines, queries
from complaints.cases.choices import CaseType
from complaints.cases.services import record_view
from complaints.common import audit
from complaints.common.clock import london_date, utcnow
from complaints.common.errors import Refused
from complaints.forces.models import Force
from complaints.learning.models import LearningLevel
from complaints.oversight import sample_facts, sample_report, sampling
from complaints.oversight.forms import ChecklistForm, DrawSampleForm
from complaints.oversight.models import CHECKLIST, DipSample, SampledCase, SampleMethod
from complaints.oversight.views import bp
from complaints.web import actor, db, refuse, requires


def _record(action: str, summary: str, sample: DipSample | None = None, **changes) -> None:
    audit.record(
        db(),
        action,
        entity_type="dip_samples",
        entity_id=sample.id if sample else None,
        summary=summary,
        changes=changes or None,
        actor=actor(),
        now=utcnow(),
    )


def _load_sample(sample_id: int) -> DipSample:
    """The sample if this user drew it; to anyone else it does not exist."""
    sample = db().get(DipSample, sample_id)
    if sample is None or sample.drawn_by_id != actor().user_id:
        refuse(404, "no such sample" if sample is None else "sample drawn by someone else")
    return sample


def method_text(sample: DipSample) -> str:
    if sample.method == SampleMethod.SIZE:
        return f"{sample.size} cases at random"
    return f"{sample.percentage}% of the cases at random, rounded up"


@bp.route("/samples")
@requires(Permission.DIP_SAMPLE)
def samples():
    """The dip samples this reviewer has drawn, open ones first."""
    session = db()
    rows = sampling.samples_of(session, actor().user_id)
    _record("view", "dip samples", shown=len(rows))
    session.commit()
    return render_template("oversight/samples/index.html", samples=rows, method_text=method_text)


@bp.route("/samples/new", methods=["GET", "POST"])
@requires(Permission.DIP_SAMPLE)
def new_sample():
    """Draw a reproducible random sample of the cases finalised in a period."""
    form = DrawSampleForm()
    session = db()
    if form.validate_on_submit():
        data = sampling.DrawData(
            period_from=form.period_from.data,
            period_to=form.period_to.data,
            method=SampleMethod(form.method.data),
            size=form.number(form.size) if form.method.data == SampleMethod.SIZE else None,
            percentage=(
                form.number(form.percentage)
                if form.method.data == SampleMethod.PERCENTAGE
                else None
            ),
            stratified=bool(form.stratified.data),
            case_type=CaseType(form.case_type.data) if form.case_type.data else None,
            seed=form.number(form.seed),
        )
        try:
            sample = sampling.draw_sample(session, actor(), data, utcnow())
        except Refused as error:
            session.rollback()
            form.period_from.errors.append(str(error))
        else:
            session.commit()
            flash(
                f"{len(sample.cases)} cases drawn with seed {sample.seed}. "
                "You can read them until you close the sample.",
                "success",
            )
            return redirect(url_for("oversight.sample", sample_id=sample.id))
    return render_template("oversight/samples/new.html", form=form), 400 if form.errors else 200


@bp.route("/samples/<id:sample_id>")
@requires(Permission.DIP_SAMPLE)
def sample(sample_id: int):
    """The sample: how it was drawn, its cases with their progress, and the results."""
    session = db()
    found = _load_sample(sample_id)
    _record("view", "dip sample", found)
    session.commit()
    return render_template(
        "oversight/samples/sample.html",
        sample=found,
        results=sample_facts.results(found),
        method_text=method_text(found),
    )


@bp.route("/samples/<id:sample_id>/cases/<id:case_id>", methods=["GET", "POST"])
@requires(Permission.DIP_SAMPLE)
def sample_case(sample_id: int, case_id: int):
    """One sampled case's checklist, with facts computed from the case beside it."""
    session = db()
    who = actor()
    found = _load_sample(sample_id)
    row = session.scalar(
        select(SampledCase).where(SampledCase.sample_id == found.id, SampledCase.case_id == case_id)
    )
    case = queries.load_visible(session, who, case_id) if row is not None else None
    if row is None or case is None or not found.is_open:
        refuse(404, "case not in this open sample", case_id=case_id if row else None)
    record_view(session, who, case, utcnow(), "dip sample checklist")
    session.commit()
    form = ChecklistForm(obj=row if row.reviewed_at else None)
    if form.validate_on_submit():
        data = sampling.ChecklistData(
            answers=form.answers(),
            findings=form.findings.data or "",
            raise_learning=bool(form.raise_learning.data) and row.learning_item_id is None,
            learning_theme=form.learning_theme.data or "",
            learning_level=LearningLevel(form.learning_level.data or "organisational"),
        )
        try:
            sampling.save_checklist(session, who, row, data, utcnow())
        except Refused as error:
            session.rollback()
            form.findings.errors.append(str(error))
        else:
            session.commit()
            raised = " Learning raised into the register." if data.raise_learning else ""
            flash(f"Checklist saved for {case.reference}.{raised}", "success")
            return redirect(url_for("oversight.sample", sample_id=found.id))
    return (
        render_template(
            "oversight/samples/checklist.html",
            form=form,
            sample=found,
            row=row,
            case=case,
            facts=sample_facts.case_facts(case, row.stratum),
            checklist=CHECKLIST,
            update_days=deadlines.UPDATE_INTERVAL_DAYS,
            letter_days=deadlines.OUTCOME_LETTER_WORKING_DAYS,
        ),
        400 if form.errors else 200,
    )


@bp.route("/samples/<id:sample_id>/close", methods=["POST"])
@requires(Permission.DIP_SAMPLE)
def close_sample(sample_id: int):
    """Close the sample: its results stay, the reviewer's reading of its cases ends."""
    session = db()
    found = _load_sample(sample_id)
    try:
        sampling.close_sample(session, actor(), found, utcnow())
    except Refused as error:
        session.rollback()
        flash(str(error), "error")
    else:
        session.commit()
        flash("Sample closed. Its cases are no longer open to you through it.", "success")
    return redirect(url_for("oversight.sample", sample_id=sample_id))


@bp.route("/samples/<id:sample_id>/report.pdf")
@requires(Permission.DIP_SAMPLE)
def sample_report_pdf(sample_id: int):
    """The sample report: period, method, seed, numbers drawn, results and learning."""
    session = db()
    found = _load_sample(sample_id)
    now = utcnow()
    pdf = sample_report.render(
        sample_report.SampleReportContent(
            force_name=session.get(Force, found.force_id).name,
            sample_id=found.id,
            period_from=found.period_from,
            period_to=found.period_to,
            method=method_text(found),
            seed=found.seed,
            stratified=found.stratified,
            case_type=found.case_type.label if found.case_type else "Every case type",
            candidates=found.candidates,
            drawn_by=found.drawn_by.full_name,
            drawn_at=found.drawn_at,
            closed_at=found.closed_at,
            results=sample_facts.results(found),
            produced_on=london_date(now),
        )
    )
    _record("download", "dip sample report", found)
    session.commit()
    response = send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"dip-sample-{found.id}.pdf",
    )
    response.headers["Cache-Control"] = "no-store"
    return response
