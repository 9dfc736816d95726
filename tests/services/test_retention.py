"""Retention and disposal (domain.md A12): a disposed case leaves no personal data in the
database or the file store, the monthly figures for its month stand as they were, a legal
hold stops it, and nothing undoes it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import JSON, LargeBinary, String, Text, select

import complaints.models  # noqa: F401  (every table, for the search below)
from complaints.auth.roles import Role
from complaints.cases import correspondence, people, workflow
from complaints.cases import services as cases
from complaints.cases.choices import (
    AllegationResult,
    CaseState,
    CaseType,
    Channel,
    ContactMethod,
    ContactPurpose,
)
from complaints.cases.letters import LetterKind
from complaints.cases.models import Case
from complaints.common.audit_model import AuditEvent
from complaints.config import REPORT_NATIONAL_COMPARATORS, REPORT_TARGETS
from complaints.db import Base
from complaints.documents import services as documents
from complaints.documents.models import AttachmentKind
from complaints.documents.storage import FileStore
from complaints.forces.models import FIRST_FORCE_ID
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import ReportSettings
from complaints.retention import disposal, schedule, services
from complaints.retention.models import CaseDisposal
from tests import factories

NAME = ("Xanthippe", "Quorndonwick")
EMAIL = "x.quorndonwick@retention.example"
PHONE = "07700 900472"
NEEDLES = (NAME[0], NAME[1], EMAIL, PHONE)
LOGGED = dt.datetime(2019, 3, 12, 10, 0, tzinfo=dt.UTC)
NOW = factories.NOW  # 2026-11-20: over six years after the case closed
SETTINGS = ReportSettings(
    force_name="Northshire Police",
    forces=(FIRST_FORCE_ID,),
    targets=dict(REPORT_TARGETS),
    comparators=dict(REPORT_NATIONAL_COMPARATORS),
)


@pytest.fixture()
def store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "files")


@pytest.fixture()
def team(db):
    return {
        "handler": factories.user(db, Role.HANDLER),
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY),
    }


def closed_complaint(
    db, team, store: FileStore, *, when: dt.datetime = LOGGED, name=NAME, email=EMAIL, phone=PHONE
) -> Case:
    """A complaint finalised outside Schedule 3 on the day it was logged, with the
    complainant's name, email and phone in every place a handler would write them."""
    handler = factories.actor_for(team["handler"])
    officer = factories.subject(db)
    full = f"{name[0]} {name[1]}"
    case = cases.log_case(
        db,
        handler,
        cases.NewCase(
            case_type=CaseType.COMPLAINT,
            received_on=when.date(),
            channel=Channel.EMAIL,
            summary=f"{full} says the officer was rude at the front counter; call {phone}",
            complainants=(
                cases.ComplainantData(
                    given_name=name[0],
                    family_name=name[1],
                    title="Dr",
                    email=email,
                    phone=phone,
                    address=f"1 {name[1]} Lane",
                    postcode="ZZ1 1ZZ",
                    contact_preference=ContactMethod.EMAIL,
                    needs=f"{name[0]} needs large print",
                    representative=cases.RepresentativeData(
                        name=f"Friend of {full}", email=f"friend.{email}", phone=phone
                    ),
                    equality=cases.EqualityData(age_band="35 to 44", sex="Female"),
                ),
            ),
            subject_ids=(officer.id,),
            allegations=(
                cases.AllegationData(
                    factories.category(db, "H1").id,
                    f"Swore at {full}",
                    (officer.id,),
                    incident_on=when.date(),
                    incident_place=f"Outside 1 {name[1]} Lane",
                ),
            ),
            handler_id=team["handler"].id,
        ),
        when,
    )
    cases.record_contact(
        db,
        handler,
        case,
        cases.ContactData(
            occurred_on=when.date(),
            method=ContactMethod.PHONE,
            purpose=ContactPurpose.FIRST_CONTACT,
            summary=f"Spoke to {full} on {phone}",
            complainant_wishes=f"{name[0]} wants an apology",
        ),
        when,
    )
    cases.add_note(db, handler, case, f"{full} rang again ({email})", when)
    documents.add_attachment(
        db,
        handler,
        case,
        documents.Upload(
            filename=f"Statement of {full}.txt",
            data=f"Statement of {full}, {email}, {phone}\n".encode(),
            kind=AttachmentKind.EVIDENCE,
            description=f"{name[0]}'s own account",
        ),
        store,
        when,
    )
    correspondence.send_letter(db, handler, case, LetterKind.ACKNOWLEDGEMENT, store, when)
    workflow.apply(db, handler, case, "handle_outside_schedule_3", {}, when)
    for allegation in case.allegations:
        cases.set_allegation_result(db, handler, allegation, AllegationResult.RESOLVED, when)
    workflow.apply(db, handler, case, "resolve", {}, when)
    db.flush()
    return case


def dispose(db, team, case, store, now=NOW):
    return disposal.dispose(db, factories.actor_for(team["aa"]), case, store, now)


