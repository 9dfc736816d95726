"""Letter templates as an administrator keeps them and a handler uses them: a new version
changes the next letter and never one already issued, a template that names an unknown
field or reaches outside the sandbox is refused with a clear message, and a handler
previews a letter, changes its paragraphs, and issues exactly what they saw."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.models import Contact
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today, utcnow
from complaints.forces.models import FIRST_FORCE_ID
from complaints.letters import wording
from complaints.letters.models import LetterTemplate
from tests import factories
from tests.conftest import sign_in
from tests.readback import pdf_text

EDIT = f"/admin/letters/{FIRST_FORCE_ID}/acknowledgement"
PROBLEM = "There is a problem"


def flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture()
def people(db, make_user):
    admin = make_user(Role.ADMIN, name="Ada Admin")
    handler = make_user(Role.HANDLER, name="Hana Handler")
    return admin, handler


@pytest.fixture()
def case(db, people):
    made = factories.complaint(
        db, handler=people[1], received_on=london_today() - dt.timedelta(days=3), now=utcnow()
    )
    made.complainants[0].title = "Dr"
    made.complainants[0].given_name = "Zoë"
    made.complainants[0].family_name = "Łukasiewicz"
    db.commit()
    return made


def as_user(client, user) -> None:
    client.post("/sign-out")
    sign_in(client, user.email)


def save_version(client, body: str, note: str = "Warmer opening", based_on: str = "1"):
    return client.post(EDIT, data={"body": body, "note": note, "based_on": based_on})


def issue_acknowledgement(client, case, **paragraphs) -> Contact:
    data = {"version": str(case.version), "kind": "acknowledgement", **paragraphs}
    response = client.post(f"/cases/{case.id}/letters/new", data=data)
    assert response.status_code == 302, page(response)
    return response


def letters_of(db, case) -> list[Contact]:
    db.expire_all()
    return list(db.scalars(select(Contact).where(Contact.case_id == case.id).order_by(Contact.id)))


def test_a_new_version_changes_the_next_letter_and_not_the_ones_issued(client, db, people, case):
    admin, handler = people
    as_user(client, handler)
    issue_acknowledgement(client, case)
    first = letters_of(db, case)[0]
    first_pdf = client.get(f"/cases/{case.id}/documents/{first.attachment_id}").data
    assert "Thank you for your complaint" in flat(first_pdf)

    as_user(client, admin)
    changed = wording.ACKNOWLEDGEMENT.replace(
        "Thank you for your complaint", "Thank you for telling us about your experience"
    )
    response = save_version(client, changed)
    assert response.status_code == 302
    assert "Version 2 of the acknowledgement letter saved" in page(client.get(EDIT))

    as_user(client, handler)
    case.version = db.get(type(case), case.id).version
    issue_acknowledgement(client, case)
    first_again, second = letters_of(db, case)
    assert client.get(f"/cases/{case.id}/documents/{first.attachment_id}").data == first_pdf
    second_text = flat(client.get(f"/cases/{case.id}/documents/{second.attachment_id}").data)
    assert "Thank you for telling us about your experience" in second_text
    versions = {
        c.id: db.get(LetterTemplate, c.letter_template_id).version for c in (first_again, second)
    }
    assert versions == {first.id: 1, second.id: 2}


def test_the_history_keeps_every_version_with_who_and_why(client, db, people):
    admin, _ = people
    as_user(client, admin)
    save_version(client, wording.ACKNOWLEDGEMENT + "\nWe value your feedback.\n", "Add a line")
    text = page(client.get(EDIT))
    assert "Add a line" in text and "Ada Admin" in text
    assert "built-in wording" in text
    old = client.get(f"{EDIT}/1")
    assert old.status_code == 200
    assert "We value your feedback." not in page(old)
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "letter_templates")
    ).all()
    assert any(e.actor_name == "Ada Admin" for e in events)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("# Hello\n\nDear {{ addresed_as }},", "Unknown merge field: addresed_as"),
        ("# Hello\n\n{{ ''.__class__ }}", "cannot use &#39;__class__&#39;"),
        ("# Hello\n\n{{ reference.__class__.__mro__ }}", "cannot use"),
        ("# Hello\n\n{{ reference|attr('__class__') }}", "is unsafe"),
        ("# Hello\n\n{{ range(10) }}", "Unknown merge field: range"),
        ("# Hello\n\n{% for x in %}", "cannot be read"),
        ("Dear {{ addressed_as }},", "Start the letter with a heading"),
    ],
)
def test_a_template_that_cannot_make_a_safe_letter_is_refused(client, db, people, body, message):
    admin, _ = people
    as_user(client, admin)
    response = save_version(client, body)
    assert response.status_code == 400
    text = page(response)
    assert PROBLEM in text and message in text
    assert body.split("\n")[-1].replace("'", "&#39;") in text  # the input is kept
    stored = db.scalars(select(LetterTemplate).where(LetterTemplate.version > 1)).all()
    assert stored == []


def test_a_version_saved_meanwhile_is_not_overwritten(client, db, people):
    admin, _ = people
    as_user(client, admin)
    assert save_version(client, wording.ACKNOWLEDGEMENT + "\nOne.\n").status_code == 302
    response = save_version(client, wording.ACKNOWLEDGEMENT + "\nTwo.\n", based_on="1")
    assert response.status_code == 400
    assert "Someone saved version 2 after you opened version 1" in page(response)


def test_the_preview_shows_the_letter_and_issues_the_paragraph_as_changed(client, db, people, case):
    _, handler = people
    as_user(client, handler)
    url = f"/cases/{case.id}/letters/new"
    response = client.post(
        url, data={"version": str(case.version), "kind": "acknowledgement", "preview": "y"}
    )
    assert response.status_code == 200
    text = page(response)
    assert "Preview: acknowledgement letter" in text
    assert "Dear Dr Łukasiewicz," in text
    assert "We will contact you to talk about your complaint" in text  # the default
    assert letters_of(db, case) == []  # a preview sends nothing

    mine = "We will call you on Tuesday to talk about the CCTV you mentioned."
    response = client.post(
        url,
        data={
            "version": str(case.version),
            "kind": "acknowledgement",
            "next_steps": mine,
            "preview": "y",
        },
    )
    assert mine in page(response)
    issue_acknowledgement(client, case, next_steps=mine)
    (contact,) = letters_of(db, case)
    letter = flat(client.get(f"/cases/{case.id}/documents/{contact.attachment_id}").data)
    assert mine in letter
    assert "Dear Dr Łukasiewicz," in letter
    assert "Our reference" in letter and "Your complaint: acknowledgement" in letter


def test_a_paragraph_cannot_become_markup_in_the_letter(client, db, people, case):
    _, handler = people
    as_user(client, handler)
    issue_acknowledgement(client, case, next_steps="# Not a heading **not bold** {{ reference }}")
    (contact,) = letters_of(db, case)
    letter = flat(client.get(f"/cases/{case.id}/documents/{contact.attachment_id}").data)
    assert "# Not a heading **not bold** {{ reference }}" in letter


def test_the_sender_block_names_the_office_once(client, db, people, case):
    force = case.force
    force.psd_address = f"{force.psd_name}\nPolice Headquarters\nNorthtown NT9 9ZZ"
    db.commit()
    _, handler = people
    as_user(client, handler)
    issue_acknowledgement(client, case)
    (contact,) = letters_of(db, case)
    letter = pdf_text(client.get(f"/cases/{case.id}/documents/{contact.attachment_id}").data)
    first_page = letter.split("Your complaint: acknowledgement")[0]
    assert first_page.count(force.psd_name) == 2  # the masthead and the sender block
