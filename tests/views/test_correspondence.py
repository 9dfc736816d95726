"""The Correspondence tab and its forms: recording contacts, recording that the complainant
could not be reached, and creating letters, each answering bad input with the GOV.UK error
summary and the input kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.cases.choices import CaseState, ContactMethod, ContactPurpose
from complaints.cases.models import Case, Contact
from complaints.common.clock import london_date, london_today, utcnow
from complaints.reviews.models import ReviewBody
from tests import factories
from tests.conftest import sign_in as _sign_in
from tests.readback import pdf_text


def flat(data: bytes) -> str:
    """A PDF's text on one line, spaces collapsed."""
    return " ".join(pdf_text(data).split())


PROBLEM = "There is a problem"


@pytest.fixture()
def handler(login_as):
    return login_as(Role.HANDLER, name="Hana Handler")


@pytest.fixture()
def case(db, handler):
    """A complaint logged five days ago, assigned to the signed-in handler."""
    today = london_today()
    made = factories.complaint(
        db, handler=handler, received_on=today - dt.timedelta(days=5), now=utcnow()
    )
    db.commit()
    return made


def sign_in(client, email: str) -> None:
    """Change who is signed in: sign the fixture's handler out first."""
    client.post("/sign-out")
    _sign_in(client, email)


def page(response) -> str:
    return response.get_data(as_text=True)


def fresh(db, case: Case) -> Case:
    db.expire_all()
    return db.get(Case, case.id)


def contact_form(case: Case, **changes) -> dict[str, str]:
    form = {
        "version": str(case.version),
        "occurred_on": f"{case.received_on:%d/%m/%Y}",
        "method": "phone",
        "purpose": "first_contact",
        "summary": "Spoke about the front counter incident",
        "complainant_wishes": "An apology from the officer",
    }
    form.update(changes)
    return form


def record_blocked(db, case: Case) -> str | None:
    aa = factories.actor_for(factories.user(db, Role.APPROPRIATE_AUTHORITY))
    return workflow.blocked_reason(
        fresh(db, case), workflow.TRANSITIONS["record"], aa, {}, utcnow()
    )


# The tab. ---------------------------------------------------------------------------------


def test_the_tab_offers_the_handler_every_action(client, case):
    text = page(client.get(f"/cases/{case.id}/correspondence"))
    assert f'href="/cases/{case.id}/contacts/new"' in text
    assert f'href="/cases/{case.id}/letters/new"' in text
    assert f'href="/cases/{case.id}/contact-not-possible"' in text
    assert "No contact with the complainant recorded yet." in text


def test_the_tab_offers_nothing_to_someone_who_may_not_write(client, db, case):
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    db.commit()
    sign_in(client, aa.email)
    text = page(client.get(f"/cases/{case.id}/correspondence"))
    assert "Record a contact" not in text
    assert "Create a letter" not in text
    assert "Could not reach the complainant" not in text


def test_could_not_reach_is_offered_only_while_logged(client, db, handler, case):
    factories.contact(db, case, handler, now=utcnow())
    workflow.apply(
        db, factories.actor_for(handler), case, "handle_outside_schedule_3", {}, utcnow()
    )
    db.commit()
    text = page(client.get(f"/cases/{case.id}/correspondence"))
    assert "Could not reach the complainant" not in text
    assert "Record a contact" in text


# Recording a contact. ----------------------------------------------------------------------


def test_a_first_contact_is_saved_and_unblocks_the_recording_decision(client, db, case):
    assert "Record first contact" in record_blocked(db, case)
    response = client.post(f"/cases/{case.id}/contacts/new", data=contact_form(case))
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{case.id}/correspondence")
    text = page(client.get(response.location))
    assert "First contact recorded" in text
    assert "Spoke about the front counter incident" in text
    assert "An apology from the officer" in text
    contact = db.scalars(select(Contact).where(Contact.case_id == case.id)).one()
    assert contact.occurred_on == case.received_on
    assert contact.method == ContactMethod.PHONE
    assert contact.purpose == ContactPurpose.FIRST_CONTACT
    assert record_blocked(db, case) is None


