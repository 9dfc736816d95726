"""The demo force: every state represented, the same data from the same seed, and never
poured into a database that already holds real data."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.cases.models import Allegation, Case
from complaints.demo.seed import DEMO_PASSWORD, SeedRefused, seed
from complaints.demo.tuning import DEMO_TOTP_SECRET
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.reports import queries as q
from complaints.reports.periods import Period
from tests import factories
from tests.case_force import counted, misplaced
from tests.conftest import sign_in

TODAY = dt.date(2026, 11, 22)


def _digest(db) -> str:
    rows = db.execute(select(Case.reference, Case.state, Case.received_on).order_by(Case.id))
    return hashlib.sha256(repr(rows.all()).encode()).hexdigest()


def test_small_demo_covers_every_state_and_repeats_exactly(db):
    with db.begin_nested() as first:
        summary = seed(db, today=TODAY, cases=150)
        digest = _digest(db)
        first.rollback()
    # Start the second run as a new process would: nothing of the first left in the
    # session's identity map (rolled-back rows reuse the same ids).
    db.expunge_all()
    assert summary.cases == 150
    assert all(summary.by_state[state.value] >= 1 for state in CaseState), summary.by_state
    assert {label for label, _, _ in summary.users} >= {"Administrator", "OPCC reviewer"}
    seed(db, today=TODAY, cases=150)
    assert _digest(db) == digest
    latest = db.scalar(select(func.max(Case.received_on)))
    assert latest <= TODAY
    assert db.scalar(select(func.count()).select_from(Allegation)) >= 150


def test_seeding_refuses_a_database_with_accounts(db):
    factories.user(db, Role.ADMIN)
    with pytest.raises(SeedRefused):
        seed(db, today=TODAY, cases=10)


def test_demo_handler_can_sign_in_and_open_a_case(client, db):
    seed(db, today=TODAY, cases=40)
    db.commit()
    handler = db.scalar(select(User).where(User.email == "handler@demo.example"))
    sign_in(client, handler.email, DEMO_PASSWORD, secret=DEMO_TOTP_SECRET)
    case = db.scalar(select(Case).where(Case.handler_id == handler.id).limit(1))
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_every_page_of_every_demo_case_answers_each_role(client, db):
    """Demo data reaches every state, so it is a good sweep for pages that fail on some
    combination: each role opens every tab, step page and form of the cases it can see."""
    from complaints.cases import queries, workflow

    seed(db, today=TODAY, cases=120)
    db.commit()
    roles = ("handler", "aa", "investigator", "reviewer", "oversight")
    failures = []
    for name in roles:
        user = db.scalar(select(User).where(User.email == f"{name}@demo.example"))
        sign_in(client, user.email, DEMO_PASSWORD, secret=DEMO_TOTP_SECRET)
        who = factories.actor_for(user)
        visible = db.scalars(queries.case_list(who, queries.CaseFilters()).limit(30)).all()
        assert visible or name == "oversight", name
        for case in visible:
            urls = [f"/cases/{case.id}"] + [
                f"/cases/{case.id}/{tab}"
                for tab in (
                    "people",
                    "allegations",
                    "investigation",
                    "correspondence",
                    "documents",
                    "timeline",
                )
            ]
            urls += [
                f"/cases/{case.id}/steps/{step.name}"
                for step, _ in workflow.available(case, who, factories.NOW)
            ]
            for url in urls:
                status = client.get(url).status_code
                if status >= 500:
                    failures.append(f"{name} {url}: {status}")
        for url in ("/", "/cases/", "/queues/mine", "/queues/team", "/queues/due"):
            if client.get(url).status_code >= 500:
                failures.append(f"{name} {url}")
        client.post("/sign-out")
    assert not failures, "\n".join(failures[:20])


def test_the_demo_gives_every_oversight_page_something_to_show(client, db):
    """A first visit to the OPCC's pages finds reviews taken, reports on long
    investigations, a dip sample under way and figures on the dashboards."""
    from complaints.investigations.models import TwelveMonthReport
    from complaints.oversight.models import DipSample
    from complaints.reviews.models import Review

    seed(db, today=TODAY, cases=300)
    db.commit()
    reviewer = db.scalar(select(User).where(User.email == "reviewer@demo.example"))
    assert db.scalar(select(func.count()).where(Review.reviewer_id == reviewer.id)) >= 1
    assert db.scalar(select(func.count()).select_from(TwelveMonthReport)) >= 1
    sample = db.scalar(select(DipSample))
    assert sample is not None and any(row.reviewed_at for row in sample.cases)
    pages = {
        "reviewer": ["/reviews", "/reviews?show=unallocated"],
        "oversight": [
            "/oversight/samples",
            f"/oversight/samples/{sample.id}",
            "/oversight/twelve-month-reports",
            "/learning",
            "/reports/oversight",
            "/reports/dashboard",
        ],
        "aa": ["/oversight/twelve-month-reports", "/learning", "/reports/dashboard"],
        "board": ["/reports/dashboard", "/reports"],
    }
    for name, urls in pages.items():
        sign_in(client, f"{name}@demo.example", DEMO_PASSWORD, secret=DEMO_TOTP_SECRET)
        for url in urls:
            assert client.get(url).status_code == 200, (name, url)
        client.post("/sign-out")


# --- Several forces --------------------------------------------------------------------

ONE_FORCE_DEMO_LOGINS = ("reviewer", "oversight", "board")


def _forces(db):
    from complaints.forces.models import Force

    return db.scalars(select(Force).order_by(Force.id)).all()


def _memberships(user) -> set[int]:
    return {m.force_id for m in user.memberships}


def test_the_demo_is_a_joint_psd_for_three_forces_each_with_its_own_cases_and_people(db):
    from complaints.cases.models import CaseSubject
    from complaints.reference.models import Division
    from complaints.subjects.models import Subject

    summary = seed(db, today=TODAY, cases=150)
    forces = _forces(db)
    # Ids come from the database's sequence (PostgreSQL does not give back rolled-back ones).
    assert [f.code for f in forces] == ["NOR", "EAS", "WES"]
    assert forces[0].id == FIRST_FORCE_ID
    assert [f.name for f in forces] == [
        "Northshire Police",
        "Eastmere Constabulary",
        "Westvale Police",
    ]
    by_force = dict(db.execute(select(Case.force_id, func.count()).group_by(Case.force_id)).all())
    assert [by_force[f.id] for f in forces] == [75, 45, 30]  # 50/30/20
    assert [count for _code, _name, count in summary.forces] == [75, 45, 30]
    for force in forces:
        # Its own chief constable, and its own divisions, subjects and cases.
        chiefs = db.scalars(
            select(Subject).where(Subject.force_id == force.id, Subject.is_chief_constable)
        ).all()
        assert len(chiefs) == 1, force.code
        assert db.scalar(select(func.count()).where(Division.force_id == force.id)) >= 8
        assert db.scalar(select(func.count()).where(Subject.force_id == force.id)) >= 20
    # A case names only its own force's people, in its own force's divisions.
    mixed = db.scalar(
        select(func.count())
        .select_from(CaseSubject)
        .join(Case, Case.id == CaseSubject.case_id)
        .join(Subject, Subject.id == CaseSubject.subject_id)
        .where(Subject.force_id != Case.force_id)
    )
    assert mixed == 0
    # Its complainants and subjects carry its force (``complaints.cases.of_case``).
    assert misplaced(db) == [] and counted(db) > 300
    assert not db.scalar(
        select(func.count())
        .select_from(Case)
        .join(Division, Division.id == Case.division_id)
        .where(Division.force_id != Case.force_id)
    )
    # Each force has complaints sent online waiting for triage, one from a known person.
    from complaints.public.models import OnlineSubmission

    waiting = dict(
        db.execute(
            select(OnlineSubmission.force_id, func.count()).group_by(OnlineSubmission.force_id)
        ).all()
    )
    assert [waiting[f.id] for f in forces] == [3, 3, 3]


def test_each_force_numbers_its_own_references_from_one_and_carries_its_code(db):
    seed(db, today=TODAY, cases=150)
    for force in _forces(db):
        cases = db.scalars(select(Case).where(Case.force_id == force.id)).all()
        assert cases, force.code
        numbers: dict[tuple[str, int], list[int]] = {}
        for case in cases:
            prefix = f"{force.code}-{case.case_type.prefix}/{case.year}/"
            assert case.reference == f"{prefix}{case.number:05d}", case.reference
            numbers.setdefault((case.case_type.prefix, case.year), []).append(case.number)
        for key, issued in numbers.items():
            assert sorted(issued) == list(range(1, len(issued) + 1)), (force.code, key)


def test_every_force_has_its_own_opcc_and_board_and_the_psd_works_for_all(client, db):
    from complaints.cases import queries

    seed(db, today=TODAY, cases=150)
    db.commit()
    forces = _forces(db)
    every = {f.id for f in forces}
    for name in ("handler", "investigator", "aa", "admin"):
        user = db.scalar(select(User).where(User.email == f"{name}@demo.example"))
        assert _memberships(user) == every, name
    aa = db.scalar(select(User).where(User.email == "aa@demo.example"))
    assert factories.actor_for(aa).decides_for == every
    # Every force has appropriate authorities who decide for it, not all of them for all.
    deciders = {f.id: 0 for f in forces}
    for other in db.scalars(select(User).where(User.role == Role.APPROPRIATE_AUTHORITY)):
        for force_id in factories.actor_for(other).decides_for:
            deciders[force_id] += 1
    assert all(count >= 2 for count in deciders.values()), deciders
    for force in forces:
        suffix = "" if force.id == FIRST_FORCE_ID else "." + force.name.split()[0].lower()
        for memorable in ONE_FORCE_DEMO_LOGINS:
            user = db.scalar(select(User).where(User.email == f"{memorable}{suffix}@demo.example"))
            assert user is not None, (memorable, force.code)
            assert _memberships(user) == {force.id}, user.email
        for role in (Role.OPCC_REVIEWER, Role.OPCC_OVERSIGHT, Role.BOARD_MEMBER):
            people = db.scalars(select(User).where(User.role == role)).all()
            assert all(len(_memberships(u)) == 1 for u in people), role
            assert any(_memberships(u) == {force.id} for u in people), (role, force.code)
    # An OPCC account of one force sees only that force's cases; another's answer 404.
    reviewer = db.scalar(select(User).where(User.email == "reviewer.eastmere@demo.example"))
    query = queries.case_list(factories.actor_for(reviewer), queries.CaseFilters())
    visible = db.scalars(query).all()
    eastmere = next(f for f in forces if f.code == "EAS")
    assert visible and {case.force_id for case in visible} == {eastmere.id}
    northshire = db.scalar(select(Case).where(Case.force_id == FIRST_FORCE_ID).limit(1))
    sign_in(client, reviewer.email, DEMO_PASSWORD, secret=DEMO_TOTP_SECRET)
    assert client.get(f"/cases/{northshire.id}").status_code == 404
    assert client.get(f"/cases/{visible[0].id}").status_code == 200


def test_the_summary_lists_every_memorable_sign_in_with_its_force(db):
    summary = seed(db, today=TODAY, cases=40)
    logins = {login.email: login for login in summary.logins}
    assert logins["handler@demo.example"].forces == "all forces"
    assert logins["reviewer@demo.example"].forces == "Northshire Police"
    for memorable in ONE_FORCE_DEMO_LOGINS:
        assert logins[f"{memorable}.eastmere@demo.example"].forces == "Eastmere Constabulary"
        assert logins[f"{memorable}.westvale@demo.example"].forces == "Westvale Police"
    assert all(email.endswith("@demo.example") for email in logins)


def test_a_one_force_demo_is_the_single_force_demo_as_before(db):
    import re

    from complaints.forces.models import FIRST_FORCE_ID

    summary = seed(db, today=TODAY, cases=60, forces=1)
    assert [f.code for f in _forces(db)] == ["NOR"]
    assert summary.cases == 60
    references = db.scalars(select(Case.reference)).all()
    assert all(re.fullmatch(r"[A-Z]{2,3}/\d{4}/\d{5}", r) for r in references), references[:5]
    assert all(_memberships(u) == {FIRST_FORCE_ID} for u in db.scalars(select(User)))
    assert not db.scalar(select(func.count()).where(User.email.contains(".eastmere@")))
    assert {login.forces for login in summary.logins} == {""}
    assert len(summary.logins) == 7  # one memorable sign-in a role


def test_the_demo_publishes_last_months_board_report_for_the_board(db, tmp_path):
    from complaints.reports import generation
    from complaints.reports.models import BoardReport, BoardReportState, ReportVersion
    from complaints.reports.periods import last_complete_month
    from tests.readback import pdf_text

    seed(db, today=TODAY, cases=40, files_dir=tmp_path)
    report = db.scalars(select(BoardReport)).one()
    assert report.state == BoardReportState.PUBLISHED
    assert report.month == last_complete_month(
        dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
    )
    circulated = next(g for g in report.generated if g.version == ReportVersion.CIRCULATED)
    assert circulated.published
    text = " ".join(pdf_text(generation.read_report(tmp_path, circulated)).split())
    assert "Commentary from the Office of the Police and Crime Commissioner" in text
    assert "Executive summary" in text


def test_the_demos_actions_are_counted_by_code_not_as_notes(db):
    """The demo records actions as the result page does, as codes: its actions table is
    not all 'recorded as a note only'."""
    seed(db, today=TODAY, cases=150, forces=1)
    forces = list(db.scalars(select(Force.id)))
    everything = Period(dt.date(2020, 1, 1), TODAY, "the demo's two years")
    total, counts = q.allegation_actions(db, everything, forces)
    coded = sum(n for code, n in counts.items() if code is not None)
    assert total > 0 and coded > 0
    assert coded > counts.get(None, 0)
    assert {"explanation", "apology", "rprp"} <= set(counts)
