"""Writing a planned import: each table's rows at once (``imports.bulk``), not one flush
per object, so a large extract goes in at thousands of rows a second.

This is the one place a case's state is set other than by ``workflow.apply``: an import
brings in a case's history as it already happened, checked beforehand
(``imports.validation``) for a state its type can be in and the dates that state needs.
Bulk inserts fire no ORM events, so the folded search columns and the force of a case's
complainants and subjects (``cases.of_case``) are filled here, whether each case waits for
the appropriate authority's decision is stored once its rows are in (``cases.awaiting``),
and the audit trail holds one import event (file, SHA-256, counts) rather than a row per
case.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from complaints.cases import awaiting, references
from complaints.cases.choices import (
    AppropriateAuthority,
    CaseState,
    CaseType,
    Channel,
    ContactMethod,
    ContactPurpose,
    HandlingType,
)
from complaints.cases.deadlines import DeadlineFacts, compute, contact_target
from complaints.cases.models import (
    ActionTaken,
    Allegation,
    Case,
    CaseSubject,
    Complainant,
    Contact,
    allegation_subjects,
)
from complaints.common.clock import LONDON
from complaints.common.folding import fold
from complaints.forces.models import Force
from complaints.imports.bulk import insert_rows
from complaints.imports.planning import NewSubject, Plan
from complaints.imports.validation import Row
from complaints.subjects.models import Subject, SubjectIdentity, SubjectKind

Progress = Callable[[int], None]


def at_noon(day: dt.date | None) -> dt.datetime | None:
    """A legacy date as a moment: noon in London, so it stays that day in every report."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(12), tzinfo=LONDON).astimezone(dt.UTC)


def write(
    session: Session,
    plan: Plan,
    force_id: int,
    import_id: int,
    now: dt.datetime,
    progress: Progress | None = None,
) -> None:
    """Create what the plan says, all in the session's transaction."""
    _subjects(session, plan.new_subjects, force_id, now)
    force = session.get(Force, force_id)
    target = contact_target(force.report_targets if force else None)
    numbers = _references(session, plan, force_id)
    case_rows = [
        _case(rows[0], numbers[id(rows)], force_id, import_id, now, target) for rows in plan.cases
    ]
    case_ids = insert_rows(session, Case, case_rows, ids=True)
    complainants, contacts, links, allegations, pending = [], [], [], [], []
    for case_id, rows in zip(case_ids, plan.cases, strict=True):
        first = rows[0]
        if first.case_type == CaseType.COMPLAINT:
            complainants.append(_complainant(first, case_id, force_id))
        if "first_contact_on" in first.dates:
            contacts.append(_contact(first, case_id, force_id, now))
        seen: dict[int, int] = {}
        for number, row in enumerate(rows, start=1):
            allegations.append(_allegation(row, first, case_id, force_id, number))
            subject = plan.subjects.get(row.number)
            if subject is not None:
                subject_id, identity_id = _ids(subject)
                if subject_id not in seen:
                    seen[subject_id] = len(links)
                    links.append(
                        {
                            "case_id": case_id,
                            "force_id": force_id,
                            "subject_id": subject_id,
                            "identity_id": identity_id,
                        }
                    )
                pending.append((len(allegations) - 1, seen[subject_id], row))
            else:
                pending.append((len(allegations) - 1, None, row))
        if progress:
            progress(len(rows))
    insert_rows(session, Complainant, complainants)
    insert_rows(session, Contact, contacts)
    link_ids = insert_rows(session, CaseSubject, links, ids=True)
    allegation_ids = insert_rows(session, Allegation, allegations, ids=True)
    concerned, actions = [], []
    for index, link, row in pending:
        if link is not None:
            concerned.append(
                {"allegation_id": allegation_ids[index], "case_subject_id": link_ids[link]}
            )
        actions.extend(
            {"allegation_id": allegation_ids[index], "force_id": force_id, "code": code}
            for code in row.actions
        )
    insert_rows(session, allegation_subjects, concerned)
    insert_rows(session, ActionTaken, actions)
    awaiting.refresh(session, case_ids)


