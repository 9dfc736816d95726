"""Where does one request of a page spend its time, outside and inside the database?

Requests the page in this process (Flask's test client) as the first person of the role
in the force, connected as the ordinary role production uses (row-level security
applies, ``scale_dataset.as_application_role``) and configured as production is
(``scale_http.app_environment``). After a few warm-up requests it times ``--repeat``
more, prints the statements one request sends (with the time spent in SQL), then the
functions that took most of the time under ``cProfile``. Run it on the dataset
``bench/scale.py`` built.

    .venv/bin/python bench/scale_profile.py /cases/123 --database-url …
    .venv/bin/python bench/scale_profile.py "/cases/?sort=deadline&order=asc" --sort tottime
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import scale_dataset, scale_http
from bench.scale import DATABASE_URL
from complaints import create_app
from complaints.auth import two_factor
from complaints.auth.roles import Role
from complaints.common.clock import utcnow
from complaints.demo.seed import DEMO_PASSWORD
from complaints.demo.tuning import DEMO_TOTP_SECRET
from complaints.web import ENGINE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the page, e.g. /cases/?sort=deadline&order=asc")
    parser.add_argument("--role", default=Role.HANDLER.value, choices=[r.value for r in Role])
    parser.add_argument("--force", default="NOR", help="the force's code")
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--repeat", type=int, default=50, help="requests timed and profiled")
    parser.add_argument("--top", type=int, default=30, help="functions listed")
    parser.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"])
    parser.add_argument("--sql", action="store_true", help="print every statement")
    args = parser.parse_args()

    with scale_http.scratch_folder() as folder:
        app_url = scale_dataset.as_application_role(args.database_url)
        environment = scale_http.app_environment(app_url, folder)
        with mock.patch.dict(os.environ, environment):
            app = create_app()
        email = _person(app, args.force, args.role)
        client = app.test_client()
        _sign_in(client, email)
        for _ in range(3):
            _get(client, args.path)
        engine = app.extensions[ENGINE]
        statements, sql_seconds = _statements(engine, lambda: _get(client, args.path))
        print(f"{args.path} as {email}: {len(statements)} statements, {sql_seconds * 1000:.1f} ms")
        for statement in statements if args.sql else ():
            print("   ", " ".join(statement.split())[:200])
        timings = []
        profile = cProfile.Profile()
        for _ in range(args.repeat):
            started = time.perf_counter()
            profile.runcall(_get, client, args.path)
            timings.append((time.perf_counter() - started) * 1000)
        print(
            f"{args.repeat} requests under cProfile: median {statistics.median(timings):.1f} ms "
            f"(profiling slows Python down, not the database)"
        )
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


def _person(app, force: str, role: str) -> str:
    """The first person of the role in the force (read as the superuser the URL names)."""
    from sqlalchemy import create_engine

    engine = create_engine(app.config["DATABASE_URL"].replace("complaints_app@", "postgres@"))
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT u.email FROM users u JOIN force_memberships m ON m.user_id = u.id "
                    "JOIN forces f ON f.id = m.force_id "
                    "WHERE f.code = :code AND u.role = :role AND u.active ORDER BY u.id LIMIT 1"
                ),
                {"code": force.upper(), "role": role},
            ).scalar_one()
    finally:
        engine.dispose()


def _sign_in(client, email: str) -> None:
    """Through the forms, each with its CSRF token, as ``scale_http.Client`` does."""
    for path, form in (
        ("/sign-in", {"email": email, "password": DEMO_PASSWORD}),
        ("/sign-in/two-factor", {"code": two_factor.current_code(DEMO_TOTP_SECRET, utcnow())}),
    ):
        page = client.get(path).get_data(as_text=True)
        found = scale_http.CSRF.search(page)
        token = found.group(1) or found.group(2)
        response = client.post(path, data={"csrf_token": token, **form})
        if response.status_code != 302:
            raise SystemExit(f"POST {path} answered {response.status_code}")


def _get(client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")


def _statements(engine, request) -> tuple[list[str], float]:
    found: list[str] = []
    spent = [0.0]

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        spent[0] += time.perf_counter() - conn.info["started"]
        found.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        request()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return found, spent[0]


if __name__ == "__main__":
    main()
