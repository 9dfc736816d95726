"""Command line: flask db upgrade|current, flask users create, flask demo seed,
flask reports monthly."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from complaints.auth import services as accounts
from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_today, utcnow
from complaints.db import refresh_statistics
from complaints.web import ENGINE, SESSION_FACTORY

db_cli = AppGroup("db", help="Database schema (Alembic).")
users_cli = AppGroup("users", help="Accounts.")
demo_cli = AppGroup("demo", help="Demonstration data.")
reports_cli = AppGroup("reports", help="Reports to the accountability board.")


def _session():
    session = current_app.extensions[SESSION_FACTORY]()
    audit.act_as(session, Actor.system("cli"))
    return session


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to date."""
    from complaints.migrations import upgrade

    config = current_app.config
    first_force = {
        "name": config["FORCE_NAME"],
        "psd_address": tuple(config.get("PSD_ADDRESS") or ()),
        "report_targets": config["REPORT_TARGETS"],
        "national_comparators": config["REPORT_NATIONAL_COMPARATORS"],
    }
    engine = current_app.extensions[ENGINE]
    upgrade(engine, revision, first_force)
    with engine.begin() as connection:
        refresh_statistics(connection)
    click.echo(f"Database at {revision}.")


@db_cli.command("analyze")
def db_analyze() -> None:
    """Refresh the query planner's statistics (SQLite; PostgreSQL keeps its own): after a
    large import, and from cron, say weekly, as the data grows."""
    with current_app.extensions[ENGINE].begin() as connection:
        done = refresh_statistics(connection)
    click.echo("Statistics refreshed." if done else "PostgreSQL keeps its own statistics.")


@db_cli.command("current")
def db_current() -> None:
    """Show the schema revision the database is at."""
    from alembic.runtime.migration import MigrationContext

    with _session() as session:
        heads = MigrationContext.configure(session.connection()).get_current_heads()
    click.echo(", ".join(heads) if heads else "empty (run: flask db upgrade)")


@users_cli.command("create")
@click.option("--email", prompt=True)
@click.option("--name", "full_name", prompt="Full name")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.ADMIN.value,
    show_default=True,
)
@click.option(
    "--password",
    envvar="COMPLAINTS_NEW_USER_PASSWORD",
    help="Prompted for if not given (or set COMPLAINTS_NEW_USER_PASSWORD).",
)
def users_create(email: str, full_name: str, role: str, password: str | None) -> None:
    """Create an account: the first administrator, typically."""
    if not password:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat password: "):
            raise click.ClickException("The passwords do not match")
    with _session() as session:
        try:
            user = accounts.create_user(
                session,
                Actor.system("cli"),
                # The person typing is the account's owner: no change at first sign-in.
                accounts.NewUser(
                    email=email,
                    full_name=full_name,
                    role=Role(role),
                    password=password,
                    must_change_password=False,
                ),
                utcnow(),
            )
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from error
        session.commit()
        click.echo(f"Created {user.role.label} account for {user.email}.")


