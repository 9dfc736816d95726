"""The database itself refuses a case that breaks the rules, whatever code wrote it."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from complaints.cases.choices import CaseState, CaseType
from complaints.cases.models import Case
from tests import factories

S = CaseState


def _refused(db, change) -> None:
    case = factories.complaint(db)
    with pytest.raises(IntegrityError), db.begin_nested():
        change(case)
        db.flush()


@pytest.mark.parametrize(
    "state",
    [S.FINALISED, S.WITHDRAWN, S.RECORDED, S.REFERRED, S.INITIAL_HANDLING, S.OUTCOME_NOTIFIED],
)
def test_a_state_needs_its_dates(db, state):
    _refused(db, lambda case: setattr(case, "state", state))


def test_a_conduct_matter_cannot_be_under_review(db):
    matter = factories.matter(db, CaseType.CONDUCT_MATTER)
    with pytest.raises(IntegrityError), db.begin_nested():
        matter.state = S.UNDER_REVIEW
        matter.outcome_determined_at = matter.outcome_notified_at = factories.NOW
        db.flush()


def test_a_chief_officer_case_cannot_be_unrestricted(db):
    _refused(
        db,
        lambda case: (
            setattr(case, "about_chief_officer", True),
            setattr(case, "restricted", False),
        ),
    )


def test_references_are_unique(db):
    first = factories.complaint(db)
    second = factories.complaint(db)
    with pytest.raises(IntegrityError), db.begin_nested():
        second.reference = first.reference
        db.flush()


def test_a_state_value_outside_the_lifecycle_is_refused(db):
    case = factories.complaint(db)
    db.flush()
    with pytest.raises(IntegrityError), db.begin_nested():
        db.execute(text("UPDATE cases SET state = 'lost' WHERE id = :id"), {"id": case.id})


def test_two_people_saving_one_case_cannot_silently_overwrite(db, connection):
    """The case's version counter turns a lost update into an error the app can show."""
    case = factories.complaint(db)
    db.commit()
    # Someone else saves the case after this session loaded it...
    connection.execute(
        update(Case)
        .where(Case.id == case.id)
        .values(incident_place="Market Square", version=Case.version + 1)
    )
    # ...so this session's save of the version it read is refused, not merged.
    case.incident_place = "High Street"
    with pytest.raises(StaleDataError):
        db.flush()


def test_the_pcc_is_the_authority_exactly_for_chief_constable_complaints(db):
    _refused(db, lambda case: setattr(case, "appropriate_authority", "pcc"))


def test_psd_staff_cannot_be_named_on_a_chief_constable_complaint(db):
    from complaints.auth.roles import Role
    from complaints.cases.services import CaseError, grant_access

    chief = factories.subject(db, family_name="Chief", chief_constable=True)
    case = factories.complaint(db, subject_=chief)
    handler = factories.user(db, Role.HANDLER)
    with pytest.raises(CaseError, match="cannot be named"):
        grant_access(db, factories.actor_for(handler), case, handler, "curious", factories.NOW)
