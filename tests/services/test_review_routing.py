"""A7: the IOPC reviews when any limb holds, with the limb as the reason; else the OPCC."""

from __future__ import annotations

import pytest

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.cases.choices import AppropriateAuthority, CaseState
from complaints.cases.people import link_cases
from complaints.investigations.models import Severity
from complaints.investigations.services import SeverityData, assess_severity
from complaints.reviews.models import ReviewBody
from complaints.reviews.routing import OPCC_REASON, propose_review_body
from complaints.subjects.models import SubjectKind
from tests import factories


@pytest.fixture()
def aa(db):
    return factories.user(db, Role.APPROPRIATE_AUTHORITY)


def _proposal(case):
    return propose_review_body(case)


def test_otherwise_the_opcc_reviews(db):
    proposal = _proposal(factories.complaint(db))
    assert (proposal.body, proposal.reason) == (ReviewBody.OPCC, OPCC_REASON)


def test_the_iopc_reviews_when_the_pcc_was_the_appropriate_authority(db):
    chief = factories.subject(db, family_name="Chief", chief_constable=True)
    case = factories.complaint(db, subject_=chief)
    assert case.appropriate_authority == AppropriateAuthority.PCC
    proposal = _proposal(case)
    assert proposal.body == ReviewBody.IOPC
    assert "police and crime commissioner was the appropriate authority" in proposal.reason


@pytest.mark.parametrize(
    "rank", ["Assistant Chief Constable", "deputy chief constable", " Commander "]
)
def test_the_iopc_reviews_when_a_subject_is_above_chief_superintendent(db, rank):
    case = factories.complaint(db)
    case.subjects[0].identity.rank = rank
    proposal = _proposal(case)
    assert proposal.body == ReviewBody.IOPC
    assert "above the rank of chief superintendent" in proposal.reason


def test_a_chief_superintendent_is_not_above_chief_superintendent(db):
    case = factories.complaint(db)
    case.subjects[0].identity.rank = "Chief Superintendent"
    assert _proposal(case).body == ReviewBody.OPCC


def test_the_iopc_reviews_when_a_subject_is_a_chief_officer(db):
    officer = factories.subject(db, family_name="Deputy", kind=SubjectKind.CHIEF_OFFICER)
    proposal = _proposal(factories.complaint(db, subject_=officer))
    assert proposal.body == ReviewBody.IOPC
    assert "above the rank of chief superintendent" in proposal.reason


@pytest.mark.parametrize("flag", ["trigger_crime_or_misconduct", "trigger_article_2_or_3"])
def test_the_iopc_reviews_when_proceedings_or_article_2_or_3_are_possible(db, flag):
    proposal = _proposal(factories.complaint(db, **{flag: True}))
    assert proposal.body == ReviewBody.IOPC
    assert "criminal or disciplinary proceedings" in proposal.reason


def test_a_misconduct_severity_assessment_makes_proceedings_possible(db, aa):
    handler = factories.user(db, Role.HANDLER)
    case = factories.complaint_in_state(db, CaseState.INVESTIGATION, handler=handler, aa=aa)
    assert _proposal(case).body == ReviewBody.OPCC
    assess_severity(
        db,
        factories.actor_for(aa),
        case,
        case.subjects[0].id,
        SeverityData(Severity.MISCONDUCT, factories.NOW.date(), "Could be misconduct"),
        factories.NOW,
    )
    assert "disciplinary proceedings" in _proposal(case).reason


def test_the_iopc_reviews_a_complaint_that_was_referred(db, aa):
    handler = factories.user(db, Role.HANDLER)
    case = factories.complaint_in_state(db, CaseState.RECORDED, handler=handler, aa=aa)
    assert _proposal(case).body == ReviewBody.OPCC
    workflow.apply(
        db, factories.actor_for(aa), case, "refer_to_iopc", {"reason": "Voluntary"}, factories.NOW
    )
    proposal = _proposal(case)
    assert proposal.body == ReviewBody.IOPC
    assert "referred to the IOPC" in proposal.reason


def test_the_iopc_reviews_a_complaint_that_had_to_be_referred(db):
    proposal = _proposal(factories.complaint(db, trigger_referral_description=True))
    assert (proposal.body, "referred to the IOPC" in proposal.reason) == (ReviewBody.IOPC, True)


@pytest.mark.parametrize("same_incident, body", [(True, ReviewBody.IOPC), (False, ReviewBody.OPCC)])
def test_the_same_incident_as_an_iopc_case_makes_the_iopc_the_review_body(
    db, aa, same_incident, body
):
    serious = factories.complaint(db, trigger_article_2_or_3=True, summary="Restraint")
    case = factories.complaint(db, summary="Witness to the restraint")
    link_cases(
        db, factories.actor_for(aa), case, serious, "Same arrest", same_incident, factories.NOW
    )
    proposal = _proposal(case)
    assert proposal.body == body
    if same_incident:
        assert serious.reference in proposal.reason
