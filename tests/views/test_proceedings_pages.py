"""The Regulation 17 notice and misconduct proceedings pages, as the investigator and the
appropriate authority use them from the Investigation tab."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.common.clock import london_today
from complaints.investigations import services
from complaints.investigations.models import Finding, Proceedings, Sanction, Severity
from complaints.investigations.queries import conduct_outcome
from complaints.proceedings.services import proceeding_of
from tests import factories
from tests.conftest import sign_in

NOW = factories.NOW
DAY = NOW.date()
TYPED_DAY = f"{DAY.day}/{DAY.month}/{DAY.year}"
LATER = DAY + dt.timedelta(days=30)
TYPED_LATER = f"{LATER.day}/{LATER.month}/{LATER.year}"
FUTURE = london_today() + dt.timedelta(days=3)
TYPED_FUTURE = f"{FUTURE.day}/{FUTURE.month}/{FUTURE.year}"


@pytest.fixture()
def people(make_user):
    return {
        "handler": make_user(Role.HANDLER),
        "aa": make_user(Role.APPROPRIATE_AUTHORITY, name="Ada Authority"),
        "investigator": make_user(Role.INVESTIGATOR, name="Ivan Investigator"),
    }


def act(user):
    return factories.actor_for(user)


def assessed(db, people, severity=Severity.GROSS_MISCONDUCT, special=True):
    case = factories.assessed_in_investigation(
        db, **people, severity=severity, special_procedures=special
    )
    db.commit()
    return case


def url(case, page: str) -> str:
    return f"/cases/{case.id}/investigation/subjects/{case.subjects[0].id}/{page}"


def post(client, db, address, case, **fields):
    db.expire_all()
    form = {"csrf_token": "", "version": str(case.version), **fields}
    return client.post(address, data={k: v for k, v in form.items() if v is not None})


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def referred(db, client, people, kind="hearing"):
    """Notice served through its page, report in, a case to answer and a referral."""
    case = assessed(db, people)
    sign_in(client, people["investigator"].email)
    assert post(client, db, url(case, "notice"), case, served_on=TYPED_DAY).status_code == 302
    db.expire_all()
    workflow.apply(db, act(people["investigator"]), case, "submit_report", {"summary": "S"}, NOW)
    services.record_conduct_outcome(
        db,
        act(people["aa"]),
        case,
        case.subjects[0].id,
        services.ConductOutcomeData(case_to_answer=True, proceedings=Proceedings(kind)),
        NOW,
    )
    db.commit()
    client.post("/sign-out")
    sign_in(client, people["aa"].email)
    return case


def test_the_investigator_records_the_notice_and_the_report_can_go_in(client, db, people):
    case = assessed(db, people)
    sign_in(client, people["investigator"].email)
    tab = text(client.get(f"/cases/{case.id}/investigation"))
    assert f'href="{url(case, "notice")}"' in tab
    assert "Serve the Regulation 17 notice first" in text(
        client.get(f"/cases/{case.id}/steps/submit_report")
    )
    response = post(client, db, url(case, "notice"), case, served_on=TYPED_DAY)
    assert response.status_code == 302
    page = text(client.get(response.location))
    assert "Regulation 17 notice recorded for" in page
    assert f"Served {DAY.day} November 2026 by Ivan Investigator" in page
    assert "response to the Regulation 17 notice (reg 18)" in page
    db.expire_all()
    assert conduct_outcome(case.subjects[0]).regulation_17_served_on == DAY


def test_a_refused_notice_comes_back_with_the_input_kept(client, db, people):
    case = assessed(db, people)
    sign_in(client, people["investigator"].email)
    response = post(
        client, db, url(case, "notice"), case, served_on=TYPED_DAY, response_on=TYPED_FUTURE
    )
    page = text(response)
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "The date of the officer's response must be today or earlier" in page
    assert f'value="{TYPED_FUTURE}"' in page
    assert conduct_outcome(case.subjects[0]) is None


def test_the_notice_is_not_offered_without_special_procedures(client, db, people):
    case = assessed(db, people, special=False)
    sign_in(client, people["investigator"].email)
    assert f'href="{url(case, "notice")}"' not in text(
        client.get(f"/cases/{case.id}/investigation")
    )
    response = client.get(url(case, "notice"))
    assert response.status_code == 302
    assert "served only in an investigation under special procedures" in text(
        client.get(response.location)
    )
    refused = post(client, db, url(case, "notice"), case, served_on=TYPED_DAY)
    assert refused.status_code == 400
    assert "served only in an investigation under special procedures" in text(refused)


def test_the_handler_may_not_record_the_notice(client, db, people):
    case = assessed(db, people)
    case.handler_id = people["handler"].id
    db.commit()
    sign_in(client, people["handler"].email)
    assert client.get(url(case, "notice")).status_code == 403


def test_the_aa_arranges_adjourns_and_records_the_appeal(client, db, people):
    case = referred(db, client, people)
    tab = text(client.get(f"/cases/{case.id}/investigation"))
    assert f'href="{url(case, "proceedings")}"' in tab
    assert f'href="{url(case, "proceedings/adjourn")}"' not in tab  # no date yet
    assert f'href="{url(case, "proceedings/appeal")}"' not in tab  # no finding yet
    response = post(
        client,
        db,
        url(case, "proceedings"),
        case,
        referred_on=TYPED_DAY,
        scheduled_on=TYPED_LATER,
        chair="Ms Rachel Adeyemi",
        panel="Ch Supt Owen Pryce",
        publicly_notified_on=TYPED_DAY,
        in_public="yes",
    )
    assert response.status_code == 302, text(response)
    tab = text(client.get(f"/cases/{case.id}/investigation"))
    assert "conducted by Ms Rachel Adeyemi, panel: Ch Supt Owen Pryce; held in public" in tab
    assert "The officer's response to the notice of referral (reg 31)" in tab
    assert f'href="{url(case, "proceedings/adjourn")}"' in tab

    response = post(
        client,
        db,
        url(case, "proceedings/adjourn"),
        case,
        adjourned_on=TYPED_DAY,
        reason="The officer's representative was ill",
    )
    assert response.status_code == 302, text(response)
    tab = text(client.get(response.location))
    assert "to a date not yet set: The officer's representative was ill" in tab
    assert "No date set" in tab

    refused = post(client, db, url(case, "proceedings/appeal"), case, lodged_on=TYPED_DAY)
    assert refused.status_code == 400
    assert "An appeal follows a finding of misconduct or gross misconduct" in text(refused)

    db.expire_all()
    services.record_conduct_outcome(
        db,
        act(people["aa"]),
        case,
        case.subjects[0].id,
        services.ConductOutcomeData(
            case_to_answer=True,
            proceedings=Proceedings.HEARING,
            finding=Finding.GROSS_MISCONDUCT,
            sanction=Sanction.DISMISSAL_WITHOUT_NOTICE,
            decided_on=DAY,
        ),
        NOW,
    )
    db.commit()
    page = text(client.get(url(case, "proceedings/appeal")))
    assert "The officer appeals to the Police Appeals Tribunal" in page
    response = post(
        client,
        db,
        url(case, "proceedings/appeal"),
        case,
        lodged_on=TYPED_DAY,
        result="dismissed",
        decided_on=TYPED_DAY,
    )
    assert response.status_code == 302, text(response)
    assert "To the Police Appeals Tribunal, made" in text(client.get(response.location))
    db.expire_all()
    assert proceeding_of(case.subjects[0]).appeal_result.value == "dismissed"


@pytest.mark.parametrize(
    "page, fields, message",
    [
        ("proceedings", {}, "Enter the date the notice of referral was given to the officer"),
        ("proceedings", {"referred_on": "31/2/2026"}, "must be a real date"),
        (
            "proceedings",
            {"referred_on": TYPED_DAY, "in_public": "sometimes"},
            "Choose whether the hearing is held in public from the list",
        ),
        (
            "proceedings",
            {"referred_on": TYPED_DAY, "scheduled_on": TYPED_LATER},
            "Enter the legally qualified chair of the hearing",
        ),
        ("proceedings", {"referred_on": TYPED_DAY, "chair": "x" * 201}, "200 characters or fewer"),
    ],
    ids=["nothing", "bad date", "unknown answer", "no chair", "long chair"],
)
def test_bad_arrangements_are_a_400_with_the_input_kept(client, db, people, page, fields, message):
    case = referred(db, client, people)
    response = post(client, db, url(case, page), case, **fields)
    body = text(response)
    assert response.status_code == 400
    assert "govuk-error-summary" in body and message in body
    assert proceeding_of(case.subjects[0]) is None


def test_a_meeting_asks_no_hearing_questions(client, db, people):
    case = referred(db, client, people, kind="meeting")
    page = text(client.get(url(case, "proceedings")))
    assert 'name="referred_on"' in page
    assert 'name="in_public"' not in page and 'name="panel"' not in page
