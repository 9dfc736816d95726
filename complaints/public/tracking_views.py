"""Track my complaint at /track: ask for a link, open it, read where the complaint is,
download the letters, add information. No staff sign-in; the browser holds only which
complainant and case its spent link opened, for ``SESSION_MINUTES`` after the last page.
"""

from __future__ import annotations

import datetime as dt
import io

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from complaints.cases import letter_versions
from complaints.cases.choices import ContactMethod
from complaints.cases.models import Case, Complainant
from complaints.cases.views.letters import html_file
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date, utcnow
from complaints.common.errors import Refused
from complaints.documents.models import Attachment, AttachmentKind
from complaints.documents.services import Upload, letter_settings, open_attachment, store_for
from complaints.documents.storage import TamperedFile
from complaints.forms import add_error, long_text, options
from complaints.public import tracking
from complaints.public.questions import CONTACT_WAYS
from complaints.public.views import limited
from complaints.reviews import services as reviews
from complaints.web import actor, db, public

bp = Blueprint("track", __name__, url_prefix="/track")

TRACKING = "tracking"
SESSION_MINUTES = 30


class AskForLinkForm(FlaskForm):
    reference = StringField(
        "Your complaint reference",
        widget=GovTextInput(),
        description="It is on the letters and emails we sent you, for example CO/2026/00042.",
        validators=[
            InputRequired("Enter your complaint reference"),
            Length(max=40, message="Your complaint reference must be 40 characters or fewer"),
        ],
    )
    email = StringField(
        "Your email address",
        widget=GovTextInput(),
        description="The one you gave us. We will email you a link to sign in.",
        validators=[
            InputRequired("Enter your email address"),
            Length(max=254, message="Your email address must be 254 characters or fewer"),
        ],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class AddInformationForm(FlaskForm):
    information = long_text(
        "Tell us something new about your complaint",
        5000,
        name="What you want to tell us",
    )
    file = FileField(
        "Add a file (optional)",
        widget=GovFileInput(),
        description="A photo, video, recording or document, smaller than 20 MB.",
    )
    submit = SubmitField("Send it to us", widget=GovSubmitInput())


class ContactPreferenceForm(FlaskForm):
    contact_by = RadioField(
        "How would you like us to contact you?",
        widget=GovRadioInput(),
        choices=options(CONTACT_WAYS),
        validators=[InputRequired("Choose how you would like us to contact you")],
    )
    submit = SubmitField("Save how to contact me", widget=GovSubmitInput())


class ReviewForm(FlaskForm):
    grounds = long_text(
        "Why are you not satisfied with the outcome?",
        reviews.MAX_GROUNDS,
        name="Why you are not satisfied",
        required="Tell us why you are not satisfied with the outcome",
        hint="Say what you think was wrong with how your complaint was dealt with, or with "
        "the outcome. The review body reads your complaint's file too.",
    )
    submit = SubmitField("Ask for a review", widget=GovSubmitInput())


class WithdrawForm(FlaskForm):
    reason = long_text(
        "Why do you want to withdraw? (optional)",
        1000,
        name="Why you want to withdraw",
        hint="You do not have to say. We will send you a form to sign.",
    )
    submit = SubmitField("Ask to withdraw my complaint", widget=GovSubmitInput())


@bp.route("", methods=["GET", "POST"])
@public
def ask():
    """Ask for a sign-in link by reference and email; the answer never says if they match."""
    form = AskForLinkForm()
    if form.validate_on_submit():
        limited("tracking")
        tracking.request_link(
            db(), actor(), form.reference.data or "", form.email.data or "", utcnow(), _link
        )
        db().commit()
        return render_template("public/track_sent.html")
    status = 400 if form.errors else 200
    return render_template("public/track_ask.html", form=form, refused=None), status


def _link(token: str) -> str:
    return url_for("track.open_link", token=token, _external=True)


@bp.route("/link/<token>")
@public
def open_link(token: str):
    """Spend the emailed link: this browser may then follow that complaint for a while."""
    limited("tracking")
    try:
        link = tracking.use_link(db(), actor(), token, utcnow())
    except tracking.NoSuchLink:
        abort(404)
    except Refused as refused:
        db().commit()
        return render_template(
            "public/track_ask.html", form=AskForLinkForm(), refused=str(refused)
        ), 400
    db().commit()
    session[TRACKING] = {
        "case": link.case_id,
        "complainant": link.complainant_id,
        "seen": utcnow().isoformat(),
    }
    return redirect(url_for("track.complaint"))


def _followed() -> tuple[Case, Complainant]:
    """The case and complainant this browser's link opened, while it is still fresh."""
    held = session.get(TRACKING) or {}
    seen = held.get("seen")
    fresh = seen and dt.datetime.fromisoformat(seen) > utcnow() - dt.timedelta(
        minutes=SESSION_MINUTES
    )
    complainant = db().get(Complainant, held.get("complainant") or 0) if fresh else None
    if complainant is None or complainant.case_id != held.get("case"):
        session.pop(TRACKING, None)
        abort(redirect(url_for("track.ask", ended=1)))
    held["seen"] = utcnow().isoformat()
    session[TRACKING] = held
    return complainant.case, complainant


@bp.route("/complaint", methods=["GET", "POST"])
@public
def complaint():
    """Where the complaint is, what has happened, what happens next, and the letters."""
    case, complainant = _followed()
    form = AddInformationForm()
    if form.validate_on_submit():
        limited("public_page")
        upload = None
        if form.file.data is not None and form.file.data.filename:
            upload = Upload(
                filename=form.file.data.filename,
                data=form.file.data.read(),
                kind=AttachmentKind.EVIDENCE,
                description="Sent by the complainant through Track my complaint",
            )
        store = store_for(current_app.config)
        text = form.information.data or ""
        done = _write(form, "information", tracking.add_information, case, text, upload, store)
        if done:
            return redirect(url_for("track.complaint", done="added"))
    return _page(case, complainant, form)


@bp.route("/contact-preference", methods=["POST"])
@public
def contact_preference():
    """Change how the complainant hears from us."""
    case, complainant = _followed()
    form = ContactPreferenceForm()
    if form.validate_on_submit():
        limited("public_page")
        method = ContactMethod(form.contact_by.data)
        done = _write(form, "contact_by", tracking.change_contact_preference, complainant, method)
        if done:
            return redirect(url_for("track.complaint", done="contact"))
    return _page(case, complainant, form)


@bp.route("/withdraw", methods=["POST"])
@public
def withdraw():
    """Ask to withdraw: the handler sends the form to sign."""
    case, complainant = _followed()
    form = WithdrawForm()
    if form.validate_on_submit():
        limited("public_page")
        done = _write(form, "reason", tracking.ask_to_withdraw, case, form.reason.data or "")
        if done:
            return redirect(url_for("track.complaint", done="withdraw"))
    return _page(case, complainant, form)


@bp.route("/review", methods=["POST"])
@public
def review():
    """Ask for a review in the window; it goes to the body the outcome letter named."""
    case, complainant = _followed()
    form = ReviewForm()
    if form.validate_on_submit():
        limited("public_page")
        as_complainant = Actor.complainant(case.id, request.remote_addr or "unknown")
        try:
            reviews.apply_online(
                db(),
                as_complainant,
                case,
                form.grounds.data or "",
                letter_settings(current_app.config),
                utcnow(),
            )
            db().commit()
        except Refused as refused:
            db().rollback()
            add_error(form, str(refused), "grounds")
        else:
            return redirect(url_for("track.complaint", done="review"))
    return _page(case, complainant, form)


def _write(form: FlaskForm, field: str, service, *args) -> bool:
    """One write by the complainant, committed; a refusal goes beside ``field``."""
    try:
        service(db(), actor(), *args, utcnow())
        db().commit()
    except Refused as refused:
        db().rollback()
        add_error(form, str(refused), field)
        return False
    return True


def _page(case: Case, complainant: Complainant, failed: FlaskForm):
    """The complainant's page, audited as a view of the case; ``failed`` is the form just
    sent, shown with its errors (and the page's error summary) if it has any."""
    audit.record(
        db(),
        "view",
        entity_type="cases",
        entity_id=case.id,
        case_id=case.id,
        summary="track my complaint",
        actor=actor(),
        now=utcnow(),
    )
    db().commit()
    forms = {
        "add": AddInformationForm(formdata=None),
        "contact": ContactPreferenceForm(formdata=None),
        "withdraw": WithdrawForm(formdata=None),
        "review": ReviewForm(formdata=None),
    }
    for name, kind in (
        ("add", AddInformationForm),
        ("contact", ContactPreferenceForm),
        ("withdraw", WithdrawForm),
        ("review", ReviewForm),
    ):
        if isinstance(failed, kind):
            forms[name] = failed
    if complainant.contact_preference is not None and not forms["contact"].errors:
        forms["contact"].contact_by.data = complainant.contact_preference.value
    shown = tracking.view(db(), case, complainant, london_date(utcnow()))
    errors = bool(failed.errors)
    return render_template(
        "public/track.html", view=shown, forms=forms, form=failed if errors else None
    ), (400 if errors else 200)


@bp.route("/letters/<id:attachment_id>")
@public
def letter(attachment_id: int):
    """A letter sent to the complainant on this case, checked against its hash; audited."""
    case, _ = _followed()
    limited("public_page")
    if attachment_id not in {sent.attachment_id for sent in tracking.letters_for(db(), case)}:
        abort(404)
    attachment = db().get(Attachment, attachment_id)
    try:
        data = open_attachment(db(), actor(), attachment, store_for(current_app.config), utcnow())
    except TamperedFile:
        db().commit()
        abort(404)
    db().commit()
    return send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=attachment.filename,
    )


@bp.route("/letters/<id:attachment_id>/html")
@public
def letter_html(attachment_id: int):
    """A letter sent to the complainant on this case as an HTML file, for reading with a
    screen reader or enlarged: the words its PDF prints; audited as its download is."""
    case, _ = _followed()
    limited("public_page")
    if attachment_id not in {sent.attachment_id for sent in tracking.letters_for(db(), case)}:
        abort(404)
    contact = tracking.letter_words(db(), case, attachment_id)
    if contact is None:
        abort(404)
    letter_versions.opened(db(), actor(), contact, utcnow())
    db().commit()
    return html_file(contact)


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out():
    session.pop(TRACKING, None)
    return redirect(url_for("track.ask", signed_out=1))
