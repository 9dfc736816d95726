"""A case's complainants, subjects and allegations carry their case's force (allegations
its type too), whichever way they are written: row-level security, the name search's
indexes and the monthly measures rely on it."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from complaints.auth.roles import Role
from complaints.cases import services as casework
from complaints.cases.allegations import add_allegation
from complaints.cases.choices import CaseState, CaseType
from complaints.cases.models import Allegation, Case, CaseSubject, Complainant, Contact, Note
from complaints.common.actor import Actor
from tests import factories
from tests.case_force import counted, misplaced
from tests.rls import as_application_role


@pytest.fixture()
def other(db):
    return factories.force(db, code="EAS", name="Eastmere Constabulary")


def test_intake_gives_complainants_and_subjects_their_cases_force(db, other):
    handler = factories.user(db, Role.HANDLER, forces=(other.id,))
    case = factories.complaint(db, handler=handler, force_id=other.id)
    casework.add_complainant(
        db,
        factories.actor_for(handler),
        case,
        casework.ComplainantData(given_name="Zoë", family_name="Łukasiewicz"),
    )
    casework.attach_subject(db, case, factories.subject(db, force_id=other.id))
    db.flush()
    assert {c.force_id for c in case.complainants} == {other.id}
    assert {s.force_id for s in case.subjects} == {other.id}
    assert {(a.force_id, a.case_type) for a in case.allegations} == {(other.id, CaseType.COMPLAINT)}
    assert misplaced(db) == [] and counted(db) == 5


def test_an_allegation_added_later_takes_its_case_force_and_type(db):
    case = factories.matter(db, CaseType.CONDUCT_MATTER)
    added = add_allegation(
        db,
        Actor.system("test"),
        case,
        casework.AllegationData(factories.category(db, "B6").id, "Found later", ()),
        factories.NOW,
    )
    db.flush()
    assert (added.force_id, added.case_type) == (case.force_id, CaseType.CONDUCT_MATTER)
    assert misplaced(db) == []


def test_a_row_added_by_its_case_id_alone_takes_the_case_force_from_the_database(db, other):
    case = factories.complaint(db, force_id=other.id)
    db.flush()
    db.expunge(case)  # only the id is known, as in a job that loads nothing else
    person = Complainant(case_id=case.id, given_name="Ada", family_name="Lovelace")
    allegation = Allegation(
        case_id=case.id,
        number=9,
        category_id=factories.category(db).id,
        description="Found later.",
        logged_at=factories.NOW,
    )
    db.add_all([person, allegation])
    db.flush()
    assert person.force_id == other.id
    assert (allegation.force_id, allegation.case_type) == (other.id, CaseType.COMPLAINT)
    assert misplaced(db) == []


def test_row_level_security_keeps_them_to_their_force(db, other):
    """As the application's role: a force sees its own cases' people and none of another's."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    for case in (
        factories.complaint(db, complainant=("Ann", "Mine")),
        factories.complaint(db, complainant=("Bo", "Theirs"), force_id=other.id),
    ):
        factories.contact(db, case)
        casework.add_note(db, Actor.system("test"), case, "Called back.", factories.NOW)
    db.flush()
    with as_application_role(db):
        db.execute(text(f"SELECT set_config('complaints.forces', '{other.id}', true)"))
        names = db.scalars(select(Complainant.family_name)).all()
        seen = {
            model.__tablename__: set(db.scalars(select(model.force_id)).all())
            for model in (CaseSubject, Allegation, Contact, Note, Case)
        }
    assert names == ["Theirs"]
    assert seen == {table: {other.id} for table in seen} and len(seen) == 5


def test_the_bench_dataset_gives_each_case_s_people_its_force(tmp_path):
    """``bench/bulk_dataset.py`` writes rows without the ORM (and ``bench/scale_dataset.py``
    copies the same rows per force): they carry the case's force too."""
    from sqlalchemy.orm import Session

    from bench import bulk_dataset
    from complaints.db import make_engine
    from complaints.migrations import upgrade

    engine = make_engine("sqlite:///" + str(tmp_path / "bench.sqlite3"))
    upgrade(engine)
    bulk_dataset.build(engine, 40, today=factories.NOW.date())
    with Session(engine) as session:
        assert counted(session) >= 80
        assert misplaced(session) == []
    engine.dispose()


def test_a_row_of_no_case_is_refused_by_its_case_key_without_its_words(db):
    """A row naming a case that does not exist is refused for that, and the database's
    message (which may reach a log) does not repeat what the row says."""
    from sqlalchemy.exc import IntegrityError

    allegation = Allegation(
        case_id=987654,
        number=1,
        category_id=factories.category(db).id,
        description="Words only the complainant should see",
        logged_at=factories.NOW,
    )
    db.add(allegation)
    with pytest.raises(IntegrityError) as refused:
        db.flush()
    message = str(refused.value.orig)
    assert "FOREIGN KEY" in message.upper()  # SQLite names no column; PostgreSQL the key
    assert "complainant should see" not in message
    db.rollback()


