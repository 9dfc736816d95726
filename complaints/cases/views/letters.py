"""An issued letter as accessible HTML: a page to read it, the file to send, and emailing
it to the person who asked. Read as its PDF is read (``VIEW_PERSONAL_DATA``) and sent as
letters are (``SEND_CORRESPONDENCE``); every opening is audited as a download is."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for

from complaints.auth.permissions import Permission, can
from complaints.cases import letter_versions, services
from complaints.cases.forms.correspondence import SendLetterHtmlForm
from complaints.cases.models import Case, Contact
from complaints.cases.views.blueprint import bp
from complaints.cases.views.common import allow, load_case, render_case
from complaints.common.clock import utcnow
from complaints.letters import html
from complaints.web import actor, db, file_download, refuse, requires

TAB = "cases.correspondence"


def _letter(case_id: int, contact_id: int, part: str) -> tuple[Case, Contact]:
    case = load_case(case_id, part)
    allow(case, Permission.VIEW_PERSONAL_DATA)
    contact = letter_versions.issued_letter(case, contact_id)
    if contact is None or contact.letter_words is None:
        refuse(404, "no HTML version of such a letter on this case", case_id=case.id)
    return case, contact


def _document(contact: Contact) -> str:
    """The letter as a web page of its own, to keep or send: no script, no other file."""
    head, blocks = html.from_record(contact.letter_words)
    return render_template(
        "letters/letter_file.html", head=head, blocks=blocks, sign_off=html.SIGN_OFF
    )


def html_file(contact: Contact) -> Response:
    """The letter's HTML version as a download (staff's, and the complainant's own)."""
    return file_download(
        _document(contact), "text/html", html.file_name(contact.attachment.filename)
    )


@bp.route("/<id:case_id>/letters/<id:contact_id>")
@requires(Permission.VIEW_PERSONAL_DATA)
def letter_page(case_id: int, contact_id: int):
    """An issued letter as accessible HTML, as its PDF prints it, with ways to send it."""
    case, contact = _letter(case_id, contact_id, "letter as HTML")
    letter_versions.opened(db(), actor(), contact, utcnow())
    db().commit()
    head, blocks = html.from_record(contact.letter_words)
    return render_case(
        "cases/correspondence/letter_html.html",
        case,
        "correspondence",
        contact=contact,
        head=head,
        blocks=blocks,
        sign_off=html.SIGN_OFF,
        form=SendLetterHtmlForm(),
        may_send=can(actor(), Permission.SEND_CORRESPONDENCE, case),
        email=letter_versions.email_for(case, head),
    )


@bp.route("/<id:case_id>/letters/<id:contact_id>/letter.html")
@requires(Permission.VIEW_PERSONAL_DATA)
def letter_file(case_id: int, contact_id: int):
    """The letter's HTML version as a file, to send the way the person asked."""
    _, contact = _letter(case_id, contact_id, "letter as HTML file")
    letter_versions.opened(db(), actor(), contact, utcnow())
    db().commit()
    return html_file(contact)


@bp.route("/<id:case_id>/letters/<id:contact_id>/send-html", methods=["POST"])
@requires(Permission.SEND_CORRESPONDENCE)
def send_letter_html(case_id: int, contact_id: int):
    """Email the letter's HTML version to the person it was written to."""
    case, contact = _letter(case_id, contact_id, "send letter as HTML")
    allow(case, Permission.SEND_CORRESPONDENCE)
    back = url_for("cases.letter_page", case_id=case.id, contact_id=contact.id)
    if not SendLetterHtmlForm().validate_on_submit():
        flash("The HTML version was not sent: try again.", "error")
        return redirect(back)
    session = db()
    try:
        message = letter_versions.send_html(
            session, actor(), case, contact, _document(contact).encode("utf-8"), utcnow()
        )
    except services.CaseError as refused:
        session.rollback()
        flash(str(refused), "error")
        return redirect(back)
    session.commit()
    flash(f"The HTML version will be emailed to {message.to_address}.", "success")
    return redirect(back)