def test_the_contact_form_renders(client, case):
    response = client.get(f"/cases/{case.id}/contacts/new")
    assert response.status_code == 200
    text = page(response)
    assert "Record a contact with the complainant" in text
    assert 'name="version"' in text and 'name="opened_at"' in text


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"occurred_on": "31/02/2026"}, "must be a real date, like 27/3/2026"),
        ({"occurred_on": "tomorrow"}, "must be a real date, like 27/3/2026"),
        ({"occurred_on": "FUTURE"}, "The contact date must be today or in the past"),
        ({"occurred_on": "BEFORE"}, "on or after the date the complaint arrived"),
        ({"method": "carrier pigeon"}, "Choose how the contact was made from the list"),
        ({"purpose": "gossip"}, "Choose what the contact was for from the list"),
        ({"complainant_wishes": "  "}, "Enter what the complainant wants to happen"),
        ({"summary": "x" * 5001}, "Write 5,000 characters or fewer"),
    ],
)
def test_bad_contact_input_is_refused_and_kept(client, db, case, changes, message):
    if changes.get("occurred_on") == "FUTURE":
        changes["occurred_on"] = f"{london_today() + dt.timedelta(days=1):%d/%m/%Y}"
    if changes.get("occurred_on") == "BEFORE":
        changes["occurred_on"] = f"{case.received_on - dt.timedelta(days=1):%d/%m/%Y}"
    form = contact_form(case, **changes)
    response = client.post(f"/cases/{case.id}/contacts/new", data=form)
    assert response.status_code == 400
    text = page(response)
    assert PROBLEM in text
    assert message in text
    if len(form["summary"]) < 100:
        assert form["summary"] in text
    assert form["occurred_on"] in text
    assert not db.scalars(select(Contact).where(Contact.case_id == case.id)).all()


def test_a_hand_made_post_missing_every_field_is_refused(client, case):
    response = client.post(f"/cases/{case.id}/contacts/new", data={"version": str(case.version)})
    assert response.status_code == 400
    text = page(response)
    for message in (
        "Enter the date of the contact",
        "Choose how the contact was made",
        "Choose what the contact was for",
    ):
        assert message in text


def test_a_stale_contact_form_is_not_saved_over_a_newer_case(client, db, case):
    form = contact_form(case, summary="Called back about the counter")
    case.summary = "Changed by someone else"
    db.commit()
    response = client.post(f"/cases/{case.id}/contacts/new", data=form)
    assert response.status_code == 409
    text = page(response)
    assert "Someone else changed this case" in text
    assert "Called back about the counter" in text
    assert not db.scalars(select(Contact).where(Contact.case_id == case.id)).all()


def test_only_the_assigned_handler_records_contacts(client, db, case):
    other = factories.user(db, Role.HANDLER)
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    db.commit()
    sign_in(client, other.email)
    assert client.get(f"/cases/{case.id}/contacts/new").status_code == 403
    assert client.post(f"/cases/{case.id}/contacts/new", data=contact_form(case)).status_code == 403
    sign_in(client, aa.email)
    assert client.get(f"/cases/{case.id}/contacts/new").status_code == 403
    assert not db.scalars(select(Contact).where(Contact.case_id == case.id)).all()


def test_a_conduct_matter_has_no_complainant_to_contact(client, db, handler):
    from complaints.cases.choices import CaseType

    matter = factories.matter(db, CaseType.CONDUCT_MATTER, now=utcnow())
    matter.handler_id = handler.id
    db.commit()
    form = contact_form(matter, purpose="other")
    response = client.post(f"/cases/{matter.id}/contacts/new", data=form)
    assert response.status_code == 400
    assert "Only complaints have a complainant to contact" in page(response)


# Could not reach the complainant. -----------------------------------------------------------


def test_recording_that_the_complainant_could_not_be_reached(client, db, case):
    assert client.get(f"/cases/{case.id}/contact-not-possible").status_code == 200
    reason = "Called twice and wrote to the address given; no reply"
    response = client.post(
        f"/cases/{case.id}/contact-not-possible",
        data={"version": str(case.version), "reason": reason},
    )
    assert response.status_code == 302
    text = page(client.get(response.location))
    assert "Recorded that the complainant could not be reached" in text
    assert reason in text
    assert fresh(db, case).contact_not_possible_reason == reason
    assert record_blocked(db, case) is None


@pytest.mark.parametrize(
    "reason, message",
    [
        ("", "Say what was tried to reach the complainant"),
        ("Tried " * 60, "Say what was tried in 300 characters or fewer"),
    ],
)
def test_could_not_reach_needs_a_short_reason(client, db, case, reason, message):
    response = client.post(
        f"/cases/{case.id}/contact-not-possible",
        data={"version": str(case.version), "reason": reason},
    )
    assert response.status_code == 400
    text = page(response)
    assert PROBLEM in text and message in text
    assert reason.strip()[:30] in text
    assert fresh(db, case).contact_not_possible_reason is None


def test_could_not_reach_is_refused_once_handling_is_decided(client, db, handler, case):
    factories.contact(db, case, handler, now=utcnow())
    workflow.apply(
        db, factories.actor_for(handler), case, "handle_outside_schedule_3", {}, utcnow()
    )
    db.commit()
    response = client.post(
        f"/cases/{case.id}/contact-not-possible",
        data={"version": str(case.version), "reason": "No answer"},
    )
    assert response.status_code == 400
    assert "before deciding how to handle the complaint" in page(response)


# Letters. ------------------------------------------------------------------------------


