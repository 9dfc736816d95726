"""Importing a large legacy extract on PostgreSQL, timed: rows imported a second.

Makes a Centurion-style extract (docs/import/centurion.toml) of ``--rows`` rows, one row
an allegation, two allegations a case on average, a mix of finalised, withdrawn and open
cases over 2015 to 2019 naming a few thousand officers; replaces the database's ``public``
schema, brings it to the head revision, then imports the file as ``flask import cases``
does (a dry run's checks, then the bulk writes, in one transaction) and prints rows per
second. Target: at least 2,000 rows a second. Not a test: run it by hand with nothing
else heavy running.

    .venv/bin/python bench/import_rows.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/complaints_bench
    .venv/bin/python bench/import_rows.py --rows 20000 --database-url ...
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from complaints.cases.models import Allegation, Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import utcnow
from complaints.db import make_engine, make_session_factory
from complaints.forces.models import FIRST_FORCE_ID
from complaints.imports import mapping, services
from complaints.migrations import upgrade

TARGET = 2000
# The Centurion mapping's headings, in its order: the order each row below is written in.
HEADINGS = list(mapping.load(mapping.DEFAULT).columns.values())
LEGACY = "ABCDEFGHJKLMNPQRSTUVWXY"
NAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Khan", "Patel")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database to use")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--officers", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def _day(when: dt.date) -> str:
    return f"{when:%d/%m/%Y}"


def extract(rows: int, officers: int, seed: int) -> bytes:
    """The CSV bytes: cases of one to three allegations until ``rows`` rows are written."""
    chance = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADINGS)
    written, number = 0, 0
    start = dt.date(2015, 1, 1)
    while written < rows:
        number += 1
        received = start + dt.timedelta(days=chance.randrange(5 * 365))
        logged = received + dt.timedelta(days=chance.randrange(5))
        contact = logged + dt.timedelta(days=chance.randrange(1, 6))
        kind = chance.random()
        finalised = logged + dt.timedelta(days=chance.randrange(20, 200))
        outside = chance.random() < 0.4
        state = "Closed" if kind < 0.85 else "Withdrawn" if kind < 0.92 else "Recorded"
        recorded = "" if outside and state != "Recorded" else _day(logged)
        handling = "Local Resolution" if outside and state != "Recorded" else "Local Investigation"
        if state == "Recorded":
            handling = ""
        outcome = (
            _day(finalised - dt.timedelta(days=10)) if state == "Closed" and not outside else ""
        )
        notified = _day(finalised - dt.timedelta(days=8)) if outcome else ""
        case = [
            f"CEN/{received.year}/{number:06d}",
            "Public Complaint",
            state,
            "Letter",
            handling,
            _day(received),
            _day(logged),
            _day(contact),
            recorded,
            "",
            outcome,
            notified,
            _day(finalised) if state == "Closed" else "",
            _day(finalised) if state == "Withdrawn" else "",
            _day(received),
            "Complaint about an officer",
            "Mx",
            "Sam",
            chance.choice(NAMES),
            "",
            "",
            "",
        ]
        for _ in range(min(chance.choice((1, 2, 2, 3)), rows - written)):
            result = ""
            if state == "Closed":
                result = "Resolved" if outside else chance.choice(("Upheld", "Not Upheld"))
            collar = str(1000 + chance.randrange(officers))
            writer.writerow(
                [
                    *case,
                    chance.choice(LEGACY),
                    "Allegation",
                    result,
                    "Apology" if result else "",
                    "PC",
                    "Pat",
                    chance.choice(NAMES),
                    "PC",
                    collar,
                    "",
                ]
            )
            written += 1
    return out.getvalue().encode()


def main() -> None:
    args = arguments()
    engine = make_engine(args.database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    factory = make_session_factory(engine)
    audit.install(factory)
    started = time.perf_counter()
    data = extract(args.rows, args.officers, args.seed)
    print(
        f"Extract of {args.rows:,} rows made ({len(data):,} bytes) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    who = Actor.system("bench import")
    file = services.Extract("bench.csv", data, mapping.load(mapping.DEFAULT), FIRST_FORCE_ID)
    with factory() as session:
        audit.act_as(session, who)
        started = time.perf_counter()
        plan = services.check(session, who, file, utcnow())
        checked = time.perf_counter() - started
        outcome = services.run(session, who, file, utcnow(), planned=plan)
        session.commit()
        seconds = time.perf_counter() - started
        cases = session.scalar(select(func.count()).select_from(Case))
        allegations = session.scalar(select(func.count()).select_from(Allegation))
    assert outcome.record is not None and plan.refused == 0, plan.summary()
    rate = args.rows / seconds
    print(f"Checked in {checked:.1f} s, imported in {seconds - checked:.1f} s: {plan.summary()}")
    print(f"{cases:,} cases, {allegations:,} allegations in the database")
    print(
        f"{rate:,.0f} rows a second over {seconds:.1f} s (target {TARGET:,}): "
        + ("met" if rate >= TARGET else "NOT met")
    )


if __name__ == "__main__":
    main()
