"""Command line: flask workforce import FILE --force CODE, HR's protected characteristics."""

from __future__ import annotations

import csv

import click
from flask import current_app
from flask.cli import AppGroup

workforce_cli = AppGroup("workforce", help="Officers' and staff's protected characteristics.")


@workforce_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", "code", required=True, help="The code of the force the file is of.")
def import_file(path: str, code: str) -> None:
    """Record the characteristics in HR's CSV file for the people named on cases."""
    from sqlalchemy import func, select

    from complaints.common.actor import Actor
    from complaints.common.clock import utcnow
    from complaints.forces.models import Force
    from complaints.web import SESSION_FACTORY
    from complaints.workforce.importing import import_characteristics

    with current_app.extensions[SESSION_FACTORY]() as session:
        force_id = session.scalar(
            select(Force.id).where(func.upper(Force.code) == code.strip().upper())
        )
        if force_id is None:
            raise click.ClickException(f"No force has the code {code}.")
        with open(path, newline="", encoding="utf-8-sig") as file:
            rows = list(csv.DictReader(file))
        with click.progressbar(rows, label="Importing") as bar:
            result = import_characteristics(
                session, Actor.system("hr import"), force_id, bar, utcnow()
            )
        session.commit()
    click.echo(
        f"Recorded {result.recorded}; {result.not_named} not named on any case (not kept); "
        f"{len(result.refused)} refused."
    )
    for reason in result.refused:
        click.echo(f"  {reason}")
    if result.refused:
        raise SystemExit(1)
