"""The administrator's import page: upload an extract, see the dry run's report row by
row, then import the very file checked (kept in the file store, named by its SHA-256).
An administrator sees no case content: the report names legacy references, categories and
officers' numbers, never a complainant."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from complaints.auth.permissions import Permission
from complaints.common import audit
from complaints.common.clock import utcnow
from complaints.common.errors import Refused
from complaints.db import scope_to_forces
from complaints.documents.services import store_for
from complaints.documents.storage import TamperedFile
from complaints.forces import services as forces
from complaints.forms import add_error, options
from complaints.imports import mapping as mappings
from complaints.imports import services
from complaints.imports.forms import MAX_EXTRACT_BYTES, ConfirmImportForm, ExtractForm
from complaints.imports.models import CaseImport
from complaints.web import actor, db, requires

bp = Blueprint("imports", __name__, url_prefix="/admin/imports")
LISTED = 25


def _mapping_files() -> dict[str, str]:
    """The mappings offered: the TOML files in IMPORT_MAPPINGS_DIR (docs/import/)."""
    folder = current_app.config.get("IMPORT_MAPPINGS_DIR") or mappings.SHIPPED
    return {p.name: str(p) for p in sorted(Path(folder).glob("*.toml"))}


def _choices(form: ExtractForm | None = None) -> ExtractForm:
    form = form or ExtractForm()
    form.mapping.choices = options((name, name) for name in _mapping_files())
    form.force_id.choices = options(
        (f.id, f"{f.name} ({f.code})") for f in forces.all_forces(db()) if f.active
    )
    return form


def _extract(name: str, data: bytes, mapping_name: str, force_id: int) -> services.Extract:
    path = _mapping_files().get(mapping_name)
    if path is None:
        raise mappings.MappingError("Choose a mapping from the list")
    return services.Extract(name[: services.MAX_FILENAME], data, mappings.load(path), force_id)


def _page(form: ExtractForm, status: int = 200):
    session = db()
    # An administrator imports for every force, so sees every force's imports; they hold
    # file names and counts, no case content.
    scope_to_forces(session, frozenset(f.id for f in forces.all_forces(session)))
    imports = session.scalars(select(CaseImport).order_by(CaseImport.id.desc()).limit(LISTED)).all()
    return render_template("imports/index.html", form=form, imports=imports), status


@bp.route("/", methods=["GET", "POST"])
@requires(Permission.IMPORT_CASES)
def index():
    """The imports made, newest first, and the form to check a new extract. Posted, the
    dry run: the file is kept by its SHA-256 and the report shown row by row; nothing
    about cases is written."""
    form = _choices()
    if request.method == "GET":
        return _page(form)
    if not form.validate_on_submit():
        return _page(form, 400)
    upload = form.file.data
    data = upload.read(MAX_EXTRACT_BYTES + 1)
    if len(data) > MAX_EXTRACT_BYTES or not data:
        add_error(form, "The extract must be a CSV file of up to 64 MB", "file")
        return _page(form, 400)
    session, who = db(), actor()
    force_id = int(form.force_id.data)
    scope_to_forces(session, frozenset({force_id}))  # the force the import is for
    try:
        extract = _extract(upload.filename or "extract.csv", data, form.mapping.data, force_id)
        plan = services.check(session, who, extract, utcnow())
    except Refused as refused:
        add_error(form, str(refused), "file")
        return _page(form, 400)
    store_for(current_app.config).put(data)
    audit.record(
        session,
        "check",
        entity_type="case_imports",
        changes={"filename": [None, extract.filename], "sha256": [None, extract.sha256]},
        summary=f"Dry run of {extract.filename[:80]}: {plan.summary()}",
        actor=who,
        now=utcnow(),
    )
    session.commit()
    confirm = ConfirmImportForm(
        formdata=None,
        sha256=extract.sha256,
        filename=extract.filename,
        mapping=form.mapping.data,
        force_id=str(force_id),
        skip_bad_rows="yes" if form.skip_bad_rows.data else "",
    )
    return render_template(
        "imports/check.html",
        plan=plan,
        extract=extract,
        confirm=confirm,
        skip=bool(form.skip_bad_rows.data),
    )


@bp.route("/run", methods=["POST"])
@requires(Permission.IMPORT_CASES)
def run():
    """Import the file the dry run checked, all or nothing unless told to skip bad rows."""
    confirm = ConfirmImportForm()
    session, who = db(), actor()
    if not confirm.validate_on_submit():
        return redirect(url_for("imports.index"))  # a hand-made request: start again
    force_id = int(confirm.force_id.data)
    if force_id not in {f.id for f in forces.all_forces(session)}:
        return redirect(url_for("imports.index"))
    try:
        data = store_for(current_app.config).get(confirm.sha256.data)
    except (TamperedFile, ValueError):
        form = _choices()
        add_error(form, "The file checked is no longer held: upload it again", "file")
        return _page(form, 400)
    scope_to_forces(session, frozenset({force_id}))
    try:
        extract = _extract(confirm.filename.data, data, confirm.mapping.data, force_id)
        outcome = services.run(
            session, who, extract, utcnow(), skip_bad_rows=confirm.skip_bad_rows.data == "yes"
        )
        session.commit()
    except Refused as refused:
        session.rollback()
        form = _choices()
        add_error(form, str(refused), "file")
        return _page(form, 400)
    if outcome.record is None:
        flash("Nothing imported: every row of the file was already imported.", "success")
    else:
        flash(f"Imported {extract.filename}: {outcome.plan.summary()}.", "success")
    return redirect(url_for("imports.index"))
