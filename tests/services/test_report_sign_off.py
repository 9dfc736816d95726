"""Signing off the board report through its services: a draft, commentary from each side
(versioned, so crossed edits are caught), the OPCC's approval publishing it frozen under
its SHA-256, and every step audited."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.forces.models import FIRST_FORCE_ID
from complaints.reports import generation, signoff
from complaints.reports.models import (
    BoardReportState,
    CommentaryVoice,
    ReportCommentary,
    ReportVersion,
)
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import ReportSettings
from tests import factories
from tests.readback import pdf_text
from tests.report_samples import sample_pack

OCTOBER = dt.date(2026, 10, 1)
NOW = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)
SETTINGS = ReportSettings(force_name="Northshire Police", forces=(FIRST_FORCE_ID,), threshold=5)


@pytest.fixture()
def people(make_user):
    return {
        "aa": factories.actor_for(make_user(Role.APPROPRIATE_AUTHORITY)),
        "opcc": factories.actor_for(make_user(Role.OPCC_OVERSIGHT)),
        "board": factories.actor_for(make_user(Role.BOARD_MEMBER)),
    }


@pytest.fixture()
def draft(db, people):
    report = signoff.start_report(db, people["aa"], OCTOBER, FIRST_FORCE_ID, NOW)
    db.commit()
    return report


def _comment(report, section, voice):
    return next(c for c in report.commentaries if c.section == section and c.voice == voice)


def test_commentary_can_be_written_on_every_section_of_the_pack(db):
    pack = monthly_pack(db, OCTOBER, SETTINGS, dt.date(2026, 11, 3))
    assert [key for key, _ in signoff.SECTIONS[1:]] == [s.key for s in pack.sections]
    assert [title for _, title in signoff.SECTIONS[1:]] == [s.title for s in pack.sections]


def test_a_report_starts_as_a_draft_with_room_for_both_sides(db, draft):
    assert draft.state == BoardReportState.DRAFT
    assert len(draft.commentaries) == 2 * len(signoff.SECTIONS)
    assert draft.generated == []
    events = db.scalars(select(AuditEvent).where(AuditEvent.entity_type == "board_reports"))
    assert any("Draft monthly board report for October 2026" in (e.summary or "") for e in events)


def test_a_month_is_made_once_and_only_when_it_has_ended(db, people, draft):
    with pytest.raises(signoff.SignOffRefused, match="already been made"):
        signoff.start_report(db, people["opcc"], OCTOBER, FIRST_FORCE_ID, NOW)
    with pytest.raises(signoff.SignOffRefused, match="once the month has ended"):
        signoff.start_report(db, people["aa"], dt.date(2026, 11, 1), FIRST_FORCE_ID, NOW)


def test_each_side_writes_only_its_own_commentary(db, people, draft):
    ours = _comment(draft, "timeliness", CommentaryVoice.FORCE)
    signoff.write_commentary(db, people["aa"], ours, "  Contact times rose.\r\n\r\nWhy.  ", NOW)
    db.commit()
    assert ours.text == "Contact times rose.\n\nWhy."
    theirs = _comment(draft, "timeliness", CommentaryVoice.OPCC)
    with pytest.raises(signoff.SignOffRefused, match="Only the Office"):
        signoff.write_commentary(db, people["aa"], theirs, "Not ours", NOW)
    with pytest.raises(signoff.SignOffRefused):
        signoff.write_commentary(db, people["board"], theirs, "Not ours", NOW)
    changes = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "report_commentaries", AuditEvent.entity_id == ours.id
        )
    ).all()
    assert changes and changes[-1].actor_id == people["aa"].user_id


def test_two_editors_of_one_comment_the_second_is_refused(db, people, draft):
    comment = _comment(draft, "summary", CommentaryVoice.OPCC)
    seen = comment.version
    # Another OPCC user saves first, while this one still holds the comment as it was.
    db.execute(
        update(ReportCommentary)
        .where(ReportCommentary.id == comment.id)
        .values(text="Theirs", version=seen + 1)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(StaleDataError):
        signoff.write_commentary(db, people["opcc"], comment, "Mine", NOW)
    db.rollback()


def test_approval_publishes_both_versions_frozen_with_the_commentary(db, people, draft, tmp_path):
    signoff.write_commentary(
        db,
        people["aa"],
        _comment(draft, "summary", CommentaryVoice.FORCE),
        "The force will explain the rise.",
        NOW,
    )
    signoff.write_commentary(
        db,
        people["opcc"],
        _comment(draft, "headlines", CommentaryVoice.OPCC),
        "The Commissioner asks for a plan.",
        NOW,
    )
    made = signoff.approve_report(
        db, people["opcc"], draft, NOW, SETTINGS, tmp_path, pack=sample_pack()
    )
    db.commit()
    assert draft.state == BoardReportState.PUBLISHED
    assert draft.approved_by_id == people["opcc"].user_id and draft.approved_at == NOW
    assert {g.version: g.published for g in made} == {
        ReportVersion.CIRCULATED: True,
        ReportVersion.FULL: False,
    }
    for generated in made:
        assert generated.board_report_id == draft.id
        data = generation.read_report(tmp_path, generated)
        assert hashlib.sha256(data).hexdigest() == generated.sha256
        text = " ".join(pdf_text(data).split())
        assert "Commentary from the Professional Standards Department" in text
        assert "The force will explain the rise." in text
        assert "The Commissioner asks for a plan." in text
        assert "Draft" not in text
    approved = db.scalars(select(AuditEvent).where(AuditEvent.action == "approve")).one()
    assert approved.entity_id == draft.id and made[0].sha256 in approved.summary


def test_only_opcc_oversight_approves_and_a_published_report_is_frozen(db, people, draft, tmp_path):
    with pytest.raises(signoff.SignOffRefused, match="Only the OPCC"):
        signoff.approve_report(db, people["aa"], draft, NOW, SETTINGS, tmp_path, sample_pack())
    signoff.approve_report(db, people["opcc"], draft, NOW, SETTINGS, tmp_path, sample_pack())
    db.commit()
    with pytest.raises(signoff.SignOffRefused, match="already been approved"):
        signoff.approve_report(db, people["opcc"], draft, NOW, SETTINGS, tmp_path, sample_pack())
    with pytest.raises(signoff.SignOffRefused, match="cannot change"):
        signoff.write_commentary(
            db, people["aa"], _comment(draft, "summary", CommentaryVoice.FORCE), "Late", NOW
        )


def test_approval_keeps_each_versions_web_page_beside_its_pdf(db, people, draft, tmp_path):
    """The page is made by the view layer's function from what the PDF was printed from;
    the service keeps its bytes under their SHA-256 and audits them with the PDF's."""
    signoff.write_commentary(
        db,
        people["opcc"],
        _comment(draft, "summary", CommentaryVoice.OPCC),
        "The Commissioner asks for a plan.",
        NOW,
    )
    printed: list[generation.AsPrinted] = []

    def page(facts: generation.AsPrinted) -> bytes:
        printed.append(facts)
        return f"<h1>{facts.generated.version.value} {facts.generated.id}</h1>".encode()

    made = signoff.approve_report(
        db, people["opcc"], draft, NOW, SETTINGS, tmp_path, pack=sample_pack(), page=page
    )
    db.commit()
    assert [p.generated for p in printed] == made
    for facts in printed:
        assert facts.pack.checked is not None and facts.threshold == SETTINGS.threshold
        assert facts.commentary["summary"][0][1] == "The Commissioner asks for a plan."
    for generated in made:
        kept = generation.read_page(tmp_path, generated)
        assert kept == f"<h1>{generated.version.value} {generated.id}</h1>"
        assert hashlib.sha256(kept.encode()).hexdigest() == generated.html_sha256
        event = db.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "generate_report", AuditEvent.entity_id == generated.id
            )
        ).one()
        assert f"web page SHA-256 {generated.html_sha256}" in event.summary