def text_columns():
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text | JSON | LargeBinary):
                yield table, column


def found_in_database(db, needles=NEEDLES) -> list[str]:
    """Every text, JSON and binary value of every table that holds one of the needles."""
    found = []
    for table, column in text_columns():
        for value in db.execute(select(column).where(column.isnot(None))).scalars():
            if isinstance(value, bytes):
                text = value.decode("latin-1")
            elif isinstance(value, str):
                text = value
            else:
                text = json.dumps(value, ensure_ascii=False)
            for needle in needles:
                if needle.lower() in text.lower():
                    found.append(f"{table.name}.{column.name}: {needle}")
    return found


def found_in_files(store: FileStore, needles=NEEDLES) -> list[str]:
    found = []
    for path in Path(store.root).rglob("*"):
        if path.is_file():
            data = path.read_bytes().decode("latin-1").lower()
            found += [f"{path.name}: {n}" for n in needles if n.lower() in data]
    return found


def test_the_case_starts_with_its_personal_data_everywhere(db, team, store):
    closed_complaint(db, team, store)
    assert found_in_database(db)
    assert found_in_files(store)


def test_a_disposed_case_leaves_no_personal_data_in_the_database_or_the_file_store(db, team, store):
    case = closed_complaint(db, team, store)
    kept = closed_complaint(
        db, team, store, name=("Ordinary", "Keeper"), email="k@x.example", phone="01632 960111"
    )
    people.link_cases(
        db,
        factories.actor_for(team["handler"]),
        kept,
        case,
        f"{NAME[0]} {NAME[1]} is a witness here",
        False,
        NOW,
    )
    dispose(db, team, case, store)
    db.flush()
    assert found_in_database(db) == []
    assert found_in_files(store) == []
    # The other case of the month keeps its complainant and its documents.
    assert found_in_database(db, ("Keeper",))
    assert found_in_files(store, ("Keeper",))
    db.refresh(kept)
    assert kept.disposed_at is None


def test_the_monthly_figures_for_its_month_are_the_same_after_disposal(db, team, store):
    case = closed_complaint(db, team, store)
    closed_complaint(
        db, team, store, name=("Ordinary", "Keeper"), email="k@x.example", phone="01632 960111"
    )
    month = dt.date(2019, 3, 1)
    before = monthly_pack(db, month, SETTINGS, today=NOW.date())
    dispose(db, team, case, store)
    db.flush()
    after = monthly_pack(db, month, SETTINGS, today=NOW.date())
    assert after.sections == before.sections
    equality = [t for s in after.sections for t in s.tables if t.key == "equality_sex"]
    assert equality and "Female" in str(equality[0].rows)


def test_the_online_form_and_the_email_that_acknowledged_it_go_too(db, team, store):
    from complaints.forces.models import Force
    from complaints.mail import outbox
    from complaints.public.models import OnlineSubmission, SubmissionStatus
    from complaints.public.services import acknowledgement

    case = closed_complaint(db, team, store)
    answers = {"given_name": NAME[0], "family_name": NAME[1], "email": EMAIL, "phone": PHONE}
    submission = OnlineSubmission(
        force_id=FIRST_FORCE_ID,
        reference="WEB-RETAIN-1",
        status=SubmissionStatus.LOGGED,
        received_at=LOGGED,
        answers=answers,
        given_name=NAME[0],
        family_name=NAME[1],
        email=EMAIL,
    )
    db.add(submission)
    db.flush()
    outbox.queue(db, acknowledgement(submission, db.get(Force, FIRST_FORCE_ID)), LOGGED)
    submission.case_id = case.id
    db.flush()
    dispose(db, team, case, store)
    assert found_in_database(db) == []


def test_what_stays_is_what_the_measures_count(db, team, store):
    case = closed_complaint(db, team, store)
    reference, received = case.reference, case.received_on
    record = dispose(db, team, case, store)
    db.refresh(case)
    assert case.reference == reference and case.received_on == received
    assert case.state == CaseState.FINALISED and case.disposed_at == NOW
    assert [a.result for a in case.allegations] == [AllegationResult.RESOLVED]
    assert len(case.complainants) == 1 and case.complainants[0].family_name == ""
    assert case.complainants[0].equality is None
    assert len(case.contacts) == 2  # the first contact and the letter: dates kept
    assert case.subjects[0].identity.family_name  # the officer keeps their identity
    assert record.disposed["complainants"] == 1
    assert record.disposed["notes"] == 1
    assert record.disposed["files"] == 2  # the statement and the letter


def test_the_audit_trail_says_what_kinds_went_and_how_many_not_what(db, team, store):
    case = closed_complaint(db, team, store)
    dispose(db, team, case, store)
    event = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "dispose", AuditEvent.case_id == case.id)
    ).one()
    assert event.actor_id == team["aa"].id and event.occurred_at == NOW
    assert event.changes["disposed"]["equality answers"] == 1
    assert NAME[1] not in json.dumps(event.changes)


