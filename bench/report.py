"""How long does the monthly board report take on a large force's data?

Builds 50,000 cases over three years (``bench/bulk_dataset.py``) in a SQLite file in
/tmp and in a PostgreSQL database, then times, for the last complete month, the measures
(``monthly_pack``), the PDF (one version) and the whole report (the measures plus the
circulated version, and plus both versions). Each figure is the median of five runs after
one warm-up, each run in a new session. Not a test: run it by hand. The target is under
2 seconds on SQLite for 50,000 cases.

    .venv/bin/python bench/report.py                          # both databases, 50,000 cases
    .venv/bin/python bench/report.py --database sqlite --keep # reuse the dataset built before
    .venv/bin/python bench/report.py --cases 5000 --profile   # where the time goes

Does the report's time grow with the history stored? ``--years-compare 2,10`` builds one
dataset for each number of years with the same cases a year (``--cases-per-year``,
default 30,000), each in its own database (PostgreSQL: the ``--postgresql-url``
database's name with ``_2y``, ``_10y`` added, created when missing; SQLite: a file per
size), and times the measures of the same last complete month on each. It prints each
time, their ratio (target: at most 1.2), and beside each the time of the pack's SQL
alone: every statement the pack ran, caught as SQLAlchemy sends it, replayed through
the driver's cursor with its parameters, rows fetched (target: the pack at most 1.3
times that).

    .venv/bin/python bench/report.py --database postgresql --years-compare 2,10 \\
        --postgresql-url postgresql+psycopg://postgres@127.0.0.1:5432/complaints_bench
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import inspect
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import event, func, select, text
from sqlalchemy import inspect as schema
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bulk_dataset
from complaints import config
from complaints.common.actor import Actor
from complaints.db import make_engine, make_session_factory
from complaints.forces.models import FIRST_FORCE_ID
from complaints.migrations import upgrade
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import MonthlyPack, ReportSettings
from complaints.sessions import watch

POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/complaints_bench"
TARGET_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--keep", action="store_true", help="reuse a dataset of this size")
    parser.add_argument("--sqlite-path", help="default: /tmp/complaints-bench-<cases>.sqlite3")
    parser.add_argument("--postgresql-url", default=POSTGRESQL_URL, help="its schema is reset")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs after one warm-up")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--profile", action="store_true", help="profile one pack per database")
    parser.add_argument("--years", type=int, default=bulk_dataset.YEARS, help="of history")
    parser.add_argument(
        "--years-compare",
        type=lambda text: [int(n) for n in text.split(",")],
        help="e.g. 2,10: the pack on that many years of the same yearly volume, compared",
    )
    parser.add_argument("--cases-per-year", type=int, default=30_000)
    parser.add_argument(
        "--sql",
        action="append",
        default=[],
        help="a statement run on the dataset before timing (e.g. a CREATE INDEX to try)",
    )
    args = parser.parse_args()

    # The first force as the migration makes it from the default settings.
    first_force = SimpleNamespace(
        id=FIRST_FORCE_ID,
        name=config.FORCE_NAME,
        report_targets=config.REPORT_TARGETS,
        national_comparators=config.REPORT_NATIONAL_COMPARATORS,
    )
    settings = ReportSettings.for_forces(
        [first_force], {name: getattr(config, name) for name in dir(config) if name.isupper()}
    )
    month = (args.today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    render = pdf_renderer()
    urls = []
    if args.database in ("sqlite", "both"):
        default = f"/tmp/complaints-bench-{args.cases}.sqlite3"  # noqa: S108 (a scratch file)
        path = Path(args.sqlite_path or default)
        urls.append(("SQLite", f"sqlite:///{path}", path))
    if args.database in ("postgresql", "both"):
        urls.append(("PostgreSQL", args.postgresql_url, None))

    if args.years_compare:
        compare(urls, month, settings, args)
        return

    results = []
    for label, url, path in urls:
        engine = dataset(label, url, path, args, args.cases, args.years)
        for statement in args.sql:
            with engine.begin() as connection:
                connection.exec_driver_sql(statement)
        factory = make_session_factory(engine)
        watch(factory)
        try:
            timings = measure(factory, month, settings, render, args.today, args.repeat)
            timings["generate"] = time_generation(factory, month, settings, args.repeat)
        except Exception as error:  # a report that fails is a result too: say so, go on
            print(f"{label}: the report failed: {type(error).__name__}: {error}")
            engine.dispose()
            continue
        results.append((label, timings))
        if args.profile:
            profile(factory, month, settings, label)
        engine.dispose()

    print()
    print(f"Monthly report for {month:%B %Y}, {args.cases:,} cases; median of {args.repeat} runs")
    print(
        f"{'':<12}{'pack':>8}{'PDF':>8}{'pack+PDF':>10}{'(CPU)':>8}{'pack+2 PDFs':>13}"
        f"{'generate':>10}{'pages':>7}"
    )
    for label, t in results:
        generate = f"{t['generate']:>9.2f}s" if t["generate"] is not None else f"{'n/a':>10}"
        print(
            f"{label:<12}{t['pack']:>7.2f}s{t['pdf']:>7.2f}s{t['single']:>9.2f}s"
            f"{t['cpu']:>7.2f}s{t['both']:>12.2f}s{generate}{t['pages']:>7}"
        )
    print(
        "pack: monthly_pack; PDF: one version; pack+PDF: both in one go; (CPU): this "
        "process's CPU time for pack+PDF (SQLite runs in it; PostgreSQL's server does not); "
        "pack+2 PDFs: the circulated and the full version; generate: generate_monthly "
        "(pack, both PDFs stored and recorded), rolled back."
    )
    sqlite = dict(results).get("SQLite")
    if sqlite is not None:
        verdict = "meets" if sqlite["single"] < TARGET_SECONDS else "misses"
        print(f"SQLite {verdict} the {TARGET_SECONDS:.0f}-second target (pack + one PDF).")


def dataset(
    label: str, url: str, path: Path | None, args: argparse.Namespace, cases: int, years: int
) -> Engine:
    """A database holding ``cases`` cases over ``years`` years: reused with --keep,
    otherwise built anew."""
    if path is not None and not args.keep and path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = make_engine(url)
    if args.keep and _cases_in(engine) == cases:
        print(f"{label}: reusing the dataset of {cases:,} cases, its schema upgraded")
        upgrade(engine)
        bulk_dataset.settle(engine)
        return engine
    started = time.perf_counter()
    with tqdm(total=cases, unit="case", desc=f"{label} dataset") as bar:
        rows = bulk_dataset.build(
            engine, cases, today=args.today, seed=args.seed, progress=bar.update, years=years
        )
    print(
        f"{label}: {sum(rows.values()):,} rows built in {time.perf_counter() - started:.1f} s ("
        + ", ".join(f"{name} {count:,}" for name, count in rows.items() if count)
        + ")"
    )
    return engine


# Does the time grow with history? ----------------------------------------------------------

YEARS_RATIO_TARGET = 1.2  # the pack on the longest history over the pack on the shortest
SQL_RATIO_TARGET = 1.3  # the pack over its SQL replayed alone


def compare(urls, month: dt.date, settings: ReportSettings, args: argparse.Namespace) -> None:
    """The pack of the same month on each length of history, and its SQL alone."""
    for label, url, path in urls:
        timed = []
        for years in args.years_compare:
            cases = args.cases_per_year * years
            where, file = _sized(url, path, years)
            engine = dataset(f"{label} {years}y", where, file, args, cases, years)
            for statement in args.sql:
                with engine.begin() as connection:
                    connection.exec_driver_sql(statement)
            factory = make_session_factory(engine)
            watch(factory)
            pack, sql, count = time_pack_and_sql(factory, month, settings, args.repeat)
            timed.append((years, cases, pack, sql, count))
            engine.dispose()
        print()
        print(
            f"{label}: the measures of {month:%B %Y}, {args.cases_per_year:,} cases a year; "
            f"median of {args.repeat} runs"
        )
        print(f"{'history':<10}{'cases':>10}{'pack':>9}{'its SQL':>9}{'pack/SQL':>10}{'stmts':>7}")
        for years, cases, pack, sql, count in timed:
            print(
                f"{years:>2} years  {cases:>10,}{pack:>8.2f}s{sql:>8.2f}s"
                f"{pack / sql:>9.2f}x{count:>7}"
            )
        short, shortest = timed[0][0], timed[0][2]
        long, longest = timed[-1][0], timed[-1][2]
        worst = max(pack / sql for *_, pack, sql, _ in timed)
        print(
            f"{long} years / {short} years: {longest / shortest:.2f} "
            f"(target at most {YEARS_RATIO_TARGET}); the pack over its SQL at worst "
            f"{worst:.2f}x (target at most {SQL_RATIO_TARGET}x)"
        )


def _sized(url: str, path: Path | None, years: int) -> tuple[str, Path | None]:
    """Where the dataset of ``years`` years lives: its own SQLite file or PostgreSQL
    database (made when missing), so that --keep can reuse each."""
    if path is not None:
        file = path.with_name(f"{path.stem}-{years}y{path.suffix}")
        return f"sqlite:///{file}", file
    parsed = make_url(url)
    name = f"{parsed.database}_{years}y"
    server = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False))
    with server.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if not connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ):
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    server.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False), None


def time_pack_and_sql(
    factory, month: dt.date, settings: ReportSettings, repeat: int
) -> tuple[float, float, int]:
    """The pack's median time, and the median time of its statements replayed raw: each
    as the driver was given it, through one DBAPI cursor, every row fetched."""
    packs = []
    caught: list[tuple[str, object]] = []
    for run in range(repeat + 1):  # the first is a warm-up
        with factory() as session:
            connection = session.connection()
            if run == 0:
                event.listen(connection, "before_cursor_execute", _catch(caught))
            started = time.perf_counter()
            monthly_pack(session, month, settings)
            if run:
                packs.append(time.perf_counter() - started)
    replays = []
    with factory() as session:
        raw = session.connection().connection.dbapi_connection
        cursor = raw.cursor()
        for run in range(repeat + 1):
            started = time.perf_counter()
            for statement, parameters in caught:
                cursor.execute(statement, parameters)
                cursor.fetchall()
            if run:
                replays.append(time.perf_counter() - started)
        cursor.close()
    return statistics.median(packs), statistics.median(replays), len(caught)


def _catch(caught: list[tuple[str, object]]):
    def before(conn, cursor, statement, parameters, context, executemany):
        caught.append((statement, parameters))

    return before


def _cases_in(engine: Engine) -> int | None:
    if not schema(engine).has_table("cases"):
        return None
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(bulk_dataset.table("cases")))


Renderer = Callable[[MonthlyPack, bool, int, dt.date], bytes]


def pdf_renderer() -> Renderer | None:
    """The PDF renderer, called with whichever of its keyword arguments it takes."""
    try:
        from complaints.reports import pdf
    except ImportError:
        return None
    function = getattr(pdf, "render", None)
    if function is None:
        return None
    accepted = inspect.signature(function).parameters

    def render(pack: MonthlyPack, circulated: bool, threshold: int, today: dt.date) -> bytes:
        options = {"circulated": circulated, "threshold": threshold, "generated_on": today}
        return function(pack, **{k: v for k, v in options.items() if k in accepted})

    return render


def measure(factory, month, settings, render, today, repeat: int) -> dict:
    runs: dict[str, list[float]] = {"pack": [], "pdf": [], "single": [], "both": [], "cpu": []}
    for run in range(repeat + 1):  # the first is a warm-up
        with factory() as session:
            cpu = time.process_time()
            started = time.perf_counter()
            pack = monthly_pack(session, month, settings)
            packed = time.perf_counter()
        circulated = full = b""
        if render is not None:
            circulated = render(pack, True, settings.threshold, today)
            rendered = time.perf_counter()
            cpu = time.process_time() - cpu
            full = render(pack, False, settings.threshold, today)
            both = time.perf_counter()
        else:
            rendered = both = packed
            cpu = time.process_time() - cpu
        if run:
            runs["cpu"].append(cpu)
            runs["pack"].append(packed - started)
            runs["pdf"].append(rendered - packed)
            runs["single"].append(rendered - started)
            runs["both"].append(both - started)
        del full
    result = {name: statistics.median(values) for name, values in runs.items()}
    result["pages"] = _page_count(circulated) if circulated else 0
    return result


def time_generation(factory, month, settings, repeat: int) -> float | None:
    """``generate_monthly`` as the page calls it: the pack, both PDFs, stored and audited."""
    try:
        from complaints.reports.generation import generate_monthly
    except ImportError:
        return None
    now = dt.datetime.now(dt.UTC)
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(repeat + 1):
            with factory() as session:
                started = time.perf_counter()
                generate_monthly(session, Actor.system("bench"), month, now, settings, folder)
                if run:
                    runs.append(time.perf_counter() - started)
                session.rollback()
    return statistics.median(runs)


def _page_count(pdf_bytes: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return 0
    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


def profile(factory, month, settings, label: str) -> None:
    """The pack's slowest functions and statements, by cumulative time."""
    profiler = cProfile.Profile()
    with factory() as session:
        _time_statements(session)
        profiler.enable()
        monthly_pack(session, month, settings)
        profiler.disable()
        slow = sorted(session.info.get("statements", []), reverse=True)[:12]
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"complaints[/\\]reports", 25)
    print(f"\n--- {label}: the pack's functions by cumulative time ---")
    print(out.getvalue())
    print(f"--- {label}: the slowest statements ---")
    for seconds, statement in slow:
        print(f"{seconds * 1000:8.1f} ms  {' '.join(statement.split())[:300]}")


def _time_statements(session: Session) -> None:
    from sqlalchemy import event

    connection = session.connection()
    found: list[tuple[float, str]] = session.info.setdefault("statements", [])

    @event.listens_for(connection, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    @event.listens_for(connection, "after_cursor_execute")
    def after(conn, cursor, statement, parameters, context, executemany):
        found.append((time.perf_counter() - conn.info["started"], statement))


if __name__ == "__main__":
    main()
