"""Does the service keep up at national scale? 1,000,000 cases over 43 forces, timed.

Builds (or, with --keep, reuses) a national dataset on PostgreSQL with COPY
(``bench/scale_dataset.py``), serves the app with gunicorn (two workers) as production
would, signs in through the sign-in form as one force's handler, appropriate authority,
OPCC oversight and board member, and times the pages each uses most, printing median
and 95th percentile beside the target for the 95th. Then measures throughput with
``wrk`` of the case list and a case page against a bare Flask "hello" app served the
same way in the same run, as a share of it, with the CPU time a request costs in the
app's workers and in PostgreSQL (which a rate, on a machine of unknown speed, hides).
Not a test: run it by hand, with nothing
else heavy running (the machine has two cores).

    .venv/bin/python bench/scale.py                        # build 1,000,000 cases, then time
    .venv/bin/python bench/scale.py --keep                 # reuse the dataset built before
    .venv/bin/python bench/scale.py --keep --pages decisions,"start page" --wrk-seconds 0
    .venv/bin/python bench/scale.py --cases 20000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/complaints_scale_small

The app connects as an ordinary role (``complaints_app``), as production does, so
row-level security applies to every statement; ``bench/scale_explain.py PAGE --rls``
shows a page's plans as such a role's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import scale_dataset, scale_http
from complaints.auth.roles import Role
from complaints.db import make_engine
from complaints.demo.seed import DEMO_PASSWORD
from complaints.migrations import upgrade

DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/complaints_scale"
PORT = 8765
CASE_PAGES = 20  # different cases the case page is timed on, in turn
H, AA, OVERSIGHT, BOARD = (
    Role.HANDLER,
    Role.APPROPRIATE_AUTHORITY,
    Role.OPCC_OVERSIGHT,
    Role.BOARD_MEMBER,
)
CASE_PAGE_SHARE, CASE_LIST_SHARE = 0.10, 0.05  # of hello's requests per second


@dataclass(frozen=True)
class Page:
    label: str
    role: Role
    paths: tuple[str, ...]
    target_ms: float


@dataclass(frozen=True)
class Force:
    """The force whose people are signed in, and what its pages are timed on."""

    id: int
    code: str
    name: str
    cases: int
    emails: dict[Role, str]
    case_ids: list[int]
    surname: str


def main() -> None:
    args = arguments()
    dataset(args)
    busy = scale_http.cpu_busy()
    if busy is not None and busy > 0.1:
        print(f"Note: the CPUs are {busy:.0%} busy before timing: something else is running")
    force = choose_force(args.database_url, args.force, args.seed)
    pages = chosen(plan(force), args.pages)
    throughput = args.wrk_seconds > 0
    with scale_http.scratch_folder() as folder:
        app_url = scale_dataset.as_application_role(args.database_url)
        env = scale_http.app_environment(app_url, folder)
        with scale_http.serve("wsgi:app", args.port, env) as base:  # as production
            clients = sign_in(force, args.port, {page.role for page in pages} | {H})
            timings = {page: time_page(clients[page.role], page, args) for page in pages}
            cookie = clients[H].cookie_header
            case_path = f"/cases/{force.case_ids[0]}"
            if throughput:
                list_rate = scale_http.wrk(f"{base}/cases/", cookie, args.wrk_seconds, args.wrk_c)
                case_rate = scale_http.wrk(
                    f"{base}{case_path}", cookie, args.wrk_seconds, args.wrk_c
                )
    if not throughput:
        report(force, args, timings, None, None, None, case_path)
        return
    with scale_http.serve("bench.hello_app:app", args.port + 1) as base:
        hello = scale_http.wrk(f"{base}/", None, args.wrk_seconds, args.wrk_c)
    report(force, args, timings, hello, list_rate, case_rate, case_path)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--forces", type=int, default=43)
    parser.add_argument("--database-url", default=DATABASE_URL, help="its schema is reset")
    parser.add_argument("--keep", action="store_true", help="reuse a dataset of this size")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds per page before stopping early"
    )
    parser.add_argument("--force", help="the code of the force to sign in to (the largest)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--wrk-seconds", type=int, default=10, help="0 leaves the throughput out")
    parser.add_argument(
        "--port", type=int, default=PORT, help="the app's port (hello's is the next one)"
    )
    parser.add_argument(
        "--pages",
        help="time only the pages whose label contains one of these comma-separated words",
    )
    parser.add_argument("--wrk-c", type=int, default=16, help="wrk's connections")
    return parser.parse_args()


def dataset(args: argparse.Namespace) -> None:
    """The dataset: reused with --keep when it has these cases and forces, else built."""
    scale_dataset.ensure_database(args.database_url)
    info = scale_dataset.conninfo(make_url(args.database_url))
    with psycopg.connect(info, autocommit=True) as connection:
        held = _held(connection)
    if args.keep and held == (args.cases, args.forces):
        print(f"Reusing the dataset of {args.cases:,} cases in {args.forces} forces")
        _upgrade(args.database_url)  # the app may have gained a migration since
        with psycopg.connect(info, autocommit=True) as connection:
            _print_rows(scale_dataset.count_rows(connection))
        return
    with tqdm(total=args.cases, unit="case", desc="Building", mininterval=2) as bar:
        built = scale_dataset.build(
            args.database_url,
            args.cases,
            years=args.years,
            forces=args.forces,
            today=args.today,
            seed=args.seed,
            progress=bar.update,
        )
    sizes = sorted(count for _, count in built.forces)
    print(
        f"Built {args.cases:,} cases over {args.years} years in {args.forces} forces "
        f"(largest {sizes[-1]:,} cases, smallest {sizes[0]:,}) in {built.seconds:.0f} s: "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in built.phases.items())
    )
    _print_rows(built.rows)


def _upgrade(url: str) -> None:
    """Bring a kept dataset's schema up to the code's, as a deployment would."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            before = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        upgrade(engine)
        with engine.connect() as connection:
            after = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        if after != before:
            print(f"  upgraded its schema from revision {before} to {after}")
    finally:
        engine.dispose()