def test_a_case_on_legal_hold_is_not_due_and_cannot_be_disposed_of(db, team, store):
    case = closed_complaint(db, team, store)
    aa = factories.actor_for(team["aa"])
    services.place_hold(db, aa, case, "Civil claim issued", NOW)
    assert schedule.due_for_review(db, [FIRST_FORCE_ID], NOW.date()) == []
    with pytest.raises(services.RetentionRefused, match="legal hold"):
        dispose(db, team, case, store)
    assert found_in_database(db)
    services.lift_hold(db, aa, case, "Claim settled", NOW)
    assert [d.case.id for d in schedule.due_for_review(db, [FIRST_FORCE_ID], NOW.date())] == [
        case.id
    ]


def test_disposal_cannot_be_repeated_or_undone(db, team, store):
    case = closed_complaint(db, team, store)
    dispose(db, team, case, store)
    db.refresh(case)
    with pytest.raises(services.RetentionRefused, match="already been disposed"):
        dispose(db, team, case, store)
    with pytest.raises(services.RetentionRefused):
        services.place_hold(db, factories.actor_for(team["aa"]), case, "Too late", NOW)
    assert db.get(CaseDisposal, case.id) is not None


def test_the_review_list_takes_due_cases_and_leaves_undue_open_and_held_ones(db, team, store):
    due = closed_complaint(db, team, store)
    recent = closed_complaint(db, team, store, when=dt.datetime(2022, 6, 1, 10, tzinfo=dt.UTC))
    held = closed_complaint(db, team, store, when=dt.datetime(2018, 6, 1, 10, tzinfo=dt.UTC))
    open_case = factories.complaint(db, now=dt.datetime(2018, 1, 5, 10, tzinfo=dt.UTC))
    services.place_hold(db, factories.actor_for(team["aa"]), held, "Inquiry", NOW)
    listed = schedule.due_for_review(db, [FIRST_FORCE_ID], NOW.date())
    assert [d.case.id for d in listed] == [due.id]
    assert listed[0].due_on == dt.date(2025, 3, 12)
    assert {recent.id, held.id, open_case.id}.isdisjoint(d.case.id for d in listed)
    with pytest.raises(services.RetentionRefused, match="not due"):
        dispose(db, team, recent, store)


def test_a_misconduct_finding_keeps_the_case_for_the_longer_period(db, team, store):
    from complaints.investigations.models import (
        ConductOutcome,
        Finding,
        Proceedings,
        Sanction,
    )

    case = closed_complaint(db, team, store)
    other = closed_complaint(db, team, store, name=("Other", "Person"), phone="01632 960222")
    db.add(
        ConductOutcome(
            case_subject_id=case.subjects[0].id,
            case_to_answer=True,
            proceedings=Proceedings.MEETING,
            finding=Finding.MISCONDUCT,
            sanction=Sanction.WRITTEN_WARNING,
        )
    )
    db.flush()
    listed = schedule.due_for_review(db, [FIRST_FORCE_ID], NOW.date())
    assert [d.case.id for d in listed] == [other.id]
    assert schedule.count_due(db, FIRST_FORCE_ID, NOW.date()) == 1
    assert schedule.due_on_for(db, case).due_on == dt.date(2049, 3, 12)
    rules = schedule.schedule(db, FIRST_FORCE_ID)
    found = schedule.rule_for(rules, case, misconduct_found=True)
    assert schedule.review_due_on(dt.date(2019, 3, 12), found) == dt.date(2049, 3, 12)
    assert schedule.review_due_on(dt.date(2019, 3, 12), found, dt.date(2030, 1, 31)) == (
        dt.date(2036, 1, 31)
    )


def test_an_administrator_changes_the_schedule(db, team, store):
    case = closed_complaint(db, team, store)
    admin = factories.actor_for(factories.user(db, Role.ADMIN))
    services.set_rule(
        db, admin, services.RuleData(FIRST_FORCE_ID, CaseType.COMPLAINT, False, 10, None), NOW
    )
    assert schedule.due_for_review(db, [FIRST_FORCE_ID], NOW.date()) == []
    assert schedule.due_on_for(db, case).due_on == dt.date(2029, 3, 12)
    with pytest.raises(services.RetentionRefused, match="years"):
        services.set_rule(
            db, admin, services.RuleData(FIRST_FORCE_ID, CaseType.COMPLAINT, False, 0, None), NOW
        )


def test_the_monthly_review_is_recorded_once_a_month(db, team, store):
    closed_complaint(db, team, store)
    aa = factories.actor_for(team["aa"])
    first = services.record_review(db, aa, FIRST_FORCE_ID, NOW.date(), NOW)
    again = services.record_review(db, aa, FIRST_FORCE_ID, NOW.date(), NOW)
    assert first.id == again.id and again.cases_due == 1
    assert again.month == dt.date(2026, 11, 1)
