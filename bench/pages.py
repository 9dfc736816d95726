"""How fast do the busiest pages answer on a force-sized dataset?

Builds the demo force (2,000 cases by default) in a fresh database, then signs in as
a handler and an appropriate authority and times the case list (plain, filtered,
sorted, paged), the start pages and the case pages. Prints median and 95th-percentile
times per page beside the target for the 95th (50 ms). Not a test: run it by hand.

    .venv/bin/python bench/pages.py                       # SQLite in a temporary folder
    .venv/bin/python bench/pages.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench

``--bulk 50000`` times the same pages on a larger force instead: that many cases over
three years written straight into the tables (``bench/bulk_dataset.py``, as
``bench/report.py`` builds them, in about a minute), with accounts that sign in with the
demo password and the demo authenticator's codes. ``--sqlite-path`` keeps that SQLite
file, and ``--keep`` reuses it next time.

    .venv/bin/python bench/pages.py --bulk 50000 --sqlite-path /tmp/pages-50000.sqlite3 --keep
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, func, insert, inspect, select, text
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bulk_dataset
from complaints import create_app
from complaints.auth import two_factor
from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.auth.services import hash_password
from complaints.cases.models import Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import utcnow
from complaints.db import make_engine, make_session_factory, refresh_statistics
from complaints.demo.seed import DEMO_PASSWORD, seed
from complaints.demo.tuning import DEMO_TOTP_SECRET
from complaints.forces.models import FIRST_FORCE_ID
from complaints.migrations import upgrade
from complaints.sessions import watch

TARGET_P95_MS = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (its public schema is reset)")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--bulk", type=int, help="this many cases by bulk_dataset, not the demo")
    parser.add_argument("--sqlite-path", help="the SQLite file (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="reuse --sqlite-path's --bulk data")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.sqlite_path) if args.sqlite_path else Path(folder) / "bench.sqlite3"
        url = args.database_url or f"sqlite:///{path}"
        engine = make_engine(url)
        factory = make_session_factory(engine)
        watch(factory)
        if args.bulk:
            domain = bulk(engine, path if not args.database_url else None, args)
        else:
            demo(engine, factory, args.cases)
            domain = "@demo.example"
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
                for u in session.scalars(
                    select(User).where(User.email.endswith(domain)).order_by(User.id.desc())
                )
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
        print(f"{'page':<58} {'median ms':>10} {'p95 ms':>8} {'target':>7}")
        for role, urls in pages.items():
            client = app.test_client()
            sign_in(client, emails[role])
            for url in urls:
                timings = []
                for _ in range(args.repeat):
                    begin = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - begin) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                timings.sort()
                p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
                verdict = "" if p95 < TARGET_P95_MS else "  missed"
                print(
                    f"{role + ' ' + url:<58} {statistics.median(timings):>10.1f} {p95:>8.1f}"
                    f" {TARGET_P95_MS:>5} ms{verdict}"
                )
        engine.dispose()


def demo(engine: Engine, factory, cases: int) -> None:
    """The demo force, made through the services, in a new database."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    started = time.perf_counter()
    with factory() as session:
        audit.act_as(session, Actor.system("bench"))
        seed(session, today=dt.date.today(), cases=cases)
        session.commit()
    print(
        f"{engine.dialect.name}: demo data with {cases} cases built in "
        f"{time.perf_counter() - started:.1f} s"
    )


def bulk(engine: Engine, path: Path | None, args: argparse.Namespace) -> str:
    """``args.bulk`` cases of one force written straight into the tables (reused with
    --keep), its people members of it; returns the domain of their email addresses."""
    if args.keep and inspect(engine).has_table("cases"):
        with engine.connect() as connection:
            held = connection.scalar(select(func.count()).select_from(Case))
        if held == args.bulk:
            print(f"{engine.dialect.name}: reusing {held:,} cases")
            upgrade(engine)
            with engine.begin() as connection:
                refresh_statistics(connection)
            return "@bench.example"
    if path is not None:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    force = bulk_dataset.ForceSpec(
        password_hash=hash_password(DEMO_PASSWORD), totp_secret=DEMO_TOTP_SECRET
    )
    started = time.perf_counter()
    with tqdm(total=args.bulk, unit="case", desc="dataset") as bar:
        bulk_dataset.build(
            engine, args.bulk, today=dt.date.today(), progress=bar.update, force=force
        )
    users = bulk_dataset.table("users")
    with engine.begin() as connection:
        people = connection.execute(select(users.c.id, users.c.role)).all()
        connection.execute(
            insert(bulk_dataset.table("force_memberships")),
            [
                {
                    "user_id": uid,
                    "force_id": FIRST_FORCE_ID,
                    "decides": role == Role.APPROPRIATE_AUTHORITY,
                }
                for uid, role in people
            ],
        )
        # As ``flask db upgrade``, the import and ``flask db analyze`` give an installation.
        refresh_statistics(connection)
    print(
        f"{engine.dialect.name}: {args.bulk:,} cases built in {time.perf_counter() - started:.1f} s"
    )
    return "@bench.example"


def sign_in(client, email: str) -> None:
    """The password, then the authenticator's current code, as every account must."""
    client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
    code = two_factor.current_code(DEMO_TOTP_SECRET, utcnow())
    client.post("/sign-in/two-factor", data={"code": code})
    status = client.get("/").status_code
    if status != 200:
        raise RuntimeError(f"signing in as {email}: the start page answered {status}")


if __name__ == "__main__":
    main()
