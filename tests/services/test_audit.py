"""The audit trail records who changed what, old and new values, and never a secret."""

from __future__ import annotations

from sqlalchemy import select

from complaints.auth import services as accounts
from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.common.audit_model import AuditEvent
from tests import factories


def _events(db, **where):
    query = select(AuditEvent).order_by(AuditEvent.id)
    for key, value in where.items():
        query = query.where(getattr(AuditEvent, key) == value)
    return db.scalars(query).all()


def test_a_change_records_old_and_new_values_and_who(db):
    handler = factories.user(db, Role.HANDLER)
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY, name="Ada Authority")
    case = factories.complaint(db, handler=handler)
    cases.restrict(db, factories.actor_for(aa), case, "Live prosecution", factories.NOW)
    db.flush()
    change = [e for e in _events(db, entity_type="cases", action="update")][-1]
    assert change.actor_name == "Ada Authority"
    assert change.actor_role == "appropriate_authority"
    assert change.case_id == case.id
    assert change.changes["restricted"] == [False, True]
    assert change.changes["restriction_reason"] == [None, "Live prosecution"]
    assert change.occurred_at == factories.NOW


def test_creating_a_case_records_each_part(db):
    case = factories.complaint(db)
    db.flush()
    created = {e.entity_type for e in _events(db, case_id=case.id, action="create")}
    assert {"cases", "complainants", "case_subjects", "allegations"} <= created


def test_passwords_never_reach_the_audit_trail(db):
    user = factories.user(db, Role.ADMIN)
    accounts.update_user(
        db,
        factories.actor_for(factories.user(db, Role.ADMIN)),
        user,
        accounts.UserChanges(
            full_name=user.full_name,
            role=user.role,
            active=True,
            new_password="another long password",
        ),
        factories.NOW,
    )
    db.flush()
    for event in _events(db, entity_type="users", entity_id=user.id):
        text = str(event.changes)
        assert "argon2" not in text
        assert "another long password" not in text
    updates = _events(db, entity_type="users", entity_id=user.id, action="update")
    assert updates[-1].changes["password_hash"] == ["[redacted]", "[redacted]"]


def test_workflow_steps_are_one_event_each(db):
    handler = factories.user(db, Role.HANDLER)
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    from complaints.cases.choices import CaseState

    case = factories.complaint_in_state(db, CaseState.RECORDED, handler=handler, aa=aa)
    db.flush()
    step = _events(db, action="transition:record")
    assert len(step) == 1
    assert step[0].changes["state"] == ["logged", "recorded"]
    assert step[0].summary == "Complainant asked"
    assert not [
        e
        for e in _events(db, case_id=case.id, entity_type="cases", action="update")
        if "state" in (e.changes or {})
    ]


def test_personal_data_is_named_but_never_copied_into_the_trail(db):
    from complaints.cases.models import EqualityMonitoring
    from complaints.cases.services import EqualityData

    case = factories.complaint(db, complainant=("Jo", "Secretname"))
    db.add(
        EqualityMonitoring(
            complainant_id=case.complainants[0].id,
            **vars(EqualityData(religion="Sikh", sexual_orientation="Gay")),
        )
    )
    db.flush()
    trail = " ".join(str(e.changes) for e in _events(db))
    for value in ("Secretname", "secretname", "jo.public@example.org", "Sikh", "Gay"):
        assert value not in trail
    assert "search_name" not in trail  # the folded copy kept for search
    (created,) = _events(db, entity_type="equality_monitoring")
    assert created.changes["religion"] == ["[personal data]", "[personal data]"]


def test_database_errors_do_not_carry_personal_data(db, caplog):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from complaints.cases.models import Complainant

    with pytest.raises(IntegrityError) as raised, db.begin_nested():
        db.add(
            Complainant(
                case_id=999999, given_name="Jo", family_name="Secretname", address="1 Hidden Lane"
            )
        )
        db.flush()
    assert "Secretname" not in str(raised.value)
    assert "Hidden Lane" not in str(raised.value)


def test_a_created_row_is_recorded_with_its_id(db):
    case = factories.complaint(db)
    db.flush()
    [created] = _events(db, entity_type="cases", action="create", case_id=case.id)
    assert created.entity_id == case.id
    [allegation] = _events(db, entity_type="allegations", action="create", case_id=case.id)
    assert allegation.entity_id == case.allegations[0].id


def test_a_deleted_row_keeps_what_it_held(db):
    case = factories.complaint(db)
    author = factories.user(db, Role.HANDLER)
    note = cases.add_note(
        db, factories.actor_for(author), case, "Called the front counter", factories.NOW
    )
    db.delete(note)
    db.flush()
    [deleted] = _events(db, entity_type="notes", action="delete")
    assert deleted.entity_id == note.id
    assert deleted.changes["author_id"] == [author.id, None]
    # A note is free text about people: the trail says it went, not what it said.
    assert deleted.changes["body"] == ["[personal data]", None]


def test_free_text_about_contact_with_the_complainant_stays_out_of_the_trail(db):
    case = factories.complaint(db)
    factories.contact(db, case)
    contact = case.contacts[0]
    contact.summary = "Spoke to Jo Public at 12 Acacia Avenue"
    db.flush()
    recorded = _events(db, entity_type="contacts", action="update")[-1]
    assert recorded.changes["summary"] == ["[personal data]", "[personal data]"]
    assert "Acacia" not in str([e.changes for e in _events(db)])


def test_free_text_in_lessons_and_reviews_stays_out_of_the_trail(db):
    """Lessons, review decisions and recommendations are written about what happened to
    people, and name them as often as not; the trail cannot be edited, so it keeps none."""
    from complaints.cases import workflow
    from complaints.cases.choices import CaseState
    from complaints.learning.models import LearningLevel, LearningSource
    from complaints.learning.services import LearningData, record_learning

    handler, aa = factories.user(db, Role.HANDLER), factories.user(db, Role.APPROPRIATE_AUTHORITY)
    reviewer = factories.user(db, Role.OPCC_REVIEWER)
    case = factories.complaint_in_state(db, CaseState.UNDER_REVIEW, handler=handler, aa=aa)
    record_learning(
        db,
        factories.actor_for(aa),
        LearningData("Courtesy", "Jo Public was sworn at by PC Stone", LearningLevel.INDIVIDUAL),
        factories.NOW,
        source=LearningSource.CASE_OUTCOME,
        case_id=case.id,
    )
    workflow.apply(
        db,
        factories.actor_for(reviewer),
        case,
        "decide_review",
        {
            "outcome": "upheld",
            "rationale": "Jo Public's account was not put to PC Stone",
            "recommendations": ["Put Jo Public's account to PC Stone"],
            "sent_back_to": "recorded",
        },
        factories.NOW,
    )
    db.flush()
    trail = str([e.changes for e in _events(db)])
    assert "Jo Public" not in trail
    assert "[personal data]" in trail