@demo_cli.command("seed")
@click.option("--cases", default=2000, show_default=True, help="How many cases to make.")
@click.option(
    "--seed",
    "seed_value",
    default=2026,
    show_default=True,
    help="Random seed: the same seed makes the same data.",
)
@click.option(
    "--forces",
    default=3,
    show_default=True,
    type=click.IntRange(1, 3),
    help="How many forces the joint PSD works for (1: Northshire Police alone).",
)
@click.option("--if-empty", is_flag=True, help="Do nothing (successfully) if there are users.")
def demo_seed(cases: int, seed_value: int, forces: int, if_empty: bool) -> None:
    """Fill an empty database with a joint PSD's complaints for fictional forces (demo and
    training)."""
    from complaints.demo.seed import SeedRefused, seed
    from complaints.reports.views.pages import kept_page

    if current_app.config["ENV"] == "production":
        raise click.ClickException("Demo data is never added to a production database.")
    with _session() as session:
        if if_empty and session.scalar(select(func.count()).select_from(User)):
            click.echo("The database already has accounts; demo data not added.")
            _print_existing_demo_logins(session)
            return
        with click.progressbar(length=cases, label="Building demo cases") as bar:
            try:
                summary = seed(
                    session,
                    today=london_today(),
                    seed=seed_value,
                    cases=cases,
                    forces=forces,
                    progress=bar.update,
                    files_dir=current_app.config["FILES_DIR"],
                    threshold=current_app.config["REPORT_SMALL_COUNT_THRESHOLD"],
                    page=kept_page,  # its web page kept as approval in the app keeps it
                )
            except SeedRefused as refused:
                raise click.ClickException(str(refused)) from refused
        refresh_statistics(session.connection())
        session.commit()
    click.echo(
        f"Made {summary.cases} cases, {summary.allegations} allegations and "
        f"{summary.subjects} subjects."
    )
    click.echo("By state: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.by_state.items())))
    if len(summary.forces) > 1:
        click.echo(
            "By force: "
            + ", ".join(f"{name} ({code}) {count}" for code, name, count in summary.forces)
        )
    print_demo_logins(summary.logins, summary.password)


@demo_cli.command("logins")
def demo_logins() -> None:
    """Print the demo sign-ins (one per role), if this database has demo data."""
    with _session() as session:
        _print_existing_demo_logins(session)


@demo_cli.command("code")
@click.argument("who", default="handler")
def demo_code(who: str) -> None:
    """Print a demo account's current two-factor code. WHO is its email address, or the
    part before @demo.example (handler, aa, reviewer.eastmere, ...)."""
    from complaints.auth import two_factor
    from complaints.demo.seed import DEMO_EMAIL_DOMAIN

    email = who if "@" in who else f"{who}@{DEMO_EMAIL_DOMAIN}"
    with _session() as session:
        user = session.scalar(select(User).where(User.email == email.lower()))
        if user is None or not user.email.endswith("@" + DEMO_EMAIL_DOMAIN):
            raise click.ClickException(f"No demo account {email}: see `flask demo logins`.")
        if not user.enrolled:
            raise click.ClickException(f"{email} has not set up two-factor sign-in.")
        click.echo(two_factor.current_code(user.totp_secret, utcnow()))


def _print_existing_demo_logins(session) -> None:
    from complaints.demo.seed import DEMO_PASSWORD, demo_logins

    logins = demo_logins(session)
    if not logins:
        click.echo("No demo accounts in this database.")
        return
    print_demo_logins(logins, DEMO_PASSWORD)


def print_demo_logins(logins, password: str) -> None:
    """One line a memorable sign-in (``demo.seed.DemoLogin``), with its forces if several."""
    from complaints.demo.tuning import DEMO_TOTP_SECRET

    click.echo("\nDemo sign-ins (password for all: " + password + ")")
    click.echo(
        "  Then the two-factor code: `flask --app complaints demo code` prints it (or add the "
        f"key {DEMO_TOTP_SECRET} to an authenticator app)"
    )
    for login in logins:
        forces = f" {login.forces:<24}" if login.forces else ""
        click.echo(f"  {login.role:<43} {login.email:<32}{forces} {login.name}")


@reports_cli.command("monthly")
@click.option("--month", required=True, help="The month reported on, as YYYY-MM.")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write both PDFs to this folder.",
)
@click.option(
    "--force",
    "force_code",
    help="The code of the force reported on (BED); needed when there are several. "
    "Several codes (BED,CAM,HER) make a combined report, written to --output only.",
)
def reports_monthly(month: str, output: Path | None, force_code: str | None) -> None:
    """Make and record the month's board report for one force: the circulated and the
    full version, counting that force's cases against its own targets."""
    from complaints.reports import generation
    from complaints.reports.tables import ReportSettings

    try:
        first_day = generation.parse_month(month)
    except generation.ReportError as error:
        raise click.BadParameter(str(error), param_hint="--month") from error
    if force_code and "," in force_code:
        _combined_report(first_day, output, force_code)
        return
    with _session() as session:
        try:
            force = generation.force_to_report(session, force_code)
        except generation.ReportError as error:
            raise click.BadParameter(str(error), param_hint="--force") from error
        try:
            reports = generation.generate_monthly(
                session,
                Actor.system("cli"),
                first_day,
                utcnow(),
                ReportSettings.for_forces([force], current_app.config),
                current_app.config["FILES_DIR"],
            )
        except generation.ReportError as error:
            raise click.ClickException(str(error)) from error
        session.commit()
        if output is not None:
            output.mkdir(parents=True, exist_ok=True)
        click.echo(f"Monthly board report for {first_day:%B %Y}, {force.name}:")
        for report in reports:
            where = report.filename
            if output is not None:
                path = output / report.filename
                path.write_bytes(generation.read_report(current_app.config["FILES_DIR"], report))
                where = str(path)
            click.echo(f"  {report.version.label}")
            click.echo(f"    {where} ({report.size_bytes:,} bytes)")
            click.echo(f"    SHA-256 {report.sha256}")


