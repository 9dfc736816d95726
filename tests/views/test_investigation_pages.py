"""The investigation pages (domain.md A3): the tab, the investigation's details, severity
assessments and conduct outcomes, as the appropriate authority uses them."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from complaints.auth import services as accounts
from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.cases import workflow
from complaints.cases.choices import CaseState, CaseType, Channel
from complaints.cases.services import grant_access, restrict
from complaints.common.actor import Actor
from complaints.common.clock import london_today
from complaints.investigations import notices, services
from complaints.investigations.models import Finding, Proceedings, Sanction, Severity
from complaints.investigations.queries import conduct_outcome, severity_history
from complaints.subjects.models import SubjectKind
from tests import factories
from tests.conftest import sign_in

NOW = factories.NOW
DAY = NOW.date()  # the day the factories start investigations
TYPED_DAY = f"{DAY.day}/{DAY.month}/{DAY.year}"
EARLIER = DAY - dt.timedelta(days=1)
TYPED_EARLIER = f"{EARLIER.day}/{EARLIER.month}/{EARLIER.year}"
FUTURE = london_today() + dt.timedelta(days=3)
TYPED_FUTURE = f"{FUTURE.day}/{FUTURE.month}/{FUTURE.year}"


def act(user):
    return factories.actor_for(user)


@pytest.fixture()
def people(make_user):
    return {
        "handler": make_user(Role.HANDLER),
        "aa": make_user(Role.APPROPRIATE_AUTHORITY, name="Ada Authority"),
        "investigator": make_user(Role.INVESTIGATOR, name="Ivan Investigator"),
    }


def investigated(db, people, state=CaseState.INVESTIGATION, **flags):
    case = factories.complaint_in_state(
        db,
        state,
        handler=people["handler"],
        aa=people["aa"],
        investigator=people["investigator"],
        **flags,
    )
    db.commit()
    return case


def assess(db, people, case, severity, on=DAY, rationale="Body-worn video shows it"):
    services.assess_severity(
        db,
        act(people["aa"]),
        case,
        case.subjects[0].id,
        services.SeverityData(severity=severity, assessed_on=on, rationale=rationale),
        NOW,
    )


def report_in(db, people, severity=Severity.MISCONDUCT):
    """Investigated under special procedures, the subject assessed and the report in."""
    case = investigated(db, people)
    services.update_investigation(
        db, act(people["aa"]), case, services.InvestigationDetails(special_procedures=True), NOW
    )
    assess(db, people, case, severity)
    if severity != Severity.NONE:
        serve(db, people, case)
    workflow.apply(
        db,
        act(people["investigator"]),
        case,
        "submit_report",
        {"summary": "The officer swore; the evidence supports misconduct."},
        NOW,
    )
    db.commit()
    return case


def serve(db, people, case, on=DAY):
    """The investigator records the Regulation 17 notice served on the first subject."""
    notices.serve_notice(
        db, act(people["investigator"]), case, case.subjects[0], notices.NoticeData(on), NOW
    )


def nothing_decided(case) -> bool:
    """No outcome saved for the first subject: at most the notice served before."""
    saved = conduct_outcome(case.subjects[0])
    return saved is None or (saved.case_to_answer, saved.proceedings) == (None, None)


def conduct_matter(db, people, *subjects):
    """A recordable conduct matter about these subjects, under local investigation."""
    case = cases.log_case(
        db,
        Actor.system("test"),
        cases.NewCase(
            case_type=CaseType.CONDUCT_MATTER,
            received_on=DAY - dt.timedelta(days=10),
            channel=Channel.INTERNAL,
            summary="Found in an audit of system use",
            subject_ids=tuple(s.id for s in subjects),
        ),
        NOW,
    )
    workflow.apply(
        db,
        act(people["aa"]),
        case,
        "start_investigation",
        {"investigator_id": people["investigator"].id},
        NOW,
    )
    db.commit()
    return case


def directed(db, people):
    case = investigated(db, people, CaseState.REFERRED)
    workflow.apply(
        db,
        act(people["aa"]),
        case,
        "iopc_investigation",
        {"mode": "directed", "investigator_id": people["investigator"].id},
        NOW,
    )
    db.commit()
    return case


def edit_url(case):
    return f"/cases/{case.id}/investigation/edit"


def severity_url(case, case_subject=None):
    return (
        f"/cases/{case.id}/investigation/subjects/{(case_subject or case.subjects[0]).id}/severity"
    )


def outcome_url(case, case_subject=None):
    return (
        f"/cases/{case.id}/investigation/subjects/{(case_subject or case.subjects[0]).id}/outcome"
    )


def post(client, db, url, case, **fields):
    """POST as the page would: with the versions of the case and investigation as they
    are now, unless the test gives others."""
    db.expire_all()
    data = {"version": str(case.version)}
    if case.investigation is not None:
        data["investigation_version"] = str(case.investigation.version)
    data.update({k: v for k, v in fields.items() if v is not None})
    return client.post(url, data=data)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def refused(response, message: str, *kept: str) -> str:
    page = text(response)
    assert response.status_code == 400, page[:2000]
    assert "There is a problem" in page
    assert message in page
    for value in kept:
        assert value in page, value
    return page


def hidden(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def checked(page: str, name: str, value: str | None = None) -> bool:
    for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*>', page):
        if (value is None or f'value="{value}"' in tag) and "checked" in tag:
            return True
    return False


def selected(page: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    match = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', select)
    return match.group(1) if match else None


# The Investigation tab --------------------------------------------------------------------


def test_tab_shows_the_investigation_its_suspensions_and_report(client, db, people):
    case = investigated(db, people)
    aa = act(people["aa"])
    services.update_investigation(
        db, aa, case, services.InvestigationDetails(terms_of_reference="Look at the CCTV"), NOW
    )
    workflow.apply(db, aa, case, "suspend", {"reason": "Sub judice", "on": DAY}, NOW)
    workflow.apply(db, aa, case, "resume", {"on": DAY + dt.timedelta(days=1)}, NOW)
    workflow.apply(
        db,
        act(people["investigator"]),
        case,
        "submit_report",
        {"summary": "No case to answer in the investigator's opinion"},
        NOW,
    )
    db.commit()
    sign_in(client, people["handler"].email)
    page = text(client.get(f"/cases/{case.id}/investigation"))
    for shown in (
        "Local",
        "Ivan Investigator",
        "Look at the CCTV",
        "Do not apply",
        "Sub judice",
        "1 day",
        f"Submitted {DAY.day} November 2026",
        "No case to answer in the investigator's opinion",
        "Not assessed",
    ):
        assert shown in page, shown
    assert "Change investigation details" not in page
    assert "Assess severity" not in page
    assert "Record conduct outcome" not in page


def test_tab_counts_an_open_suspension_so_far_and_offers_to_resume(client, db, people):
    case = investigated(db, people, CaseState.SUSPENDED)
    sign_in(client, people["aa"].email)
    page = text(client.get(f"/cases/{case.id}/investigation"))
    page = page[page.index('<h2 class="govuk-heading-m">Investigation</h2>') :]
    days = (london_today() - DAY).days
    assert "Still suspended" in page
    assert f"{days} {'day' if days == 1 else 'days'} so far" in page
    assert f'href="/cases/{case.id}/steps/resume"' in page


def test_tab_shows_severity_history_and_each_outcome_to_the_aa(client, db, people):
    case = investigated(db, people)
    services.update_investigation(
        db,
        act(people["aa"]),
        case,
        services.InvestigationDetails(special_procedures=True),
        NOW,
    )
    assess(db, people, case, Severity.MISCONDUCT, EARLIER, "First view of the video")
    assess(db, people, case, Severity.GROSS_MISCONDUCT, DAY, "A second recording came to light")
    serve(db, people, case)
    workflow.apply(db, act(people["investigator"]), case, "submit_report", {"summary": "S"}, NOW)
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
            cps_referral=True,
            decided_on=DAY,
        ),
        NOW,
    )
    db.commit()
    sign_in(client, people["aa"].email)
    page = text(client.get(f"/cases/{case.id}/investigation"))
    for shown in (
        "Apply",
        f"Gross misconduct</strong>, assessed {DAY.day} November 2026 by Ada Authority",
        "Revised 1 time",
        "First view of the video",
        "A second recording came to light",
        f"Served {DAY.day} November 2026 by Ivan Investigator",
        "Misconduct hearing",
        "Gross misconduct proven",
        "Dismissal without notice",
        "Referred to the CPS",
    ):
        assert shown in page, shown
    assert page.index("First view of the video") < page.index("A second recording")
    assert f'href="{edit_url(case)}"' not in page  # the report is in: details are closed
    assert f'href="{severity_url(case)}"' in page
    assert f'href="{outcome_url(case)}"' in page


def test_conduct_matter_tab_names_the_subjects_still_needing_an_outcome(client, db, people):
    first = factories.subject(db, family_name="Stone")
    second = factories.subject(db, family_name="Rivers")
    case = conduct_matter(db, people, first, second)
    sign_in(client, people["aa"].email)
    page = text(client.get(f"/cases/{case.id}/investigation"))
    notice = page[page.index("Before the outcome of this conduct matter") :]
    notice = notice[: notice.index("</ul>")]
    assert "Stone" in notice and "Rivers" in notice
    response = post(
        client,
        db,
        outcome_url(case),
        case,
        case_to_answer="undecided",
        decided_on=TYPED_DAY,
    )
    assert response.status_code == 302
    page = text(client.get(f"/cases/{case.id}/investigation"))
    notice = page[page.index("Before the outcome of this conduct matter") :]
    notice = notice[: notice.index("</ul>")]
    assert "Rivers" in notice and "Stone" not in notice


def test_complaint_tab_needs_no_outcome_before_determination(client, db, people):
    case = investigated(db, people)
    sign_in(client, people["aa"].email)
    assert "Before the outcome" not in text(client.get(f"/cases/{case.id}/investigation"))


# Investigation details --------------------------------------------------------------------


def test_aa_changes_the_investigator_terms_and_special_procedures(client, db, people, make_user):
    case = investigated(db, people)
    other = make_user(Role.INVESTIGATOR, name="Olga Other")
    sign_in(client, people["aa"].email)
    page = text(client.get(edit_url(case)))
    assert selected(page, "investigator_id") == str(people["investigator"].id)
    assert "Olga Other" in page
    response = post(
        client,
        db,
        edit_url(case),
        case,
        investigator_id=str(other.id),
        terms_of_reference="Whether PC Stone swore at the counter",
        special_procedures="y",
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{case.id}/investigation")
    page = text(client.get(response.location))
    assert "Investigation details saved." in page
    assert "Olga Other" in page
    db.expire_all()
    assert case.investigation.investigator_id == other.id
    assert case.investigation.terms_of_reference == "Whether PC Stone swore at the counter"
    assert case.investigation.special_procedures is True


def test_details_without_an_investigation_send_the_aa_back_to_the_tab(client, db, people):
    case = investigated(db, people, CaseState.RECORDED)
    sign_in(client, people["aa"].email)
    for url in (edit_url(case), severity_url(case)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.location.endswith(f"/cases/{case.id}/investigation")
        page = text(client.get(response.location))
        assert "This case has no investigation" in page
        assert post(client, db, url, case, rationale="x").status_code == 302


def test_unticking_special_procedures_under_a_misconduct_assessment_is_refused(client, db, people):
    case = investigated(db, people)
    services.update_investigation(
        db, act(people["aa"]), case, services.InvestigationDetails(special_procedures=True), NOW
    )
    assess(db, people, case, Severity.MISCONDUCT)
    db.commit()
    sign_in(client, people["aa"].email)
    response = post(
        client,
        db,
        edit_url(case),
        case,
        investigator_id=str(people["investigator"].id),
        terms_of_reference="Terms typed by the AA",
    )
    refused(response, "revise the severity assessment first", "Terms typed by the AA")
    db.expire_all()
    assert case.investigation.special_procedures is True


def test_details_cannot_change_once_the_report_is_in(client, db, people):
    case = investigated(db, people, CaseState.AWAITING_DECISION)
    sign_in(client, people["aa"].email)
    response = post(client, db, edit_url(case), case, terms_of_reference="Late terms typed")
    refused(response, "only while it is under way or suspended", "Late terms typed")


def test_recorded_terms_of_reference_cannot_be_cleared(client, db, people):
    case = investigated(db, people)
    services.update_investigation(
        db, act(people["aa"]), case, services.InvestigationDetails(terms_of_reference="Old"), NOW
    )
    db.commit()
    sign_in(client, people["aa"].email)
    response = post(
        client, db, edit_url(case), case, terms_of_reference="   ", special_procedures="y"
    )
    page = refused(response, "Enter the terms of reference")
    assert checked(page, "special_procedures")


def test_an_investigator_not_offered_is_refused(client, db, people, make_user):
    case = investigated(db, people)
    gone = make_user(Role.INVESTIGATOR)
    accounts.update_user(
        db,
        Actor.system("test"),
        gone,
        accounts.UserChanges(full_name=gone.full_name, role=gone.role, active=False),
        NOW,
    )
    db.commit()
    sign_in(client, people["aa"].email)
    for chosen in (str(gone.id), str(people["handler"].id), "nonsense"):
        response = post(
            client, db, edit_url(case), case, investigator_id=chosen, terms_of_reference="Kept"
        )
        refused(response, "Choose an investigator from the list", "Kept")
    db.expire_all()
    assert case.investigation.investigator_id == people["investigator"].id


def test_a_stale_case_version_is_a_conflict_with_the_input_kept(client, db, people):
    case = investigated(db, people)
    sign_in(client, people["aa"].email)
    db.expire_all()
    response = post(
        client,
        db,
        edit_url(case),
        case,
        version=str(case.version - 1),
        terms_of_reference="My careful terms",
    )
    page = text(response)
    assert response.status_code == 409
    assert "Someone else changed this case" in page
    assert "My careful terms" in page
    db.expire_all()
    assert case.investigation.terms_of_reference is None


def test_a_stale_investigation_version_is_a_conflict_and_saving_again_works(client, db, people):
    case = investigated(db, people)
    sign_in(client, people["aa"].email)
    db.expire_all()
    opened_on = case.investigation.version
    services.update_investigation(
        db,
        act(people["aa"]),
        case,
        services.InvestigationDetails(terms_of_reference="Someone else's terms"),
        NOW,
    )
    db.commit()
    db.expire_all()
    response = post(
        client,
        db,
        edit_url(case),
        case,
        investigation_version=str(opened_on),
        terms_of_reference="My careful terms",
    )
    page = text(response)
    assert response.status_code == 409
    assert "Someone else changed this case" in page
    assert "My careful terms" in page
    db.expire_all()
    assert case.investigation.terms_of_reference == "Someone else's terms"
    assert hidden(page, "investigation_version") == str(case.investigation.version)
    again = client.post(
        edit_url(case),
        data={
            "version": hidden(page, "version"),
            "investigation_version": hidden(page, "investigation_version"),
            "investigator_id": str(people["investigator"].id),
            "terms_of_reference": "My careful terms",
        },
    )
    assert again.status_code == 302
    db.expire_all()
    assert case.investigation.terms_of_reference == "My careful terms"


def test_a_hand_made_post_without_the_investigation_version_saves_nothing(client, db, people):
    case = investigated(db, people)
    sign_in(client, people["aa"].email)
    db.expire_all()
    response = client.post(
        edit_url(case), data={"version": str(case.version), "terms_of_reference": "Sneaky"}
    )
    assert response.status_code == 409
    db.expire_all()
    assert case.investigation.terms_of_reference is None


# Severity assessments ---------------------------------------------------------------------


def test_aa_assesses_then_revises_severity_and_sees_the_history(client, db, people):
    case = investigated(db, people)
    case_subject = case.subjects[0]
    sign_in(client, people["aa"].email)
    page = text(client.get(severity_url(case)))
    assert "Not assessed yet." in page
    assert not checked(page, "by_iopc")
    response = post(
        client,
        db,
        severity_url(case),
        case,
        severity="misconduct",
        assessed_on=TYPED_EARLIER,
        rationale="The first account",
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{case.id}/investigation")
    assert f"Severity assessed for {case_subject.identity.display}: Misconduct." in text(
        client.get(response.location)
    )
    response = post(
        client,
        db,
        severity_url(case),
        case,
        severity="none",
        assessed_on=TYPED_DAY,
        rationale="The CCTV contradicts the account",
    )
    assert response.status_code == 302
    db.expire_all()
    assert [a.severity for a in severity_history(case_subject)] == [
        Severity.MISCONDUCT,
        Severity.NONE,
    ]
    page = text(client.get(severity_url(case)))
    history = page[: page.index("Revise the assessment")]
    assert history.index("The first account") < history.index("The CCTV contradicts")
    assert "Revise the assessment" in page


def test_the_iopc_box_is_ticked_for_a_directed_investigation(client, db, people):
    case = directed(db, people)
    sign_in(client, people["aa"].email)
    assert checked(text(client.get(severity_url(case))), "by_iopc")
    response = post(
        client,
        db,
        severity_url(case),
        case,
        severity="gross_misconduct",
        assessed_on=TYPED_DAY,
        by_iopc="y",
        rationale="The IOPC's assessment",
    )
    assert response.status_code == 302
    db.expire_all()
    (assessment,) = severity_history(case.subjects[0])
    assert assessment.by_iopc and assessment.assessed_by_id is None


def _withdrawn(db, people):
    case = investigated(db, people)
    workflow.apply(db, act(people["handler"]), case, "withdraw", {"withdrawal_notice_on": DAY}, NOW)
    db.commit()
    return case


def _unidentified(db, people):
    return investigated(db, people, subject_=factories.subject(db, kind=SubjectKind.UNIDENTIFIED))


def _assessed(db, people):
    case = investigated(db, people)
    assess(db, people, case, Severity.MISCONDUCT, DAY)
    db.commit()
    return case


def _served_later(db, people):
    """The report is in; the notice was served (late) after it, on a later day."""
    case = report_in(db, people)
    later = NOW + dt.timedelta(days=1)
    notices.serve_notice(
        db, act(people["aa"]), case, case.subjects[0], notices.NoticeData(later.date()), later
    )
    db.commit()
    return case


SEVERITY_REFUSALS = {
    "future date": (investigated, {"assessed_on": TYPED_FUTURE}, "must be today or in the past"),
    "before received": (
        investigated,
        {"assessed_on": "1/1/2020"},
        "on or after the date the case was received",
    ),
    "before the assessment it revises": (
        _assessed,
        {"assessed_on": TYPED_EARLIER},
        "on or after the assessment it revises",
    ),
    "IOPC in a local investigation": (
        investigated,
        {"by_iopc": "y"},
        "The appropriate authority, not the IOPC, assesses severity",
    ),
    "AA in a directed investigation": (
        directed,
        {"by_iopc": None},
        "The IOPC assesses severity in a directed or independent investigation",
    ),
    "closed case": (_withdrawn, {}, "Severity is assessed while the case is open"),
    "unidentified subject": (_unidentified, {}, "Identify the subject first"),
}


@pytest.mark.parametrize(
    "setup, fields, message", SEVERITY_REFUSALS.values(), ids=SEVERITY_REFUSALS
)
def test_severity_refusals_come_back_with_the_input_kept(
    client, db, people, setup, fields, message
):
    case = setup(db, people)
    sign_in(client, people["aa"].email)
    typed = {
        "severity": "gross_misconduct",
        "assessed_on": TYPED_DAY,
        "rationale": "Rationale typed by the AA",
        **fields,
    }
    response = post(client, db, severity_url(case), case, **typed)
    page = refused(
        response, message, "Rationale typed by the AA", f'value="{typed["assessed_on"]}"'
    )
    assert checked(page, "severity", "gross_misconduct")
    db.expire_all()
    assert len(severity_history(case.subjects[0])) == (1 if setup is _assessed else 0)


def test_a_blank_rationale_is_refused(client, db, people):
    case = investigated(db, people)
    sign_in(client, people["aa"].email)
    response = post(
        client, db, severity_url(case), case, severity="none", assessed_on=TYPED_DAY, rationale="  "
    )
    refused(response, "Enter the rationale for the severity assessment", f'value="{TYPED_DAY}"')


@pytest.mark.parametrize(
    "fields, messages, kept",
    [
        ({}, ["Choose the severity", "Enter the date of the severity assessment"], []),
        (
            {"severity": "catastrophic", "assessed_on": "31/2/2026", "rationale": "Typed"},
            ["Choose the severity from the list", "must be a real date"],
            ['value="31/2/2026"', "Typed"],
        ),
    ],
    ids=["nothing sent", "nonsense sent"],
)
def test_bad_severity_input_is_a_400_not_a_500(client, db, people, fields, messages, kept):
    case = investigated(db, people)
    sign_in(client, people["aa"].email)
    response = post(client, db, severity_url(case), case, **fields)
    for message in messages:
        refused(response, message, *kept)


def test_a_stale_version_on_the_severity_page_is_a_conflict(client, db, people):
    case = investigated(db, people)
    sign_in(client, people["aa"].email)
    db.expire_all()
    response = post(
        client,
        db,
        severity_url(case),
        case,
        version=str(case.version - 1),
        severity="misconduct",
        assessed_on=TYPED_DAY,
        rationale="Rationale I do not want to lose",
    )
    page = text(response)
    assert response.status_code == 409
    assert "Someone else changed this case" in page
    assert "Rationale I do not want to lose" in page
    assert checked(page, "severity", "misconduct")
    assert severity_history(case.subjects[0]) == []


# Conduct outcomes -------------------------------------------------------------------------


def test_aa_records_an_outcome_and_finds_it_prefilled(client, db, people):
    case = report_in(db, people)
    sign_in(client, people["aa"].email)
    page = text(client.get(outcome_url(case)))
    assert checked(page, "case_to_answer", "undecided")
    assert "Misconduct, assessed" in page
    response = post(
        client,
        db,
        outcome_url(case),
        case,
        case_to_answer="yes",
        proceedings="meeting",
        finding="misconduct",
        sanction="written_warning",
        other="cps_referral",
        decided_on=TYPED_DAY,
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{case.id}/investigation")
    assert "Conduct outcome saved for" in text(client.get(response.location))
    db.expire_all()
    outcome = conduct_outcome(case.subjects[0])
    assert outcome.case_to_answer is True
    assert (outcome.proceedings, outcome.finding, outcome.sanction) == (
        Proceedings.MEETING,
        Finding.MISCONDUCT,
        Sanction.WRITTEN_WARNING,
    )
    assert outcome.cps_referral and not outcome.rprp
    assert outcome.regulation_17_served_on == outcome.decided_on == DAY
    page = text(client.get(outcome_url(case)))
    assert checked(page, "case_to_answer", "yes")
    assert selected(page, "proceedings") == "meeting"
    assert selected(page, "finding") == "misconduct"
    assert selected(page, "sanction") == "written_warning"
    assert checked(page, "other", "cps_referral")
    assert not checked(page, "other", "rprp")
    assert f'value="{DAY:%d/%m/%Y}"' in page


def test_saving_the_outcome_again_replaces_it(client, db, people):
    case = report_in(db, people)
    sign_in(client, people["aa"].email)
    post(client, db, outcome_url(case), case, case_to_answer="yes", other="cps_referral")
    response = post(client, db, outcome_url(case), case, case_to_answer="no", other="rprp")
    assert response.status_code == 302
    db.expire_all()
    outcome = conduct_outcome(case.subjects[0])
    assert outcome.case_to_answer is False
    assert outcome.rprp and not outcome.cps_referral


def _plain(db, people):
    return investigated(db, people)


def _special_no_report(db, people):
    case = investigated(db, people)
    services.update_investigation(
        db, act(people["aa"]), case, services.InvestigationDetails(special_procedures=True), NOW
    )
    assess(db, people, case, Severity.MISCONDUCT)
    db.commit()
    return case


def _assessed_neither(db, people):
    return report_in(db, people, Severity.NONE)


def _recorded(db, people):
    return investigated(db, people, CaseState.RECORDED)


OUTCOME_REFUSALS = {
    "proceedings without a case to answer": (
        report_in,
        {"case_to_answer": "no", "proceedings": "meeting"},
        "Misconduct proceedings need a case to answer",
    ),
    "finding without proceedings": (
        report_in,
        {"case_to_answer": "yes", "finding": "misconduct"},
        "A finding needs misconduct proceedings",
    ),
    "gross misconduct at a meeting": (
        report_in,
        {"case_to_answer": "yes", "proceedings": "meeting", "finding": "gross_misconduct"},
        "A misconduct meeting cannot find gross misconduct",
    ),
    "sanction without misconduct": (
        report_in,
        {
            "case_to_answer": "yes",
            "proceedings": "hearing",
            "finding": "not_proven",
            "sanction": "written_warning",
        },
        "A sanction needs a finding of misconduct or gross misconduct",
    ),
    "heavy sanction at a meeting": (
        report_in,
        {
            "case_to_answer": "yes",
            "proceedings": "meeting",
            "finding": "misconduct",
            "sanction": "reduction_in_rank",
        },
        "A misconduct meeting can give only a written warning",
    ),
    "light sanction for gross misconduct": (
        report_in,
        {
            "case_to_answer": "yes",
            "proceedings": "hearing",
            "finding": "gross_misconduct",
            "sanction": "written_warning",
        },
        "The sanction for gross misconduct is",
    ),
    "dismissal for misconduct": (
        report_in,
        {
            "case_to_answer": "yes",
            "proceedings": "hearing",
            "finding": "misconduct",
            "sanction": "dismissal_without_notice",
        },
        "dismissal without notice needs a finding of gross misconduct",
    ),
    "RPRP after misconduct is found": (
        report_in,
        {
            "case_to_answer": "yes",
            "proceedings": "hearing",
            "finding": "misconduct",
            "other": "rprp",
        },
        "Reflective practice (RPRP) is instead of misconduct proceedings",
    ),
    "PRI after misconduct is found": (
        report_in,
        {
            "case_to_answer": "yes",
            "proceedings": "meeting",
            "finding": "misconduct",
            "other": "practice_requiring_improvement",
        },
        "Practice requiring improvement is instead of misconduct proceedings",
    ),
    "decided in the future": (
        report_in,
        {"decided_on": TYPED_FUTURE},
        "The date the outcome was decided must be today or in the past",
    ),
    "decided before the case was received": (
        report_in,
        {"decided_on": "1/1/2020"},
        "must be on or after the date the case was received",
    ),
    "decided before the notice": (
        _served_later,
        {"decided_on": TYPED_DAY},
        "must be on or after the Regulation 17 notice was served",
    ),
    "decided with proceedings but no finding": (
        report_in,
        {"case_to_answer": "yes", "proceedings": "hearing", "decided_on": TYPED_DAY},
        "Record the finding of the proceedings before giving the date",
    ),
    "case to answer without special procedures": (
        _plain,
        {"case_to_answer": "yes"},
        "Case to answer is decided only in an investigation under special procedures",
    ),
    "case to answer before the report": (
        _special_no_report,
        {"case_to_answer": "no"},
        "once the investigation report is in",
    ),
    "case to answer without a misconduct assessment": (
        _assessed_neither,
        {"case_to_answer": "yes"},
        "Case to answer needs a current severity assessment",
    ),
    "before handling or investigation": (
        _recorded,
        {},
        "Conduct outcomes are recorded once the case is handled or investigated",
    ),
    "unidentified subject": (_unidentified, {}, "Identify the subject first"),
}


@pytest.mark.parametrize("setup, fields, message", OUTCOME_REFUSALS.values(), ids=OUTCOME_REFUSALS)
def test_outcome_refusals_come_back_with_the_input_kept(client, db, people, setup, fields, message):
    case = setup(db, people)
    sign_in(client, people["aa"].email)
    typed = {"case_to_answer": "undecided", **fields}
    response = post(client, db, outcome_url(case), case, **typed)
    page = refused(response, message)
    assert checked(page, "case_to_answer", typed["case_to_answer"])
    for name in ("proceedings", "finding", "sanction"):
        assert (selected(page, name) or "") == typed.get(name, ""), name
    if "decided_on" in typed:
        assert f'value="{typed["decided_on"]}"' in page
    if "other" in typed:
        assert checked(page, "other", typed["other"])
    db.expire_all()
    assert nothing_decided(case)


@pytest.mark.parametrize(
    "fields, message, kept",
    [
        ({}, "Choose whether there is a case to answer", None),
        (
            {"case_to_answer": "maybe"},
            "Choose whether there is a case to answer from the list",
            None,
        ),
        (
            {"case_to_answer": "no", "proceedings": "trial"},
            "Choose the kind of misconduct proceedings from the list",
            None,
        ),
        ({"case_to_answer": "no", "finding": "guilty"}, "Choose the finding from the list", None),
        ({"case_to_answer": "no", "sanction": "fine"}, "Choose the sanction from the list", None),
        (
            {"case_to_answer": "no", "other": "promotion"},
            "Choose other outcomes and referrals from the list",
            None,
        ),
        (
            {"case_to_answer": "no", "decided_on": "32/13/2026"},
            "must be a real date",
            'value="32/13/2026"',
        ),
    ],
    ids=["nothing sent", "answer", "proceedings", "finding", "sanction", "other", "date"],
)
def test_bad_outcome_input_is_a_400_not_a_500(client, db, people, fields, message, kept):
    case = report_in(db, people)
    sign_in(client, people["aa"].email)
    response = post(client, db, outcome_url(case), case, **fields)
    refused(response, message, *([kept] if kept else []))
    assert nothing_decided(case)


def test_a_stale_version_on_the_outcome_page_is_a_conflict(client, db, people):
    case = report_in(db, people)
    sign_in(client, people["aa"].email)
    db.expire_all()
    response = post(
        client,
        db,
        outcome_url(case),
        case,
        version=str(case.version - 1),
        case_to_answer="yes",
        proceedings="hearing",
    )
    page = text(response)
    assert response.status_code == 409
    assert "Someone else changed this case" in page
    assert checked(page, "case_to_answer", "yes")
    assert selected(page, "proceedings") == "hearing"
    assert nothing_decided(case)


# Who may use these pages -------------------------------------------------------------------


def _all_urls(case):
    return (edit_url(case), severity_url(case), outcome_url(case))


@pytest.mark.parametrize("who", ["handler", "investigator"])
def test_only_the_aa_may_use_these_pages(client, db, people, who):
    case = investigated(db, people)
    sign_in(client, people[who].email)
    assert client.get(f"/cases/{case.id}/investigation").status_code == 200
    for url in _all_urls(case):
        assert client.get(url).status_code == 403, url
        response = post(
            client,
            db,
            url,
            case,
            terms_of_reference="Not theirs to write",
            severity="none",
            assessed_on=TYPED_DAY,
            rationale="Not theirs",
            case_to_answer="no",
        )
        assert response.status_code == 403, url
    db.expire_all()
    assert case.investigation.terms_of_reference is None
    assert severity_history(case.subjects[0]) == []
    assert conduct_outcome(case.subjects[0]) is None


def test_a_restricted_case_is_not_found_for_an_aa_not_named_on_it(client, db, people, make_user):
    case = investigated(db, people)
    restrict(db, act(people["aa"]), case, "Counter-corruption", NOW)
    grant_access(db, act(people["aa"]), case, people["aa"], "decision maker", NOW)
    db.commit()
    sign_in(client, make_user(Role.APPROPRIATE_AUTHORITY).email)
    for url in _all_urls(case):
        assert client.get(url).status_code == 404, url
        assert post(client, db, url, case, case_to_answer="no").status_code == 404, url
    client.post("/sign-out")
    sign_in(client, people["aa"].email)
    for url in _all_urls(case):
        assert client.get(url).status_code == 200, url


def test_a_subject_of_another_case_is_not_found(client, db, people):
    case = investigated(db, people)
    other = investigated(db, people)
    sign_in(client, people["aa"].email)
    for url in (
        severity_url(case, other.subjects[0]),
        outcome_url(case, other.subjects[0]),
    ):
        assert client.get(url).status_code == 404, url
        assert post(client, db, url, case, case_to_answer="no").status_code == 404, url
    assert conduct_outcome(other.subjects[0]) is None


def test_details_are_offered_only_while_they_can_be_changed(client, db, people):
    """The tab's link, the edit page and the save follow one rule: not after the report."""
    under_way = investigated(db, people)
    sign_in(client, people["aa"].email)
    tab = client.get(f"/cases/{under_way.id}/investigation").get_data(as_text=True)
    assert "Change investigation details" in tab

    awaiting = investigated(db, people, CaseState.AWAITING_DECISION)
    tab = client.get(f"/cases/{awaiting.id}/investigation").get_data(as_text=True)
    assert "Change investigation details" not in tab
    page = client.get(f"/cases/{awaiting.id}/investigation/edit")
    assert page.status_code == 302
    assert "only while it is under way or suspended" in client.get(page.location).get_data(
        as_text=True
    )
