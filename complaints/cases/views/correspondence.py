"""Keeping the complainant informed and keeping the case file: contacts, letters, uploads
and downloads. Files come only through ``documents.services``, which checks each one's
hash and audits every download."""

from __future__ import annotations

import io

from flask import current_app, request, send_file, url_for
from markupsafe import Markup

from complaints.auth.permissions import Permission
from complaints.cases import addressees, correspondence, delivery, services
from complaints.cases.choices import ContactMethod
from complaints.cases.forms.correspondence import (
    ContactForm,
    ContactNotPossibleForm,
    LetterForm,
    PostInsteadForm,
    UploadForm,
)
from complaints.cases.letters import LetterKind
from complaints.cases.views.blueprint import bp
from complaints.cases.views.common import allow, done, load_case, render_case, render_form, save
from complaints.common.clock import utcnow
from complaints.documents.models import Attachment
from complaints.documents.services import add_attachment, open_attachment, store_for
from complaints.documents.storage import MissingFile, TamperedFile
from complaints.web import actor, db, refuse, requires

TAB = "cases.correspondence"


@bp.route("/<id:case_id>/contacts/new", methods=["GET", "POST"])
@requires(Permission.RECORD_CONTACT)
def record_contact(case_id: int):
    """Log a call, letter, email or meeting with the complainant; each one is an update (A5)."""
    case = load_case(case_id, "record contact")
    allow(case, Permission.RECORD_CONTACT)
    form = ContactForm(case)
    if form.validate_on_submit():
        data = form.contact()
        if save(case, form, lambda: services.record_contact(db(), actor(), case, data, utcnow())):
            return done(case, f"{data.purpose.label} recorded", TAB)
    return render_form("cases/correspondence/contact.html", case, form)


@bp.route("/<id:case_id>/contact-not-possible", methods=["GET", "POST"])
@requires(Permission.RECORD_CONTACT)
def contact_not_possible(case_id: int):
    """Record why the complainant could not be reached, in place of a first contact (A2)."""
    case = load_case(case_id, "contact not possible")
    allow(case, Permission.RECORD_CONTACT)
    form = ContactNotPossibleForm(case)
    if form.validate_on_submit():
        reason = form.reason.data

        def write() -> None:
            services.record_contact_not_possible(db(), actor(), case, reason, utcnow())

        if save(case, form, write):
            return done(case, "Recorded that the complainant could not be reached", TAB)
    return render_form("cases/correspondence/not_possible.html", case, form)


@bp.route("/<id:case_id>/letters/new", methods=["GET", "POST"])
@requires(Permission.SEND_CORRESPONDENCE)
def new_letter(case_id: int):
    """Write a letter to the complainant: preview it as it will be sent, change the
    paragraphs the handler writes, then issue it, kept with the case as a PDF (regs
    33-34, T15)."""
    case = load_case(case_id, "new letter")
    allow(case, Permission.SEND_CORRESPONDENCE)
    kinds = correspondence.letter_kinds(case)
    form = LetterForm(case)
    form.fill(kinds, [(c.id, c.display_name) for c in case.complainants])
    if not form.is_submitted() and request.args.get("kind") in {k.value for k in kinds}:
        form.kind.data = request.args["kind"]
    draft = None
    if form.validate_on_submit():
        kind = form.letter_kind()
        if form.previewing():
            form.fill_defaults(correspondence.default_paragraphs(case, kind))
            try:
                draft = correspondence.draft_letter(
                    db(),
                    actor(),
                    case,
                    kind,
                    utcnow(),
                    paragraphs=form.written(),
                    complainant_id=form.complainant_id(),
                )
                db().commit()  # a force's first template version is kept once made
            except services.CaseError as refused:
                db().rollback()
                form.add_error(str(refused))
        else:
            sent = []

            def write() -> None:
                sent.append(
                    correspondence.send_letter(
                        db(),
                        actor(),
                        case,
                        kind,
                        store_for(current_app.config),
                        utcnow(),
                        paragraphs=form.written(),
                        complainant_id=form.complainant_id(),
                    )
                )

            if save(case, form, write):
                contact = sent[0]
                link = url_for(
                    "cases.download", case_id=case.id, attachment_id=contact.attachment_id
                )
                message = Markup(
                    '{} letter created. {}. <a class="govuk-notification-banner__link" '
                    'href="{}">Download the letter (PDF)</a>'
                ).format(kind.label, SENT_WORDS[contact.method], link)
                return done(case, message, TAB)
    return render_form(
        "cases/correspondence/letter.html",
        case,
        form,
        kinds=kinds,
        draft=draft,
        reasons=[(k, correspondence.why_not(case, k)) for k in LetterKind if k not in kinds],
        routes=[(c.display_name, addressees.how_sent(c)) for c in case.complainants],
    )


# How a new letter went, for the banner after it is created.
SENT_WORDS = {
    ContactMethod.EMAIL: "It will be emailed to the complainant",
    ContactMethod.LETTER: "It is on the list of letters to post",
}


@bp.route("/<id:case_id>/letters/undelivered", methods=["GET", "POST"])
@requires(Permission.SEND_CORRESPONDENCE)
def undelivered_letters(case_id: int):
    """The letters whose email could not be sent, each to send by post instead."""
    case = load_case(case_id, "undelivered letters")
    allow(case, Permission.SEND_CORRESPONDENCE)
    form = PostInsteadForm(case)
    if form.validate_on_submit():
        contact_id = form.contact_id()

        def write() -> None:
            if contact_id is None:
                raise services.CaseError(delivery.NOT_UNDELIVERED)
            delivery.post_instead(db(), actor(), case, contact_id, utcnow())

        if save(case, form, write):
            return done(case, "The letter is on the list of letters to post", TAB)
    # The letters themselves are every case page's ``undelivered`` (``case_context``).
    return render_form("cases/correspondence/undelivered.html", case, form)


@bp.route("/<id:case_id>/documents/new", methods=["GET", "POST"])
@requires(Permission.ADD_TO_FILE)
def upload(case_id: int):
    """Add evidence or correspondence to the case file, once the file passes every check."""
    case = load_case(case_id, "upload document")
    allow(case, Permission.ADD_TO_FILE)
    form = UploadForm(case)
    if form.validate_on_submit():
        upload = form.upload()
        store = store_for(current_app.config)
        if save(case, form, lambda: add_attachment(db(), actor(), case, upload, store, utcnow())):
            return done(case, "Document uploaded", "cases.documents")
    return render_form("cases/correspondence/upload.html", case, form)


@bp.route("/<id:case_id>/documents/<id:attachment_id>")
@requires(Permission.VIEW_PERSONAL_DATA)
def download(case_id: int, attachment_id: int):
    """A document of this case, only while its bytes match the hash kept; always audited.

    A file that fails the check is never served: the refusal is committed to the audit
    trail and the page answers 409, because the request is sound but the stored file no
    longer agrees with its record, which someone must put right (a 500 would say the
    software failed, and retrying would not help).
    """
    case = load_case(case_id, "download")
    allow(case, Permission.VIEW_PERSONAL_DATA)
    session = db()
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.case_id != case.id:
        refuse(404, "no such document on this case", case_id=case.id)
    try:
        data = open_attachment(
            session, actor(), attachment, store_for(current_app.config), utcnow()
        )
    except TamperedFile as error:
        session.commit()
        return render_case(
            "cases/correspondence/file_refused.html",
            case,
            "documents",
            status=409,
            attachment=attachment,
            missing=isinstance(error, MissingFile),
        )
    session.commit()
    response = send_file(
        io.BytesIO(data),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
