"""The review pages: recording an application, the OPCC queue, taking a review, reading
the case under review (read-only), deciding it, the letters and the force's responses."""

from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.cases.choices import CaseState
from complaints.cases.models import CaseAccess
from complaints.common.clock import london_today
from complaints.reviews import services
from complaints.reviews.models import Review, ReviewOutcome, ReviewRecommendation
from tests import factories
from tests.conftest import sign_in

S = CaseState


@pytest.fixture()
def people(make_user):
    return {
        "handler": make_user(Role.HANDLER),
        "aa": make_user(Role.APPROPRIATE_AUTHORITY),
        "reviewer": make_user(Role.OPCC_REVIEWER),
        "other": make_user(Role.OPCC_REVIEWER),
    }


def _today_case(db, people, state=S.OUTCOME_NOTIFIED):
    """A complaint notified today, so the window is open whatever day the suite runs."""
    now = dt.datetime.now(dt.UTC)
    case = factories.complaint_in_state(
        db, state, handler=people["handler"], aa=people["aa"], now=now
    )
    db.commit()
    return case


def _under_review(db, people, body="opcc", take=True):
    case = _today_case(db, people)
    now = dt.datetime.now(dt.UTC)
    workflow.apply(
        db, factories.actor_for(people["handler"]), case, "apply_for_review", {"body": body}, now
    )
    review = case.reviews[-1]
    if take:
        review.reviewer_id, review.allocated_at = people["reviewer"].id, now
    db.commit()
    return case, review


def _text(response) -> str:
    return response.get_data(as_text=True)


# Recording an application. -----------------------------------------------------------------


def test_a_reference_not_waiting_for_review_gets_one_answer(client, db, people):
    recorded = _today_case(db, people, S.RECORDED)
    sign_in(client, people["reviewer"].email)
    missing = client.get("/reviews/new?reference=CO/1999/00001")
    not_eligible = client.get(f"/reviews/new?reference={recorded.reference}")
    assert missing.status_code == not_eligible.status_code == 400
    for response in (missing, not_eligible):
        assert "No complaint with that reference is waiting for a review" in _text(response)
    assert recorded.summary not in _text(not_eligible)


def test_the_reviewer_records_an_application_to_the_review_body(client, db, people):
    case = _today_case(db, people)
    sign_in(client, people["reviewer"].email)
    page = _text(client.get(f"/reviews/new?reference={case.reference}"))
    assert "OPCC (local policing body)" in page and case.review_body_reason in page
    response = client.post(
        "/reviews/new",
        data={
            "reference": case.reference,
            "received_on": london_today().strftime("%d/%m/%Y"),
            "received_by": "opcc",
        },
    )
    assert response.status_code == 302 and response.location.endswith("/reviews")
    assert "review application recorded" in _text(client.get("/reviews"))
    db.refresh(case)
    assert case.state == S.UNDER_REVIEW and case.reviews[0].reviewer_id is None


def test_a_misdirected_application_is_forwarded_and_the_letter_kept(client, db, people):
    case = _today_case(db, people)
    sign_in(client, people["reviewer"].email)
    response = client.post(
        "/reviews/new",
        data={
            "reference": case.reference,
            "received_on": london_today().strftime("%d/%m/%Y"),
            "received_by": "iopc",
        },
    )
    assert response.status_code == 302
    review = db.query(Review).filter_by(case_id=case.id).one()
    assert review.forwarded_on == london_today() and review.forwarding_letter_id


def test_a_late_application_needs_a_reason_or_is_recorded_as_not_valid(client, db, people):
    case = _today_case(db, people)
    case.outcome_notified_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    db.commit()
    sign_in(client, people["reviewer"].email)
    data = {
        "reference": case.reference,
        "received_on": london_today().strftime("%d/%m/%Y"),
        "received_by": "opcc",
    }
    refused = client.post("/reviews/new", data=data)
    assert refused.status_code == 400
    assert "record it as not valid" in _text(refused)
    assert client.post("/reviews/new", data={**data, "not_valid": "y"}).status_code == 302
    db.refresh(case)
    assert case.state == S.OUTCOME_NOTIFIED
    assert [r.valid for r in case.reviews] == [False]


