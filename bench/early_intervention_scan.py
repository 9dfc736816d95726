"""The nightly early-intervention scan over 1,000,000 cases on PostgreSQL, timed.

Builds (or reuses, when the database already holds that many cases) one force's
cases, their subjects and about 1.6 allegations a case over several thousand officers,
written by PostgreSQL itself with ``INSERT … SELECT generate_series`` in a few minutes:
the scan reads only cases, the people named on them and their allegations, so this does
not walk each case through its lifecycle as ``bench/scale_dataset.py`` does for the
pages. Then sets the four example policies of domain.md A11 and times the scan
(``complaints.intervention.scan.nightly``, what ``flask jobs early-intervention`` runs):

- the first night, when every officer over a threshold gets an alert;
- a quiet night, when nothing new has come in (the usual night);
- a night after a day's intake (200 new cases).

Target: each under 60 s. Not a test: run it by hand with nothing else heavy running.

    .venv/bin/python bench/early_intervention_scan.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/complaints_bench
    .venv/bin/python bench/early_intervention_scan.py --cases 50000 --subjects 2000 ...

The database's ``public`` schema is replaced when the dataset is (re)built.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from sqlalchemy import delete, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from complaints.auth.roles import Role
from complaints.cases.models import Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.db import make_engine, make_session_factory
from complaints.forces.models import FIRST_FORCE_ID
from complaints.intervention import policies, scan
from complaints.intervention.models import (
    Alert,
    AlertItem,
    AlertStep,
    Counts,
    Period,
    Plan,
    PlanAction,
    Policy,
    policy_categories,
    policy_recipients,
)
from complaints.migrations import upgrade
from complaints.reference.models import AllegationCategory

TARGET_SECONDS = 60
YEARS = 5


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database to use")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--subjects", type=int, default=5_000)
    parser.add_argument("--rebuild", action="store_true", help="build even if it holds cases")
    return parser.parse_args()


def step(label: str):
    """Print what is being done, then how long it took."""

    class Timed:
        def __enter__(self):
            print(f"{label} …", end=" ", flush=True)
            self.started = time.perf_counter()
            return self

        def __exit__(self, *exc):
            self.seconds = time.perf_counter() - self.started
            print(f"{self.seconds:.1f} s", flush=True)

    return Timed()


def build(engine, cases: int, subjects: int, today: dt.date) -> None:
    """Cases received over five years up to ``today``, one officer named on each (chosen
    so that some officers are complained about far more than others), 1.6 allegations a
    case in the 2020 categories, 1% of cases restricted."""
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    days = YEARS * 365
    params = {
        "force": FIRST_FORCE_ID,
        "n": cases,
        "subjects": subjects,
        "today": today,
        "days": days,
    }
    statements = {
        "subjects": """
            INSERT INTO subjects (id, force_id, kind, is_chief_constable, created_at)
            SELECT g, :force, CASE WHEN g % 20 = 0 THEN 'staff' ELSE 'officer' END, false,
                   now()
            FROM generate_series(1, :subjects) g""",
        "their identities": """
            INSERT INTO subject_identities (id, subject_id, force_id, given_name, family_name,
                search_name, rank, collar_number, division_id, valid_from)
            SELECT g, g, :force, 'Sam', 'Officer' || g, 'sam officer' || g, 'PC',
                   'B' || g,
                   (SELECT id FROM divisions d WHERE d.force_id = :force
                    ORDER BY id OFFSET (g % (SELECT count(*) FROM divisions
                                             WHERE force_id = :force)) LIMIT 1),
                   DATE '2010-01-01'
            FROM generate_series(1, :subjects) g""",
        "cases": """
            INSERT INTO cases (id, force_id, reference, case_type, year, number, state,
                received_on, logged_at, channel, summary, search_summary,
                direction_and_control, appropriate_authority, restricted,
                restriction_reason, about_chief_officer, trigger_death_or_serious_injury,
                trigger_crime_or_misconduct, trigger_article_2_or_3,
                trigger_referral_description, recording_requested, recorded_at,
                recording_reason, created_at, updated_at, version)
            SELECT g, :force, 'B-' || g,
                   CASE WHEN g % 10 = 0 THEN 'conduct_matter' ELSE 'complaint' END,
                   extract(year FROM r)::int, g,
                   CASE WHEN g % 10 = 0 OR g % 3 = 0 THEN 'recorded' ELSE 'logged' END,
                   r, r + time '10:00', 'email', 'Bench case', 'bench case', false,
                   'chief_constable', g % 100 = 7,
                   CASE WHEN g % 100 = 7 THEN 'Bench' END, false, false, false, false,
                   false, false,
                   CASE WHEN g % 10 = 0 OR g % 3 = 0 THEN r + time '11:00' END,
                   CASE WHEN g % 10 = 0 OR g % 3 = 0 THEN 'aa_decided' END,
                   now(), now(), 1
            FROM generate_series(1, :n) g,
                 LATERAL (SELECT :today - ((g::bigint * 7919) % :days)::int AS r) received""",
        # Named people: a skewed draw, so a few officers have many cases.
        "the people named": """
            INSERT INTO case_subjects (id, case_id, force_id, subject_id, identity_id)
            SELECT g, g, :force, s, s
            FROM generate_series(1, :n) g,
                 LATERAL (SELECT 1 + floor(power(((g * 2654435761) % 1000003) / 1000003.0, 1.6)
                                 * :subjects)::int AS s) pick""",
        "allegations": """
            INSERT INTO allegations (id, case_id, force_id, case_type, number, category_id,
                description, logged_at)
            SELECT row_number() OVER (), g, c.force_id, c.case_type, k,
                   (SELECT id FROM allegation_categories
                    WHERE active AND NOT legacy ORDER BY id
                    OFFSET ((g * 31 + k * 17) % (SELECT count(*) FROM allegation_categories
                                                 WHERE active AND NOT legacy))
                    LIMIT 1),
                   'Bench allegation', c.logged_at
            FROM generate_series(1, :n) g
            JOIN cases c ON c.id = g
            CROSS JOIN LATERAL generate_series(1, CASE WHEN g % 5 < 3 THEN 2 ELSE 1 END) k""",
        "whom each alleges about": """
            INSERT INTO allegation_subjects (allegation_id, case_subject_id)
            SELECT a.id, a.case_id FROM allegations a""",
    }
    with engine.begin() as connection:
        for label, sql in statements.items():
            with step(f"  {label}"):
                connection.execute(text(sql), params)
        for table in (
            "subjects",
            "subject_identities",
            "cases",
            "case_subjects",
            "allegations",
        ):
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, 'id'), max(id)) FROM " + table),  # noqa: S608 (our own table names)
                {"t": table},
            )
    with (
        engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection,
        step("  analyse"),
    ):
        connection.execute(text("ANALYZE"))


def set_policies(factory, now: dt.datetime) -> None:
    """The four example policies, afresh (and no alerts yet)."""
    admin = Actor(
        None, Role.ADMIN, "Bench", "cli", frozenset({FIRST_FORCE_ID}), frozenset({FIRST_FORCE_ID})
    )
    with factory() as session:
        audit.acting(session, admin, now)
        for model in (PlanAction, Plan, AlertStep, AlertItem, Alert):
            session.execute(delete(model))
        for table in (policy_categories, policy_recipients, Policy.__table__):
            session.execute(delete(table))
        f_codes = session.scalars(
            select(AllegationCategory.id).where(AllegationCategory.code.like("F%"))
        ).all()
        examples = (
            ("3 or more allegations in 12 months", 3, Period.MONTHS, 12, None, ()),
            (
                "2 discriminatory-behaviour allegations in 24 months",
                2,
                Period.MONTHS,
                24,
                None,
                tuple(f_codes),
            ),
            ("Any allegation while on a plan", 1, Period.ON_PLAN, None, None, ()),
            ("Top 1% of officers by allegations this year", 1, Period.THIS_YEAR, None, 1, ()),
        )
        for name, threshold, period, months, top, categories in examples:
            policies.create(
                session,
                admin,
                policies.PolicyData(
                    force_id=FIRST_FORCE_ID,
                    name=name,
                    counts=Counts.ALLEGATIONS,
                    threshold=threshold,
                    period=period,
                    period_months=months,
                    top_percent=top,
                    category_ids=categories,
                    notify_role=Role.APPROPRIATE_AUTHORITY,
                ),
                now,
            )
        session.commit()


def night(factory, label: str, now: dt.datetime) -> float:
    with factory() as session:
        started = time.perf_counter()
        result = scan.nightly(session, Actor.system("bench"), now)
        session.commit()
        seconds = time.perf_counter() - started
    verdict = "within" if seconds < TARGET_SECONDS else "OVER"
    print(
        f"{label}: {seconds:.1f} s ({verdict} the {TARGET_SECONDS} s target): "
        f"{len(result.raised):,} alerts raised, {result.added:,} allegations added to alerts"
    )
    return seconds


def a_days_intake(engine, today: dt.date, count: int = 200) -> None:
    """A day's new cases, one allegation each, about the most complained-about officers."""
    with engine.begin() as connection:
        top = connection.execute(text("SELECT max(id) FROM cases")).scalar()
        bounds = {"force": FIRST_FORCE_ID, "today": today, "first": top + 1, "last": top + count}
        for sql in (
            """INSERT INTO cases (id, force_id, reference, case_type, year, number, state,
                   received_on, logged_at, channel, summary, search_summary,
                   direction_and_control, appropriate_authority, restricted,
                   about_chief_officer, trigger_death_or_serious_injury,
                   trigger_crime_or_misconduct, trigger_article_2_or_3,
                   trigger_referral_description, recording_requested, created_at,
                   updated_at, version)
               SELECT g, :force, 'B-' || g, 'complaint', extract(year FROM :today)::int, g,
                      'logged', :today, now(), 'email', 'Bench case', 'bench case', false,
                      'chief_constable', false, false, false, false, false, false, false,
                      now(), now(), 1
               FROM generate_series(CAST(:first AS int), CAST(:last AS int)) g""",
            """INSERT INTO case_subjects (id, case_id, force_id, subject_id, identity_id)
               SELECT g, g, :force, 1 + g % 50, 1 + g % 50
               FROM generate_series(CAST(:first AS int), CAST(:last AS int)) g""",
            """INSERT INTO allegations (id, case_id, force_id, case_type, number, category_id,
                   description, logged_at)
               SELECT g + 10000000, g, :force, 'complaint', 1,
                      (SELECT id FROM allegation_categories WHERE code = 'H1'), 'Bench', now()
               FROM generate_series(CAST(:first AS int), CAST(:last AS int)) g""",
            """INSERT INTO allegation_subjects (allegation_id, case_subject_id)
               SELECT g + 10000000, g
               FROM generate_series(CAST(:first AS int), CAST(:last AS int)) g""",
        ):
            connection.execute(text(sql), bounds)