def _ids(subject: tuple[int, int] | NewSubject) -> tuple[int, int]:
    if isinstance(subject, NewSubject):
        assert subject.subject_id is not None and subject.identity_id is not None
        return subject.subject_id, subject.identity_id
    return subject


def _references(session: Session, plan: Plan, force_id: int) -> dict[int, tuple[int, str]]:
    """Each new case's number and reference in this service's scheme, for the type and the
    year it was logged in (allocated in one step per type and year)."""
    wanted: dict[tuple[CaseType, int], list[list[Row]]] = defaultdict(list)
    for rows in plan.cases:
        first = rows[0]
        assert first.case_type is not None
        wanted[(first.case_type, first.dates["logged_on"].year)].append(rows)
    numbers: dict[int, tuple[int, str]] = {}
    for (case_type, year), cases in sorted(wanted.items(), key=lambda item: item[0][1]):
        given = references.allocate_many(session, case_type, year, len(cases), force_id)
        for rows, pair in zip(cases, given, strict=True):
            numbers[id(rows)] = pair
    return numbers


def _subjects(session: Session, people: list[NewSubject], force_id: int, now: dt.datetime):
    kinds = [p.row.subject_kind or _kind_of(p.row) for p in people]
    subject_ids = insert_rows(
        session,
        Subject,
        [
            {"force_id": force_id, "kind": kind, "is_chief_constable": False, "created_at": now}
            for kind in kinds
        ],
        ids=True,
    )
    identities = []
    for person, subject_id in zip(people, subject_ids, strict=True):
        row = person.row
        given, family = row.text("subject_given_name"), row.text("subject_family_name")
        identities.append(
            {
                "subject_id": subject_id,
                "force_id": force_id,
                "given_name": given[:80] or None,
                "family_name": family[:80] or None,
                "search_name": fold(f"{given} {family}"),
                "search_family": fold(family),
                "rank": row.text("subject_rank")[:60] or None,
                "collar_number": row.text("subject_collar_number")[:20] or None,
                "staff_number": row.text("subject_staff_number")[:20] or None,
                "division_id": None,
                "valid_from": row.dates["logged_on"],
                "valid_to": None,
            }
        )
    identity_ids = insert_rows(session, SubjectIdentity, identities, ids=True)
    for person, subject_id, identity_id in zip(people, subject_ids, identity_ids, strict=True):
        person.subject_id, person.identity_id = subject_id, identity_id


def _kind_of(row: Row) -> SubjectKind:
    if row.text("subject_collar_number"):
        return SubjectKind.OFFICER
    if row.text("subject_staff_number"):
        return SubjectKind.STAFF
    return SubjectKind.UNIDENTIFIED


