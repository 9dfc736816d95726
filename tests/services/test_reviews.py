"""Reviews from application to decision (A2, A5, A7, A8, B3.6): the 28-day window,
misdirected and invalid applications, allocation, decisions, letters, recommendations."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text, update

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.cases.choices import CaseState
from complaints.cases.queries import load_visible
from complaints.common.audit_model import AuditEvent
from complaints.documents.storage import FileStore
from complaints.learning.models import LearningItem, LearningSource
from complaints.reviews import lifecycle as review_lifecycle
from complaints.reviews import services
from complaints.reviews.models import Review, ReviewBody, ReviewOutcome, ReviewRecommendation
from tests import factories
from tests.case_force import misplaced
from tests.rls import as_application_role
from tests.services.test_concurrent_edits import scratch  # noqa: F401 (a fixture)

S = CaseState
NOTIFIED_ON = dt.date(2026, 11, 20)  # factories.NOW
LAST_DAY = dt.date(2026, 12, 18)  # 28 days from the day after notification
LATER = dt.datetime(2026, 12, 21, 10, 0, tzinfo=dt.UTC)


@pytest.fixture()
def people(db):
    return {
        "handler": factories.user(db, Role.HANDLER),
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY),
        "reviewer": factories.user(db, Role.OPCC_REVIEWER, name="Rowan Reviewer"),
        "other_reviewer": factories.user(db, Role.OPCC_REVIEWER),
    }


@pytest.fixture()
def settings(tmp_path):
    return services.LetterSettings(store=FileStore(tmp_path / "files"))


def _actor(people, who):
    return factories.actor_for(people[who])


def _notified(db, people):
    return factories.complaint_in_state(
        db, S.OUTCOME_NOTIFIED, handler=people["handler"], aa=people["aa"]
    )


def _under_review(db, people, settings, **data):
    case = _notified(db, people)
    return services.record_application(
        db,
        _actor(people, "reviewer"),
        case,
        {"received_on": NOTIFIED_ON + dt.timedelta(days=3), "received_by": "opcc", **data},
        settings,
        factories.NOW + dt.timedelta(days=3),
    )


def _pdf_text(settings, attachment) -> str:
    data = settings.store.get(attachment.sha256)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # wrapped lines, read as one


# The 28-day window (A5). --------------------------------------------------------------------


def test_the_last_day_of_the_window_is_valid_without_a_reason(db, people, settings):
    case = _notified(db, people)
    assert review_lifecycle.review_deadline(case) == LAST_DAY
    review = services.record_application(
        db, _actor(people, "reviewer"), case, {"received_on": LAST_DAY}, settings, LATER
    )
    assert case.state == S.UNDER_REVIEW
    assert review.valid and review.late_special_reason is None
    assert review.recorded_by_id == people["reviewer"].id


def test_the_day_after_is_refused_without_a_special_reason(db, people, settings):
    case = _notified(db, people)
    with pytest.raises(workflow.TransitionError, match="closed on 18 December 2026"):
        services.record_application(
            db,
            _actor(people, "reviewer"),
            case,
            {"received_on": LAST_DAY + dt.timedelta(days=1)},
            settings,
            LATER,
        )
    assert case.state == S.OUTCOME_NOTIFIED and not case.reviews


def test_the_day_after_is_accepted_with_a_special_reason(db, people, settings):
    case = _notified(db, people)
    review = services.record_application(
        db,
        _actor(people, "reviewer"),
        case,
        {"received_on": LAST_DAY + dt.timedelta(days=1), "late_special_reason": "In hospital"},
        settings,
        LATER,
    )
    assert review.valid and review.late_special_reason == "In hospital"
    assert case.state == S.UNDER_REVIEW


def test_the_day_after_without_a_reason_is_recorded_as_not_valid(db, people, settings):
    case = _notified(db, people)
    review = services.record_not_valid(
        db,
        _actor(people, "reviewer"),
        case,
        {"received_on": LAST_DAY + dt.timedelta(days=1), "received_by": "opcc"},
        settings,
        LATER,
    )
    assert not review.valid and review.decided_on is None
    assert case.state == S.OUTCOME_NOTIFIED
    assert review_lifecycle.open_review(case) is None
    text = _pdf_text(settings, review.decision_letter)
    assert "not valid" in text and "18 December 2026" in text
    assert case.contacts[-1].attachment_id == review.decision_letter_id
    # An invalid application opens nothing: the case file stays closed to the reviewer.
    assert load_visible(db, _actor(people, "reviewer"), case.id) is None


def test_an_application_in_time_cannot_be_recorded_as_not_valid(db, people, settings):
    case = _notified(db, people)
    with pytest.raises(services.ReviewError, match="within the 28-day window"):
        services.record_not_valid(
            db, _actor(people, "reviewer"), case, {"received_on": LAST_DAY}, settings, LATER
        )
    with pytest.raises(services.ReviewError, match="special reason is valid"):
        services.record_not_valid(
            db,
            _actor(people, "reviewer"),
            case,
            {"received_on": LAST_DAY + dt.timedelta(days=2), "late_special_reason": "Abroad"},
            settings,
            LATER,
        )


# Finding the complaint. ---------------------------------------------------------------------


def test_only_notified_complaints_are_found_and_restricted_ones_never(db, people, settings):
    reviewer = _actor(people, "reviewer")
    case = _notified(db, people)
    assert services.find_awaiting_review(db, reviewer, f" {case.reference.lower()} ") is case
    assert services.find_awaiting_review(db, reviewer, "CO/1999/00001") is None
    recorded = factories.complaint_in_state(
        db, S.RECORDED, handler=people["handler"], aa=people["aa"]
    )
    assert services.find_awaiting_review(db, reviewer, recorded.reference) is None
    case.restricted = True
    db.flush()
    assert services.find_awaiting_review(db, reviewer, case.reference) is None


# Misdirected applications. ------------------------------------------------------------------


def test_a_misdirected_application_is_forwarded_with_a_letter(db, people, settings):
    case = _notified(db, people)
    assert case.review_body == ReviewBody.OPCC
    review = services.record_application(
        db,
        _actor(people, "reviewer"),
        case,
        {"received_on": NOTIFIED_ON + dt.timedelta(days=5), "received_by": "iopc"},
        settings,
        LATER,
    )
    assert review.misdirected and review.forwarded_on == LATER.date()
    assert review.body == ReviewBody.OPCC and review.received_by == ReviewBody.IOPC
    text = _pdf_text(settings, review.forwarding_letter)
    assert "forwarded" in text
    assert "Office of the Police and Crime Commissioner (OPCC)" in text
    assert case.reference in text and "Jo Public" in text
    assert review.forwarding_letter.case_id == case.id


def test_an_application_to_the_right_body_is_not_forwarded(db, people, settings):
    review = _under_review(db, people, settings)
    assert review.forwarded_on is None and review.forwarding_letter_id is None


# Allocation and access (A8). ----------------------------------------------------------------


def test_the_reviewer_who_takes_a_review_alone_reads_the_case(db, people, settings):
    review = _under_review(db, people, settings)
    mine, other = _actor(people, "reviewer"), _actor(people, "other_reviewer")
    assert load_visible(db, mine, review.case_id) is None  # unallocated: queue only
    services.take_review(db, mine, review, factories.NOW)
    assert review.reviewer_id == people["reviewer"].id and review.allocated_at is not None
    assert load_visible(db, mine, review.case_id) is review.case
    assert load_visible(db, other, review.case_id) is None
    with pytest.raises(services.ReviewError, match="Another OPCC reviewer"):
        services.take_review(db, other, review, factories.NOW)
    with pytest.raises(workflow.TransitionError, match="Another OPCC reviewer"):
        services.decide_review(
            db, other, review, {"outcome": "not_upheld", "rationale": "Fine"}, settings, LATER
        )


def test_a_reviewer_of_another_force_cannot_take_the_review(db, people, settings):
    review = _under_review(db, people, settings)
    elsewhere = factories.force(db, code="EAS", name="Eastmere Constabulary")
    theirs = factories.actor_for(factories.user(db, Role.OPCC_REVIEWER, forces=(elsewhere.id,)))
    with pytest.raises(services.ReviewError, match="another force"):
        services.take_review(db, theirs, review, factories.NOW)
    assert review.reviewer_id is None


def test_of_two_reviewers_taking_one_review_at_once_only_one_gets_it(db, people, settings):
    review = _under_review(db, people, settings)
    db.flush()
    # The other reviewer takes it after this page loaded the review: the copy in hand
    # still shows it unallocated.
    db.execute(
        update(Review)
        .where(Review.id == review.id)
        .values(reviewer_id=people["other_reviewer"].id, allocated_at=factories.NOW)
        .execution_options(synchronize_session=False)
    )
    assert review.reviewer_id is None
    with pytest.raises(services.ReviewError, match="Another OPCC reviewer has taken"):
        services.take_review(db, _actor(people, "reviewer"), review, LATER)
    db.expire_all()
    assert db.get(Review, review.id).reviewer_id == people["other_reviewer"].id
    assert load_visible(db, _actor(people, "reviewer"), review.case_id) is None


def test_two_reviewers_taking_one_review_in_two_sessions(scratch):  # noqa: F811
    with scratch() as session:
        handler = factories.user(session, Role.HANDLER)
        aa = factories.user(session, Role.APPROPRIATE_AUTHORITY)
        first = factories.user(session, Role.OPCC_REVIEWER)
        second = factories.user(session, Role.OPCC_REVIEWER)
        case = factories.complaint_in_state(session, S.OUTCOME_NOTIFIED, handler=handler, aa=aa)
        workflow.apply(
            session,
            factories.actor_for(handler),
            case,
            "apply_for_review",
            {"received_on": NOTIFIED_ON + dt.timedelta(days=2)},
            LATER,
        )
        session.commit()
        review_id, reviewer_ids = case.reviews[0].id, (first.id, second.id)

    loaded = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def take(user_id: int) -> None:
        with scratch() as session:
            review = session.get(Review, review_id)
            who = factories.actor_for(session.get(type(review.case.handler), user_id))
            loaded.wait()  # both have read it unallocated before either takes it
            try:
                services.take_review(session, who, review, LATER)
                session.commit()
                outcomes[user_id] = "taken"
            except services.ReviewError as refused:
                session.rollback()
                outcomes[user_id] = str(refused)

    threads = [threading.Thread(target=take, args=(user_id,)) for user_id in reviewer_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == [services.TAKEN_BY_ANOTHER, "taken"]
    winner = next(user_id for user_id, outcome in outcomes.items() if outcome == "taken")
    with scratch() as session:
        assert session.get(Review, review_id).reviewer_id == winner


def test_taking_a_review_is_on_the_audit_trail(db, people, settings):
    review = _under_review(db, people, settings)
    services.take_review(db, _actor(people, "reviewer"), review, LATER)
    taken = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "reviews",
            AuditEvent.entity_id == review.id,
            AuditEvent.action == "update",
        )
    ).all()
    assert [(e.actor_id, e.case_id, sorted(e.changes)) for e in taken] == [
        (people["reviewer"].id, review.case_id, ["allocated_at", "reviewer_id"])
    ]


def test_why_not_take_says_who_may_take_a_review(db, people, settings):
    review = _under_review(db, people, settings)
    mine, other = _actor(people, "reviewer"), _actor(people, "other_reviewer")
    assert services.why_not_take(mine, review) is None
    assert services.why_not_take(_actor(people, "aa"), review) == (
        "Only an OPCC reviewer can take a review"
    )
    services.take_review(db, mine, review, LATER)
    assert services.why_not_take(mine, review) == "You have already taken this review"
    assert services.why_not_take(other, review) == services.TAKEN_BY_ANOTHER
    with pytest.raises(services.ReviewError, match="already taken"):
        services.take_review(db, mine, review, LATER)


def test_the_review_body_is_the_one_confirmed_or_else_proposed_by_a7(db, people):
    case = _notified(db, people)
    case.review_body_reason = "Confirmed at notification"
    assert services.review_body_for(case) == (ReviewBody.OPCC, "Confirmed at notification")
    case.review_body, case.review_body_reason = None, None
    body, reason = services.review_body_for(case)
    assert body == ReviewBody.OPCC and reason


def test_an_iopc_review_cannot_be_taken_by_the_opcc(db, people, settings):
    review = _under_review(db, people, settings, body="iopc")
    with pytest.raises(services.ReviewError, match="not waiting for an OPCC reviewer"):
        services.take_review(db, _actor(people, "reviewer"), review, factories.NOW)


# Decisions. ---------------------------------------------------------------------------------


@pytest.mark.parametrize("back_to", [S.RECORDED, S.HANDLING, S.INVESTIGATION])
def test_an_upheld_review_sends_the_case_back(db, people, settings, back_to):
    review = _under_review(db, people, settings)
    reviewer = _actor(people, "reviewer")
    services.take_review(db, reviewer, review, factories.NOW)
    services.decide_review(
        db,
        reviewer,
        review,
        {
            "outcome": "upheld",
            "sent_back_to": back_to.value,
            "rationale": "The handling did not look at the body-worn video.",
            "recommendations": "View the body-worn video\n\nApologise for the delay",
        },
        settings,
        LATER,
    )
    case = review.case
    assert case.state == back_to
    assert review.outcome == ReviewOutcome.UPHELD and review.sent_back_to == back_to
    assert review.decided_by_id == people["reviewer"].id
    assert [(r.number, r.text) for r in review.recommendations] == [
        (1, "View the body-worn video"),
        (2, "Apologise for the delay"),
    ]
    assert all(a.result is None for a in case.allegations)
    text = _pdf_text(settings, review.decision_letter)
    assert "your review is upheld" in text
    assert "body-worn video" in text and "Apologise for the delay" in text
    # The reviewer no longer reads the case file, but still reads the review record.
    assert load_visible(db, reviewer, case.id) is None
    assert services.may_read(db, reviewer, review)
    assert not services.may_read(db, _actor(people, "other_reviewer"), review)


def test_a_review_not_upheld_closes_the_case_with_a_letter(db, people, settings):
    review = _under_review(db, people, settings)
    services.decide_review(
        db,
        _actor(people, "reviewer"),
        review,
        {"outcome": "not_upheld", "rationale": "The outcome was reasonable."},
        settings,
        LATER,
    )
    assert review.case.state == S.FINALISED
    assert review.reviewer_id == people["reviewer"].id  # deciding takes it
    text = _pdf_text(settings, review.decision_letter)
    assert "your review is not upheld" in text and "The outcome was reasonable." in text
    assert "Rowan Reviewer" in text and "Office of the Police and Crime Commissioner" in text


def test_a_decision_needs_a_rationale(db, people, settings):
    review = _under_review(db, people, settings)
    with pytest.raises(services.ReviewError, match="rationale"):
        services.decide_review(
            db, _actor(people, "reviewer"), review, {"outcome": "upheld"}, settings, LATER
        )
    assert review.decided_on is None and review.case.state == S.UNDER_REVIEW


def test_the_appropriate_authority_records_the_iopcs_decision(db, people, settings):
    review = _under_review(db, people, settings, body="iopc")
    with pytest.raises(workflow.TransitionError, match="The IOPC decides this review"):
        services.decide_review(
            db,
            _actor(people, "reviewer"),
            review,
            {"outcome": "upheld", "rationale": "x"},
            settings,
            LATER,
        )
    services.decide_review(
        db,
        _actor(people, "aa"),
        review,
        {
            "outcome": "upheld",
            "sent_back_to": "investigation",
            "rationale": "IOPC: the investigation was not proportionate",
            "on": LATER.date() - dt.timedelta(days=1),
        },
        settings,
        LATER,
    )
    assert review.decided_on == LATER.date() - dt.timedelta(days=1)
    assert review.decided_by_id == people["aa"].id and review.reviewer_id is None
    assert review.decision_letter_id is None  # the IOPC writes its own letter
    assert review.case.state == S.INVESTIGATION


def test_invalid_applications_are_never_the_open_review(db, people, settings):
    case = _notified(db, people)
    services.record_not_valid(
        db,
        _actor(people, "reviewer"),
        case,
        {"received_on": LAST_DAY + dt.timedelta(days=1)},
        settings,
        LATER,
    )
    later_valid = services.record_application(
        db,
        _actor(people, "reviewer"),
        case,
        {"received_on": LAST_DAY + dt.timedelta(days=2), "late_special_reason": "Bereavement"},
        settings,
        LATER,
    )
    assert review_lifecycle.open_review(case) is later_valid
    valid = db.scalars(select(Review).where(Review.case_id == case.id, Review.valid)).all()
    assert valid == [later_valid]


# Recommendations and the force's responses (B3.6). -----------------------------------------


def _decided_with_recommendation(db, people, settings):
    review = _under_review(db, people, settings)
    services.decide_review(
        db,
        _actor(people, "reviewer"),
        review,
        {
            "outcome": "not_upheld",
            "rationale": "Reasonable, but the letters were late.",
            "recommendations": ["Send outcome letters within 5 working days"],
        },
        settings,
        LATER,
    )
    return review


def test_the_appropriate_authority_responds_to_each_recommendation(db, people, settings):
    review = _decided_with_recommendation(db, people, settings)
    recommendation = review.recommendations[0]
    services.respond_to_recommendation(
        db,
        _actor(people, "aa"),
        recommendation,
        services.ResponseData("Letters now tracked daily", True, LATER.date(), True),
        LATER,
    )
    assert recommendation.accepted is True
    assert recommendation.responded_by_id == people["aa"].id
    item = db.get(LearningItem, recommendation.learning_item_id)
    assert item.source == LearningSource.REVIEW
    assert (item.review_id, item.case_id) == (review.id, review.case_id)
    assert item.description == "Send outcome letters within 5 working days"


def test_only_the_appropriate_authority_responds(db, people, settings):
    review = _decided_with_recommendation(db, people, settings)
    for who in ("handler", "reviewer"):
        with pytest.raises(services.ReviewError, match="appropriate authority"):
            services.respond_to_recommendation(
                db,
                _actor(people, who),
                review.recommendations[0],
                services.ResponseData("No", False, LATER.date()),
                LATER,
            )


def test_a_response_cannot_predate_the_decision_or_be_blank(db, people, settings):
    review = _decided_with_recommendation(db, people, settings)
    aa, recommendation = _actor(people, "aa"), review.recommendations[0]
    with pytest.raises(services.ReviewError, match="before the review was decided"):
        services.respond_to_recommendation(
            db,
            aa,
            recommendation,
            services.ResponseData("Yes", True, review.decided_on - dt.timedelta(days=1)),
            LATER,
        )
    with pytest.raises(services.ReviewError, match="Enter the force's response"):
        services.respond_to_recommendation(
            db, aa, recommendation, services.ResponseData("  ", True, LATER.date()), LATER
        )
    assert recommendation.responded_on is None


def test_a_response_recorded_meanwhile_is_not_overwritten(db, people, settings):
    review = _decided_with_recommendation(db, people, settings)
    recommendation = review.recommendations[0]
    db.flush()
    # Another appropriate authority responds after this page was opened.
    db.execute(
        update(ReviewRecommendation)
        .where(ReviewRecommendation.id == recommendation.id)
        .values(
            response="Accepted: letters tracked",
            accepted=True,
            responded_on=LATER.date(),
            responded_by_id=people["aa"].id,
        )
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(services.ResponseChanged, match="changed by someone else"):
        services.respond_to_recommendation(
            db,
            _actor(people, "aa"),
            recommendation,
            services.ResponseData("Not accepted", False, LATER.date()),
            LATER,
        )
    db.expire_all()
    kept = db.get(ReviewRecommendation, recommendation.id)
    assert (kept.response, kept.accepted) == ("Accepted: letters tracked", True)


def test_a_response_is_changed_only_from_what_the_page_showed(db, people, settings):
    review = _decided_with_recommendation(db, people, settings)
    aa, recommendation = _actor(people, "aa"), review.recommendations[0]
    services.respond_to_recommendation(
        db, aa, recommendation, services.ResponseData("First", True, LATER.date()), LATER
    )
    seen = services.response_seen(recommendation)
    assert seen
    services.respond_to_recommendation(
        db,
        aa,
        recommendation,
        services.ResponseData("Second", False, LATER.date(), seen=seen),
        LATER,
    )
    assert (recommendation.response, recommendation.accepted) == ("Second", False)
    with pytest.raises(services.ResponseChanged):
        services.respond_to_recommendation(
            db,
            aa,
            recommendation,
            services.ResponseData("Third", True, LATER.date(), seen=seen),
            LATER,
        )
    assert recommendation.response == "Second"
    trail = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "review_recommendations",
            AuditEvent.entity_id == recommendation.id,
            AuditEvent.action == "update",
        )
    ).all()
    assert trail and all("Second" not in str(e.changes) for e in trail)


def test_learning_raised_from_a_recommendation_names_no_case_in_its_theme(db, people, settings):
    review = _decided_with_recommendation(db, people, settings)
    recommendation = review.recommendations[0]
    services.respond_to_recommendation(
        db,
        _actor(people, "aa"),
        recommendation,
        services.ResponseData("Tracked", True, LATER.date(), raise_learning=True),
        LATER,
    )
    item = db.get(LearningItem, recommendation.learning_item_id)
    assert item.theme == "Review recommendation"
    assert review.case.reference not in item.theme
    assert (item.review_id, item.case_id) == (review.id, review.case_id)


def test_the_opccs_letter_is_from_the_opcc_of_the_cases_force(db, settings):
    """An OPCC letter names the case's force's OPCC and gives its address."""
    other = factories.force(db, code="SOU", name="Southshire Constabulary")
    other.opcc_name = "Southshire Police and Crime Commissioner"
    other.opcc_address = "The Old Court\nSouthtown ST1 1AA"
    people = {
        "handler": factories.user(db, Role.HANDLER, forces=(other.id,)),
        "aa": factories.user(
            db, Role.APPROPRIATE_AUTHORITY, forces=(other.id,), decides_for=(other.id,)
        ),
        "reviewer": factories.user(db, Role.OPCC_REVIEWER, forces=(other.id,)),
    }
    case = factories.complaint_in_state(
        db, S.OUTCOME_NOTIFIED, handler=people["handler"], aa=people["aa"], force_id=other.id
    )
    review = services.record_application(
        db,
        _actor(people, "reviewer"),
        case,
        {"received_on": NOTIFIED_ON + dt.timedelta(days=3), "received_by": "opcc"},
        settings,
        factories.NOW + dt.timedelta(days=3),
    )
    services.decide_review(
        db,
        _actor(people, "reviewer"),
        review,
        {"outcome": "not_upheld", "rationale": "The outcome was reasonable."},
        settings,
        LATER,
    )
    text = " ".join(_pdf_text(settings, review.decision_letter).split())
    assert "Southshire Police and Crime Commissioner" in text
    assert "The Old Court" in text and "Southtown ST1 1AA" in text
    assert "Southshire Constabulary" in text and "Northshire" not in text


def test_a_recommendation_carries_its_cases_force_and_only_that_force_reads_it(
    db, people, settings
):
    """The start page finds a force's unanswered recommendations by their force, and
    row-level security keeps them to it."""
    review = _decided_with_recommendation(db, people, settings)
    db.flush()
    recommendation = review.recommendations[0]
    assert recommendation.force_id == review.case.force_id
    assert misplaced(db) == []
    if db.get_bind().dialect.name != "postgresql":
        return
    other = factories.force(db, code="EAS", name="Eastmere Constabulary")
    db.flush()
    with as_application_role(db):
        for forces, seen in ((str(other.id), []), (str(review.case.force_id), [recommendation.id])):
            db.execute(text("SELECT set_config('complaints.forces', :f, true)"), {"f": forces})
            assert db.scalars(select(ReviewRecommendation.id)).all() == seen


def test_a_recommendation_added_by_its_review_id_alone_takes_the_force_from_the_database(
    db, people, settings
):
    """A writer that knows only the review's id (a job, an import) still gives the row its
    case's force: the INSERT reads it from the review's case."""
    review = _decided_with_recommendation(db, people, settings)
    db.flush()
    case_force, review_id = review.case.force_id, review.id
    db.expunge_all()  # nothing of the review or its case left in the session
    added = ReviewRecommendation(
        review_id=review_id, number=2, text="Train the team", created_at=LATER
    )
    db.add(added)
    db.flush()
    db.refresh(added)
    assert added.force_id == case_force
    assert misplaced(db) == []
