"""The outcome letter goes the complainant's way when the handler notifies the outcome
through the step page: emailed, and logged as an email, to a complainant who asked for
email; listed to post for one who did not."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from complaints.cases.choices import CaseState, ContactMethod
from complaints.cases.models import Contact
from tests import factories
from tests.conftest import sign_in

ADDRESS = "jo.public@example.org"


def notify(client, db, team, preference: ContactMethod):
    case = factories.complaint_in_state(
        db, CaseState.OUTCOME_DETERMINED, handler=team["handler"], aa=team["aa"]
    )
    complainant = case.complainants[0]
    complainant.contact_preference = preference
    complainant.email = ADDRESS
    db.commit()
    sign_in(client, team["handler"].email)
    response = client.post(
        f"/cases/{case.id}/steps/notify_outcome",
        data={
            "version": str(case.version),
            "review_body": "opcc",
            "review_body_reason": "No IOPC limb applies",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.expire_all()
    letter = db.scalars(
        select(Contact).where(Contact.case_id == case.id, Contact.attachment_id.is_not(None))
    ).one()
    return case, letter


def test_the_outcome_letter_is_emailed_to_a_complainant_who_asked_for_email(
    client, db, team, smtp_server
):
    case, letter = notify(client, db, team, ContactMethod.EMAIL)
    assert letter.method == ContactMethod.EMAIL and not letter.for_post
    (received,) = smtp_server.received
    assert received.recipients == [ADDRESS]
    assert "outcome letter" in received.message["Subject"]
    tab = " ".join(
        re.sub(
            r"<[^>]+>", " ", client.get(f"/cases/{case.id}/correspondence").get_data(as_text=True)
        ).split()
    )
    assert f"Emailed to {ADDRESS}" in tab


@pytest.mark.parametrize("preference", [ContactMethod.LETTER, ContactMethod.PHONE])
def test_the_outcome_letter_is_listed_to_post_otherwise(client, db, team, smtp_server, preference):
    _, letter = notify(client, db, team, preference)
    assert letter.method == ContactMethod.LETTER and letter.for_post
    assert smtp_server.received == []