def main() -> None:
    args = arguments()
    engine = make_engine(args.database_url)
    if engine.dialect.name != "postgresql":
        sys.exit("The scan is timed on PostgreSQL: give a postgresql+psycopg:// URL.")
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    upgrade(engine)
    factory = make_session_factory(engine)
    audit.install(factory)
    with factory() as session:
        held = session.scalar(select(func.count(Case.id)))
    if held >= args.cases and not args.rebuild:
        print(f"Reusing the {held:,} cases in the database")
    else:
        with step(f"Building {args.cases:,} cases over {args.subjects:,} people") as built:
            print()
            build(engine, args.cases, args.subjects, today)
        print(f"Built in {built.seconds:.0f} s")
    with factory() as session:
        allegations = session.scalar(text("SELECT count(*) FROM allegations"))
        cases = session.scalar(select(func.count(Case.id)))
    print(f"{cases:,} cases, {allegations:,} allegations ({allegations / cases:.2f} a case)")
    set_policies(factory, now)
    times = [night(factory, "First night (every officer over a threshold)", now)]
    times.append(night(factory, "A quiet night (nothing new)", now))
    a_days_intake(engine, today)
    times.append(night(factory, "A night after 200 new cases", now))
    print(f"Slowest night: {max(times):.1f} s (target under {TARGET_SECONDS} s)")
    engine.dispose()


if __name__ == "__main__":
    main()
