"""Administrators' pages for officers' and staff's protected characteristics and each
force's workforce profile. No other role reaches them, and no case page shows what they
hold: the board report counts groups, never people."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from complaints.auth.permissions import Permission
from complaints.common.clock import utcnow
from complaints.forces.models import Force
from complaints.forces.pages import user_forces_by_name
from complaints.forms import add_error
from complaints.subjects.models import Subject
from complaints.subjects.services import find_subjects
from complaints.web import actor, db, requires
from complaints.workforce import services
from complaints.workforce.forms import CharacteristicsForm, headcounts, profile_form
from complaints.workforce.models import CHARACTERISTICS, SOURCES

bp = Blueprint("workforce", __name__, url_prefix="/admin/workforce")
TITLES = dict(CHARACTERISTICS)


@bp.route("/")
@requires(Permission.RECORD_WORKFORCE)
def index():
    """Find a person by name or collar or staff number; each force's workforce profile."""
    session, who = db(), actor()
    text = (request.args.get("q") or "").strip()[:80]
    people = find_subjects(session, text, forces=who.forces) if text else []
    forces = user_forces_by_name()
    return render_template(
        "workforce/index.html",
        text=text,
        people=people,
        forces=forces,
        recorded=services.recorded_count(session, [f.id for f in forces]),
        characteristics=CHARACTERISTICS,
        profiles={
            (f.id, key): sum(services.profile_of(session, f.id, key).values())
            for f in forces
            for key, _ in CHARACTERISTICS
        },
    )


@bp.route("/people/<id:subject_id>", methods=["GET", "POST"])
@requires(Permission.RECORD_WORKFORCE)
def person(subject_id: int):
    """Record one person's protected characteristics: each optional, any 'prefer not to
    say'."""
    session, who = db(), actor()
    subject = session.get(Subject, subject_id)
    if subject is None or not services.may_record(who, subject.force_id):
        abort(404)
    row = services.characteristics_of(session, subject.id)
    form = CharacteristicsForm()
    if request.method == "GET" and row is not None:
        form.show(row)
    if form.validate_on_submit():
        try:
            services.record_characteristics(session, who, subject, form.data_of(), utcnow())
        except services.WorkforceRefused as error:
            session.rollback()
            add_error(form, str(error), error.field)
        else:
            session.commit()
            flash("Protected characteristics saved.", "success")
            return redirect(url_for("workforce.index"))
    page = render_template(
        "workforce/person.html",
        form=form,
        subject=subject,
        row=row,
        source=SOURCES.get(row.source) if row else None,
    )
    return page, 400 if form.errors else 200


@bp.route("/forces/<id:force_id>/profile/<characteristic>", methods=["GET", "POST"])
@requires(Permission.RECORD_WORKFORCE)
def profile(force_id: int, characteristic: str):
    """The force's officers and staff counted in each group of one characteristic."""
    session, who = db(), actor()
    force = session.get(Force, force_id)
    if force is None or characteristic not in TITLES or not services.may_record(who, force.id):
        abort(404)
    form = profile_form(characteristic)
    if request.method == "GET":
        held = services.profile_of(session, force.id, characteristic)
        for field, group in form.groups:
            field.data = str(held[group]) if group in held else ""
    if form.validate_on_submit():
        try:
            services.set_workforce_profile(
                session, who, force.id, characteristic, headcounts(form), utcnow()
            )
        except services.WorkforceRefused as error:
            session.rollback()
            add_error(form, str(error))
        else:
            session.commit()
            flash(f"Workforce profile by {TITLES[characteristic].lower()} saved.", "success")
            return redirect(url_for("workforce.index"))
    page = render_template(
        "workforce/profile.html", form=form, force=force, title=TITLES[characteristic]
    )
    return page, 400 if form.errors else 200