def test_a_case_s_contacts_notes_and_reviews_take_its_force(db, other):
    """Driven through the workflow to a review, in a second force: every contact, note and
    review the services write carries the case's force."""
    handler = factories.user(db, Role.HANDLER, forces=(other.id,))
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY, forces=(other.id,))
    case = factories.complaint_in_state(
        db, CaseState.UNDER_REVIEW, handler=handler, aa=aa, force_id=other.id
    )
    casework.add_note(db, factories.actor_for(handler), case, "Called back.", factories.NOW)
    db.flush()
    rows = [*case.contacts, *case.reviews, *db.scalars(select(Note)).all()]
    assert {type(row).__name__ for row in rows} == {"Contact", "Review", "Note"}
    assert {row.force_id for row in rows} == {other.id}
    assert misplaced(db) == []


def _case_with_every_kind_of_row(db):
    """A complaint under review with a row of each kind that copies its parent's force, or
    carries its case's."""
    from complaints.cases.choices import AllegationAction
    from complaints.cases.models import ActionTaken
    from complaints.learning.models import (
        LearningItem,
        LearningLevel,
        LearningSource,
        LearningStatus,
    )
    from complaints.retention.models import CaseDisposal, LegalHold
    from complaints.reviews.models import ReviewRecommendation
    from complaints.tray.models import BringForward

    day = factories.NOW.date()

    case = factories.complaint_in_state(
        db,
        CaseState.UNDER_REVIEW,
        handler=factories.user(db, Role.HANDLER),
        aa=factories.user(db, Role.APPROPRIATE_AUTHORITY),
    )
    casework.add_note(db, Actor.system("test"), case, "Called back.", factories.NOW)
    allegation = case.allegations[0]
    allegation.actions_taken.append(
        ActionTaken(code=AllegationAction.APOLOGY, force_id=case.force_id)
    )
    case.reviews[0].recommendations.append(
        ReviewRecommendation(number=1, text="Train the team", created_at=factories.NOW)
    )
    mine = {"force_id": case.force_id, "case_id": case.id}
    db.add_all(
        [
            BringForward(
                **mine, user_id=case.handler_id, due_on=day, note="Chase", created_at=factories.NOW
            ),
            LegalHold(**mine, reason="A claim is expected", placed_at=factories.NOW),
            CaseDisposal(**mine, disposed_at=factories.NOW, review_due_on=day, disposed={}),
            LearningItem(
                **mine,
                review_id=case.reviews[0].id,
                source=LearningSource.REVIEW,
                theme="Training",
                description="Train the team",
                level=LearningLevel.ORGANISATIONAL,
                raised_on=day,
                status=LearningStatus.PROPOSED,
                created_at=factories.NOW,
            ),
        ]
    )
    db.flush()
    return case


@pytest.mark.parametrize(
    "table, column",
    [
        ("complainants", "force_id"),
        ("case_subjects", "force_id"),
        ("allegations", "force_id"),
        ("allegations", "case_type"),
        ("contacts", "force_id"),
        ("notes", "force_id"),
        ("reviews", "force_id"),
        ("allegation_actions", "force_id"),
        ("review_recommendations", "force_id"),
        ("bring_forwards", "force_id"),
        ("legal_holds", "force_id"),
        ("case_disposals", "force_id"),
        ("learning_items", "force_id"),
    ],
)
def test_a_row_whose_copy_differs_from_its_parent_is_refused_by_the_database(
    db, other, table, column
):
    """Row-level security shows a row to the force it carries: a row written around the
    application (by hand, by another tool) with a force that is not its case's would show
    one force's complaint to another. The database refuses it."""
    from sqlalchemy.exc import IntegrityError

    _case_with_every_kind_of_row(db)
    value = other.id if column == "force_id" else CaseType.CONDUCT_MATTER.value
    statement = f"UPDATE {table} SET {column} = :value"  # noqa: S608 (the names above)
    savepoint = db.begin_nested()
    with pytest.raises(IntegrityError) as refused:
        db.execute(text(statement), {"value": value})
    assert "FOREIGN KEY" in str(refused.value.orig).upper()
    savepoint.rollback()
    assert misplaced(db) == []


def test_a_case_cannot_move_to_another_force_from_under_its_rows(db, other):
    """Its rows would be left carrying the old force: the database refuses the move."""
    from sqlalchemy.exc import IntegrityError

    case = _case_with_every_kind_of_row(db)
    savepoint = db.begin_nested()
    with pytest.raises(IntegrityError):
        db.execute(
            text("UPDATE cases SET force_id = :force WHERE id = :id"),
            {"force": other.id, "id": case.id},
        )
    savepoint.rollback()
