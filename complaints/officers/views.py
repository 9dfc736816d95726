"""A subject's page: their identities and their complaint history, for the appropriate
authority (and the OPCC, for the chief constable). Every view is audited."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from complaints.auth.permissions import Permission
from complaints.common import audit
from complaints.common.clock import utcnow
from complaints.officers import history
from complaints.web import actor, db, requires

bp = Blueprint("officers", __name__, url_prefix="/subjects")


@bp.route("/<id:subject_id>")
@requires(Permission.DECIDE)
def subject(subject_id: int):
    """One person's identities and every case about them that the reader may see."""
    session, who = db(), actor()
    found = history.load(session, who, subject_id) or abort(404)
    shown = history.history(session, who, found)
    audit.record(
        session,
        "view",
        entity_type="subjects",
        entity_id=found.id,
        summary="subject history",
        actor=who,
        now=utcnow(),
    )
    session.commit()
    return render_template("officers/subject.html", history=shown)
