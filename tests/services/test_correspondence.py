"""Sending letters: only the letters that fit the case now, each kept with the case as a
PDF that says the right things, logged as a contact that keeps the update clock running."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import correspondence, workflow
from complaints.cases import services as cases
from complaints.cases.choices import (
    AllegationResult,
    CaseState,
    CaseType,
    ContactMethod,
    ContactPurpose,
    DeadlineKind,
)
from complaints.cases.letters import LetterKind
from complaints.cases.services import CaseError
from complaints.documents.models import Attachment, AttachmentKind
from complaints.documents.services import open_attachment
from complaints.documents.storage import FileStore
from complaints.reviews.models import ReviewBody
from tests import factories

S = CaseState
NOW = factories.NOW
FORCE = "Northshire Police"


@pytest.fixture()
def people(db):
    return {
        "handler": factories.user(db, Role.HANDLER, name="Hana Handler"),
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY),
        "investigator": factories.user(db, Role.INVESTIGATOR),
    }


@pytest.fixture()
def store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "files")


def in_state(db, people, state: CaseState, now: dt.datetime = NOW):
    return factories.complaint_in_state(
        db, state, handler=people["handler"], aa=people["aa"], now=now
    )


def send(db, people, case, kind, store, now=NOW, **kwargs):
    return correspondence.send_letter(
        db,
        factories.actor_for(people["handler"]),
        case,
        kind,
        store,
        now,
        **kwargs,
    )


def letter_text(store: FileStore, contact) -> str:
    reader = PdfReader(io.BytesIO(store.get(contact.attachment.sha256)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_an_acknowledgement_is_kept_with_the_case_and_logged_as_a_letter(db, people, store):
    case = factories.complaint(db, handler=people["handler"])
    contact = send(db, people, case, LetterKind.ACKNOWLEDGEMENT, store)

    assert contact in case.contacts
    assert contact.method == ContactMethod.LETTER
    assert contact.purpose == ContactPurpose.OTHER
    assert contact.occurred_on == dt.date(2026, 11, 20)
    assert contact.summary == "Acknowledgement letter sent"
    attachment = db.scalars(select(Attachment).where(Attachment.case_id == case.id)).one()
    assert attachment is contact.attachment
    assert attachment.kind == AttachmentKind.LETTER
    assert attachment.content_type == "application/pdf"
    reference = case.reference.replace("/", "-")
    assert attachment.filename == f"{reference}-acknowledgement-2026-11-20.pdf"
    pdf = open_attachment(db, factories.actor_for(people["handler"]), attachment, store, NOW)
    assert pdf.startswith(b"%PDF-")

    text = letter_text(store, contact)
    assert "Dear Jo Public," in text
    assert case.reference in text
    assert "which we received on 17 November 2026" in text
    assert "Hana Handler in our Professional Standards Department is handling" in text
    assert "We will contact you to talk about your complaint" in text
    assert "Northshire Police" in text


def test_the_acknowledgement_says_what_happens_next_for_a_recorded_complaint(db, people, store):
    case = in_state(db, people, S.INVESTIGATION)
    text = letter_text(store, send(db, people, case, LetterKind.ACKNOWLEDGEMENT, store))
    assert "recorded under Schedule 3" in text
    assert "It is being investigated" in text


def test_an_update_restarts_the_update_clock_and_promises_the_next_one(db, people, store):
    case = in_state(db, people, S.HANDLING)
    later = NOW + dt.timedelta(days=10)
    contact = send(
        db, people, case, LetterKind.UPDATE, store, later, body_text="We have seen the footage."
    )
    assert contact.purpose == ContactPurpose.UPDATE
    assert case.next_deadline_kind == DeadlineKind.UPDATE
    assert case.next_deadline_on == dt.date(2026, 12, 28)
    text = letter_text(store, contact)
    assert "We have seen the footage." in text
    assert "We will write to you again by 28 December 2026" in text


def test_an_update_needs_the_progress_to_report(db, people, store):
    case = in_state(db, people, S.HANDLING)
    with pytest.raises(CaseError, match="Enter the progress"):
        send(db, people, case, LetterKind.UPDATE, store, body_text="   ")
    assert not db.scalars(select(Attachment).where(Attachment.case_id == case.id)).all()


def test_the_outcome_letter_names_the_review_body_and_the_last_day_to_apply(db, people, store):
    notified = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    case = in_state(db, people, S.OUTCOME_NOTIFIED, now=notified)
    case.review_body = ReviewBody.IOPC
    case.review_body_reason = "The complaint was, or had to be, referred to the IOPC"
    contact = send(db, people, case, LetterKind.OUTCOME, store, notified)

    text = letter_text(store, contact)
    assert "Dear Jo Public," in text
    assert case.reference in text
    assert "Part 1: Impolite language or tone" in text
    assert "Result: Service acceptable." in text
    assert "Independent Office for Police Conduct (IOPC)" in text
    assert "The complaint was, or had to be, referred to the IOPC" in text
    assert "must reach the IOPC by 29 December 2026" in text
    assert "we told you the outcome, on 1 December 2026" in text
    assert "Swore" not in text and "Stone" not in text  # nothing about the officer


def test_the_outcome_letter_reviewed_by_the_opcc(db, people, store):
    case = in_state(db, people, S.OUTCOME_NOTIFIED)
    case.review_body = ReviewBody.OPCC
    text = letter_text(store, send(db, people, case, LetterKind.OUTCOME, store))
    assert "Office of the Police and Crime Commissioner (OPCC)" in text
    assert "must reach the OPCC by 18 December 2026" in text


def test_the_outcome_letter_is_refused_until_the_review_body_is_confirmed(db, people, store):
    case = in_state(db, people, S.OUTCOME_NOTIFIED)
    case.review_body = None
    with pytest.raises(CaseError, match="Confirm which body reviews"):
        send(db, people, case, LetterKind.OUTCOME, store)


def test_the_outcome_letter_waits_for_the_notification(db, people, store):
    case = in_state(db, people, S.OUTCOME_DETERMINED)
    case.review_body = ReviewBody.OPCC
    with pytest.raises(CaseError, match="Notify the complainant of the outcome"):
        send(db, people, case, LetterKind.OUTCOME, store)


def test_an_outcome_outside_schedule_3_says_there_is_no_review(db, people, store):
    case = in_state(db, people, S.FINALISED)
    text = letter_text(store, send(db, people, case, LetterKind.OUTCOME, store))
    assert "Result: Resolved." in text
    assert "there is no right of review" in text
    assert "Independent Office" not in text and "Police and Crime Commissioner" not in text


def test_no_review_is_offered_after_an_independent_iopc_investigation(db, people, store):
    case = in_state(db, people, S.REFERRED)
    aa = factories.actor_for(people["aa"])
    investigator = people["investigator"]
    workflow.apply(
        db,
        aa,
        case,
        "iopc_investigation",
        {"mode": "independent", "investigator_id": investigator.id},
        NOW,
    )
    workflow.apply(db, factories.actor_for(investigator), case, "submit_report", {}, NOW)
    for allegation in case.allegations:
        cases.set_allegation_result(db, aa, allegation, AllegationResult.NO_FURTHER_ACTION, NOW)
    workflow.apply(db, aa, case, "determine_outcome", {}, NOW)
    workflow.apply(db, factories.actor_for(people["handler"]), case, "notify_outcome", {}, NOW)
    case.review_body = ReviewBody.IOPC
    text = letter_text(store, send(db, people, case, LetterKind.OUTCOME, store))
    assert "There is no right of review of this outcome" in text
    assert "investigated your complaint itself" in text
    assert "must reach" not in text


def test_a_withdrawal_confirmation_gives_the_date_of_the_signed_notice(db, people, store):
    case = in_state(db, people, S.WITHDRAWN)
    text = letter_text(store, send(db, people, case, LetterKind.WITHDRAWAL, store))
    assert "your signed notice dated 20 November 2026" in text
    assert "Dear Jo Public," in text


@pytest.mark.parametrize(
    "state, kinds",
    [
        (S.LOGGED, [LetterKind.ACKNOWLEDGEMENT, LetterKind.UPDATE]),
        (S.INVESTIGATION, [LetterKind.ACKNOWLEDGEMENT, LetterKind.UPDATE]),
        (S.OUTCOME_DETERMINED, [LetterKind.UPDATE]),
        (S.OUTCOME_NOTIFIED, [LetterKind.OUTCOME]),
        (S.UNDER_REVIEW, [LetterKind.OUTCOME]),
        (S.FINALISED, [LetterKind.OUTCOME]),
        (S.WITHDRAWN, [LetterKind.WITHDRAWAL]),
    ],
)
def test_only_the_letters_that_fit_the_state_are_offered(db, people, state, kinds):
    assert correspondence.letter_kinds(in_state(db, people, state)) == kinds


def test_a_letter_that_does_not_fit_is_refused(db, people, store):
    case = in_state(db, people, S.HANDLING)
    with pytest.raises(CaseError, match="withdrawal has been recorded"):
        send(db, people, case, LetterKind.WITHDRAWAL, store)


def test_a_conduct_matter_has_no_one_to_write_to(db, people, store):
    matter = factories.matter(db, CaseType.CONDUCT_MATTER)
    assert correspondence.letter_kinds(matter) == []
    with pytest.raises(CaseError, match="Only complaints"):
        send(db, people, matter, LetterKind.UPDATE, store, body_text="Progress")


@pytest.mark.parametrize("who", ["other_handler", "aa"])
def test_only_the_handler_of_the_case_sends_its_letters(db, people, store, who):
    case = factories.complaint(db, handler=people["handler"])
    actor = factories.actor_for(
        factories.user(db, Role.HANDLER) if who == "other_handler" else people["aa"]
    )
    with pytest.raises(CaseError, match="permission"):
        correspondence.send_letter(db, actor, case, LetterKind.ACKNOWLEDGEMENT, store, NOW)


def test_a_letter_goes_to_the_complainant_chosen(db, people, store):
    case = factories.complaint(db, handler=people["handler"])
    second = cases.add_complainant(
        db,
        factories.actor_for(people["handler"]),
        case,
        cases.ComplainantData(
            given_name="Sam",
            family_name="Second",
            title="Mx",
            address="2 Low Road\nSouthtown",
            postcode="ST2 2BB",
        ),
    )
    contact = send(db, people, case, LetterKind.ACKNOWLEDGEMENT, store, complainant_id=second.id)
    text = letter_text(store, contact)
    assert "Dear Mx Second," in text
    assert "2 Low Road Southtown ST2 2BB" in text
    with pytest.raises(CaseError, match="Choose a complainant"):
        send(db, people, case, LetterKind.ACKNOWLEDGEMENT, store, complainant_id=999999)


def test_a_letter_carries_the_letterhead_of_the_cases_own_force(db, store):
    """Each force's complainants hear from that force's PSD, at its address, never from
    the installation's first force."""
    other = factories.force(db, code="SOU", name="Southshire Constabulary")
    other.psd_name = "Joint Professional Standards"
    handler = factories.user(db, Role.HANDLER, name="Sol Handler", forces=(other.id,))
    case = factories.complaint(db, handler=handler, force_id=other.id)
    contact = correspondence.send_letter(
        db, factories.actor_for(handler), case, LetterKind.ACKNOWLEDGEMENT, store, NOW
    )
    text = letter_text(store, contact)
    assert "Southshire Constabulary" in text
    assert "Southshire Constabulary PSD" in text and "Headquarters" in text
    assert "Sol Handler in our Joint Professional Standards is handling" in text
    assert FORCE not in text and "Northshire" not in text