def test_bad_input_keeps_the_page(client, db, people):
    case = _today_case(db, people)
    sign_in(client, people["reviewer"].email)
    response = client.post(
        "/reviews/new", data={"reference": case.reference, "received_on": "31/02/2026"}
    )
    assert response.status_code == 400
    assert "There is a problem" in _text(response)


# The queue, taking a review and reading the case (A8). ------------------------------------


def test_the_queue_shows_unallocated_reviews_without_the_case(client, db, people):
    case, review = _under_review(db, people, take=False)
    sign_in(client, people["reviewer"].email)
    page = _text(client.get("/reviews?show=unallocated"))
    assert case.reference in page and "Take this review" in page
    assert "Not investigated (para 6A)" in page
    assert f'href="/cases/{case.id}"' not in page and "Jo Public" not in page
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert case.reference not in _text(client.get("/reviews?show=mine"))

    response = client.post(f"/reviews/{review.id}/take")
    assert response.status_code == 302
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert case.reference in _text(client.get("/reviews?show=mine"))
    assert case.reference not in _text(client.get("/reviews?show=unallocated"))


class _Buttons(HTMLParser):
    """The ids on a page, and each button's attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.buttons: list[tuple[dict, str]] = []
        self._button: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "button":
            self._button, self._text = attributes, []

    def handle_data(self, data) -> None:
        if self._button is not None:
            self._text.append(data)

    def handle_endtag(self, tag) -> None:
        if tag == "button" and self._button is not None:
            self.buttons.append((self._button, " ".join("".join(self._text).split())))
            self._button = None


def test_each_take_button_is_named_by_its_text_and_its_case(client, db, people):
    """Speech recognition users say what they see (WCAG 2.5.3); screen reader users hear
    which case each button takes; no id is repeated."""
    first, _ = _under_review(db, people, take=False)
    second, _ = _under_review(db, people, take=False)
    sign_in(client, people["reviewer"].email)
    page = _Buttons()
    page.feed(_text(client.get("/reviews?show=unallocated")))
    takes = [(attrs, text) for attrs, text in page.buttons if text.startswith("Take this review")]
    assert [text for _, text in takes] == [
        f"Take this review of {first.reference}",
        f"Take this review of {second.reference}",
    ]
    assert all("aria-label" not in attrs for attrs, _ in takes)
    assert len(page.ids) == len(set(page.ids)), sorted(page.ids)


def test_a_reviewer_reads_only_the_case_under_review_to_them(client, db, people):
    mine, _ = _under_review(db, people)
    theirs, theirs_review = _under_review(db, people, take=False)
    theirs_review.reviewer_id, theirs_review.allocated_at = people["other"].id, mine.updated_at
    other_case = _today_case(db, people, S.RECORDED)
    db.commit()
    sign_in(client, people["reviewer"].email)
    assert client.get(f"/cases/{mine.id}").status_code == 200
    assert client.get(f"/cases/{theirs.id}").status_code == 404
    assert client.get(f"/cases/{other_case.id}").status_code == 404
    assert client.get(f"/reviews/{theirs_review.id}").status_code == 404
    assert client.post(f"/reviews/{theirs_review.id}/take").status_code == 302
    db.refresh(theirs_review)
    assert theirs_review.reviewer_id == people["other"].id


def test_the_case_under_review_is_read_only_for_the_reviewer(client, db, people):
    case, _ = _under_review(db, people)
    sign_in(client, people["reviewer"].email)
    for tab in ("", "/people", "/allegations", "/timeline", "/documents"):
        page = _text(client.get(f"/cases/{case.id}{tab}"))
        for button in ("Add a note", "Upload a document", "Add an allegation", "Assign"):
            assert f">{button}<" not in page, (tab, button)
    allegation = case.allegations[0].id
    for url in (
        f"/cases/{case.id}/notes/new",
        f"/cases/{case.id}/documents/new",
        f"/cases/{case.id}/allegations/new",
        f"/cases/{case.id}/allegations/{allegation}/edit",
        f"/cases/{case.id}/complainants/new",
        f"/cases/{case.id}/assign",
        f"/cases/{case.id}/letters/new",
        f"/cases/{case.id}/steps/withdraw",
        f"/cases/{case.id}/steps/reopen",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={}).status_code == 403, url


# Deciding. ------------------------------------------------------------------------------------


def test_the_reviewer_decides_and_keeps_the_review_record(client, db, people):
    case, review = _under_review(db, people)
    sign_in(client, people["reviewer"].email)
    form = _text(client.get(f"/reviews/{review.id}/decide"))
    version = form.split('name="version" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        f"/reviews/{review.id}/decide",
        data={
            "version": version,
            "outcome": "upheld",
            "sent_back_to": "handling",
            "rationale": "The complaint was not looked into.",
            "recommendations": "Speak to the witness\nReview the CCTV",
        },
    )
    assert response.status_code == 302 and response.location.endswith("/reviews")
    assert "review decided" in _text(client.get("/reviews"))
    db.expire_all()
    assert review.outcome == ReviewOutcome.UPHELD and review.case.state == S.HANDLING
    assert client.get(f"/cases/{case.id}").status_code == 404
    record = _text(client.get(f"/reviews/{review.id}"))
    assert "Speak to the witness" in record and "The complaint was not looked into." in record
    letter = client.get(f"/reviews/{review.id}/letters/{review.decision_letter_id}")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(letter.data)).pages[0].extract_text()
    assert "your review is upheld" in text


def test_a_decision_without_a_rationale_is_refused(client, db, people):
    _, review = _under_review(db, people)
    sign_in(client, people["reviewer"].email)
    response = client.post(f"/reviews/{review.id}/decide", data={"outcome": "upheld"})
    assert response.status_code == 400 and "Enter rationale" in _text(response)
    db.expire_all()
    assert review.decided_on is None


def test_the_appropriate_authority_records_the_iopc_decision_and_responds(client, db, people):
    case, review = _under_review(db, people, body="iopc", take=False)
    sign_in(client, people["aa"].email)
    assert client.get(f"/reviews/{review.id}").status_code == 200
    form = _text(client.get(f"/reviews/{review.id}/decide"))
    assert "Record the IOPC" in form
    version = form.split('name="version" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        f"/reviews/{review.id}/decide",
        data={
            "version": version,
            "outcome": "not_upheld",
            "rationale": "The IOPC found the outcome reasonable",
            "recommendations": "Train the front counter staff",
        },
    )
    assert response.status_code == 302
    db.expire_all()
    assert case.state == S.FINALISED and review.decision_letter_id is None
    page = _text(client.get(f"/reviews/{review.id}"))
    assert "The IOPC found the outcome reasonable" in page and "Record the response" in page
    recommendation = review.recommendations[0]
    url = f"/reviews/{review.id}/recommendations/{recommendation.id}/response"
    assert client.post(url, data={"response": ""}).status_code == 400
    response = client.post(
        url,
        data={
            "response": "Training booked for March",
            "accepted": "yes",
            "responded_on": london_today().strftime("%d/%m/%Y"),
            "raise_learning": "y",
        },
    )
    assert response.status_code == 302
    page = _text(client.get(f"/reviews/{review.id}"))
    assert "Training booked for March" in page and "Learning item raised" in page
    timeline = _text(client.get(f"/cases/{case.id}/timeline"))
    assert "Review application recorded" in timeline
    assert "Review decided: not upheld" in timeline
    assert "reviewer_id" not in timeline and "decided_by_id" not in timeline


def _decided_iopc_review(db, people, *, late_reason=None):
    """An IOPC review decided with a recommendation, recorded straight through the
    services so each test starts from the same record."""
    case, review = _under_review(db, people, body="iopc", take=False)
    review.late_special_reason = late_reason
    now = dt.datetime.now(dt.UTC)
    services.decide_review(
        db,
        factories.actor_for(people["aa"]),
        review,
        {
            "outcome": "not_upheld",
            "rationale": "Rationale naming Jo Public",
            "recommendations": "Call Jo Public back",
            "on": london_today(),
        },
        None,
        now,
    )
    db.commit()
    return case, review


def test_oversight_reads_a_sampled_review_without_its_free_text(client, db, people, make_user):
    case, review = _decided_iopc_review(db, people, late_reason="In hospital with Jo Public")
    services.respond_to_recommendation(
        db,
        factories.actor_for(people["aa"]),
        review.recommendations[0],
        services.ResponseData("Jo Public was called", True, london_today()),
        dt.datetime.now(dt.UTC),
    )
    oversight = make_user(Role.OPCC_OVERSIGHT)
    db.add(
        CaseAccess(
            case_id=case.id,
            user_id=oversight.id,
            reason="Dip sample",
            granted_at=dt.datetime.now(dt.UTC),
        )
    )
    db.commit()
    sign_in(client, oversight.email)
    page = _text(client.get(f"/reviews/{review.id}"))
    assert "Not upheld" in page and "Not shown to your role" in page
    assert "Jo Public" not in page
    client.post("/sign-out")
    sign_in(client, people["aa"].email)
    page = _text(client.get(f"/reviews/{review.id}"))
    for text in ("Rationale naming", "Call Jo Public back", "Jo Public was called"):
        assert text in page
    assert "Not shown to your role" not in page


def test_a_review_taken_meanwhile_is_refused_with_a_message(client, db, people):
    _, review = _under_review(db, people, take=False)
    sign_in(client, people["reviewer"].email)
    assert "Take this review" in _text(client.get("/reviews?show=unallocated"))
    db.execute(
        update(Review)
        .where(Review.id == review.id)
        .values(reviewer_id=people["other"].id, allocated_at=dt.datetime.now(dt.UTC))
    )
    db.commit()
    response = client.post(f"/reviews/{review.id}/take")
    assert response.status_code == 302
    assert "Another OPCC reviewer has taken this review" in _text(client.get("/reviews"))
    db.expire_all()
    assert db.get(Review, review.id).reviewer_id == people["other"].id


def test_the_take_button_shows_only_to_a_reviewer_who_may_take_it(client, db, people):
    _, review = _under_review(db, people, take=False)
    review.recorded_by_id = people["reviewer"].id  # the record is theirs to read
    db.commit()
    sign_in(client, people["aa"].email)
    assert "Take this review" not in _text(client.get(f"/reviews/{review.id}"))
    client.post("/sign-out")
    sign_in(client, people["reviewer"].email)
    assert "Take this review" in _text(client.get(f"/reviews/{review.id}"))
    assert client.post(f"/reviews/{review.id}/take").status_code == 302
    assert "Take this review" not in _text(client.get(f"/reviews/{review.id}"))


def test_a_response_recorded_meanwhile_is_shown_not_overwritten(client, db, people):
    _, review = _decided_iopc_review(db, people)
    recommendation = review.recommendations[0]
    url = f"/reviews/{review.id}/recommendations/{recommendation.id}/response"
    sign_in(client, people["aa"].email)
    page = _text(client.get(url))
    seen = page.split('name="seen" type="hidden" value="')[1].split('"')[0]
    assert seen == ""
    db.execute(
        update(ReviewRecommendation)
        .where(ReviewRecommendation.id == recommendation.id)
        .values(
            response="Recorded by a colleague",
            accepted=True,
            responded_on=london_today(),
            responded_by_id=people["aa"].id,
        )
    )
    db.commit()
    mine = {
        "seen": seen,
        "response": "Mine",
        "accepted": "no",
        "responded_on": london_today().strftime("%d/%m/%Y"),
    }
    refused = client.post(url, data=mine)
    assert refused.status_code == 409
    page = _text(refused)
    assert "Someone else changed this response after you opened this page" in page
    assert "Recorded by a colleague" in page
    db.expire_all()
    assert db.get(ReviewRecommendation, recommendation.id).response == "Recorded by a colleague"
    # Saving again, having seen it, replaces it.
    seen = page.split('name="seen" type="hidden" value="')[1].split('"')[0]
    assert client.post(url, data={**mine, "seen": seen}).status_code == 302
    db.expire_all()
    assert db.get(ReviewRecommendation, recommendation.id).response == "Mine"
