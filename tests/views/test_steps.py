"""The lifecycle through the pages: one page per step, only for those who may take it,
guards that explain, bad input answered on the page, and edits that cross refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from complaints.cases.choices import CaseState
from tests import factories
from tests.conftest import sign_in

S = CaseState


def case_in(db, team, state):
    case = factories.complaint_in_state(
        db, state, handler=team["handler"], aa=team["aa"], investigator=team["investigator"]
    )
    if state == S.LOGGED:
        factories.contact(db, case, team["handler"])
    db.commit()
    return case


# (step, state it starts from, who takes it, form answers)
STEPS = [
    ("record", S.LOGGED, "aa", {"recording_reason": "aa_decided", "reason": "Serious"}),
    ("handle_outside_schedule_3", S.LOGGED, "handler", {}),
    ("withdraw", S.RECORDED, "handler", {"withdrawal_notice_on": "18/11/2026"}),
    ("refer_to_iopc", S.RECORDED, "aa", {"referral_type": "voluntary", "reason": "Gravity"}),
    ("handle_without_investigation", S.RECORDED, "aa", {}),
    ("start_investigation", S.RECORDED, "aa", {"terms_of_reference": "Whether PC X swore"}),
    ("suspend", S.INVESTIGATION, "aa", {"reason": "Sub judice"}),
    ("resume", S.SUSPENDED, "aa", {}),
    ("submit_report", S.INVESTIGATION, "investigator", {"summary": "No case to answer"}),
    ("notify_outcome", S.OUTCOME_DETERMINED, "handler", {}),
    ("apply_for_review", S.OUTCOME_NOTIFIED, "handler", {"body": "opcc"}),
    ("iopc_returned", S.REFERRED, "aa", {}),
]


@pytest.mark.parametrize("name, state, who, answers", STEPS, ids=[s[0] for s in STEPS])
def test_each_step_is_taken_through_its_page(client, db, team, name, state, who, answers):
    case = case_in(db, team, state)
    sign_in(client, team[who].email)
    url = f"/cases/{case.id}/steps/{name}"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    if name == "notify_outcome":  # the A7 proposal is filled in for the handler to confirm
        answers = {"review_body": "opcc", "review_body_reason": "No IOPC limb applies"}
        assert "No IOPC limb applies" in html
    response = client.post(url, data={"version": str(case.version), **answers})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.expire_all()
    assert db.get(type(case), case.id).state != state
    assert "done" in client.get(response.location).get_data(as_text=True)


def test_missing_answers_come_back_on_the_page_with_the_input_kept(client, db, team):
    case = case_in(db, team, S.LOGGED)
    sign_in(client, team["aa"].email)
    response = client.post(
        f"/cases/{case.id}/steps/record",
        data={"version": str(case.version), "recording_reason": "complainant_wishes"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter reason for this decision" in html
    assert 'value="complainant_wishes" checked' in html
    db.expire_all()
    assert db.get(type(case), case.id).state == S.LOGGED


def test_an_impossible_date_is_refused_with_the_input_kept(client, db, team):
    case = case_in(db, team, S.RECORDED)
    sign_in(client, team["handler"].email)
    response = client.post(
        f"/cases/{case.id}/steps/withdraw",
        data={"version": str(case.version), "withdrawal_notice_on": "31/2/2026"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "must be a real date" in html
    assert 'value="31/2/2026"' in html


# (step, state it starts from, who takes it, the date field, its label, other answers)
DATED_STEPS = [
    (
        "withdraw",
        S.RECORDED,
        "handler",
        "withdrawal_notice_on",
        "Date of the complainant's signed withdrawal notice",
        {},
    ),
    ("suspend", S.INVESTIGATION, "aa", "on", "Date suspended", {"reason": "Sub judice"}),
    ("resume", S.SUSPENDED, "aa", "on", "Date resumed", {}),
    (
        "submit_report",
        S.INVESTIGATION,
        "investigator",
        "on",
        "Date the report was submitted",
        {"summary": "No case to answer"},
    ),
]


@pytest.mark.parametrize(
    "name, state, who, field, label, answers", DATED_STEPS, ids=[s[0] for s in DATED_STEPS]
)
def test_a_steps_date_has_a_label_a_hint_and_its_error_beside_it(
    client, db, team, name, state, who, field, label, answers
):
    case = case_in(db, team, state)
    sign_in(client, team[who].email)
    url = f"/cases/{case.id}/steps/{name}"
    page = client.get(url).get_data(as_text=True)
    assert re.search(
        rf'<label class="govuk-label" for="{field}">\s*{re.escape(label)}\s*</label>',
        page.replace("&#39;", "'"),
    )
    assert re.search(rf'<div id="{field}-hint" class="govuk-hint">\s*For example, 27/3/2026', page)
    assert f'aria-describedby="{field}-hint"' in page

    response = client.post(url, data={"version": str(case.version), field: "31/2/2026", **answers})
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 400
    message = f"{label} must be a real date, like 27/3/2026"
    start = html.index('<div class="govuk-error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert f'<a href="#{field}">{message}</a>' in summary
    inline = re.search(rf'<p id="{field}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    assert inline is not None and message in inline.group(1)
    assert f'aria-describedby="{field}-hint {field}-error"' in html
    assert 'value="31/2/2026"' in html
    db.expire_all()
    assert db.get(type(case), case.id).state == state


def test_a_withdrawal_without_the_notices_date_is_refused_beside_the_field(client, db, team):
    case = case_in(db, team, S.RECORDED)
    sign_in(client, team["handler"].email)
    response = client.post(f"/cases/{case.id}/steps/withdraw", data={"version": str(case.version)})
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 400
    message = "Enter date of the complainant's signed withdrawal notice"
    assert f'<a href="#withdrawal_notice_on">{message}</a>' in html
    assert 'id="withdrawal_notice_on-error"' in html


def test_a_guard_explains_itself_on_the_page_and_refuses_the_post(client, db, team):
    case = factories.complaint(db, handler=team["handler"])  # no first contact yet
    db.commit()
    sign_in(client, team["aa"].email)
    page = client.get(f"/cases/{case.id}/steps/record").get_data(as_text=True)
    assert "Not possible yet" in page
    assert "Record first contact with the complainant" in page
    response = client.post(
        f"/cases/{case.id}/steps/record",
        data={"version": str(case.version), "recording_reason": "aa_decided", "reason": "X"},
    )
    assert response.status_code == 400
    assert "Record first contact with the complainant" in response.get_data(as_text=True)


def test_a_save_over_someone_elses_change_shows_what_changed(client, db, team):
    case = case_in(db, team, S.LOGGED)
    seen = case.version
    # Someone else records a contact after this page was opened.
    factories.contact(db, case, team["handler"], factories.NOW + dt.timedelta(hours=1))
    db.commit()
    sign_in(client, team["aa"].email)
    response = client.post(
        f"/cases/{case.id}/steps/record",
        data={
            "version": str(seen),
            "opened_at": "2026-01-01T00:00:00+00:00",
            "recording_reason": "aa_decided",
            "reason": "My carefully written reason",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this case" in html
    assert "Contact with complainant added" in html
    assert "My carefully written reason" in html
    db.expire_all()
    assert db.get(type(case), case.id).state == S.LOGGED
    # Having seen the changes, saving the same answers again goes through.
    rebased = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    again = client.post(
        f"/cases/{case.id}/steps/record",
        data={"version": rebased, "recording_reason": "aa_decided", "reason": "Still serious"},
    )
    assert again.status_code == 302
    db.expire_all()
    assert db.get(type(case), case.id).state == S.RECORDED


def test_steps_the_user_may_not_take_are_refused(client, db, team):
    case = case_in(db, team, S.RECORDED)
    sign_in(client, team["handler"].email)
    assert client.get(f"/cases/{case.id}/steps/refer_to_iopc").status_code == 403
    assert client.get(f"/cases/{case.id}/steps/no_such_step").status_code == 404
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/cases/{case.id}/steps/withdraw" in page
    assert f"/cases/{case.id}/steps/refer_to_iopc" not in page


def test_notifying_the_outcome_sends_the_letter_naming_the_review_body(client, db, team):
    import io

    from pypdf import PdfReader

    case = case_in(db, team, S.OUTCOME_DETERMINED)
    sign_in(client, team["handler"].email)
    response = client.post(
        f"/cases/{case.id}/steps/notify_outcome",
        data={
            "version": str(case.version),
            "review_body": "iopc",
            "review_body_reason": "Same incident as a referred complaint",
        },
    )
    assert response.status_code == 302
    db.expire_all()
    case = db.get(type(case), case.id)
    [letter] = [c for c in case.contacts if c.attachment_id]
    pdf = client.get(f"/cases/{case.id}/documents/{letter.attachment_id}")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Independent Office for Police Conduct" in text or "IOPC" in text
    assert case.reference in text


def test_the_outcome_letter_is_previewed_then_sent_with_the_explanation(client, db, team):
    from complaints.cases.models import Contact
    from tests.readback import pdf_text

    case = case_in(db, team, S.OUTCOME_DETERMINED)
    sign_in(client, team["handler"].email)
    answers = {
        "version": str(case.version),
        "review_body": "opcc",
        "review_body_reason": "No IOPC limb applies",
        "explanation": "We watched the body-worn video from both officers.",
        "apology": "We are sorry that the officer spoke to you as he did.",
    }
    url = f"/cases/{case.id}/steps/notify_outcome"
    preview = client.post(url, data={**answers, "preview": "y"})
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "Preview: the outcome letter" in text
    assert "We watched the body-worn video from both officers." in text
    assert "Office of the Police and Crime Commissioner (OPCC)" in text
    assert (
        "No IOPC limb applies"
        not in text.split("Preview:")[1].split("</form>")[0].split("<form")[0]
    )  # the routing reason is not public wording
    db.expire_all()
    fresh = db.get(type(case), case.id)
    assert fresh.state == S.OUTCOME_DETERMINED  # a preview takes no step
    assert not [c for c in fresh.contacts if c.attachment_id]

    assert client.post(url, data=answers).status_code == 302
    db.expire_all()
    fresh = db.get(type(case), case.id)
    assert fresh.state == S.OUTCOME_NOTIFIED
    [letter] = (
        db.query(Contact)
        .filter(Contact.case_id == case.id, Contact.attachment_id.is_not(None))
        .all()
    )
    pdf = client.get(f"/cases/{case.id}/documents/{letter.attachment_id}").data
    words = " ".join(pdf_text(pdf).split())
    assert "Why we reached this outcome We watched the body-worn video" in words
    assert "Our apology We are sorry that the officer spoke to you as he did." in words
    assert "No IOPC limb applies" not in words
