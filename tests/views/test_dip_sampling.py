"""Dip sampling through the pages: drawing, reading the sampled cases, the checklist,
closing, and the sample report PDF read back and checked against the database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.learning.models import LearningItem, LearningSource
from complaints.oversight.models import CHECKLIST, Answer, DipSample, SampledCase, Stratum
from tests.conftest import sign_in
from tests.readback import pdf_text
from tests.services.test_dip_sampling import LATER, finalised

PERIOD = {"period_from": LATER.strftime("%d/%m/%Y"), "period_to": LATER.strftime("%d/%m/%Y")}


def draw(client, **changes):
    data = PERIOD | {"method": "size", "size": "2", "case_type": ""} | changes
    return client.post("/oversight/samples/new", data=data)


def sample_id(response) -> int:
    return int(re.search(r"/oversight/samples/(\d+)$", response.location).group(1))


@pytest.fixture()
def pool(db, team):
    made = [finalised(db, team, Stratum.OUTSIDE_SCHEDULE_3) for _ in range(3)]
    made.append(finalised(db, team, Stratum.OTHERWISE))
    db.commit()
    return made


def test_drawing_a_sample_opens_its_cases_to_the_reviewer_alone(
    client, db, login_as, make_user, pool
):
    reviewer = login_as(Role.OPCC_OVERSIGHT)
    form = client.get("/oversight/samples/new").get_data(as_text=True)
    assert "Restricted cases and complaints about the chief constable are never sampled" in form
    response = draw(client, seed="99")
    assert response.status_code == 302
    sample = db.get(DipSample, sample_id(response))
    assert (sample.seed, sample.drawn_by_id, len(sample.cases)) == (99, reviewer.id, 2)
    page = client.get(f"/oversight/samples/{sample.id}").get_data(as_text=True)
    for row in sample.cases:
        assert row.case.reference in page
        assert client.get(f"/cases/{row.case_id}").status_code == 200
    unsampled = next(c for c in pool if c.id not in {r.case_id for r in sample.cases})
    assert client.get(f"/cases/{unsampled.id}").status_code == 404
    listed = client.get("/oversight/samples").get_data(as_text=True)
    assert f'href="/oversight/samples/{sample.id}"' in listed
    client.post("/sign-out")

    colleague = make_user(Role.OPCC_OVERSIGHT)
    sign_in(client, colleague.email)
    assert client.get(f"/cases/{sample.cases[0].case_id}").status_code == 404
    assert client.get(f"/oversight/samples/{sample.id}").status_code == 404
    listed = client.get("/oversight/samples").get_data(as_text=True)
    assert f'href="/oversight/samples/{sample.id}"' not in listed
    client.post("/sign-out")

    sign_in(client, reviewer.email)
    assert client.post(f"/oversight/samples/{sample.id}/close").status_code == 302
    assert client.get(f"/cases/{sample.cases[0].case_id}").status_code == 404
    checklist = f"/oversight/samples/{sample.id}/cases/{sample.cases[0].case_id}"
    assert client.get(checklist).status_code == 404
    assert "Closed" in client.get(f"/oversight/samples/{sample.id}").get_data(as_text=True)


def test_the_seed_of_a_sample_draws_the_same_cases_again(client, db, login_as, pool):
    login_as(Role.OPCC_OVERSIGHT)
    first = db.get(DipSample, sample_id(draw(client)))
    again = db.get(DipSample, sample_id(draw(client, seed=str(first.seed))))
    assert [r.case_id for r in first.cases] == [r.case_id for r in again.cases]


def test_a_stratified_percentage_draw_is_described_on_the_sample(client, db, login_as, pool):
    login_as(Role.OPCC_OVERSIGHT)
    response = draw(client, method="percentage", size="", percentage="50", stratified="y")
    sample = db.get(DipSample, sample_id(response))
    strata = sorted(r.stratum.value for r in sample.cases)
    # 3 outside and 1 otherwise: shares 1.5 and 0.5, and the tied case goes to the larger
    assert strata == ["outside_schedule_3", "outside_schedule_3"]
    page = client.get(f"/oversight/samples/{sample.id}").get_data(as_text=True)
    assert "50% of the cases at random, rounded up" in page and "stratified" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"period_from": "31/02/2026"}, "From must be a real date"),
        ({"period_to": "01/01/2020"}, "The end of the period must be on or after its start"),
        ({"size": ""}, "Enter the number of cases to draw"),
        ({"size": "ten"}, "Enter a number of cases from 1 to 1,000, in figures"),
        ({"method": "everything"}, "Choose a number of cases or a percentage from the list"),
        ({"seed": "-4"}, "Enter a seed from 0"),
        ({"period_from": "01/01/2020", "period_to": "02/01/2020"}, "No cases were finalised"),
    ],
)
def test_bad_draws_come_back_with_the_reason(client, login_as, pool, changes, message):
    login_as(Role.OPCC_OVERSIGHT)
    response = draw(client, **changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in page and message in page


def test_the_checklist_refuses_bad_input_and_keeps_what_was_typed(client, db, login_as, pool):
    login_as(Role.OPCC_OVERSIGHT)
    sample = db.get(DipSample, sample_id(draw(client, seed="5")))
    url = f"/oversight/samples/{sample.id}/cases/{sample.cases[0].case_id}"
    page = client.get(url).get_data(as_text=True)
    assert "working day" in page and "From the case record" in page
    response = client.post(
        url,
        data={
            "contacted_promptly": "maybe",
            "updated_every_four_weeks": "no",
            "findings": "",
            "raise_learning": "y",
            "learning_theme": "",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "Choose yes, no or not applicable from the list" in page
    assert "Answer: Was the complainant contacted promptly?" not in page  # it was answered
    assert "Answer: Was the handling reasonable and proportionate?" in page
    assert "Say what you found wherever you answered" in page
    assert "Enter the theme of the learning" in page
    assert db.get(SampledCase, sample.cases[0].id).reviewed_at is None


def test_a_finding_raises_learning_and_appears_in_the_results(client, db, login_as, pool):
    reviewer = login_as(Role.OPCC_OVERSIGHT)
    sample = db.get(DipSample, sample_id(draw(client, seed="5")))
    row = sample.cases[0]
    answers = {column: "yes" for column, _ in CHECKLIST} | {"contacted_promptly": "no"}
    response = client.post(
        f"/oversight/samples/{sample.id}/cases/{row.case_id}",
        data=answers
        | {
            "findings": "First contact took eleven working days.",
            "raise_learning": "y",
            "learning_theme": "Prompt first contact",
            "learning_level": "organisational",
        },
    )
    assert response.status_code == 302
    db.expire_all()
    row = db.get(SampledCase, row.id)
    item = db.get(LearningItem, row.learning_item_id)
    assert (item.source, item.case_id, item.theme) == (
        LearningSource.DIP_SAMPLE,
        row.case_id,
        "Prompt first contact",
    )
    assert (row.contacted_promptly, row.reviewed_by_id) == (Answer.NO, reviewer.id)
    page = client.get(f"/oversight/samples/{sample.id}").get_data(as_text=True)
    assert "First contact took eleven working days." in page
    assert f"L{item.id}: Prompt first contact" in page
    checklist = client.get(f"/oversight/samples/{sample.id}/cases/{row.case_id}")
    assert "Learning raised from these findings" in checklist.get_data(as_text=True)


def test_every_sample_page_is_audited(client, db, login_as, pool):
    reviewer = login_as(Role.OPCC_OVERSIGHT)
    sample = db.get(DipSample, sample_id(draw(client)))
    case_id = sample.cases[0].case_id
    for url in (
        "/oversight/samples",
        f"/oversight/samples/{sample.id}",
        f"/oversight/samples/{sample.id}/cases/{case_id}",
        f"/oversight/samples/{sample.id}/report.pdf",
    ):
        assert client.get(url).status_code == 200, url
    events = db.scalars(select(AuditEvent).where(AuditEvent.actor_id == reviewer.id)).all()
    seen = {(e.action, e.entity_type, e.summary) for e in events}
    assert ("view", "dip_samples", "dip samples") in seen
    assert ("view", "dip_samples", "dip sample") in seen
    assert ("view", "cases", "dip sample checklist") in seen
    assert ("download", "dip_samples", "dip sample report") in seen
    assert any(e.action == "create" and e.entity_type == "case_access" for e in events)


def test_the_sample_report_pdf_matches_the_database(client, db, login_as, pool):
    login_as(Role.OPCC_OVERSIGHT)
    sample = db.get(DipSample, sample_id(draw(client, size="3", seed="8", stratified="y")))
    answers = {column: "yes" for column, _ in CHECKLIST}
    first, second = sample.cases[0], sample.cases[1]
    client.post(
        f"/oversight/samples/{sample.id}/cases/{first.case_id}",
        data=answers | {"updated_every_four_weeks": "no", "findings": "Update missed in May."},
    )
    client.post(
        f"/oversight/samples/{sample.id}/cases/{second.case_id}",
        data=answers | {"outcome_letter_clear": "not_applicable"},
    )
    response = client.get(f"/oversight/samples/{sample.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    text = re.sub(r"\s+", " ", text)  # table cells and wrapped lines, read as one line

    db.expire_all()
    sample = db.get(DipSample, sample.id)
    rows = sample.cases
    reviewed = [r for r in rows if r.reviewed_at is not None]
    assert f"Dip sample {sample.id}" in text
    assert f"Seed {sample.seed}" in text
    assert f"Cases that could be drawn {sample.candidates}" in text
    assert f"Cases drawn {len(rows)}" in text
    assert f"Cases reviewed {len(reviewed)}" in text
    for stratum in {r.stratum for r in rows}:
        drawn = sum(1 for r in rows if r.stratum == stratum)
        done = sum(1 for r in reviewed if r.stratum == stratum)
        assert f"{stratum.label} {drawn} {done}" in text
    for column, question in CHECKLIST:
        counts = [sum(1 for r in reviewed if r.answer(column) == a) for a in Answer]
        line = f"{question} {counts[0]} {counts[1]} {counts[2]} {len(rows) - len(reviewed)}"
        assert line in text, line
    assert "Update missed in May." in text
    assert first.case.reference in text
    assert "No learning was raised from this sample." in text
