"""Command line: flask import cases FILE.csv [--mapping MAP.toml] [--dry-run]
[--skip-bad-rows] [--force CODE]."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import utcnow
from complaints.common.errors import Refused
from complaints.db import refresh_statistics
from complaints.forces.services import force_by_code
from complaints.imports import mapping as mappings
from complaints.imports import services
from complaints.web import SESSION_FACTORY

import_cli = AppGroup("import", help="Bring in cases from a legacy system's extract.")


@import_cli.command("cases")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=mappings.DEFAULT,
    show_default=True,
    help="The mapping file (TOML) saying which column holds what.",
)
@click.option("--force", "force_code", help="The force's code; needed when there are several.")
@click.option("--dry-run", is_flag=True, help="Report row by row what would happen; write nothing.")
@click.option("--skip-bad-rows", is_flag=True, help="Import the good rows, skipping those refused.")
@click.option("--quiet", is_flag=True, help="Print only the summary and the refused rows.")
def import_cases(
    file: Path,
    mapping_path: Path,
    force_code: str | None,
    dry_run: bool,
    skip_bad_rows: bool,
    quiet: bool,
) -> None:
    """Import cases from a CSV extract: all or nothing unless --skip-bad-rows; a row whose
    legacy reference is already held is left as it is."""
    who = Actor.system("cli import")
    with current_app.extensions[SESSION_FACTORY]() as session:
        audit.act_as(session, who)
        try:
            mapping = mappings.load(mapping_path)
            force = force_by_code(session, force_code)
            extract = services.Extract(file.name, file.read_bytes(), mapping, force.id)
            if dry_run:
                plan = services.check(session, who, extract, utcnow())
            else:
                plan = services.check(session, who, extract, utcnow())
                with click.progressbar(length=plan.allegations, label="Importing") as bar:
                    outcome = services.run(
                        session,
                        who,
                        extract,
                        utcnow(),
                        skip_bad_rows=skip_bad_rows,
                        progress=bar.update,
                        planned=plan,
                    )
                plan = outcome.plan
        except services.ImportRefused as refused:
            session.rollback()
            _report(refused.plan, quiet=True)
            raise click.ClickException(str(refused)) from refused
        except Refused as refused:
            session.rollback()
            raise click.ClickException(str(refused)) from refused
        if dry_run:
            session.rollback()
        else:
            refresh_statistics(session.connection())  # the tables may have grown tenfold
            session.commit()
    _report(plan, quiet=quiet)
    what = "Dry run (nothing written)" if dry_run else f"Imported into {force.name}"
    click.echo(f"{what}, SHA-256 {extract.sha256}: {plan.summary()}.")


def _report(plan: services.Plan, *, quiet: bool) -> None:
    for line in plan.lines:
        if not quiet or line.outcome == services.REFUSE:
            click.echo(line.text())
