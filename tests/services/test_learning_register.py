"""The learning register's rules: lessons from every source, the status moves and their
refusals, the IOPC's 56-day response, and the one definition of overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent
from complaints.learning import services as learning
from complaints.learning.models import LearningItem, LearningLevel, LearningSource, LearningStatus
from complaints.learning.register import RegisterFilters, overdue_count, register, themes
from complaints.subjects.models import SubjectKind
from tests import factories
from tests.factories import NOW, actor_for

S = LearningStatus
TODAY = NOW.date()  # 20 November 2026, 10:00 UTC: the same day in London


@pytest.fixture()
def aa(make_user):
    return make_user(Role.APPROPRIATE_AUTHORITY)


def _item(db, who, source=LearningSource.DIP_SAMPLE, now=NOW, **data) -> LearningItem:
    values = {
        "theme": "Record keeping",
        "description": "Record why",
        "level": LearningLevel.INDIVIDUAL,
    }
    return learning.record_learning(
        db, actor_for(who), learning.LearningData(**(values | data)), now, source=source
    )


def _implemented(db, aa, **data) -> LearningItem:
    item = _item(db, aa, owner_id=aa.id, due_on=TODAY, **data)
    learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(), NOW)
    learning.implement_learning(
        db, actor_for(aa), item, learning.ImplementData("Briefed all teams", TODAY), NOW
    )
    return item


# Sources. --------------------------------------------------------------------------------


def test_an_iopc_recommendation_is_due_a_response_56_days_after_receipt(db, aa):
    item = _item(db, aa, LearningSource.IOPC, received_on=dt.date(2026, 10, 1))
    assert item.received_on == dt.date(2026, 10, 1)
    assert item.response_due_on == dt.date(2026, 11, 26)
    assert item.status == S.PROPOSED


def test_an_iopc_recommendation_needs_its_date_of_receipt(db, aa):
    with pytest.raises(learning.LearningError, match="received"):
        _item(db, aa, LearningSource.IOPC)
    with pytest.raises(learning.LearningError, match="future"):
        _item(db, aa, LearningSource.IOPC, received_on=TODAY + dt.timedelta(days=1))


def test_an_inspection_finding_names_its_report(db, aa):
    with pytest.raises(learning.LearningError, match="inspection report"):
        _item(db, aa, LearningSource.INSPECTION)
    item = _item(db, aa, LearningSource.INSPECTION, source_detail="HMICFRS PEEL 2025")
    assert item.source_detail == "HMICFRS PEEL 2025"


def test_lessons_from_a_review_or_a_dip_sample_keep_their_source(db, aa):
    case = factories.complaint(db)
    item = learning.record_learning(
        db,
        actor_for(aa),
        learning.LearningData("Letters", "Answer each allegation", LearningLevel.ORGANISATIONAL),
        NOW,
        source=LearningSource.REVIEW,
        case_id=case.id,
    )
    assert (item.source, item.case_id, item.status) == (LearningSource.REVIEW, case.id, S.PROPOSED)


# Status moves. -----------------------------------------------------------------------------


def test_a_lesson_goes_from_proposed_to_implemented_with_evidence(db, aa):
    item = _item(db, aa)
    learning.accept_learning(
        db, actor_for(aa), item, learning.AcceptData(owner_id=aa.id, due_on=TODAY), NOW
    )
    assert (item.status, item.owner_id, item.due_on) == (S.ACCEPTED, aa.id, TODAY)
    learning.start_learning(db, actor_for(aa), item, NOW)
    assert item.status == S.IN_PROGRESS
    learning.implement_learning(
        db, actor_for(aa), item, learning.ImplementData("  Briefing given  ", TODAY), NOW
    )
    assert (item.status, item.evidence, item.completed_on) == (
        S.IMPLEMENTED,
        "Briefing given",
        TODAY,
    )


def test_accepting_needs_an_owner_and_a_due_date(db, aa):
    item = _item(db, aa)
    with pytest.raises(learning.LearningError, match="owns"):
        learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(due_on=TODAY), NOW)
    with pytest.raises(learning.LearningError, match="due"):
        learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(owner_id=aa.id), NOW)
    assert item.status == S.PROPOSED


def test_implemented_needs_evidence_and_a_date_not_in_the_future(db, aa):
    item = _item(db, aa, owner_id=aa.id, due_on=TODAY)
    learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(), NOW)
    with pytest.raises(learning.LearningError, match="evidence"):
        learning.implement_learning(
            db, actor_for(aa), item, learning.ImplementData("   ", TODAY), NOW
        )
    with pytest.raises(learning.LearningError, match="future"):
        learning.implement_learning(
            db, actor_for(aa), item, learning.ImplementData("Done", TODAY + dt.timedelta(1)), NOW
        )


def test_not_accepted_needs_a_reason(db, aa):
    item = _item(db, aa)
    with pytest.raises(learning.LearningError, match="reason"):
        learning.not_accept_learning(db, actor_for(aa), item, learning.NotAcceptData(""), NOW)
    learning.not_accept_learning(
        db, actor_for(aa), item, learning.NotAcceptData("Covered by national guidance"), NOW
    )
    assert (item.status, item.not_accepted_reason) == (
        S.NOT_ACCEPTED,
        "Covered by national guidance",
    )


@pytest.mark.parametrize(
    "move, status, message",
    [
        ("start", S.PROPOSED, "A lesson that is proposed cannot be started"),
        ("implement", S.PROPOSED, "A lesson that is proposed cannot be marked as implemented"),
        ("accept", S.IMPLEMENTED, "A lesson that is implemented cannot be accepted"),
        ("not_accept", S.IMPLEMENTED, "cannot be marked as not accepted"),
        ("start", S.NOT_ACCEPTED, "A lesson that is not accepted cannot be started"),
        ("share", S.PROPOSED, "Only an accepted, in-progress or implemented lesson"),
        ("respond", S.IMPLEMENTED, "Only an IOPC recommendation"),
    ],
)
def test_invalid_moves_are_refused_with_a_reason(db, aa, move, status, message):
    item = _implemented(db, aa) if status == S.IMPLEMENTED else _item(db, aa)
    if status == S.NOT_ACCEPTED:
        learning.not_accept_learning(db, actor_for(aa), item, learning.NotAcceptData("No"), NOW)
    calls = {
        "start": lambda: learning.start_learning(db, actor_for(aa), item, NOW),
        "implement": lambda: learning.implement_learning(
            db, actor_for(aa), item, learning.ImplementData("Done", TODAY), NOW
        ),
        "accept": lambda: learning.accept_learning(
            db, actor_for(aa), item, learning.AcceptData(aa.id, TODAY), NOW
        ),
        "not_accept": lambda: learning.not_accept_learning(
            db, actor_for(aa), item, learning.NotAcceptData("No"), NOW
        ),
        "share": lambda: learning.share_learning(
            db, actor_for(aa), item, learning.ShareData("Briefing", TODAY), NOW
        ),
        "respond": lambda: learning.respond_to_iopc(
            db, actor_for(aa), item, learning.ResponseData("Done", TODAY), NOW
        ),
    }
    before = item.status
    with pytest.raises(learning.LearningError, match=message):
        calls[move]()
    assert item.status == before
    assert move not in learning.available(item)


def test_sharing_records_how_and_when(db, aa):
    item = _implemented(db, aa)
    learning.share_learning(
        db, actor_for(aa), item, learning.ShareData("Divisional briefing", TODAY), NOW
    )
    assert (item.shared_how, item.shared_on) == ("Divisional briefing", TODAY)


def test_the_iopc_response_is_recorded_once_after_a_decision(db, aa):
    item = _item(db, aa, LearningSource.IOPC, received_on=dt.date(2026, 10, 1))
    response = learning.ResponseData("Accepted: guidance updated", dt.date(2026, 11, 2))
    with pytest.raises(learning.LearningError, match="before responding"):
        learning.respond_to_iopc(db, actor_for(aa), item, response, NOW)
    learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(aa.id, TODAY), NOW)
    with pytest.raises(learning.LearningError, match="before the recommendation"):
        learning.respond_to_iopc(
            db, actor_for(aa), item, learning.ResponseData("Early", dt.date(2026, 9, 1)), NOW
        )
    learning.respond_to_iopc(db, actor_for(aa), item, response, NOW)
    assert (item.response, item.response_sent_on) == (
        "Accepted: guidance updated",
        dt.date(2026, 11, 2),
    )
    with pytest.raises(learning.LearningError, match="already been sent"):
        learning.respond_to_iopc(db, actor_for(aa), item, response, NOW)


def test_each_move_is_audited_with_what_it_changed(db, aa):
    item = _item(db, aa, owner_id=aa.id, due_on=TODAY)
    learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(), NOW)
    learning.start_learning(db, actor_for(aa), item, NOW)
    events = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "learning_items", AuditEvent.entity_id == item.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["create", "learning:accept", "learning:start"]
    assert events[1].actor_id == aa.id
    assert events[2].changes["status"] == ["accepted", "in_progress"]


# Overdue. --------------------------------------------------------------------------------


def _overdue_ids(db, today) -> set[int]:
    return set(db.scalars(select(LearningItem.id).where(learning.overdue_clause(today))))


def test_a_lesson_is_overdue_the_day_after_its_due_date_until_it_is_closed(db, aa):
    due = TODAY
    item = _item(db, aa, owner_id=aa.id, due_on=due)
    for today, expected in ((due, False), (due + dt.timedelta(days=1), True)):
        assert learning.is_overdue(item, today) is expected
        assert (item.id in _overdue_ids(db, today)) is expected
    learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(), NOW)
    learning.implement_learning(db, actor_for(aa), item, learning.ImplementData("Done", TODAY), NOW)
    later = due + dt.timedelta(days=30)
    assert not learning.is_overdue(item, later)
    assert item.id not in _overdue_ids(db, later)


def test_a_lesson_not_accepted_is_never_overdue(db, aa):
    item = _item(db, aa, due_on=TODAY)
    learning.not_accept_learning(db, actor_for(aa), item, learning.NotAcceptData("No"), NOW)
    later = TODAY + dt.timedelta(days=10)
    assert not learning.is_overdue(item, later)
    assert item.id not in _overdue_ids(db, later)


def test_an_iopc_response_is_overdue_after_its_56th_day_until_sent(db, aa):
    received = dt.date(2026, 9, 1)
    item = _item(db, aa, LearningSource.IOPC, received_on=received)
    last_day = received + dt.timedelta(days=56)
    assert item.response_due_on == last_day == dt.date(2026, 10, 27)
    for today, expected in ((last_day, False), (last_day + dt.timedelta(days=1), True)):
        assert learning.is_overdue(item, today) is expected
        assert (item.id in _overdue_ids(db, today)) is expected
    assert learning.overdue_reasons(item, last_day + dt.timedelta(days=1)) == [
        "IOPC response overdue"
    ]
    learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(aa.id, TODAY), NOW)
    learning.respond_to_iopc(db, actor_for(aa), item, learning.ResponseData("Accepted", TODAY), NOW)
    assert not learning.is_overdue(item, TODAY)
    assert item.id not in _overdue_ids(db, TODAY)


# The register's filters. ------------------------------------------------------------------


def test_the_register_filters_and_sorts_by_due_date(db, aa):
    later = _item(db, aa, owner_id=aa.id, due_on=TODAY + dt.timedelta(days=20), theme="Custody")
    sooner = _item(
        db, aa, LearningSource.INSPECTION, source_detail="PEEL", due_on=TODAY, theme="Custody"
    )
    undated = _item(db, aa, level=LearningLevel.NATIONAL, theme="Use of force")
    done = _implemented(db, aa, theme="Use of force")
    iopc = _item(db, aa, LearningSource.IOPC, received_on=TODAY - dt.timedelta(days=60))

    def ids(**filters):
        today = TODAY + dt.timedelta(days=1)
        return [
            i.id for i in db.scalars(register(RegisterFilters(**filters), today, actor_for(aa)))
        ]

    ours = {later.id, sooner.id, undated.id, done.id, iopc.id}
    assert [i for i in ids() if i in ours] == [sooner.id, done.id, later.id, undated.id, iopc.id]
    assert set(ids(statuses=(S.IMPLEMENTED,))) & ours == {done.id}
    assert set(ids(sources=(LearningSource.INSPECTION, LearningSource.IOPC))) & ours == {
        sooner.id,
        iopc.id,
    }
    assert set(ids(levels=(LearningLevel.NATIONAL,))) & ours == {undated.id}
    assert set(ids(theme="Custody")) & ours == {later.id, sooner.id}
    assert set(ids(overdue=True)) & ours == {sooner.id, iopc.id}
    assert set(ids(theme="Custody", overdue=True)) & ours == {sooner.id}


# Who sees which lessons (A8). ------------------------------------------------------------


def _on_case(db, case, theme: str) -> LearningItem:
    """An unanswered IOPC recommendation from the case: overdue from the day it is raised."""
    return learning.record_learning(
        db,
        Actor.system("test"),
        learning.LearningData(
            theme,
            "Check the covert log",
            LearningLevel.ORGANISATIONAL,
            received_on=TODAY - dt.timedelta(days=60),
        ),
        NOW,
        source=LearningSource.IOPC,
        case_id=case.id,
    )


def _seen_by(db, who) -> tuple[set[int], list[str], int]:
    actor = actor_for(who)
    ids = {i.id for i in db.scalars(register(RegisterFilters(), TODAY, actor))}
    return ids, themes(db, actor), overdue_count(db, TODAY, actor)


def test_a_lesson_from_a_restricted_case_is_only_for_those_who_may_open_the_case(db, aa, make_user):
    other_aa = make_user(Role.APPROPRIATE_AUTHORITY)
    oversight = make_user(Role.OPCC_OVERSIGHT)
    hidden = factories.complaint(db)
    cases.restrict(db, actor_for(aa), hidden, "Counter-corruption", NOW)
    secret = _on_case(db, hidden, "Covert policing")
    open_item = _on_case(db, factories.complaint(db), "Letters")
    no_case = _item(db, aa, theme="Custody")

    ids, seen_themes, overdue = _seen_by(db, aa)
    assert {secret.id, open_item.id, no_case.id} <= ids
    assert "Covert policing" in seen_themes and overdue == 2
    for who in (other_aa, oversight):
        ids, seen_themes, overdue = _seen_by(db, who)
        assert secret.id not in ids and {open_item.id, no_case.id} <= ids
        assert "Covert policing" not in seen_themes and "Letters" in seen_themes
        assert overdue == 1


def test_a_lesson_about_the_chief_constable_is_hidden_from_the_force_and_oversight(
    db, aa, make_user
):
    oversight = make_user(Role.OPCC_OVERSIGHT)
    chief = factories.subject(db, chief_constable=True, kind=SubjectKind.CHIEF_OFFICER)
    item = _on_case(db, factories.complaint(db, subject_=chief), "Chief officer conduct")
    for who in (aa, oversight):
        assert item.id not in _seen_by(db, who)[0]
    handler_ids = db.scalars(
        select(LearningItem.id).where(learning.visible_items(actor_for(make_user(Role.HANDLER))))
    ).all()
    assert handler_ids == []  # the register is not the handlers' to read


def test_a_case_outcome_lesson_needs_a_case_the_user_may_open(db, aa, make_user):
    with pytest.raises(learning.LearningError, match="Enter the reference of the case"):
        learning.case_for_lesson(db, actor_for(aa), "  ", LearningSource.CASE_OUTCOME)
    with pytest.raises(learning.LearningError, match="Enter the reference of the case"):
        _item(db, aa, LearningSource.CASE_OUTCOME)
    assert learning.case_for_lesson(db, actor_for(aa), "", LearningSource.DIP_SAMPLE) is None
    hidden = factories.complaint(db)
    cases.restrict(db, actor_for(aa), hidden, "Counter-corruption", NOW)
    other_aa = make_user(Role.APPROPRIATE_AUTHORITY)
    with pytest.raises(learning.LearningError, match="No case you can open"):
        learning.case_for_lesson(db, actor_for(other_aa), hidden.reference, LearningSource.REVIEW)
    typed = hidden.reference.lower().replace("/", "/ ")
    assert learning.case_for_lesson(db, actor_for(aa), typed, LearningSource.REVIEW) is hidden
