"""The work tray, bring-forward dates on a case, the digest setting, and the way from the
appropriate authority's pages to the review recommendations it must answer."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.cases import workflow
from complaints.cases.choices import CaseState
from complaints.cases.timeline import timeline
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today
from complaints.tray.models import BringForward
from tests import factories
from tests.conftest import sign_in

EARLY = dt.date(2026, 11, 2)  # first contact was due on 9 November 2026


def _text(response) -> str:
    return response.get_data(as_text=True)


def _get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, _text(response)[:500]
    return _text(response)


def _add(client, case, day: dt.date, note: str):
    return client.post(
        f"/cases/{case.id}/bring-forward",
        data={"due_on": day.strftime("%d/%m/%Y"), "note": note},
    )


@pytest.fixture()
def office(db, make_user):
    hana = make_user(Role.HANDLER, name="Hana Handler")
    otto = make_user(Role.HANDLER, name="Otto Other")
    alma = make_user(Role.APPROPRIATE_AUTHORITY, name="Alma Authority")
    mine = factories.complaint(db, handler=hana, received_on=EARLY)
    others = factories.complaint(db, handler=otto, received_on=EARLY)
    hidden = factories.complaint(db, handler=otto, received_on=EARLY)
    cases.restrict(db, factories.actor_for(alma), hidden, "Counter-corruption", factories.NOW)
    db.commit()
    return {"hana": hana, "otto": otto, "alma": alma, "mine": mine, "others": others} | {
        "hidden": hidden
    }


def test_bring_forward_dates_are_added_shown_to_their_setter_alone_and_marked_done(
    client, db, office
):
    hana, case = office["hana"], office["mine"]
    sign_in(client, hana.email)
    assert "Add a bring-forward date" in _get(client, f"/cases/{case.id}")
    today = london_today()
    response = _add(client, case, today, "Chase CCTV")
    assert response.status_code == 302 and response.location.endswith(f"/cases/{case.id}")
    page = _get(client, f"/cases/{case.id}")
    assert f"BF {today.day} {today:%B %Y}" in page and "Chase CCTV" in page
    tray = _get(client, "/tray")
    assert "Chase CCTV" in tray and case.reference in tray
    reminder = db.scalar(select(BringForward).where(BringForward.case_id == case.id))
    assert (reminder.user_id, reminder.force_id) == (hana.id, case.force_id)
    # Audited like every change, the note kept out; off the case's timeline.
    event = db.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "bring_forwards", AuditEvent.action == "create"
        )
    )
    assert event.case_id == case.id and event.changes["note"] == ["[personal data]"] * 2
    titles = [item.title.lower() for item in timeline(db, case)]
    assert titles and not [t for t in titles if "bring" in t]

    # Another handler reads the case but not her reminder, and cannot mark it done.
    client.post("/sign-out")
    sign_in(client, office["otto"].email)
    assert "Chase CCTV" not in _get(client, f"/cases/{case.id}")
    assert "Chase CCTV" not in _get(client, "/tray")
    assert client.post(f"/tray/bring-forward/{reminder.id}/done").status_code == 404
    db.expire_all()
    assert reminder.done_at is None

    client.post("/sign-out")
    sign_in(client, hana.email)
    response = client.post(f"/tray/bring-forward/{reminder.id}/done", data={"back": "case"})
    assert response.status_code == 302 and response.location.endswith(f"/cases/{case.id}")
    db.expire_all()
    assert reminder.done_at is not None
    assert "Chase CCTV" not in _get(client, f"/cases/{case.id}")
    assert "Chase CCTV" not in _get(client, "/tray")


@pytest.mark.parametrize(
    ("day", "note", "error"),
    [
        ("", "Chase CCTV", "Enter the date to bring the case forward"),
        ("31/2/2027", "Chase CCTV", "The date must be a real date"),
        ("1/1/2020", "Chase CCTV", "The date must be today or in the future"),
        ("1/1/2027", "", "Say what to do on the day"),
        ("1/1/2027", "x" * 121, "Say it in 120 characters or fewer"),
    ],
)
def test_a_bring_forward_refused_says_why_and_keeps_the_input(client, db, office, day, note, error):
    sign_in(client, office["hana"].email)
    case = office["mine"]
    response = client.post(f"/cases/{case.id}/bring-forward", data={"due_on": day, "note": note})
    page = _text(response)
    assert response.status_code == 400
    assert "govuk-error-summary" in page and error in page
    field = "due_on" if "date" in error.lower() else "note"
    assert f'href="#{field}"' in page  # the summary leads to the field it is about
    assert db.scalar(select(BringForward.id)) is None


def test_no_bring_forward_on_a_case_one_may_not_see(client, office):
    sign_in(client, office["hana"].email)
    hidden = office["hidden"]
    assert client.get(f"/cases/{hidden.id}/bring-forward").status_code == 404
    assert _add(client, hidden, london_today(), "Snoop").status_code == 404


def test_a_handlers_tray_holds_their_own_deadlines_and_new_cases_only(client, db, office):
    sign_in(client, office["hana"].email)
    tray = _get(client, "/tray")
    mine, others, hidden = office["mine"], office["others"], office["hidden"]
    assert mine.reference in tray and "First contact due" in tray
    assert "working days overdue" in tray
    assert others.reference not in tray and hidden.reference not in tray
    assert "Decisions waiting for you" not in tray
    new = tray.split('id="new"')[1].split('id="bring-forward"')[0]
    assert mine.reference in new
    # Once she has opened the case, it is no longer new to her.
    _get(client, f"/cases/{mine.id}")
    new = _get(client, "/tray").split('id="new"')[1].split('id="bring-forward"')[0]
    assert mine.reference not in new


def test_looking_at_the_tray_is_audited(client, db, office):
    sign_in(client, office["hana"].email)
    _get(client, "/tray")
    event = db.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "case_list", AuditEvent.summary == "tray"
        )
    )
    assert event.actor_id == office["hana"].id and event.changes == {"cases_matching": 1}


def test_the_tray_is_linked_from_the_header_and_start_page(client, office):
    sign_in(client, office["hana"].email)
    home = _get(client, "/")
    assert 'href="/tray"' in home and "Work tray" in home


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.ADMIN])
def test_roles_without_case_work_have_no_tray(client, login_as, role):
    login_as(role)
    assert client.get("/tray").status_code == 403
    assert 'href="/tray"' not in _get(client, "/account")


def test_an_investigators_tray_holds_their_investigations_deadlines(client, db, make_user):
    handler = make_user(Role.HANDLER)
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    ivy = make_user(Role.INVESTIGATOR)
    ian = make_user(Role.INVESTIGATOR)
    when = dt.datetime(2025, 11, 2, 10, tzinfo=dt.UTC)  # open twelve months: report due
    case = factories.complaint_in_state(
        db, CaseState.INVESTIGATION, handler=handler, aa=aa, investigator=ivy, now=when
    )
    db.commit()
    sign_in(client, ivy.email)
    assert case.reference in _get(client, "/tray")
    client.post("/sign-out")
    sign_in(client, ian.email)
    assert case.reference not in _get(client, "/tray")


def test_the_digest_is_turned_off_and_on_from_the_account_page(client, db, office):
    hana = office["hana"]
    sign_in(client, hana.email)
    assert 'href="/account/digest"' in _get(client, "/account")
    response = client.post("/account/digest", data={})
    assert response.status_code == 400 and "govuk-error-summary" in _text(response)
    assert client.post("/account/digest", data={"wanted": "no"}).status_code == 302
    db.expire_all()
    assert hana.digest_emails is False
    assert "Off" in _get(client, "/account")
    client.post("/account/digest", data={"wanted": "yes"})
    db.expire_all()
    assert hana.digest_emails is True


# The appropriate authority and the review recommendations it must answer. --------------


def _recommendation_waiting(client, db, people):
    """An IOPC review decided with a recommendation, recorded by the appropriate authority."""
    now = dt.datetime.now(dt.UTC)
    case = factories.complaint_in_state(
        db, CaseState.OUTCOME_NOTIFIED, handler=people["handler"], aa=people["aa"], now=now
    )
    handler = factories.actor_for(people["handler"])
    workflow.apply(db, handler, case, "apply_for_review", {"body": "iopc"}, now)
    review = case.reviews[-1]
    db.commit()
    form = _get(client, f"/reviews/{review.id}/decide")
    version = form.split('name="version" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        f"/reviews/{review.id}/decide",
        data={
            "version": version,
            "outcome": "not_upheld",
            "rationale": "Reasonable and proportionate",
            "recommendations": "Train the front counter staff",
        },
    )
    assert response.status_code == 302
    db.expire_all()
    return case, review, review.recommendations[0]


def test_the_appropriate_authority_reaches_a_recommendation_from_tray_case_and_start_page(
    client, db, make_user
):
    people = {"handler": make_user(Role.HANDLER), "aa": make_user(Role.APPROPRIATE_AUTHORITY)}
    sign_in(client, people["aa"].email)
    case, review, recommendation = _recommendation_waiting(client, db, people)
    respond = f"/reviews/{review.id}/recommendations/{recommendation.id}/response"

    tray = _get(client, "/tray")
    assert f'href="{respond}"' in tray and "Record the response to recommendation 1" in tray
    assert f'href="{respond}"' in _get(client, f"/cases/{case.id}")
    home = _get(client, "/")
    assert 'href="/tray#recommendations"' in home
    assert "1 review recommendation waiting for the force's response" in home

    response = client.post(
        respond,
        data={
            "response": "Training booked",
            "accepted": "yes",
            "responded_on": london_today().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    assert f'href="{respond}"' not in _get(client, "/tray")
    assert f'href="{respond}"' not in _get(client, f"/cases/{case.id}")
    assert "waiting for the force" not in _get(client, "/")


def test_only_the_appropriate_authority_is_asked_to_answer(client, db, make_user):
    people = {"handler": make_user(Role.HANDLER), "aa": make_user(Role.APPROPRIATE_AUTHORITY)}
    sign_in(client, people["aa"].email)
    case, review, recommendation = _recommendation_waiting(client, db, people)
    client.post("/sign-out")
    sign_in(client, people["handler"].email)
    respond = f"/reviews/{review.id}/recommendations/{recommendation.id}/response"
    assert f'href="{respond}"' not in _get(client, f"/cases/{case.id}")
    assert "Review recommendations waiting" not in _get(client, "/tray")
    assert f'href="/reviews/{review.id}"' in _get(client, f"/cases/{case.id}")
