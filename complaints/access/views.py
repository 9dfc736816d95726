"""Subject access pages, for the appropriate authority: the requests and their
deadlines, opening one for a person, the items held with their redactions, the two
downloads, and completion. Every view and download is audited."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from complaints.access import bundle, extracts, queries, services
from complaints.access.forms import (
    CompleteForm,
    FindPersonForm,
    OpenRequestForm,
    RedactionForm,
    StepForm,
    WithdrawForm,
)
from complaints.access.models import (
    AccessRequest,
    PersonKind,
    Redaction,
    RedactionReason,
    RequestState,
)
from complaints.auth.permissions import Permission
from complaints.common.clock import london_today, utcnow
from complaints.common.errors import Refused
from complaints.documents.services import store_for
from complaints.forces.models import Force
from complaints.forms import add_error, options
from complaints.subjects.services import find_subjects
from complaints.web import actor, audit_view, db, file_download, requires

bp = Blueprint("access", __name__, url_prefix="/subject-access")
DONE_LISTED = 25
EVERY_ITEM = "*"


def _load(request_id: int) -> AccessRequest:
    """A request of a force this person decides for; any other does not exist for them."""
    who = actor()
    found = db().get(AccessRequest, request_id)
    if found is None or not services.may_handle(who, found.force_id):
        abort(404)
    return found


def _force_id() -> int:
    """The force a new request is for: the first this person decides for."""
    forces = sorted(actor().decides_for)
    if not forces:
        abort(404)
    return forces[0]


@bp.route("/")
@requires(Permission.SUBJECT_ACCESS)
def index():
    """Live requests by deadline with days left or overdue, those done, and each month's
    figures: received, answered in time, answered late, overdue."""
    session, who = db(), actor()
    today = london_today()
    live = session.scalars(queries.handled_by(who, live=True)).all()
    done = session.scalars(queries.handled_by(who, live=False).limit(DONE_LISTED)).all()
    months = queries.by_month(session, sorted(who.decides_for), today)
    audit_view("access_requests", "subject access requests")
    return render_template("access/index.html", live=live, done=done, months=months, today=today)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.SUBJECT_ACCESS)
def new():
    """Find the person's records (a complainant may be on several cases), confirm which
    are theirs, and open the request with the date it was received."""
    session, who = db(), actor()
    force_id = _force_id()
    finder = FindPersonForm(request.args)
    form = OpenRequestForm()
    kind, found = None, []
    if request.args and finder.validate():
        kind = PersonKind(finder.kind.data)
        if kind == PersonKind.COMPLAINANT:
            found = services.complainant_matches(session, who, force_id, finder.words.data)
            form.records.choices = options((str(c.id), _complainant_choice(c)) for c in found)
        else:
            found = find_subjects(session, finder.words.data, forces=[force_id])
            form.subject_id.choices = options((str(s.id), _subject_choice(s)) for s in found)
        if request.method == "POST" and form.validate_on_submit():
            data = services.NewRequest(
                person_kind=kind,
                person_name=form.person_name.data,
                received_on=form.received_on.data,
                force_id=force_id,
                complainant_ids=tuple(int(v) for v in form.records.data or ()),
                subject_id=_id_or_none(form.subject_id.data, {s.id for s in found})
                if kind == PersonKind.SUBJECT
                else None,
            )
            try:
                opened = services.open_request(session, who, data, utcnow())
                session.commit()
            except Refused as refused:
                session.rollback()
                field = getattr(refused, "field", None)
                if field == "records" and kind == PersonKind.SUBJECT:
                    field = "subject_id"
                add_error(form, str(refused), field)
            else:
                flash(
                    f"Request opened: due by {opened.due_on.day} {opened.due_on:%B %Y}.",
                    "success",
                )
                return redirect(url_for("access.detail", request_id=opened.id))
    elif request.method == "POST":
        abort(400)
    opening = form if kind else None
    shown_errors = opening if opening is not None and opening.errors else finder
    errors = bool(opening is not None and opening.errors) or bool(request.args and finder.errors)
    page = render_template(
        "access/new.html",
        finder=finder,
        opening=opening,
        form=shown_errors if errors else None,
        kind=kind,
        found=found,
        searched=bool(request.args),
    )
    return page, 400 if errors else 200


def _id_or_none(value: str | None, allowed: set[int]) -> int | None:
    if value and value.isdigit() and int(value) in allowed:
        return int(value)
    return None


def _complainant_choice(complainant) -> str:
    parts = [complainant.display_name, complainant.case.reference]
    parts += [v for v in (complainant.email, complainant.postcode) if v]
    return ", ".join(parts)


def _subject_choice(subject) -> str:
    identity = subject.current or subject.identities[-1]
    return f"{identity.display}, {subject.kind.label.lower()}"


def _page(found: AccessRequest, form: RedactionForm | None = None, status: int = 200):
    session, who = db(), actor()
    gathered = extracts.gather(session, who, found) if found.state != RequestState.OPEN else None
    items = (
        bundle.items(gathered.extracts, services.in_force(found), redacted=True) if gathered else []
    )
    form = form or RedactionForm(formdata=None)
    form.extract_id.choices = _extract_choices(items)
    page = render_template(
        "access/request.html",
        found=found,
        items=items,
        form=form,
        step=StepForm(formdata=None),
        redactions=found.redactions,
        where={i.extract.id: f"{i.number}. {i.extract.title}" for i in items},
        today=london_today(),
    )
    return page, status


def _extract_choices(items):
    return options(
        [("", "Choose an item"), (EVERY_ITEM, "Every item (a name, wherever it appears)")]
        + [(i.extract.id, f"{i.number}. {i.extract.title}") for i in items]
    )


@bp.route("/<id:request_id>")
@requires(Permission.SUBJECT_ACCESS)
def detail(request_id: int):
    """The request: its deadline and state, the items held, what is redacted, the steps."""
    found = _load(request_id)
    audit_view("access_requests", "subject access request", found.id)
    return _page(found)


@bp.route("/<id:request_id>/assemble", methods=["POST"])
@requires(Permission.SUBJECT_ACCESS)
def assemble(request_id: int):
    """Gather every item about the person and pre-mark other people's names."""
    session, who = db(), actor()
    found = _load(request_id)
    if not StepForm().validate_on_submit():
        abort(400)
    gathered = extracts.gather(session, who, found)
    suggested = extracts.suggestions(gathered, _own(found))
    return _step(
        lambda: services.mark_assembled(session, who, found, suggested, utcnow()),
        found,
        f"{len(gathered.extracts)} items gathered; {len(suggested)} other people's details "
        "marked for redaction.",
    )


