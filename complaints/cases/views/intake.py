"""Intake and the people on a case: log a new case (duplicates are caught before it is
saved), then add complainants and subjects and link related cases (domain.md A1 to A3)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from complaints.auth.permissions import Permission, can
from complaints.cases import matching, people, queries
from complaints.cases.choices import CaseType
from complaints.cases.forms.complainant import AddComplainantForm, complainant_data
from complaints.cases.forms.intake import NewCaseForm, new_case_data
from complaints.cases.forms.links import LinkCaseForm
from complaints.cases.forms.subjects import NewSubjectForm, PickSubjectForm, subject_data
from complaints.cases.models import Case
from complaints.cases.views.blueprint import bp
from complaints.cases.views.common import allow, done, load_case, not_now, render_form, save
from complaints.common.clock import utcnow
from complaints.common.errors import Refused
from complaints.documents.services import store_for
from complaints.forces import staff
from complaints.forces.models import Force
from complaints.forces.services import force_for
from complaints.forms import add_error, options, whole_number
from complaints.public import triage
from complaints.public.models import OnlineSubmission
from complaints.subjects.models import Subject
from complaints.subjects.services import find_subjects
from complaints.web import actor, db, requires

SEARCH_LENGTH = 100


def _division_choices():
    divisions = db().scalars(staff.divisions(actor().forces))
    return options([("", "Not known")]) + options((d.id, d.name) for d in divisions)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.LOG_CASE)
def new():
    """Log a case from any channel; possible duplicates are shown before it is saved. From
    a complaint sent online (``?submission=``), the form starts with what was sent, and
    the submission is marked logged with the case, in one transaction."""
    submission = _submission()
    prefill = triage.case_from(submission) if submission and request.method == "GET" else None
    form = NewCaseForm(data=prefill)
    form.division_id.choices = _division_choices()
    _force_choices(form)
    matches: list[matching.Match] = []
    if form.validate_on_submit():
        matches = _possible_matches(form)
        form.same_incident.choices = options((m.case.id, m.case.reference) for m in matches)
        if _matches_settled(form, matches):
            session = db()
            same = [m.case for m in matches if m.case.id in form.ticked_matches()]
            try:
                case = people.log_case_and_link(
                    session, actor(), new_case_data(form), same, utcnow()
                )
                if submission is not None:
                    store = store_for(current_app.config)
                    triage.mark_logged(session, actor(), submission, case, store, utcnow())
                session.commit()
            except Refused as refused:  # a case's rule, or the force's (ForceError)
                session.rollback()
                add_error(form, str(refused), getattr(refused, "field", None))
            else:
                return _logged(case)
    status = 400 if form.errors else 200
    if people.logs_only_chief_constable_complaints(actor()):
        _opcc_intake_notice()
    return render_template(
        "cases/new.html", form=form, matches=matches, submission=submission
    ), status


def _submission() -> OnlineSubmission | None:
    """The complaint sent online this case is logged from, if any (404 if not theirs)."""
    wanted = request.args.get("submission")
    if wanted is None:
        return None
    number = whole_number(wanted, 0)
    return triage.load(db(), actor(), number) or abort(404)


def _force_choices(form: NewCaseForm) -> None:
    """A person of several forces chooses which one the case is for; of one, nothing."""
    who = actor()
    if len(who.forces) < 2:
        form.for_one_force()
        return
    rows = db().scalars(
        select(Force).where(Force.id.in_(who.forces), Force.active).order_by(Force.name)
    )
    form.force_id.choices = options((f.id, f.name) for f in rows)


def _opcc_intake_notice() -> None:
    """The OPCC logs here only complaints about the chief constable: say so before it
    starts, since the case names the chief constable in post (shown with this page)."""
    chief = people.current_chief_constable(db(), force_for(db(), actor()))
    if chief is None:
        flash(people.NO_CHIEF_CONSTABLE + ".", "information")
        return
    flash(
        f"A case you log here is about the chief constable, {chief.current.display}: the "
        "police and crime commissioner is its appropriate authority and only the OPCC can "
        "see it. " + people.OPCC_LOGS_CHIEF_CONSTABLE_ONLY,
        "information",
    )


def _possible_matches(form: NewCaseForm) -> list[matching.Match]:
    complaint = form.is_complaint()
    return matching.possible_matches(
        db(),
        actor(),
        complainant_family_name=form.family_name.data if complaint else None,
        complainant_given_name=form.given_name.data if complaint else None,
        email=form.email.data if complaint else None,
        postcode=form.postcode.data if complaint else None,
        incident_on=form.incident_on.data,
        received_on=form.received_on.data,
    )


def _matches_settled(form: NewCaseForm, matches: list[matching.Match]) -> bool:
    """True once the user has seen every possible match and said they checked them."""
    shown = {m.case.id for m in matches}
    if not form.ticked_matches() <= shown:
        form.same_incident.errors.append("Choose the matching cases from the list")
        return False
    seen = form.seen_match_ids()
    if not shown or (form.matches_checked.data and shown <= seen):
        return True
    if seen and shown <= seen:
        form.matches_checked.errors.append(
            "Tick the box to confirm you have checked the possible matches"
        )
    else:
        form.matches_checked.data = False
    form.seen_matches.data = ",".join(str(i) for i in sorted(shown))
    return False


def _logged(case: Case):
    word = "logged" if case.case_type == CaseType.COMPLAINT else "recorded"
    if queries.load_visible(db(), actor(), case.id) is None:
        flash(
            f"{case.reference} {word}. It is restricted to the OPCC, so you cannot open it.",
            "success",
        )
        return redirect(url_for("cases.index"))
    return done(
        case, f"{case.reference} {word}. Now add the subjects and allegations.", "cases.people"
    )


def _case_for_editing(case_id: int, part: str) -> Case:
    case = load_case(case_id, part)
    allow(case, Permission.EDIT_CASE)
    return case


@bp.route("/<id:case_id>/complainants/new", methods=["GET", "POST"])
@requires(Permission.EDIT_CASE)
def add_complainant(case_id: int):
    """Another complainant on a complaint, with their representative and equality data."""
    case = _case_for_editing(case_id, "add complainant")
    if case.case_type != CaseType.COMPLAINT:
        abort(404)
    refused = people.adding_refusal(case)
    if refused is not None and request.method == "GET":
        return not_now(case, refused, "cases.people")
    form = AddComplainantForm(case)
    if form.validate_on_submit():
        data = complainant_data(form)
        who = actor()
        if save(case, form, lambda: people.add_case_complainant(db(), who, case, data, utcnow())):
            return done(case, "Complainant added.", "cases.people")
    return render_form(
        "cases/intake/complainant.html",
        case,
        form,
        back_url=url_for("cases.people", case_id=case.id),
    )


@bp.route("/<id:case_id>/subjects/new", methods=["GET", "POST"])
@requires(Permission.EDIT_CASE)
def add_subject(case_id: int):
    """Find a person by name or number (old numbers too) and add them, or add someone new."""
    case = _case_for_editing(case_id, "add subject")
    refused = people.adding_refusal(case)
    if refused is not None and request.method == "GET":
        return not_now(case, refused, "cases.people")
    session, who = db(), actor()
    picking = request.method == "POST" and "subject_id" in request.form
    if picking:
        pick, person = PickSubjectForm(case), NewSubjectForm(case, formdata=None)
    else:
        pick, person = PickSubjectForm(case, formdata=None), NewSubjectForm(case)
    person.division_id.choices = _division_choices()
    submitted = pick if picking else person
    if picking and pick.validate_on_submit():
        subject = session.get(Subject, int(pick.subject_id.data))
        if subject is None:
            pick.add_error("Choose a person from the results")
        elif save(
            case, pick, lambda: people.add_case_subject(session, who, case, subject, utcnow())
        ):
            return _subject_added(case)
    elif not picking and person.validate_on_submit():
        data = subject_data(person)
        if save(
            case, person, lambda: people.add_new_case_subject(session, who, case, data, utcnow())
        ):
            return _subject_added(case)
    (person if picking else pick).stamp(case)
    q = request.args.get("q", "")[:SEARCH_LENGTH].strip()
    return render_form(
        "cases/intake/subject.html",
        case,
        submitted,
        pick=pick,
        person=person,
        q=q,
        results=find_subjects(session, q, forces={case.force_id}) if q else [],
        on_case={named.subject_id for named in case.subjects},
        back_url=url_for("cases.people", case_id=case.id),
    )


def _subject_added(case: Case):
    """Back to the People tab; or, if the case just went to the OPCC, say so, since the
    user can no longer open it."""
    if queries.load_visible(db(), actor(), case.id) is None:
        flash(
            f"{case.reference} concerns the chief constable, so the police and crime "
            "commissioner is now its appropriate authority and the case is restricted to the "
            "OPCC. You can no longer open it.",
            "success",
        )
        return redirect(url_for("cases.index"))
    return done(case, "Subject added.", "cases.people")


@bp.route("/<id:case_id>/links/new", methods=["GET", "POST"])
@requires(Permission.EDIT_CASE)
def link_case(case_id: int):
    """Link another case by its reference: a duplicate, the same incident, the same people."""
    case = _case_for_editing(case_id, "link case")
    form = LinkCaseForm(case)
    if not form.is_submitted():
        form.reference.data = request.args.get("reference", "")[:20]
    if form.validate_on_submit():
        session, who = db(), actor()
        other = matching.find_by_reference(session, who, form.reference.data)
        reason, same = form.reason.data, bool(form.same_incident.data)
        if other is None:
            form.reference.errors.append("No case with that reference")
        elif save(
            case,
            form,
            lambda: people.link_cases(session, who, case, other, reason, same, utcnow()),
        ):
            return done(case, f"Linked to {other.reference}.", "cases.people")
    return render_form(
        "cases/intake/link.html", case, form, back_url=url_for("cases.people", case_id=case.id)
    )


@bp.context_processor
def _related_cases():
    """The People tab's linked and possibly linked cases, only ones this user may see."""

    def related_cases(case: Case) -> matching.Related:
        who = actor()
        return matching.related_to(db(), who, case, suggest=can(who, Permission.EDIT_CASE, case))

    return {"related_cases": related_cases, "adding_refusal": people.adding_refusal}