def _held(connection: psycopg.Connection) -> tuple[int, int] | None:
    exists = connection.execute("SELECT to_regclass('public.cases') IS NOT NULL").fetchone()[0]
    if not exists:
        return None
    return connection.execute(
        "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM forces)"
    ).fetchone()


def _print_rows(rows: dict[str, int]) -> None:
    print(f"{sum(rows.values()):,} rows:")
    for name, count in rows.items():
        print(f"  {name:<24}{count:>12,}")


def choose_force(url: str, code: str | None, seed: int) -> Force:
    """The force asked for, or the one with most cases; its people, cases and a surname."""
    info = scale_dataset.conninfo(make_url(url))
    with psycopg.connect(info) as c:
        by_size = c.execute(
            "SELECT f.id, f.code, f.name, count(c.id) FROM forces f "
            "LEFT JOIN cases c ON c.force_id = f.id GROUP BY f.id ORDER BY 4 DESC, f.id"
        ).fetchall()
        chosen = next((row for row in by_size if code is None or row[1] == code.upper()), None)
        if chosen is None:
            raise SystemExit(f"No force has the code {code}")
        force_id = chosen[0]
        emails = {}
        for role in (H, AA, OVERSIGHT, BOARD):
            emails[role] = c.execute(
                "SELECT u.email FROM users u JOIN force_memberships m ON m.user_id = u.id "
                "WHERE m.force_id = %s AND u.role = %s AND u.active ORDER BY u.id LIMIT 1",
                (force_id, role.value),
            ).fetchone()[0]
        ids = [
            row[0]
            for row in c.execute(
                "SELECT id FROM cases WHERE force_id = %s AND NOT restricted ORDER BY id",
                (force_id,),
            )
        ]
        surname = c.execute(
            "SELECT family_name FROM complainants p JOIN cases c ON c.id = p.case_id "
            "WHERE c.force_id = %s GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
            (force_id,),
        ).fetchone()[0]
    case_ids = random.Random(seed).sample(ids, min(CASE_PAGES, len(ids)))
    return Force(force_id, chosen[1], chosen[2], chosen[3], emails, case_ids, surname)