def _own(found: AccessRequest) -> set[str]:
    """The person's own names and details: never suggested for redaction."""
    own = {found.person_name}
    for record in found.records:
        person = record.complainant
        own |= {person.display_name, f"{person.given_name} {person.family_name}"}
        own |= {v for v in (person.email, person.phone) if v}
    if found.subject is not None:
        own |= {i.display_name for i in found.subject.identities}
    return own


@bp.route("/<id:request_id>/redactions", methods=["GET", "POST"])
@requires(Permission.SUBJECT_ACCESS)
def redact(request_id: int):
    """Mark a passage (or a whole item) to redact, with the reason: the request's page,
    whose form posts here."""
    session, who = db(), actor()
    found = _load(request_id)
    if request.method == "GET":
        audit_view("access_requests", "subject access request", found.id)
        return _page(found)
    gathered = extracts.gather(session, who, found)
    form = RedactionForm()
    form.extract_id.choices = _extract_choices(bundle.items(gathered.extracts, [], redacted=False))
    if form.validate_on_submit():
        chosen = form.extract_id.data
        data = services.NewRedaction(
            extract_id=None if chosen == EVERY_ITEM else chosen,
            phrase=form.phrase.data,
            reason=RedactionReason(form.reason.data),
            reason_other=form.reason_other.data or "",
        )
        texts = {e.id: f"{e.title}\n{e.text}" for e in gathered.extracts}
        try:
            services.add_redaction(session, who, found, data, texts, utcnow())
            session.commit()
        except Refused as refused:
            session.rollback()
            add_error(form, str(refused), getattr(refused, "field", None))
        else:
            flash("Redaction recorded.", "success")
            return redirect(url_for("access.detail", request_id=found.id, _anchor="redactions"))
    return _page(found, form, 400)


