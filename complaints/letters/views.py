"""Administrators' pages for letter templates: each force's wording of each kind of
letter, its merge fields, its versions, and a new version saved after it is checked."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from complaints.auth.permissions import Permission
from complaints.common.clock import utcnow
from complaints.common.errors import Refused
from complaints.forces.models import Force
from complaints.forms import add_error
from complaints.letters import engine, fields
from complaints.letters import services as templates
from complaints.letters.fields import TemplateKind
from complaints.letters.forms import TemplateForm
from complaints.letters.models import LetterTemplate
from complaints.web import actor, db, requires

bp = Blueprint("letters", __name__, url_prefix="/admin/letters")


@bp.route("")
@requires(Permission.MANAGE_REFERENCE_DATA)
def index():
    """Every force's letter templates: which version each kind is at, and who saved it."""
    session = db()
    forces = session.scalars(select(Force).order_by(Force.name)).all()
    rows = [
        (force, [templates.current(session, force.id, kind) for kind in TemplateKind])
        for force in forces
    ]
    session.commit()  # a force's first versions are stored the first time they are needed
    return render_template("letters/index.html", rows=rows)


@bp.route("/<id:force_id>/<kind>", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE_DATA)
def edit(force_id: int, kind: str):
    """Change a force's wording of one kind of letter: saved as a new version, checked
    first, so the next letters use it and the ones already issued stay as they were."""
    session = db()
    force, template_kind = _load(force_id, kind)
    latest = templates.current(session, force.id, template_kind)
    session.commit()
    form = TemplateForm()
    if not form.is_submitted():
        form.body.data = latest.body
        form.based_on.data = str(latest.version)
    if form.validate_on_submit():
        try:
            saved = templates.save_version(
                session,
                actor(),
                force.id,
                template_kind,
                form.body.data or "",
                form.note.data or "",
                form.based_on_version(),
                utcnow(),
            )
            session.commit()
        except Refused as refused:
            session.rollback()
            add_error(form, str(refused), getattr(refused, "field", None))
        else:
            flash(
                f"Version {saved.version} of the {template_kind.label.lower()} letter saved: "
                "the next letters use it.",
                "success",
            )
            return redirect(url_for("letters.edit", force_id=force.id, kind=kind))
    page = render_template(
        "letters/edit.html",
        form=form,
        force=force,
        kind=template_kind,
        latest=latest,
        history=templates.versions(session, force.id, template_kind),
        documented=fields.documented(template_kind),
        editable=fields.EDITABLE[template_kind],
        example=engine.render(latest.body, fields.samples(template_kind)),
    )
    return page, 400 if form.errors else 200


@bp.route("/<id:force_id>/<kind>/<id:version>")
@requires(Permission.MANAGE_REFERENCE_DATA)
def version(force_id: int, kind: str, version: int):
    """One version as it was saved, with who saved it, when and why."""
    session = db()
    force, template_kind = _load(force_id, kind)
    templates.current(session, force.id, template_kind)  # version 1 is there once asked for
    session.commit()
    found = session.scalars(
        select(LetterTemplate).where(
            LetterTemplate.force_id == force.id,
            LetterTemplate.kind == template_kind,
            LetterTemplate.version == version,
        )
    ).first() or abort(404)
    return render_template(
        "letters/version.html",
        force=force,
        kind=template_kind,
        template=found,
        example=engine.render(found.body, fields.samples(template_kind)),
    )


def _load(force_id: int, kind: str) -> tuple[Force, TemplateKind]:
    force = db().get(Force, force_id) or abort(404)
    if kind not in {k.value for k in TemplateKind}:
        abort(404)
    return force, TemplateKind(kind)
