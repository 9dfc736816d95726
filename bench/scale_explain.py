"""Where does a page's time go on the national dataset? Its statements, slowest first,
each with PostgreSQL's plan.

Requests the page in this process (Flask's test client, signed in as the first person
of the role in the force), times every statement of the second request (the first warms
the caches), and prints the slowest with ``EXPLAIN (ANALYZE, BUFFERS)``. Run it on the
dataset ``bench/scale.py`` built, when nothing else is running.

With ``--rls`` the plans are taken as production would run the statements: as an
ordinary role, to which row-level security applies (the bench's app connects as the
superuser, which it never limits). The role is created inside a transaction that is
rolled back, so nothing of it outlives the run.

    .venv/bin/python bench/scale_explain.py /cases/ --role handler
    .venv/bin/python bench/scale_explain.py "/cases/?q=Ashcombe" --role handler --rls
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scale import DATABASE_URL
from complaints import create_app
from complaints.auth import two_factor
from complaints.auth.roles import Role
from complaints.common.clock import utcnow
from complaints.demo.seed import DEMO_PASSWORD
from complaints.demo.tuning import DEMO_TOTP_SECRET
from complaints.web import ENGINE

PROBE_ROLE = "complaints_scale_probe"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the page, e.g. /cases/?sort=deadline&order=asc")
    parser.add_argument("--role", default=Role.HANDLER.value, choices=[r.value for r in Role])
    parser.add_argument("--force", default="NOR", help="the force's code")
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--top", type=int, default=3, help="statements explained")
    parser.add_argument("--rls", action="store_true", help="explain as an ordinary role")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "ENV": "bench",
                "SECRET_KEY": "bench",
                "DATABASE_URL": args.database_url,
                "WTF_CSRF_ENABLED": False,
                "FILES_DIR": folder,
            }
        )
        engine = app.extensions[ENGINE]
        with engine.connect() as connection:
            email, force_id = connection.execute(
                text(
                    "SELECT u.email, f.id FROM users u "
                    "JOIN force_memberships m ON m.user_id = u.id "
                    "JOIN forces f ON f.id = m.force_id "
                    "WHERE f.code = :code AND u.role = :role ORDER BY u.id LIMIT 1"
                ),
                {"code": args.force.upper(), "role": args.role},
            ).one()
        client = app.test_client()
        client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
        code = two_factor.current_code(DEMO_TOTP_SECRET, utcnow())
        client.post("/sign-in/two-factor", data={"code": code})
        client.get(args.path)  # warm-up
        statements = record(engine, lambda: client.get(args.path))
        total = sum(seconds for seconds, _, _ in statements)
        print(f"{args.path} as {email}: {len(statements)} statements, {total * 1000:.1f} ms in SQL")
        for seconds, statement, _ in sorted(statements, key=lambda s: -s[0])[:12]:
            print(f"{seconds * 1000:8.1f} ms  {' '.join(statement.split())[:160]}")
        # Only reads are explained: EXPLAIN ANALYZE would run a write (the probe role may
        # not write the audit trail or take its ids, and nothing here should).
        reads = [
            s
            for s in statements
            if s[1].lstrip().upper().startswith("SELECT") and "nextval(" not in s[1]
        ]
        for _seconds, statement, parameters in sorted(reads, key=lambda s: -s[0])[: args.top]:
            print("\n" + "-" * 100)
            print(" ".join(statement.split()))
            print(explain(engine, statement, parameters, force_id if args.rls else None))


def record(engine, request) -> list[tuple[float, str, object]]:
    """Every statement the request runs: (seconds, SQL, parameters)."""
    found: list[tuple[float, str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        found.append((time.perf_counter() - conn.info["started"], statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        response = request()
        if response.status_code != 200:
            raise SystemExit(f"the page answered {response.status_code}")
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return found


def explain(engine, statement: str, parameters, force_id: int | None) -> str:
    """The plan as run; as an ordinary role seeing ``force_id`` if given (rolled back)."""
    with engine.connect() as connection, connection.begin() as transaction:
        if force_id is not None:
            for statement_ in (
                f"CREATE ROLE {PROBE_ROLE}",
                f"GRANT USAGE ON SCHEMA public TO {PROBE_ROLE}",
                f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {PROBE_ROLE}",
            ):
                connection.exec_driver_sql(statement_)
            connection.exec_driver_sql(f"SET LOCAL ROLE {PROBE_ROLE}")
            connection.execute(
                text("SELECT set_config('complaints.forces', :forces, true)"),
                {"forces": str(force_id)},
            )
        rows = connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
        ).all()
        transaction.rollback()
    return "\n".join(row[0] for row in rows)


if __name__ == "__main__":
    main()