def test_the_outcome_letter_says_where_to_apply_to_the_opcc(db, people, store):
    case = in_state(db, people, S.OUTCOME_NOTIFIED)
    case.review_body = ReviewBody.OPCC
    force = case.force
    force.opcc_name = "Office of the Police and Crime Commissioner for Northshire"
    force.opcc_address = "Shire Hall\nNorthtown NT1 2AB"
    force.opcc_email = "reviews@northshire-pcc.example"
    force.opcc_website = "www.northshire-pcc.example"
    contact = send(db, people, case, LetterKind.OUTCOME, store)
    text = letter_text(store, contact)
    for line in (
        "Office of the Police and Crime Commissioner for Northshire",
        "Shire Hall",
        "Email: reviews@northshire-pcc.example",
        "Web: www.northshire-pcc.example",
    ):
        assert line in text


def test_the_outcome_letter_says_where_to_apply_to_the_iopc(db, people, store):
    case = in_state(db, people, S.OUTCOME_NOTIFIED)
    case.review_body = ReviewBody.IOPC
    text = letter_text(store, send(db, people, case, LetterKind.OUTCOME, store))
    assert "PO Box 473, Sale M33 0BW" in text
    assert "Email: enquiries@policeconduct.gov.uk" in text
    assert "Web: www.policeconduct.gov.uk" in text


def test_the_opcc_writes_its_own_letters_about_the_chief_officer(db, people):
    case = in_state(db, people, S.RECORDED)
    force = case.force
    force.opcc_name = "Office of the Police and Crime Commissioner for Northshire"
    force.opcc_address = "Shire Hall\nNorthtown NT1 2AB"
    force.opcc_email = "complaints@northshire-pcc.example"
    force.contact_email = "psd@northshire.example"
    psd = correspondence.letter_content(
        case, LetterKind.ACKNOWLEDGEMENT, case.complainants[0], NOW.date(), sender_name="S"
    )
    assert psd.psd_name == force.psd_name
    assert "Email: psd@northshire.example" in psd.psd_address

    case.about_chief_officer = True  # the police and crime commissioner is the AA
    opcc = correspondence.letter_content(
        case, LetterKind.ACKNOWLEDGEMENT, case.complainants[0], NOW.date(), sender_name="S"
    )
    assert opcc.psd_name == "Office of the Police and Crime Commissioner for Northshire"
    assert opcc.psd_address == (
        "Shire Hall",
        "Northtown NT1 2AB",
        "Email: complaints@northshire-pcc.example",
    )
    assert not any(force.psd_name in line for line in opcc.psd_address)
    db.rollback()