def test_the_letter_page_offers_only_the_letters_that_fit(client, case):
    text = page(client.get(f"/cases/{case.id}/letters/new?kind=update"))
    assert 'value="acknowledgement"' in text
    assert 'value="update" checked' in text
    assert 'value="outcome"' not in text
    assert "Letters not available now" in text
    assert "The outcome letter is sent once the complaint has been resolved" in text


def test_an_acknowledgement_is_created_listed_and_downloadable(client, db, case):
    response = client.post(
        f"/cases/{case.id}/letters/new",
        data={"version": str(case.version), "kind": "acknowledgement"},
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{case.id}/correspondence")
    text = page(client.get(response.location))
    assert "Acknowledgement letter created." in text
    contact = db.scalars(select(Contact).where(Contact.case_id == case.id)).one()
    link = f"/cases/{case.id}/documents/{contact.attachment_id}"
    assert text.count(f'href="{link}"') == 2  # in the banner and in the contact log
    assert "Acknowledgement letter sent" in text
    download = client.get(link)
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    letter = flat(download.data)
    assert "Dear Jo Public," in letter
    assert case.reference in letter
    assert "Hana Handler" in letter


def test_an_update_needs_its_progress_text(client, db, case):
    response = client.post(
        f"/cases/{case.id}/letters/new",
        data={"version": str(case.version), "kind": "update", "body_text": ""},
    )
    assert response.status_code == 400
    text = page(response)
    assert PROBLEM in text
    assert "Enter the progress to tell the complainant about" in text
    assert 'value="update" checked' in text
    assert not db.scalars(select(Contact).where(Contact.case_id == case.id)).all()


def test_an_update_letter_carries_the_progress_typed(client, db, case):
    progress = "We have asked for the CCTV from the front counter."
    response = client.post(
        f"/cases/{case.id}/letters/new",
        data={"version": str(case.version), "kind": "update", "body_text": progress},
    )
    assert response.status_code == 302
    contact = db.scalars(select(Contact).where(Contact.case_id == case.id)).one()
    assert contact.purpose == ContactPurpose.UPDATE
    letter = flat(client.get(f"/cases/{case.id}/documents/{contact.attachment_id}").data)
    assert progress in letter


@pytest.mark.parametrize(
    "form, message",
    [
        ({"kind": "outcome"}, "Choose a letter from the list"),
        ({"kind": "ransom"}, "Choose a letter from the list"),
        ({}, "Choose which letter to create"),
    ],
)
def test_a_letter_that_is_not_offered_is_refused(client, db, case, form, message):
    data = {"version": str(case.version), "body_text": "Kept text", **form}
    response = client.post(f"/cases/{case.id}/letters/new", data=data)
    assert response.status_code == 400
    text = page(response)
    assert PROBLEM in text and message in text
    assert "Kept text" in text


def test_a_stale_letter_form_is_not_sent(client, db, case):
    form = {"version": str(case.version), "kind": "update", "body_text": "Progress so far"}
    case.summary = "Changed by someone else"
    db.commit()
    response = client.post(f"/cases/{case.id}/letters/new", data=form)
    assert response.status_code == 409
    text = page(response)
    assert "Someone else changed this case" in text
    assert "Progress so far" in text
    assert not db.scalars(select(Contact).where(Contact.case_id == case.id)).all()


def test_the_outcome_letter_names_the_review_body_with_its_deadline(client, db, handler):
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    notified = utcnow() - dt.timedelta(days=2)
    case = factories.complaint_in_state(
        db, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa, now=notified
    )
    case.review_body = ReviewBody.OPCC
    case.review_body_reason = "No IOPC limb applies"
    db.commit()
    assert 'value="outcome"' in page(client.get(f"/cases/{case.id}/letters/new"))
    response = client.post(
        f"/cases/{case.id}/letters/new", data={"version": str(case.version), "kind": "outcome"}
    )
    assert response.status_code == 302
    contact = db.scalars(select(Contact).where(Contact.attachment_id.is_not(None))).one()
    letter = flat(client.get(f"/cases/{case.id}/documents/{contact.attachment_id}").data)
    notified_on = london_date(notified)
    apply_by = notified_on + dt.timedelta(days=28)
    assert "Office of the Police and Crime Commissioner (OPCC)" in letter
    assert f"must reach the OPCC by {apply_by.day} {apply_by:%B %Y}" in letter
    assert case.reference in letter


def test_only_the_assigned_handler_creates_letters(client, db, case):
    other = factories.user(db, Role.HANDLER)
    db.commit()
    sign_in(client, other.email)
    response = client.post(
        f"/cases/{case.id}/letters/new",
        data={"version": str(case.version), "kind": "acknowledgement"},
    )
    assert response.status_code == 403
    assert not db.scalars(select(Contact).where(Contact.case_id == case.id)).all()