def _case(
    row: Row,
    number: tuple[int, str],
    force_id: int,
    import_id: int,
    now: dt.datetime,
    contact_days: int,
) -> dict[str, Any]:
    state, kind, dates = row.state, row.case_type, row.dates
    assert state is not None and kind is not None
    logged = dates["logged_on"]
    recorded = dates.get("recorded_on") or (logged if kind != CaseType.COMPLAINT else None)
    handling = row.handling
    outside = state == CaseState.INITIAL_HANDLING or handling == HandlingType.OUTSIDE_SCHEDULE_3
    if outside and handling is None:
        handling = HandlingType.OUTSIDE_SCHEDULE_3
    summary = row.text("summary") or f"Imported case {row.legacy_reference}"
    values: dict[str, Any] = {
        "force_id": force_id,
        "reference": number[1],
        "case_type": kind,
        "year": logged.year,
        "number": number[0],
        "state": state,
        "received_on": dates["received_on"],
        "logged_at": at_noon(logged),
        "channel": row.channel
        or (Channel.INTERNAL if kind != CaseType.COMPLAINT else Channel.LETTER),
        "summary": summary,
        "search_summary": fold(summary),
        "incident_on": dates.get("incident_on"),
        "incident_place": None,
        "division_id": None,
        "direction_and_control": False,
        "appropriate_authority": AppropriateAuthority.CHIEF_CONSTABLE,
        "handler_id": None,
        "decision_maker_id": None,
        "restricted": False,
        "restriction_reason": None,
        "about_chief_officer": False,
        "trigger_death_or_serious_injury": kind == CaseType.DSI_MATTER,
        "trigger_crime_or_misconduct": False,
        "trigger_article_2_or_3": False,
        "trigger_referral_description": False,
        "recording_requested": False,
        "contact_not_possible_reason": None,
        "recorded_at": at_noon(recorded),
        "recording_reason": None,
        "handled_outside_at": at_noon(logged) if outside else None,
        "handling_type": handling,
        "referral_type": None,
        "referred_at": at_noon(dates.get("referred_on")),
        "iopc_reference": None,
        "outcome_determined_at": at_noon(dates.get("outcome_on")),
        "outcome_notified_at": at_noon(dates.get("notified_on")),
        "finalised_at": at_noon(dates.get("finalised_on")),
        "withdrawn_at": at_noon(dates.get("withdrawn_on")),
        "withdrawal_notice_on": dates.get("withdrawn_on"),
        "review_body": None,
        "review_body_reason": None,
        "legacy_reference": row.legacy_reference,
        "imported_at": now,
        "import_id": import_id,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    values["next_deadline_on"], values["next_deadline_kind"] = _deadline(values, row, contact_days)
    return values


def _deadline(values: dict[str, Any], row: Row, contact_days: int) -> tuple[Any, Any]:
    """The next deadline of an open imported case, from the same rules as any case's."""
    started = [values[k] for k in ("handled_outside_at", "recorded_at") if values[k]]
    contacted = row.dates.get("first_contact_on")
    facts = DeadlineFacts(
        case_type=values["case_type"],
        state=values["state"],
        received_on=values["received_on"],
        handling_started_on=min(started).astimezone(LONDON).date() if started else None,
        last_contact_on=contacted,
        outcome_determined_on=row.dates.get("outcome_on"),
        outcome_notified_on=row.dates.get("notified_on"),
        first_contact_owed=contacted is None,
        contact_target_days=contact_days,
    )
    found = compute(facts)
    return (found[0].due_on, found[0].kind) if found else (None, None)


def _complainant(row: Row, case_id: int, force_id: int) -> dict[str, Any]:
    given, family = row.text("complainant_given_name"), row.text("complainant_family_name")
    return {
        "case_id": case_id,
        "force_id": force_id,
        "title": row.text("complainant_title")[:20] or None,
        "given_name": given[:80],
        "family_name": family[:80],
        "email": row.text("complainant_email")[:254] or None,
        "phone": row.text("complainant_phone")[:40] or None,
        "address": None,
        "postcode": row.text("complainant_postcode")[:10] or None,
        "contact_preference": None,
        "needs": None,
        "search_name": fold(f"{given} {family}"),
        "search_family": fold(family),
    }


def _contact(row: Row, case_id: int, force_id: int, now: dt.datetime) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "force_id": force_id,
        "occurred_on": row.dates["first_contact_on"],
        "method": ContactMethod.LETTER,
        "purpose": ContactPurpose.FIRST_CONTACT,
        "summary": None,
        "complainant_wishes": None,
        "recorded_by_id": None,
        "recorded_at": now,
        "attachment_id": None,
        "outbox_message_id": None,
        "for_post": False,
        "letter_template_id": None,
        "posted_at": None,
        "posted_by_id": None,
        "letter_words": None,
    }


def _allegation(row: Row, first: Row, case_id: int, force_id: int, number: int) -> dict[str, Any]:
    decided = first.dates.get("outcome_on") or first.dates.get("finalised_on")
    return {
        "case_id": case_id,
        "force_id": force_id,
        "case_type": first.case_type,
        "number": number,
        "category_id": row.category_id,
        "description": row.text("allegation_description") or "Imported allegation",
        "incident_on": row.dates.get("incident_on") or first.dates.get("incident_on"),
        "incident_place": None,
        "result": row.result,
        "result_recorded_at": at_noon(decided) if row.result else None,
        "action_note": None,
        "logged_at": at_noon(first.dates["logged_on"]),
    }