@reports_cli.command("iopc-return")
@click.option("--period", required=True, help="2026-Q3 (a financial quarter), 2026 or 2026-10.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the return's CSV files, zipped, to this file.",
)
@click.option("--force", "force_code", help="The force's code; needed when there are several.")
def reports_iopc_return(period: str, output: Path | None, force_code: str | None) -> None:
    """Make the IOPC data return for a period and run the IOPC's checks on it. Exits with
    status 1 when a check fails, listing the records to correct."""
    from complaints.reports import generation
    from complaints.returns import iopc, validation
    from complaints.returns.periods import parse_period

    covered = parse_period(period)
    if covered is None:
        raise click.BadParameter(
            "give a quarter (2026-Q3), a year or a month", param_hint="--period"
        )
    with _session() as session:
        try:
            force = generation.force_to_report(session, force_code)
        except generation.ReportError as error:
            raise click.BadParameter(str(error), param_hint="--force") from error
        tables = iopc.build(session, covered, [force.id])
        failures = validation.validate(session, covered, [force.id], tables)
        audit.record(
            session,
            "export",
            entity_type="iopc_return",
            summary=f"IOPC return {period}",
            actor=Actor.system("cli"),
        )
        session.commit()
    click.echo(f"IOPC data return, {covered.label}, {force.name}:")
    if output is not None:
        output.write_bytes(iopc.zipped(tables))
        click.echo(f"  {output} ({len(tables)} tables)")
    for failure in failures:
        cases = f" [{', '.join(failure.references)}]" if failure.references else ""
        click.echo(f"  FAILED {failure.rule}: {failure.detail}{cases}")
    if failures:
        raise SystemExit(1)
    click.echo("  Every check passed.")


def _combined_report(month: dt.date, output: Path | None, codes: str) -> None:
    """A combined report of several forces: written to a folder, never kept as a board's."""
    from complaints.reports import generation
    from complaints.reports.tables import ReportSettings

    if output is None:
        raise click.BadParameter("A combined report is written to a folder", param_hint="--output")
    with _session() as session:
        try:
            forces = generation.forces_to_combine(session, codes)
            settings = ReportSettings.for_forces(forces, current_app.config)
            made = generation.render_combined(
                session, Actor.system("cli"), month, utcnow(), settings
            )
        except generation.ReportError as error:
            raise click.BadParameter(str(error), param_hint="--force") from error
        session.commit()
    output.mkdir(parents=True, exist_ok=True)
    tag = "-".join(f.code for f in forces)
    click.echo(f"Combined monthly report for {month:%B %Y}, {settings.force_name}:")
    for version, data in made.items():
        path = output / generation.filename_for(month, version, tag)
        path.write_bytes(data)
        click.echo(f"  {version.label}\n    {path} ({len(data):,} bytes)")


def register(app: Flask) -> None:
    from complaints.audit_cli import audit_cli
    from complaints.imports.cli import import_cli
    from complaints.jobs_cli import jobs_cli
    from complaints.workforce.cli import workforce_cli

    for group in (
        db_cli,
        users_cli,
        demo_cli,
        reports_cli,
        audit_cli,
        jobs_cli,
        workforce_cli,
        import_cli,
    ):
        app.cli.add_command(group)
