"""How fast do the busiest pages answer on a force-sized dataset?

Builds the demo force (2,000 cases by default) in a fresh database, then signs in as
a handler and an appropriate authority and times the case list (plain, filtered,
sorted, paged), the start pages and the case pages. Prints median and 95th-percentile
times per page. Not a test: run it by hand.

    .venv/bin/python bench/pages.py                       # SQLite in a temporary folder
    .venv/bin/python bench/pages.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, text

from complaints import create_app
from complaints.auth.models import User
from complaints.cases.models import Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.db import make_engine, make_session_factory
from complaints.demo.seed import DEMO_PASSWORD, seed
from complaints.migrations import upgrade
from complaints.sessions import watch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (its public schema is reset)")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30, help="requests per page")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        engine = make_engine(url)
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade(engine)
        factory = make_session_factory(engine)
        watch(factory)
        started = time.perf_counter()
        with factory() as session:
            audit.act_as(session, Actor.system("bench"))
            seed(session, today=dt.date.today(), cases=args.cases)
            session.commit()
        print(
            f"{engine.dialect.name}: demo data with {args.cases} cases built in "
            f"{time.perf_counter() - started:.1f} s"
        )

        app = create_app(
            {
                "ENV": "bench",
                "SECRET_KEY": "bench",
                "DATABASE_URL": url,
                "ENGINE": engine,
                "SESSION_FACTORY": factory,
                "WTF_CSRF_ENABLED": False,
                "FILES_DIR": folder,
            }
        )
        with factory() as session:
            case_id = session.scalar(
                select(Case.id).where(Case.restricted.is_(False)).order_by(Case.id.desc())
            )
            emails = {
                u.role.value: u.email
                for u in session.scalars(select(User).where(User.email.endswith("@demo.example")))
            }
        pages = {
            "handler": [
                "/",
                "/cases/",
                "/cases/?state=logged&state=recorded",
                "/cases/?q=officer&sort=reference&order=asc",
                "/cases/?page=40",
                f"/cases/{case_id}",
                f"/cases/{case_id}/people",
                f"/cases/{case_id}/timeline",
                f"/cases/{case_id}/correspondence",
                "/queues/team",
                "/queues/due?who=all",
            ],
            "appropriate_authority": [
                "/",
                "/cases/?received_from=1/1/2026",
                "/cases/?sort=deadline&order=asc",
                "/queues/decisions",
            ],
        }
        print(f"{'page':<58} {'median ms':>10} {'p95 ms':>8}")
        for role, urls in pages.items():
            client = app.test_client()
            client.post("/sign-in", data={"email": emails[role], "password": DEMO_PASSWORD})
            for url in urls:
                timings = []
                for _ in range(args.repeat):
                    begin = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - begin) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                timings.sort()
                p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
                print(f"{role + ' ' + url:<58} {statistics.median(timings):>10.1f} {p95:>8.1f}")
        engine.dispose()


if __name__ == "__main__":
    main()