@bp.route("/<id:request_id>/redactions/<id:redaction_id>/take-back", methods=["POST"])
@requires(Permission.SUBJECT_ACCESS)
def take_back(request_id: int, redaction_id: int):
    """Put a redacted passage back into the copy; the redaction stays on record."""
    session, who = db(), actor()
    found = _load(request_id)
    redaction = session.get(Redaction, redaction_id)
    if redaction is None or redaction.request_id != found.id:
        abort(404)
    if not StepForm().validate_on_submit():
        abort(400)
    return _step(
        lambda: services.take_back_redaction(session, who, found, redaction, utcnow()),
        found,
        "Redaction taken back.",
    )


@bp.route("/<id:request_id>/redacted", methods=["POST"])
@requires(Permission.SUBJECT_ACCESS)
def mark_redacted(request_id: int):
    """Every item has been checked: the redacted copy is ready to send."""
    session, who = db(), actor()
    found = _load(request_id)
    if not StepForm().validate_on_submit():
        abort(400)
    return _step(
        lambda: services.mark_redacted(session, who, found, utcnow()),
        found,
        "Redaction finished: the redacted copy is ready to send.",
    )


def _step(write, found: AccessRequest, done: str):
    session = db()
    try:
        write()
        session.commit()
    except Refused as refused:
        session.rollback()
        flash(str(refused), "error")
    else:
        flash(done, "success")
    return redirect(url_for("access.detail", request_id=found.id))


@bp.route("/<id:request_id>/complete", methods=["GET", "POST"])
@requires(Permission.SUBJECT_ACCESS)
def complete(request_id: int):
    """Record the date the redacted copy was sent: the request is answered."""
    session, who = db(), actor()
    found = _load(request_id)
    form = CompleteForm()
    return _closing_step(
        form,
        found,
        lambda: services.complete(session, who, found, form.on.data, utcnow()),
        "Request completed.",
        "Record the copy as sent",
    )


@bp.route("/<id:request_id>/withdraw", methods=["GET", "POST"])
@requires(Permission.SUBJECT_ACCESS)
def withdraw(request_id: int):
    """Record that the request was withdrawn, with why."""
    session, who = db(), actor()
    found = _load(request_id)
    form = WithdrawForm()
    return _closing_step(
        form,
        found,
        lambda: services.withdraw(session, who, found, form.on.data, form.reason.data, utcnow()),
        "Request withdrawn.",
        "Withdraw the request",
    )


def _closing_step(form, found: AccessRequest, write, done: str, heading: str):
    """A step that closes the request from a form of its own: saved and back to the
    request, or the form again with the refusal beside its field."""
    session = db()
    if form.validate_on_submit():
        try:
            write()
            session.commit()
        except Refused as refused:
            session.rollback()
            add_error(form, str(refused), getattr(refused, "field", None))
        else:
            flash(done, "success")
            return redirect(url_for("access.detail", request_id=found.id))
    page = render_template("access/step.html", form=form, found=found, heading=heading)
    return page, 400 if form.errors else 200


@bp.route("/<id:request_id>/bundle/<any(redacted, unredacted):copy>.zip")
@requires(Permission.SUBJECT_ACCESS)
def download(request_id: int, copy: str):
    """The zip: the redacted copy to send, or the unredacted one to check it against."""
    session, who = db(), actor()
    found = _load(request_id)
    if found.state == RequestState.OPEN:
        abort(404)
    gathered = extracts.gather(session, who, found)
    force = session.get(Force, found.force_id)
    now = utcnow()
    data = bundle.build(
        found,
        gathered.extracts,
        services.in_force(found),
        redacted=copy == "redacted",
        force_name=force.name,
        store=store_for(current_app.config),
        now=now,
    )
    audit_view("access_requests", f"subject access bundle ({copy})", found.id, "export")
    return file_download(data, "application/zip", f"SAR-{found.id}-{copy}.zip")