def plan(force: Force) -> list[Page]:
    """The pages timed, whose they are, and the target for the 95th percentile (ms)."""
    cases = tuple(f"/cases/{case_id}" for case_id in force.case_ids)
    return [
        Page("case page", H, cases, 25),
        Page("case list, first page", H, ("/cases/",), 50),
        Page(f"case list, search '{force.surname}'", H, (f"/cases/?q={force.surname}",), 150),
        Page("case list, by next deadline", H, ("/cases/?sort=deadline&order=asc",), 50),
        Page("team queue", H, ("/queues/team",), 50),
        Page("due soon", H, ("/queues/due",), 50),
        Page("decisions waiting", AA, ("/queues/decisions",), 50),
        Page("AA start page", AA, ("/",), 50),
        Page("dashboard", BOARD, ("/reports/dashboard",), 300),
        Page("oversight dashboard", OVERSIGHT, ("/reports/oversight",), 300),
    ]


def chosen(pages: list[Page], wanted: str | None) -> list[Page]:
    """The pages ``--pages`` names (any part of their label), or all of them."""
    if not wanted:
        return pages
    words = [word.strip().lower() for word in wanted.split(",") if word.strip()]
    found = [page for page in pages if any(word in page.label.lower() for word in words)]
    if not found:
        raise SystemExit(f"No page's label contains any of: {wanted}")
    return found


def sign_in(force: Force, port: int, roles: set[Role]) -> dict[Role, scale_http.Client]:
    clients = {}
    for role, email in force.emails.items():
        if role not in roles:
            continue
        client = scale_http.Client(port)
        client.sign_in(email, DEMO_PASSWORD)
        clients[role] = client
    return clients


def time_page(
    client: scale_http.Client, page: Page, args: argparse.Namespace
) -> tuple[float, list[float]]:
    started = time.perf_counter()
    first, timings = client.time(list(page.paths), args.repeat, args.budget)
    print(f"  timed {page.label} ({len(timings)} requests, {time.perf_counter() - started:.0f} s)")
    return first, timings


def report(
    force: Force,
    args: argparse.Namespace,
    timings: dict[Page, tuple[float, list[float]]],
    hello: scale_http.Throughput | None,
    case_list: scale_http.Throughput | None,
    case_page: scale_http.Throughput | None,
    case_path: str,
) -> None:
    print()
    print(
        f"{force.name} ({force.code}): {force.cases:,} of {args.cases:,} cases in "
        f"{args.forces} forces; signed in over HTTP, gunicorn -w {scale_http.WORKERS}"
    )
    print(
        f"{'page':<40}{'role':<23}{'requests':>9}{'first ms':>10}{'median ms':>11}"
        f"{'p95 ms':>9}{'target p95':>12}"
    )
    for page, (first, values) in timings.items():
        p95 = scale_http.percentile(values, 0.95)
        verdict = "ok" if p95 <= page.target_ms else "MISSED"
        print(
            f"{page.label:<40}{page.role.value:<23}{len(values):>9}{first:>10.0f}"
            f"{scale_http.median(values):>11.1f}{p95:>9.1f}{page.target_ms:>12.0f}  {verdict}"
        )
    print(
        f"first: {scale_http.WORKERS} requests at once, one per worker, each its first of "
        "the page (the slower is shown);\nmedian and p95: the requests after those."
    )
    if hello is None or case_list is None or case_page is None:
        return
    print()
    print(f"Throughput: wrk -c{args.wrk_c} -d{args.wrk_seconds}s, signed in as the handler")
    print(f"  {'hello (bare Flask)':<28}{hello.requests_per_second:>9.1f} req/s")
    for label, rate, target in (
        ("case list /cases/", case_list, CASE_LIST_SHARE),
        (f"case page {case_path}", case_page, CASE_PAGE_SHARE),
    ):
        share = rate.requests_per_second / hello.requests_per_second
        verdict = "ok" if share >= target else "MISSED"
        errors = f"  ({rate.errors} errors!)" if rate.errors else ""
        print(
            f"  {label:<28}{rate.requests_per_second:>9.1f} req/s  {share:>6.1%} of hello "
            f"(target >= {target:.0%})  {verdict}{errors}"
        )
    if hello.errors:
        print(f"  (hello had {hello.errors} errors)")
    if case_page.app_cpu_ms is None:
        return
    print("CPU time a request (ms): in gunicorn's workers (Python), in PostgreSQL")
    for label, rate in (
        ("hello (bare Flask)", hello),
        ("case list", case_list),
        ("case page", case_page),
    ):
        print(f"  {label:<28}{rate.app_cpu_ms:>9.2f}{rate.database_cpu_ms:>9.2f}")


if __name__ == "__main__":
    main()
