"""A subject keeps one identity through changes of collar number, name and posting."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from complaints.common.actor import Actor
from complaints.subjects import services
from tests import factories


def test_old_collar_number_still_finds_the_person(db):
    person = factories.subject(db, family_name="Okafor", collar="1234")
    services.change_identity(
        db,
        Actor.system("test"),
        person,
        services.IdentityDetails(
            given_name="Sam", family_name="Okafor-Lee", rank="PS", collar_number="5678"
        ),
        on=dt.date(2026, 6, 1),
        now=factories.NOW,
    )
    assert services.find_subjects(db, "1234") == [person]
    assert services.find_subjects(db, "5678") == [person]
    assert services.find_subjects(db, "okafor") == [person]
    assert person.current.display == "PS Sam Okafor-Lee (5678)"
    first, second = person.identities
    assert first.valid_to == dt.date(2026, 5, 31) and second.valid_to is None


def test_a_case_keeps_the_identity_true_at_the_time(db):
    person = factories.subject(db, family_name="Brown", collar="1111")
    case = factories.complaint(db, subject_=person)
    services.change_identity(
        db,
        Actor.system("test"),
        person,
        services.IdentityDetails(family_name="Green", collar_number="2222"),
        on=dt.date(2026, 11, 21),
        now=factories.NOW,
    )
    db.refresh(case.subjects[0])
    assert case.subjects[0].identity.collar_number == "1111"
    assert case.subjects[0].subject.current.collar_number == "2222"


def test_a_new_version_must_start_after_the_current_one(db):
    person = factories.subject(db, since=dt.date(2026, 1, 1))
    with pytest.raises(services.SubjectError, match="must start after"):
        services.change_identity(
            db,
            Actor.system("test"),
            person,
            services.IdentityDetails(family_name="X"),
            on=dt.date(2026, 1, 1),
            now=factories.NOW,
        )


def test_blank_search_finds_nobody(db):
    factories.subject(db)
    assert services.find_subjects(db, "   ") == []


def test_a_transfer_keeps_the_person_and_their_history(db):
    """An officer moves to another force: one person still, found by their old numbers in
    the new force; the old force's case keeps them as they were and no longer finds them
    for a new case."""
    elsewhere = factories.force(db, code="EAS", name="Eastmere Constabulary")
    division = factories.division(db, "Eastmere Central", force_id=elsewhere.id)
    person = factories.subject(db, family_name="Okafor", collar="1234")
    case = factories.complaint(db, subject_=person)
    services.transfer_subject(
        db,
        Actor.system("test"),
        person,
        elsewhere.id,
        services.IdentityDetails(
            family_name="Okafor", collar_number="E55", division_id=division.id
        ),
        on=dt.date(2026, 11, 30),
        now=factories.NOW,
    )
    assert person.force_id == elsewhere.id
    assert [(i.force_id, i.collar_number) for i in person.identities] == [
        (case.force_id, "1234"),
        (elsewhere.id, "E55"),
    ]
    assert services.find_subjects(db, "1234", forces={elsewhere.id}) == [person]
    assert services.find_subjects(db, "1234", forces={case.force_id}) == []
    db.refresh(case.subjects[0])
    assert case.subjects[0].identity.collar_number == "1234"
    assert case.force_id != elsewhere.id


def test_a_transfer_goes_to_another_force_and_one_of_its_divisions(db):
    elsewhere = factories.force(db, code="EAS", name="Eastmere Constabulary")
    person = factories.subject(db, family_name="Okafor", collar="1234")
    home = factories.division(db, "Home Division", force_id=person.force_id)
    move = partial(
        services.transfer_subject,
        db,
        Actor.system("test"),
        person,
        on=dt.date(2026, 11, 30),
        now=factories.NOW,
    )
    with pytest.raises(services.SubjectError, match="already serve"):
        move(person.force_id, services.IdentityDetails(collar_number="9"))
    with pytest.raises(services.SubjectError, match="division of the force"):
        move(elsewhere.id, services.IdentityDetails(collar_number="9", division_id=home.id))
    assert person.force_id != elsewhere.id and len(person.identities) == 1
