"""Intake services: more complainants and subjects on a case, links between cases, the
chief constable hand-over to the OPCC, and the search for possible duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import deadlines, matching, people, services
from complaints.cases.choices import AppropriateAuthority, CaseState, CaseType, Channel
from complaints.cases.models import Case, CaseLink, EqualityMonitoring
from complaints.cases.services import (
    CaseError,
    ComplainantData,
    EqualityData,
    RepresentativeData,
)
from complaints.cases.visibility import visible_to
from complaints.common.actor import Actor
from complaints.subjects.models import SubjectKind
from complaints.subjects.services import IdentityDetails, NewSubject, find_subjects
from tests import factories
from tests.factories import NOW, actor_for

SYSTEM = Actor.system("test")


def _sees(db, who, case) -> bool:
    return db.scalar(select(Case.id).where(Case.id == case.id, visible_to(who))) is not None


def _person(given="Ann", family="Other", **more) -> ComplainantData:
    return ComplainantData(given_name=given, family_name=family, **more)


# Links between cases ----------------------------------------------------------------------


def test_a_link_is_read_from_both_cases(db, make_user):
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    first, second = factories.complaint(db), factories.complaint(db)
    link = people.link_cases(db, actor_for(aa), first, second, "Same arrest", True, NOW)
    assert (link.case_id, link.linked_case_id, link.same_incident) == (first.id, second.id, True)
    from_second = matching.links_of(db, actor_for(aa), second)
    assert [(x.case, x.reason, x.same_incident) for x in from_second] == [
        (first, "Same arrest", True)
    ]
    assert [x.case for x in matching.links_of(db, actor_for(aa), first)] == [second]


def test_a_case_cannot_be_linked_to_itself_or_twice(db):
    first, second = factories.complaint(db), factories.complaint(db)
    with pytest.raises(CaseError, match="itself"):
        people.link_cases(db, SYSTEM, first, first, "Oops", False, NOW)
    people.link_cases(db, SYSTEM, first, second, "Same people", False, NOW)
    for a, b in ((first, second), (second, first)):
        with pytest.raises(CaseError, match="already linked"):
            people.link_cases(db, SYSTEM, a, b, "Again", False, NOW)
    assert len(db.scalars(select(CaseLink)).all()) == 1


def test_a_link_needs_a_reason(db):
    first, second = factories.complaint(db), factories.complaint(db)
    with pytest.raises(CaseError, match="Say why"):
        people.link_cases(db, SYSTEM, first, second, "   ", False, NOW)


def test_links_show_only_cases_the_reader_may_see(db, make_user):
    handler, aa = make_user(Role.HANDLER), make_user(Role.APPROPRIATE_AUTHORITY)
    open_case, hidden = factories.complaint(db, handler=handler), factories.complaint(db)
    services.restrict(db, actor_for(aa), hidden, "Covert material", NOW)
    people.link_cases(db, actor_for(aa), open_case, hidden, "Same incident", True, NOW)
    assert matching.links_of(db, actor_for(handler), open_case) == []
    assert [x.case for x in matching.links_of(db, actor_for(aa), open_case)] == [hidden]


def test_intake_links_the_new_case_to_the_ones_chosen(db, make_user):
    handler = make_user(Role.HANDLER)
    earlier = factories.complaint(db)
    case = people.log_case_and_link(
        db,
        actor_for(handler),
        services.NewCase(
            case_type=CaseType.COMPLAINT,
            received_on=NOW.date(),
            channel=Channel.PHONE,
            summary="Rude at the counter again",
            complainants=(_person(),),
        ),
        [earlier],
        NOW,
    )
    [link] = matching.links_of(db, actor_for(handler), case)
    assert link.case == earlier and link.same_incident
    assert link.reason == people.SAME_INCIDENT_AT_INTAKE


# Complainants ---------------------------------------------------------------------------


def test_another_complainant_with_representative_and_equality_answers(db, make_user):
    handler = make_user(Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    version = case.version
    person = people.add_case_complainant(
        db,
        actor_for(handler),
        case,
        _person(
            representative=RepresentativeData(
                name="Sol Icitor", consent_received_on=NOW.date() - dt.timedelta(days=1)
            ),
            equality=EqualityData(ethnicity="Prefer not to say", age_band="25 to 34"),
        ),
        NOW + dt.timedelta(hours=1),
    )
    db.flush()
    assert [c.family_name for c in case.complainants] == ["Public", "Other"]
    assert person.representative.name == "Sol Icitor"
    stored = db.scalar(
        select(EqualityMonitoring).where(EqualityMonitoring.complainant_id == person.id)
    )
    assert (stored.ethnicity, stored.age_band, stored.sex) == (
        "Prefer not to say",
        "25 to 34",
        None,
    )
    assert case.version == version + 1


def test_conduct_matters_have_no_complainant(db):
    matter = factories.matter(db, CaseType.CONDUCT_MATTER)
    with pytest.raises(CaseError, match="Only a complaint"):
        people.add_case_complainant(db, SYSTEM, matter, _person(), NOW)
    assert matter.complainants == []


def test_consent_cannot_be_dated_in_the_future(db):
    case = factories.complaint(db)
    future = RepresentativeData(name="Rep", consent_received_on=NOW.date() + dt.timedelta(days=2))
    with pytest.raises(CaseError, match="consent"):
        people.add_case_complainant(db, SYSTEM, case, _person(representative=future), NOW)


def test_nobody_is_added_to_a_closed_case(db, make_user):
    handler, aa = make_user(Role.HANDLER), make_user(Role.APPROPRIATE_AUTHORITY)
    case = factories.complaint_in_state(db, CaseState.FINALISED, handler=handler, aa=aa)
    with pytest.raises(CaseError, match="closed"):
        people.add_case_complainant(db, actor_for(handler), case, _person(), NOW)
    with pytest.raises(CaseError, match="closed"):
        people.add_case_subject(db, actor_for(handler), case, factories.subject(db), NOW)


# Subjects -------------------------------------------------------------------------------


def test_an_existing_person_is_named_once(db, make_user):
    handler = make_user(Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    second = factories.subject(db, family_name="Grey")
    named = people.add_case_subject(db, actor_for(handler), case, second, NOW)
    assert named.identity == second.current
    assert [s.subject for s in case.subjects][-1] == second
    with pytest.raises(CaseError, match="already a subject"):
        people.add_case_subject(db, actor_for(handler), case, second, NOW)


def test_a_new_person_is_recorded_then_named(db, make_user):
    handler = make_user(Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    data = NewSubject(
        kind=SubjectKind.STAFF,
        details=IdentityDetails(given_name="Pat", family_name="Lane", staff_number="S900"),
    )
    named = people.add_new_case_subject(db, actor_for(handler), case, data, NOW)
    assert named.identity.display_name == "Pat Lane"
    assert named.identity.valid_from == NOW.date()
    assert find_subjects(db, "s900") == [named.subject]


def test_a_new_person_cannot_reuse_a_current_collar_number(db):
    factories.subject(db, family_name="Stone", collar="4321")
    case = factories.complaint(db)
    data = NewSubject(
        kind=SubjectKind.OFFICER, details=IdentityDetails(family_name="Else", collar_number="4321")
    )
    with pytest.raises(CaseError, match="collar number 4321 is already recorded"):
        people.add_new_case_subject(db, SYSTEM, case, data, NOW)


def test_an_unidentified_person_is_described(db):
    case = factories.complaint(db)
    data = NewSubject(
        kind=SubjectKind.UNIDENTIFIED,
        details=IdentityDetails(family_name="Officer at the front counter"),
    )
    named = people.add_new_case_subject(db, SYSTEM, case, data, NOW)
    assert named.subject.kind == SubjectKind.UNIDENTIFIED
    assert named.identity.display_name == "Officer at the front counter"
    with pytest.raises(CaseError, match="Describe"):
        people.add_new_case_subject(
            db, SYSTEM, case, NewSubject(SubjectKind.UNIDENTIFIED, IdentityDetails()), NOW
        )


def test_naming_the_chief_constable_hands_the_case_to_the_opcc(db, make_user):
    handler, aa = make_user(Role.HANDLER), make_user(Role.APPROPRIATE_AUTHORITY)
    reviewer = make_user(Role.OPCC_REVIEWER)
    case = factories.complaint(db, handler=handler)
    services.assign(db, actor_for(aa), case, NOW, decision_maker=aa)
    services.restrict(db, actor_for(aa), case, "Sensitive", NOW)
    assert _sees(db, actor_for(handler), case)
    chief = factories.subject(db, family_name="Chief", chief_constable=True)

    people.add_case_subject(db, actor_for(handler), case, chief, NOW)
    db.flush()

    assert case.appropriate_authority == AppropriateAuthority.PCC
    assert case.restricted and case.about_chief_officer
    assert case.restriction_reason == services.CHIEF_CONSTABLE_REASON
    assert case.handler_id is None and case.decision_maker_id is None
    assert case.access == []
    assert not _sees(db, actor_for(handler), case)
    assert not _sees(db, actor_for(aa), case)
    assert _sees(db, actor_for(reviewer), case)


def test_only_a_chief_officer_can_be_the_chief_constable(db):
    case = factories.complaint(db)
    data = NewSubject(
        kind=SubjectKind.OFFICER,
        details=IdentityDetails(family_name="Pretend"),
        is_chief_constable=True,
    )
    with pytest.raises(CaseError, match="chief officer"):
        people.add_new_case_subject(db, SYSTEM, case, data, NOW)
    assert not case.about_chief_officer


# Possible matches -----------------------------------------------------------------------


def _matches(db, who, **given):
    return {m.case.reference: m.reasons for m in matching.possible_matches(db, who, **given)}


def test_the_same_complainant_is_matched_by_name_email_or_postcode(db, make_user):
    handler = actor_for(make_user(Role.HANDLER))
    by_name = factories.complaint(db, complainant=("Jo", "Public"))
    other = factories.complaint(db, complainant=("Sam", "Brown"))
    people.add_case_complainant(
        db, SYSTEM, other, _person("Al", "Khan", email="AK@example.org", postcode="PR1 2AB"), NOW
    )
    assert _matches(
        db, handler, complainant_family_name=" public ", complainant_given_name="JO"
    ) == {by_name.reference: ("Complainant with the same name",)}
    assert _matches(db, handler, email="ak@example.org") == {
        other.reference: ("Complainant with the same email address",)
    }
    assert _matches(db, handler, complainant_family_name="Khan", postcode="pr12ab") == {
        other.reference: ("Complainant with the same last name and postcode",)
    }
    assert (
        _matches(db, handler, complainant_family_name="Public", complainant_given_name="Al") == {}
    )


def test_the_same_subject_matches_only_within_a_few_days(db, make_user):
    handler = actor_for(make_user(Role.HANDLER))
    person = factories.subject(db, family_name="Grey")
    near = factories.complaint(db, subject_=person, incident_on=dt.date(2026, 11, 10))
    factories.complaint(db, subject_=person, incident_on=dt.date(2026, 11, 1))
    factories.complaint(db, incident_on=dt.date(2026, 11, 12))
    found = _matches(db, handler, subject_ids=[person.id], incident_on=dt.date(2026, 11, 12))
    assert found == {near.reference: ("Same subject, incident within 3 days",)}
    assert (
        _matches(
            db,
            handler,
            subject_ids=[person.id],
            incident_on=dt.date(2026, 11, 12),
            exclude_case_ids=[near.id],
        )
        == {}
    )


def test_matches_never_reveal_a_case_the_user_cannot_see(db, make_user):
    handler, aa = make_user(Role.HANDLER), make_user(Role.APPROPRIATE_AUTHORITY)
    hidden = factories.complaint(db, complainant=("Jo", "Secret"))
    services.restrict(db, actor_for(aa), hidden, "Covert", NOW)
    given = {"complainant_family_name": "Secret", "complainant_given_name": "Jo"}
    assert _matches(db, actor_for(handler), **given) == {}
    assert list(_matches(db, actor_for(aa), **given)) == [hidden.reference]


def test_at_most_ten_matches_newest_first(db, make_user):
    handler = actor_for(make_user(Role.HANDLER))
    for days in range(12):
        factories.complaint(db, received_on=NOW.date() - dt.timedelta(days=days + 1))
    found = matching.possible_matches(
        db, handler, complainant_family_name="Public", complainant_given_name="Jo"
    )
    assert len(found) == 10
    received = [m.case.received_on for m in found]
    assert received == sorted(received, reverse=True)
    assert received[0] == NOW.date() - dt.timedelta(days=1)


def test_a_reference_finds_only_visible_cases(db, make_user):
    handler, aa = make_user(Role.HANDLER), make_user(Role.APPROPRIATE_AUTHORITY)
    shown, hidden = factories.complaint(db), factories.complaint(db)
    services.restrict(db, actor_for(aa), hidden, "Covert", NOW)
    who = actor_for(handler)
    assert matching.find_by_reference(db, who, shown.reference.lower()) == shown
    year, number = shown.year, shown.number
    assert matching.find_by_reference(db, who, f"CO/{year}/{number}") == shown
    assert matching.find_by_reference(db, who, hidden.reference) is None
    assert matching.find_by_reference(db, who, "CO/2026/99999") is None
    assert matching.find_by_reference(db, who, "not a reference") is None


# Contacts -------------------------------------------------------------------------------


def test_a_contact_moves_the_next_update_deadline(db, make_user):
    handler, aa = make_user(Role.HANDLER), make_user(Role.APPROPRIATE_AUTHORITY)
    earlier = NOW - dt.timedelta(days=20)
    case = factories.complaint_in_state(db, CaseState.RECORDED, handler=handler, aa=aa, now=earlier)
    deadlines.refresh(case)
    before = case.next_deadline_on
    factories.contact(db, case, handler, NOW)
    assert case.next_deadline_on == NOW.date() + dt.timedelta(days=28)
    assert case.next_deadline_on > before


def test_a_complaint_about_the_chief_constable_keeps_its_restriction(db):
    """The OPCC's restriction is set at intake and the service refuses to change it, not
    only the page (domain.md A8)."""
    chief = factories.subject(db, chief_constable=True)
    reviewer = factories.user(db, Role.OPCC_REVIEWER)
    case = factories.complaint(db, handler=None, subject_=chief)
    assert services.restrict_refusal(case) is not None
    with pytest.raises(services.CaseError, match="restricted to the OPCC when it was logged"):
        services.restrict(db, factories.actor_for(reviewer), case, "Another reason", factories.NOW)
