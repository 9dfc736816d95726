"""Making the monthly board report: both versions kept by their SHA-256 and recorded, so a
board member's copy can be verified; and the ``flask reports monthly`` command."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today
from complaints.documents.storage import FileStore
from complaints.forces.models import FIRST_FORCE_ID
from complaints.reports import generation
from complaints.reports.disclosure import DisclosureRefused
from complaints.reports.models import GeneratedReport, ReportVersion
from complaints.reports.tables import Figure, Kind, ReportSettings, Section, Table
from tests import factories
from tests.report_samples import sample_pack

OCTOBER = dt.date(2026, 10, 1)
NOW = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)
SETTINGS = ReportSettings(force_name="Northshire Police", forces=(FIRST_FORCE_ID,), threshold=5)


def generation_actor() -> Actor:
    return Actor.system("test")


def _text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture()
def some_cases(db, team):
    received = dt.datetime(2026, 10, 6, 10, 0, tzinfo=dt.UTC)
    for state in (CaseState.LOGGED, CaseState.FINALISED, CaseState.RECORDED):
        factories.complaint_in_state(
            db, state, handler=team["handler"], aa=team["aa"], now=received
        )
    db.commit()


def test_both_versions_are_made_stored_by_hash_and_recorded(db, make_user, tmp_path):
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    actor = factories.actor_for(aa)
    reports = generation.generate_monthly(
        db, actor, OCTOBER, NOW, SETTINGS, tmp_path, pack=sample_pack()
    )
    db.commit()
    assert [r.version for r in reports] == [ReportVersion.CIRCULATED, ReportVersion.FULL]
    for report in reports:
        data = generation.read_report(tmp_path, report)
        assert report.sha256 == hashlib.sha256(data).hexdigest()
        on_disk = FileStore(tmp_path).path_for(report.sha256).read_bytes()
        assert hashlib.sha256(on_disk).hexdigest() == report.sha256
        assert report.size_bytes == len(data)
        assert report.month == OCTOBER
        assert report.generated_at == NOW
        assert report.generated_by_id == aa.id
        assert report.generated_by_name == aa.full_name
        assert report.filename == f"complaints-board-report-2026-10-{report.version.value}.pdf"
        text = _text(data)
        assert "Northshire Police" in text and "October 2026" in text
        assert report.version.label in text
        assert "Generated on 3 November 2026" in text
    stored = db.scalars(select(GeneratedReport).order_by(GeneratedReport.id)).all()
    assert [(r.version, r.sha256) for r in stored] == [(r.version, r.sha256) for r in reports]
    circulated, full = (_text(generation.read_report(tmp_path, r)) for r in reports)
    assert "Reviews received [c] 6 7 71" in circulated
    assert "Reviews received 3 6 7 71" in full


def test_the_report_is_made_from_the_months_figures(db, tmp_path, some_cases):
    reports = generation.generate_monthly(db, generation_actor(), OCTOBER, NOW, SETTINGS, tmp_path)
    for report in reports:
        text = _text(generation.read_report(tmp_path, report))
        assert "October 2026" in text and report.version.label in text
        assert "Appendix: definitions used" in text


def test_generating_is_audited_with_the_hash(db, tmp_path):
    reports = generation.generate_monthly(db, generation_actor(), OCTOBER, NOW, SETTINGS, tmp_path)
    events = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "generated_reports", AuditEvent.action == "generate_report"
        )
    ).all()
    assert {e.entity_id for e in events} == {r.id for r in reports}
    for report in reports:
        event = next(e for e in events if e.entity_id == report.id)
        assert report.sha256 in event.summary
        assert event.actor_name == "System"


def test_the_circulated_version_is_checked_for_disclosure_and_the_check_recorded(db, tmp_path):
    reports = generation.generate_monthly(
        db, generation_actor(), OCTOBER, NOW, SETTINGS, tmp_path, pack=sample_pack()
    )
    events = {
        e.entity_id: e.summary
        for e in db.scalars(select(AuditEvent).where(AuditEvent.action == "generate_report"))
    }
    circulated, full = reports
    assert "disclosure check passed: each of" in events[circulated.id]
    assert "could be anything over a range of at least 5" in events[circulated.id]
    assert "disclosure" not in events[full.id]


def test_a_circulated_version_giving_a_hidden_count_away_is_refused(db, tmp_path):
    """A share of 1 in 4 withheld beside its published base of 4 (a threshold of 3) can
    only be 0 to 4 out of 4: no further withholding can widen that, so nothing is made."""
    pack = sample_pack()
    planted = Table(
        "planted",
        "% of investigations open 12 months or more",
        ("Investigation", "October 2026"),
        (("Local", Figure(25.0, Kind.PERCENT, base=4, part=1)),),
    )
    pack = replace(
        pack, sections=(*pack.sections[:-1], Section("equality", "Equality", (planted,)))
    )
    with pytest.raises(DisclosureRefused, match="Local, October 2026"):
        generation.generate_monthly(
            db,
            generation_actor(),
            OCTOBER,
            NOW,
            replace(SETTINGS, threshold=3),
            tmp_path,
            pack=pack,
        )
    assert db.scalars(select(GeneratedReport)).all() == []


def test_a_month_not_yet_ended_is_refused(db, tmp_path):
    with pytest.raises(generation.ReportError, match="once the month has ended"):
        generation.generate_monthly(
            db, generation_actor(), dt.date(2026, 11, 1), NOW, SETTINGS, tmp_path
        )
    last_evening = dt.datetime(2026, 10, 31, 22, 0, tzinfo=dt.UTC)  # still 31 October
    with pytest.raises(generation.ReportError, match="from 1 November 2026"):
        generation.generate_monthly(
            db, generation_actor(), OCTOBER, last_evening, SETTINGS, tmp_path
        )
    assert db.scalars(select(GeneratedReport)).all() == []


def test_a_board_copy_is_found_by_its_sha256(db, tmp_path):
    circulated, full = generation.generate_monthly(
        db, generation_actor(), OCTOBER, NOW, SETTINGS, tmp_path, pack=sample_pack()
    )
    forces = SETTINGS.forces
    assert generation.find_by_sha256(db, circulated.sha256.upper(), forces) == circulated
    assert generation.find_by_sha256(db, full.sha256, forces) == full
    assert generation.find_by_sha256(db, "0" * 64, forces) is None
    assert generation.find_by_sha256(db, "../../etc/passwd", forces) is None
    assert circulated.force_id == full.force_id == FIRST_FORCE_ID
    assert generation.find_by_sha256(db, full.sha256, (FIRST_FORCE_ID + 1,)) is None


def test_a_changed_or_missing_file_is_refused_on_reading(db, tmp_path):
    circulated, full = generation.generate_monthly(
        db, generation_actor(), OCTOBER, NOW, SETTINGS, tmp_path, pack=sample_pack()
    )
    path = FileStore(tmp_path).path_for(circulated.sha256)
    path.write_bytes(path.read_bytes().replace(b"October", b"Octobre"))
    with pytest.raises(generation.ReportError, match="has changed"):
        generation.read_report(tmp_path, circulated)
    FileStore(tmp_path).path_for(full.sha256).unlink()
    with pytest.raises(generation.ReportError, match="missing"):
        generation.read_report(tmp_path, full)


def test_a_download_is_audited(db, make_user, tmp_path):
    circulated, _ = generation.generate_monthly(
        db, generation_actor(), OCTOBER, NOW, SETTINGS, tmp_path, pack=sample_pack()
    )
    board = make_user(Role.BOARD_MEMBER)
    data = generation.open_report(db, factories.actor_for(board), tmp_path, circulated, NOW)
    assert hashlib.sha256(data).hexdigest() == circulated.sha256
    event = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "download", AuditEvent.entity_type == "generated_reports"
        )
    ).one()
    assert (event.entity_id, event.actor_id) == (circulated.id, board.id)


@pytest.mark.parametrize("text", ["2026-13", "October", "", "2026/10"])
def test_a_month_is_read_as_year_and_month(text):
    with pytest.raises(generation.ReportError, match="like 2026-10"):
        generation.parse_month(text)


def test_parse_month():
    assert generation.parse_month("2026-10") == OCTOBER
    assert generation.parse_month(" 2026-4 ") == dt.date(2026, 4, 1)


# The command. ----------------------------------------------------------------------------


def _last_month() -> dt.date:
    return (london_today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def test_reports_monthly_makes_records_and_writes_both_versions(app, db, tmp_path):
    month = _last_month()
    output = tmp_path / "board"
    result = app.test_cli_runner().invoke(
        args=["reports", "monthly", "--month", f"{month:%Y-%m}", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert f"Monthly board report for {month:%B %Y}" in result.output
    reports = db.scalars(select(GeneratedReport).order_by(GeneratedReport.id)).all()
    assert [r.version for r in reports] == [ReportVersion.CIRCULATED, ReportVersion.FULL]
    for report in reports:
        path = output / report.filename
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        assert digest == report.sha256
        assert report.version.label in result.output
        assert f"{path} ({len(data):,} bytes)" in result.output
        assert f"SHA-256 {digest}" in result.output
        assert report.generated_by_name == "System"
        assert generation.read_report(app.config["FILES_DIR"], report) == data
    assert len(re.findall(r"SHA-256 [0-9a-f]{64}", result.output)) == 2


def test_reports_monthly_without_output_still_records(app, db):
    result = app.test_cli_runner().invoke(
        args=["reports", "monthly", "--month", f"{_last_month():%Y-%m}"]
    )
    assert result.exit_code == 0, result.output
    reports = db.scalars(select(GeneratedReport)).all()
    assert len(reports) == 2
    for report in reports:
        assert f"{report.filename} ({report.size_bytes:,} bytes)" in result.output
        assert Path(app.config["FILES_DIR"]).exists()


def test_reports_monthly_refuses_a_month_not_ended_and_a_bad_month(app, db):
    runner = app.test_cli_runner()
    this_month = london_today().replace(day=1)
    refused = runner.invoke(args=["reports", "monthly", "--month", f"{this_month:%Y-%m}"])
    assert refused.exit_code != 0
    assert "once the month has ended" in refused.output
    bad = runner.invoke(args=["reports", "monthly", "--month", "last month"])
    assert bad.exit_code != 0
    assert "like 2026-10" in bad.output
    assert db.scalars(select(GeneratedReport)).all() == []
